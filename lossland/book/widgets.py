"""Interactive explorers that also work on a static website.

In Jupyter an explorer is a set of ipywidgets that redraw a figure at once.
A static page has no kernel, so while the book is built (the build sets the
environment variable ``LOSSLAND_STATIC=1``) each explorer shows its fallback
instead: a :class:`Scrubber`, the explorer's main slider precomputed frame by
frame into one self-contained HTML block (images inline, a few lines of
JavaScript, nothing fetched from the network).
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import inspect
import io
import json
import os
import struct
import zlib
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.image import AxesImage
from matplotlib.figure import Figure

from lossland.book.plots import alt_text, forget_summary, weak_alt
from lossland.core.validation import check_callable, check_flag, check_index, check_positive, check_text

__all__ = ["STATIC_ENVIRONMENT_VARIABLE", "kernel_free", "png", "wipe", "moving_changes", "keep_moving", "grid_lines",
           "live_view", "Scrubber", "scrubber", "explorer"]

STATIC_ENVIRONMENT_VARIABLE = "LOSSLAND_STATIC"


def kernel_free() -> bool:
    """True while the book is being built for the static website."""
    return os.environ.get(STATIC_ENVIRONMENT_VARIABLE, "") == "1"


def png(fig, dpi: float = 80, close: bool = True) -> bytes:
    """Render a matplotlib figure to PNG bytes (80 dpi: quick to draw, sharp enough on screen).

    The figure is closed unless ``close=False`` (a live explorer redraws the same figure).
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}.")
    dpi = check_positive(dpi, "dpi")
    close = check_flag(close, "close")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    if close:
        plt.close(fig)
    return buffer.getvalue()


def wipe(ax) -> None:
    """Remove what was drawn on ``ax`` but keep the axes: a cheap ``ax.clear()`` for explorers.

    Lines, images, collections (contours, scatters), patches (bars), texts and the legend
    go; the axis objects and their ticks stay, which ``ax.clear()`` would rebuild on the
    next draw (most of an update's time). The frame's draw function sets everything else
    again (titles, limits, ticks); data limits, autoscaling and the colour cycle are reset
    as by ``clear``.
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, e.g. fig.axes[0], got {type(ax).__name__}.")
    for artist in (*ax.lines, *ax.images, *ax.collections, *ax.patches, *ax.texts, *ax.artists, *ax.tables):
        artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    ax.containers.clear()  # bar containers: a legend drawn later would list the removed bars again
    ax.relim()
    ax.set_autoscale_on(True)
    ax.set_prop_cycle(None)  # the next unstyled line takes the first colour again
    ax._lossland_kept = False  # drawn anew: no longer as last drawn (see keep_moving)


def moving_changes(fig) -> contextlib.AbstractContextManager:
    """A block of changes to ``fig`` that alter only its moving (animated) artists: no full redraw follows.

    Matplotlib marks a figure as changed whenever an axes' limits are set or an artist is added
    to or removed from it, animated or not, and the live view then draws the whole figure
    again instead of drawing its animated artists on the saved rest of the picture (see
    :func:`_quick_png`). Changes made in this block leave the figure as unchanged as it was
    before, if the saved picture is still right: every axes keeps the same artists that are
    not animated, and an axes whose x (y) limits changed has an animated x (y) axis (its ticks,
    labels and grid lines) and animated data (lines, collections, images, patches, texts).
    Otherwise the figure stays marked and is redrawn whole. The block itself must not change
    what a non-animated artist shows (its text, data, colour). Animate an axes' parts, never the
    axes itself: matplotlib leaves an animated axes out of a saved figure.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure (an explorer's figure), got {type(fig).__name__}.")
    return _moving_changes(fig)


def _still_part(ax) -> tuple:
    """What of ``ax`` the saved picture holds: its artists that are not animated, and its limits."""
    return tuple(id(a) for a in ax.get_children() if not a.get_animated()), ax.get_xlim(), ax.get_ylim()


def _limits_free(ax, axis: str) -> bool:
    """Whether the saved picture ignores ``ax``'s limits along ``axis``: its axis and data are all animated."""
    data = (*ax.lines, *ax.collections, *ax.images, *ax.patches, *ax.texts)
    return getattr(ax, f"{axis}axis").get_animated() and all(a.get_animated() for a in data)


@contextlib.contextmanager
def _moving_changes(fig) -> Iterator[None]:
    clean = not fig.stale
    before = {ax: _still_part(ax) for ax in fig.axes}
    yield
    if not clean or set(before) != set(fig.axes):
        return
    for ax, (artists, xlim, ylim) in before.items():
        now = _still_part(ax)
        if (now[0] != artists or (now[1] != xlim and not _limits_free(ax, "x"))
                or (now[2] != ylim and not _limits_free(ax, "y"))):
            return
    fig.stale = False


def keep_moving(ax) -> None:
    """Say that this update leaves ``ax``'s moving (animated) artists exactly as they were last drawn.

    For an explorer whose move changes one panel only (a target that changes the fit but not the
    regions): the live view then copies those artists' pixels from its last picture instead of
    drawing them again (see :func:`_draw_moving`), where that gives the same picture; elsewhere it
    draws them as usual. Call it on every update that does not touch them (the saying lasts one
    picture, or until :func:`wipe` clears the axes), never after changing one of them, their
    axes' limits or the figure.
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, e.g. fig.axes[0], got {type(ax).__name__}.")
    ax._lossland_kept = True


def grid_lines(ax):
    """``ax``'s grid as one collection of lines at its ticks, for an explorer that redraws what lies under it.

    Matplotlib draws the grid with the axis (ticks, tick labels, axis label). When a panel's
    picture (a map, shaded cells) is redrawn on every move but its axis is not, the grid must
    still lie over the picture: this collection replaces the axis's own grid (switched off),
    with its style, in its place among the artists (``zorder`` of the axis), and can be animated
    with the picture. ``ax``'s limits and ticks must be final: lines go at the ticks within them.
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, e.g. fig.axes[0], got {type(ax).__name__}.")
    (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    xs = [x for x in ax.get_xticks() if min(left, right) <= x <= max(left, right)]
    ys = [y for y in ax.get_yticks() if min(bottom, top) <= y <= max(bottom, top)]
    ax.grid(False)
    style = {key: mpl.rcParams[f"grid.{key}"] for key in ("color", "alpha", "linewidth", "linestyle")}
    segments = [[(x, bottom), (x, top)] for x in xs] + [[(left, y), (right, y)] for y in ys]
    lines = LineCollection(segments, colors=style["color"], alpha=style["alpha"], linewidths=style["linewidth"],
                           linestyles=style["linestyle"], zorder=ax.xaxis.get_zorder())
    return ax.add_collection(lines, autolim=False)


def live_view(controls: dict, draw: Callable[..., object]):
    """Connect ipywidgets controls to a figure that is redrawn in place on every change.

    ``draw(fig, **values)`` draws into ``fig`` (``None`` on the first call, when
    it creates the figure) and returns it; the picture is shown as a PNG image
    with the figure's text alternative (:func:`lossland.book.plots.alt_text`, the
    same words a fallback frame carries) as its ``alt``, both replaced on every move.
    An update costs one redraw (see :func:`_drawn_quickly`) and one quick PNG encoding.
    """
    if not isinstance(controls, dict) or not all(hasattr(c, "observe") and hasattr(c, "value") for c in controls.values()):
        raise TypeError(f"controls must be a dict of ipywidgets controls by name, got {controls!r}.")
    kind = f"a function draw(fig, {', '.join(controls)}) returning the figure"
    check_callable(draw, "draw", kind)
    try:
        inspect.signature(draw).bind(None, **dict.fromkeys(controls))
    except TypeError:
        raise TypeError(f"draw must be {kind} (one keyword argument per control); got {draw!r}.") from None
    except ValueError:  # a callable without a signature: checked when it runs
        pass
    import ipywidgets as w

    image = w.HTML()
    state: dict = {"fig": None}

    def update(change=None) -> None:
        forget_summary(state["fig"])  # a frame that does not describe itself must not keep the last one's words
        state["fig"] = _drawn_quickly(lambda fig: draw(fig, **{name: c.value for name, c in controls.items()}),
                                      state["fig"], kind)
        image.value = _image_html(_quick_png(state["fig"]), alt_text(state["fig"]))

    for control in controls.values():
        control.observe(update, names="value")
    update()
    return w.VBox([w.HBox(list(controls.values())), image])


def _moving(fig) -> list:
    """The artists of ``fig``'s axes marked ``animated`` (an explorer's moving parts), in drawing order."""
    order = lambda artist: artist.get_zorder()
    return [artist for ax in sorted(fig.axes, key=order) if ax.get_visible()
            for artist in sorted(ax.get_children(), key=order) if artist.get_animated() and artist.get_visible()]


def _image_html(frame: bytes, alt: str) -> str:
    """An ``<img>`` element showing the PNG ``frame`` inline, with ``alt`` as its text alternative."""
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(frame).decode()}">'


def _drawn_quickly(draw: Callable[[object], object], fig, kind: str):
    """``draw(fig)`` with titles placed at the top of their axes instead of searched for.

    Matplotlib places a title by default only after measuring every tick label of the
    axes, to lift it above tick labels on top (none in an explorer), a third of a
    redraw; ``axes.titley = 1`` puts it where that search ends when nothing is on top.
    The test of the explorers checks that their frames come out the same, pixel for pixel.
    """
    with plt.rc_context({"axes.titley": 1.0}):
        return _drawn(draw(fig), kind)


def _quick_png(fig, dpi: float = 80, compress_level: int = 1) -> bytes:
    """The PNG :func:`png` makes of ``fig`` (same pixels), faster, for a figure that is redrawn in place.

    The figure keeps the resolution ``dpi`` (no switch of resolution and back at each save)
    and is drawn once, on its own Agg canvas; ``compress_level`` 1 (the live view's) is written
    by :func:`_plain_png`, quickest, other levels (the website's frames: 6) by PIL, whose files
    are smaller. A figure on another canvas goes through :func:`png`.

    Blitting: an explorer may mark the artists that move ``animated=True`` (a marker, a trace, a
    title). Matplotlib then leaves them out of the figure's drawing and no change to them marks
    the figure stale; so while the figure is not stale the rest is the picture drawn last time,
    restored from its pixels, and only the moving artists are drawn on it, on top (their one
    difference from :func:`png`, which draws them in their z-order among the rest). Animated images,
    which matplotlib draws with the rest all the same, are hidden for the drawing of the rest. An
    explorer makes its changes in :func:`moving_changes` when they would mark the figure stale
    (limits, artists added or removed).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    if not isinstance(fig.canvas, FigureCanvasAgg):
        return png(fig, dpi=dpi, close=False)
    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    moving = _moving(fig)
    background = getattr(fig, "_lossland_background", None)
    if fig.stale or background is None or not moving:
        images = [artist for artist in moving if isinstance(artist, AxesImage)]  # which matplotlib draws animated or not
        for image in images:
            image.set_visible(False)
        fig.canvas.draw()  # everything but the moving artists
        for image in images:
            image.set_visible(True)
        fig._lossland_background = fig.canvas.copy_from_bbox(fig.bbox) if moving else None
        if hasattr(fig, "_lossland_layers"):
            fig._lossland_layers = None  # pictures drawn on another background cannot be copied
    else:
        fig.canvas.restore_region(background)
    _draw_moving(fig, moving)
    fig.stale = False  # drawing an animated axis marks its ticks, and so the figure, stale: nothing changed
    pixels = np.asarray(fig.canvas.buffer_rgba())
    if compress_level == 1:  # the live view's
        return _plain_png(pixels)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


def _plain_png(pixels: np.ndarray) -> bytes:
    """RGBA ``pixels`` (rows, columns, 4; 8 bits) as a PNG file, written as the PNG standard lays it out.

    The signature, the header chunk (size, 8 bits per channel, colour type 6: RGBA), one data
    chunk holding the rows, each after a filter byte 0 (no filter), compressed by zlib at level
    1, and the end chunk; each chunk is its length, type, data and CRC-32. For the live view:
    PIL's encoder, which tries several filters on every row, takes 5 to 7 times as long in
    WebAssembly (13 against 2 ms per picture in the Pyodide kernel, medians), for a file about a tenth
    smaller. The pixels are the same (the test of the explorers decodes the live picture).
    """
    height, width, _ = pixels.shape
    rows = np.hstack([np.zeros((height, 1), dtype=np.uint8), pixels.reshape(height, 4 * width)])

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # depth, colour type, compression, filter, interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
            + chunk(b"IEND", b""))


def _draw_moving(fig, moving: list) -> None:
    """Draw ``moving`` (:func:`_moving`) on the background, copying the kept axes' pixels (:func:`keep_moving`).

    Only in figures where some axes was ever kept: there each axes' moving artists are drawn in
    turn and the rectangle of pixels they changed (with a margin of :data:`_COPY_MARGIN` pixels) is
    recorded with the finished picture. An axes kept now, with the same moving artists as last
    time, gets that rectangle of the last picture back instead of a drawing, if no other axes
    changed pixels inside it, last time or now: there its artists were drawn on this same
    background alone, so the copy is what drawing them gives. (Only an artist that paints, beyond
    the margin, exactly the colours another axes' artists put there would be missed; the test of
    the book's explorers compares every moved picture with one drawn fresh.) Otherwise, or on a
    background drawn anew (see :func:`_quick_png`), everything is drawn.
    """
    kept = {ax for ax in fig.axes if getattr(ax, "_lossland_kept", False)}
    for ax in kept:
        ax._lossland_kept = False
    last = getattr(fig, "_lossland_layers", None)
    if not kept and not hasattr(fig, "_lossland_layers"):
        for artist in moving:
            fig.draw_artist(artist)
        return
    groups: dict = {}
    for artist in moving:
        groups.setdefault(artist.axes, []).append(artist)
    names = {ax: [id(artist) for artist in artists] for ax, artists in groups.items()}
    copied = {ax for ax in kept & set(groups) if last is not None and last["names"].get(ax) == names[ax]}
    pixels = np.asarray(fig.canvas.buffer_rgba())
    boxes = {}
    for ax, artists in groups.items():
        if ax not in copied:
            before = pixels.copy()
            for artist in artists:
                fig.draw_artist(artist)
            boxes[ax] = _changed_box(before, pixels)
    others = [box for ax, box in [*boxes.items(), *(last["boxes"].items() if last else [])] if ax not in copied]
    if any(_overlap(last["boxes"][ax], box) for ax in copied for box in others):
        fig.canvas.restore_region(fig._lossland_background)
        fig._lossland_layers = None
        return _draw_moving(fig, moving)
    for ax in copied:
        boxes[ax] = box = last["boxes"][ax]
        if box is not None:
            pixels[box[0]:box[1], box[2]:box[3]] = last["picture"][box[0]:box[1], box[2]:box[3]]
    fig._lossland_layers = {"picture": pixels.copy(), "boxes": boxes, "names": names}


#: Pixels added on every side of the rectangle an axes' moving artists changed (see :func:`_draw_moving`).
_COPY_MARGIN = 2


def _changed_box(before: np.ndarray, after: np.ndarray) -> tuple[int, int, int, int] | None:
    """The rectangle of pixels that differ, :data:`_COPY_MARGIN` added, as (first row, row past the last, first
    column, column past the last) within the picture; ``None`` if none differs."""
    changed = before.view(np.uint32)[..., 0] != after.view(np.uint32)[..., 0]  # a pixel's RGBA as one word: fast
    rows, columns = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    if not len(rows):
        return None
    return (max(0, int(rows[0]) - _COPY_MARGIN), min(len(changed), int(rows[-1]) + 1 + _COPY_MARGIN),
            max(0, int(columns[0]) - _COPY_MARGIN), min(changed.shape[1], int(columns[-1]) + 1 + _COPY_MARGIN))


def _overlap(first, second) -> bool:
    """Whether two rectangles of :func:`_changed_box` (``None``: no pixels) share a pixel."""
    if first is None or second is None:
        return False
    return first[0] < second[1] and second[0] < first[1] and first[2] < second[3] and second[2] < first[3]


@dataclass(frozen=True, repr=False)
class Scrubber:
    """Precomputed frames behind a range slider: a widget that needs no kernel.

    Attributes
    ----------
    frames : PNG images, one per slider position.
    captions : text shown under the image for each position; a screen reader hears it as the
        slider's value (``aria-valuetext``) and, from a polite live region, on every move.
    label : the slider's name.
    start : the frame shown first (the widget's default state).
    alts : each frame's text alternative (:func:`lossland.book.plots.alt_text`); by default
        the label and the frame's caption.
    """

    frames: tuple[bytes, ...]
    captions: tuple[str, ...]
    label: str
    start: int = 0
    alts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.frames, (tuple, list)) or not self.frames:
            raise TypeError(f"frames must be a non-empty tuple of PNG images (bytes), got {self.frames!r:.60}.")
        if not all(isinstance(frame, bytes) for frame in self.frames):
            raise TypeError("frames must hold PNG images as bytes (see png).")
        if not isinstance(self.captions, (tuple, list)) or len(self.captions) != len(self.frames):
            raise ValueError(f"captions must hold one caption per frame ({len(self.frames)}), got {self.captions!r:.60}.")
        if not all(isinstance(caption, str) for caption in self.captions):
            raise TypeError("captions must be strings, one per frame.")
        check_text(self.label, "label")
        check_index(self.start, "start", len(self.frames))
        if not isinstance(self.alts, (tuple, list)) or len(self.alts) not in (0, len(self.frames)):
            raise ValueError(f"alts must hold one text alternative per frame ({len(self.frames)}) or none, got {self.alts!r:.60}.")
        for alt in self.alts:
            reason = weak_alt(alt) if isinstance(alt, str) else "it is not a string"
            if reason:
                raise ValueError(f"alts must say what each frame shows, but one fails because {reason}.")

    def _alts(self) -> tuple[str, ...]:
        """Each frame's text alternative: the given ones, else the slider's label and the caption."""
        return tuple(self.alts) or tuple(f"{self.label}: {caption}" for caption in self.captions)

    def __repr__(self) -> str:
        """A one-line summary: the frames themselves are megabytes of PNG."""
        size = sum(len(frame) for frame in self.frames)
        return f"Scrubber({self.label!r}, {len(self.frames)} frames, {size / 1e3:.0f} kB of PNG, start={self.start})"

    def _repr_png_(self) -> bytes:
        """The default frame, for front ends that show images but no HTML (a PDF, a terminal)."""
        return self.frames[self.start]

    def _repr_html_(self) -> str:
        digest = hashlib.sha1(b"".join(self.frames)).hexdigest()[:10]  # stable id: same frames, same page
        sources = ",".join(f'"data:image/png;base64,{base64.b64encode(f).decode()}"' for f in self.frames)
        quoted = lambda texts: ",".join(json.dumps(t) for t in texts)  # JavaScript strings, set as text
        first, alts = self.start, self._alts()
        return f"""
<div class="lossland-scrubber" id="scrub-{digest}">
  <label>{html.escape(self.label)}
    <input type="range" min="0" max="{len(self.frames) - 1}" value="{first}" step="1"
           aria-valuetext="{html.escape(self.captions[first])}">
  </label>
  <div class="lossland-scrubber-caption" aria-live="polite">{html.escape(self.captions[first])}</div>
  <img alt="{html.escape(alts[first])}" src="data:image/png;base64,{base64.b64encode(self.frames[first]).decode()}">
</div>
<script>
(function() {{
  var root = document.getElementById("scrub-{digest}");
  var frames = [{sources}], captions = [{quoted(self.captions)}], alts = [{quoted(alts)}];
  var slider = root.querySelector("input"), image = root.querySelector("img"),
      caption = root.querySelector(".lossland-scrubber-caption");
  slider.addEventListener("input", function() {{
    image.src = frames[slider.value];
    image.alt = alts[slider.value];
    slider.setAttribute("aria-valuetext", captions[slider.value]);
    caption.textContent = captions[slider.value];
  }});
}})();
</script>"""


def scrubber(draw: Callable[..., object], values: Sequence, label: str, caption: Callable[[object], str] = str, start: int = 0,
             in_place: bool = False) -> Scrubber:
    """Draw one frame per value of the main slider and wrap them in a :class:`Scrubber`.

    ``draw(value)`` returns a new matplotlib figure per frame; with ``in_place=True``,
    ``draw(fig, value)`` (the live view's function: ``fig`` is ``None`` on the first call)
    redraws one figure, so a frame costs one redraw. ``caption(value)`` is the text under it.
    """
    in_place = check_flag(in_place, "in_place")
    draw_kind = "a function draw(value), or draw(fig, value) with in_place=True, returning a matplotlib figure"
    check_callable(draw, "draw", draw_kind, arity=2 if in_place else 1)
    check_callable(caption, "caption", "a function caption(value) returning the text under the frame", arity=1)
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or len(values) == 0:
        raise TypeError(f"values must be a non-empty sequence of slider values, got {values!r}.")
    check_text(label, "label")
    check_index(start, "start", len(values))
    captions = tuple(caption(v) for v in values)
    if not all(isinstance(text, str) for text in captions):
        raise TypeError(f"caption must return the text under the frame (a string), got {captions[0]!r:.60}.")
    if in_place:
        fig, frames, alts = None, [], []
        for value in values:
            forget_summary(fig)  # a frame that does not describe itself must not keep the last one's words
            fig = _drawn_quickly(lambda fig: draw(fig, value), fig, draw_kind)
            alts.append(alt_text(fig))
            frames.append(_quick_png(fig, compress_level=6))  # the website's bytes: as png's
        plt.close(fig)
    else:
        frames, alts = [], []
        for value in values:
            fig = _drawn(draw(value), draw_kind)
            alts.append(alt_text(fig))
            frames.append(png(fig))
    return Scrubber(frames=tuple(frames), captions=captions, label=label, start=start, alts=tuple(alts))


def _drawn(fig, kind: str):
    """What ``draw`` returned, if it is a matplotlib figure."""
    if not isinstance(fig, Figure):
        raise TypeError(f"draw must be {kind}; it returned {fig!r:.60}.")
    return fig


def explorer(live: Callable[[], object], fallback: Callable[[], object]):
    """The live widget in a kernel; the kernel-free fallback while building the website."""
    check_callable(live, "live", "a function of no arguments building the live widget", arity=0)
    check_callable(fallback, "fallback", "a function of no arguments building the kernel-free fallback", arity=0)
    return fallback() if kernel_free() else live()
