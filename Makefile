# lossland: `make book` builds the website, `make test` runs every test. Both create and
# fill .venv (Python 3.11) on first use and refresh it whenever pyproject.toml changes.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
CHAPTER ?= decomposition

.PHONY: help book test test-kernel lab student clean pdf assignments grade serve
.DEFAULT_GOAL := help

help:            ## list the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# The stamp is newer than pyproject.toml once the venv holds everything it lists.
# The live site's Pyodide runtime and wheels come from npm and PyPI here, pinned by hash
# (lossland/book/live_assets.py), into $(VENV)/share/lossland-live: never from a CDN.
$(VENV)/.installed: pyproject.toml lossland/book/live_assets.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[book,test,assign]'
	$(BIN)/python -m lossland.book.live_assets fetch
	touch $@

$(VENV)/.installed-lab: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[book,test,lab]'
	mkdir -p $(VENV)/share/jupyter/lab/settings  # this venv's JupyterLab opens MyST files as notebooks
	echo '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}}}' \
	  > $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter labextension list 2>&1 | grep -q 'jupyterlab-myst.*OK' || { echo 'jupyterlab-myst does not load in this JupyterLab: MyST would show raw'; exit 1; }
	touch $@

# Executed outputs depend on the package as well as on the chapters; jupyter-cache and Sphinx
# only see the chapters, so scripts/fresh_cache.py drops both caches whenever lossland/ changed.
FRESH := $(BIN)/python scripts/fresh_cache.py

book: $(VENV)/.installed   ## build the website into _build/html, executing every chapter (cached)
	$(FRESH)
	LOSSLAND_STATIC=1 $(BIN)/jupyter-book build .

test: $(VENV)/.installed   ## unit tests + a warning-free book build + a headless-Chromium check of every page
	$(FRESH)
	MPLBACKEND=Agg $(BIN)/python -m pytest

# The unit tests under another OpenBLAS kernel and thread count: no result may depend on either.
# Only kernels the CPU runs (Sandybridge needs AVX, Haswell AVX2); OPENBLAS_L2_SIZE is left as set.
KERNEL  ?= Sandybridge
THREADS ?= 1
test-kernel: $(VENV)/.installed   ## unit tests again under OPENBLAS_CORETYPE=$(KERNEL) with $(THREADS) BLAS thread(s)
	OPENBLAS_CORETYPE=$(KERNEL) OPENBLAS_NUM_THREADS=$(THREADS) MPLBACKEND=Agg $(BIN)/python -m pytest -m "not book" -q -p no:cacheprovider

# The chapter as an .ipynb in _build/lab (remade only when its MyST source is newer), so that
# jupyterlab-myst renders it: jupytext's lab extension, which opens .md files as notebooks, is
# built for JupyterLab 4.6 and jupyterlab-myst 2.7 for JupyterLab < 4.6.
_build/lab/%.ipynb: book/%.md $(VENV)/.installed
	mkdir -p $(@D)
	$(BIN)/jupytext --quiet --to ipynb --output $@ $<

lab: $(VENV)/.installed-lab _build/lab/$(CHAPTER).ipynb   ## open a chapter as a notebook in JupyterLab (make lab CHAPTER=decomposition)
	@echo 'Opens _build/lab/$(CHAPTER).ipynb, made from book/$(CHAPTER).md (your edits stay in the .ipynb).'
	$(BIN)/jupyter lab --ServerApp.default_url=/lab/tree/_build/lab/$(CHAPTER).ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

student: $(VENV)/.installed   ## build the student edition (no solutions) into _build/student/html
	$(FRESH)
	$(BIN)/python scripts/student_edition.py _build/student/src
	LOSSLAND_STATIC=1 $(BIN)/jupyter-book build _build/student/src --path-output _build/student
	rm -rf _build/student/html && cp -r _build/student/_build/html _build/student/html

assignments: $(VENV)/.installed   ## coursework per chapter: student and instructor notebooks, otter autograder (_build/assignments)
	$(BIN)/python scripts/assignments.py _build/assignments

grade: $(VENV)/.installed   ## grade the notebooks in SUBMISSIONS=DIR with the autograders into DIR/grades.csv
	@test -n "$(SUBMISSIONS)" || { echo 'usage: make grade SUBMISSIONS=DIR (a folder of notebooks; run make assignments first)'; exit 2; }
	$(BIN)/python scripts/grade.py '$(SUBMISSIONS)' --assignments _build/assignments

# One PDF of the whole book, printed by headless Chromium from the built site (solutions open);
# the student edition: .venv/bin/python scripts/book_pdf.py --site _build/student/html --out FILE
pdf: book        ## the whole book as one PDF, _build/pdf/lossland.pdf (needs chromium and chromium-driver)
	$(BIN)/python scripts/book_pdf.py

serve: ## serve the built site on http://127.0.0.1:8000/ (the live chapters need http, not file://)
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

clean:           ## remove the built site, the execution cache and the screenshots (keeps .venv)
	rm -rf _build
