# Amazon's Value Loops: shortcuts for the commands of start.py (the one entry point, Python's standard
# library only, also on Windows where there is no make), and the authors' commands.
#   make lab    = python3 start.py lab    set everything up (once) and open the course in JupyterLab
#   make test   = python3 start.py test   set everything up (once) and run every test
# start.py owns the set-up (.venv with the exact pins of requirements-dev.txt, which includes
# requirements.txt, and the course's package; redone only when they or pyproject.toml change) and
# the test tools (Chromium, Node.js and the hub's proxy, the nbgrader venv), each skipped with a
# message when it cannot be had.

PYTHON ?= python3
BIN    := .venv/bin

.PHONY: lab test setup site exercises notebooks grade grade-class bench html headers browser-deps sandbox-deps clean help \
        hub-deps hub-test bench-hub nbgrader-deps bench-class

help:
	@echo "make lab        set up and open the course in JupyterLab"
	@echo "make test       set up and run every test (unit, pipeline, notebooks, browser)"
	@echo "make grade      check your exercise notebooks and print a scoreboard"
	@echo "make grade-class CLASS=dir  grade a class: gradebook.csv, totals.csv, report.md, charts"
	@echo "make exercises  regenerate exercises/ from solutions/ (never over your changes)"
	@echo "make headers    rewrite every notebook's navigation and the README's course map"
	@echo "make notebooks  re-execute the lecture notebooks and save their outputs (authors)"
	@echo "make html       export every lecture notebook to standalone HTML in html/"
	@echo "make site       build the course website into _site/ (sliders work without a kernel)"
	@echo "make bench      time every widget and notebook (results/bench/)"
	@echo "make hub-test   run the course on a real JupyterHub on 127.0.0.1 (three students)"
	@echo "make bench-hub  a class of twenty on one hub: slider redraws under load (results/bench/)"
	@echo "make bench-class  grade a synthetic class of 60 with grade-class (results/bench/)"

setup:
	@$(PYTHON) start.py setup

# JupyterLab serving the repository root (so exercises/, solutions/, datasets/ and every notebook
# link are reachable) with lesson 00 open; JUPYTER_PORT and JUPYTER_TOKEN are honoured; --allow-root
# only when run as root. The command line is valueloops/lab.py's (the tests start the same one).
lab:
	$(PYTHON) start.py lab

# Chromium from Debian's packages for the browser tests and bubblewrap for the grader's sandbox
# (each installed when missing and root); JupyterHub's proxy (configurable-http-proxy) from npm at
# the version pinned in hub/package-lock.json, with Node.js from Debian when missing and root; nbgrader in its own .venv-nbgrader (its pins, notebook 7 and
# alembic, are not the course's). Each is skipped with a message when it cannot be had.
browser-deps sandbox-deps hub-deps nbgrader-deps:
	@$(PYTHON) start.py $@

hub-test: setup hub-deps
	$(BIN)/python -m pytest tests/hub -q -rs

bench-hub: setup hub-deps
	$(BIN)/python -m bench.hub_load

bench-class: setup
	$(BIN)/python -m bench.class_grading

test:
	$(PYTHON) start.py test

# The course website in _site/ (git-ignored): Sphinx + myst-nb + sphinx-book-theme from
# requirements-site.txt (installed by start.py), stored outputs only, frame atlases for the sliders.
site:
	$(PYTHON) start.py site

exercises: setup
	$(BIN)/python -m valueloops generate

notebooks: setup
	$(BIN)/python -m valueloops execute notebooks/[0-9][0-9]_*.ipynb

headers: setup
	$(BIN)/python -m valueloops headers

# Exit status 0 whenever grading ran (unfinished exercises are not an error); ARGS passes options,
# e.g. make grade ARGS="--timeout 120 exercises/01_flywheel.ipynb" (or ARGS=--strict for CI).
grade:
	@$(PYTHON) start.py grade $(ARGS)

# A class folder (nbgrader's submitted/<student>/<lesson>/ or <student>/): gradebook, totals, report
# and charts in OUT (default ./<class>-grades), e.g. make grade-class CLASS=~/course/submitted OUT=grades
grade-class: setup
	@test -n "$(CLASS)" || { echo "Say which class folder: make grade-class CLASS=path/to/class [OUT=dir]"; exit 2; }
	@$(BIN)/python -m valueloops grade-class "$(CLASS)" $(if $(OUT),--out "$(OUT)") $(ARGS)

bench: setup
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.frame_cache

html: setup
	$(BIN)/python -m jupyter nbconvert --to html --output-dir html notebooks/[0-9][0-9]_*.ipynb

clean:
	rm -rf .venv .venv-nbgrader html _site build/site-src build/site-sphinx
