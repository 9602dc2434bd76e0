# Amazon's Value Loops: the two commands of the README, and the authors' commands.
#   make lab    set everything up (once) and open the course in JupyterLab
#   make test   set everything up (once) and run every test
# Set-up is a local virtual environment in .venv with the exact pins of requirements.txt (the
# course, as on Binder) and requirements-dev.txt (the project's test tools); it is redone only when
# one of them or pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NBVAL  := --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg --nbval-cell-timeout=120

.PHONY: lab test setup exercises notebooks grade grade-class bench html headers browser-deps clean help \
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
	@echo "make bench      time every widget and notebook (results/bench/)"
	@echo "make hub-test   run the course on a real JupyterHub on 127.0.0.1 (three students)"
	@echo "make bench-hub  a class of twenty on one hub: slider redraws under load (results/bench/)"
	@echo "make bench-class  grade a synthetic class of 60 with grade-class (results/bench/)"

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0] + ": run make with PYTHON=python3.12 (or another 3.11+).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

setup: $(STAMP)

# JupyterLab serving the repository root (so exercises/, solutions/, datasets/ and every notebook
# link are reachable) with lesson 00 open; JUPYTER_PORT and JUPYTER_TOKEN are honoured; --allow-root
# only when run as root. The command line is valueloops/lab.py's (the tests start the same one).
lab: $(STAMP)
	$(BIN)/python -m valueloops lab

# Chromium from Debian's packages for the browser tests: installed when missing and root;
# otherwise the browser suite is skipped with a message that says how to enable it.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium from Debian's packages for the browser tests ..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "!!! Could not install chromium: the browser tests will be SKIPPED."; \
	  else \
	    echo "!!! /usr/bin/chromium not found: the browser tests will be SKIPPED. Enable them with: sudo apt-get install -y chromium"; \
	  fi; \
	fi

# JupyterHub's proxy, configurable-http-proxy, from npm at the version pinned in hub/package-lock.json
# (for the hub test and the classroom benchmark). Without Node.js (installed when missing and root)
# the hub tests are skipped with a message.
hub-deps:
	@if ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Node.js from Debian's packages for the JupyterHub tests ..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null) \
	    || echo "!!! Could not install Node.js: the JupyterHub tests will be SKIPPED."; \
	fi
	@if command -v npm >/dev/null 2>&1; then \
	  [ hub/node_modules/.package-lock.json -nt hub/package-lock.json ] \
	    || npm ci --prefix hub --no-audit --no-fund --loglevel=error; \
	else \
	  echo "!!! Node.js not found: the JupyterHub tests will be SKIPPED. Enable them with: sudo apt-get install -y nodejs npm"; \
	fi

# nbgrader for tests/test_nbgrader.py, in its own virtual environment (its pins, notebook 7 and
# alembic, are not the course's); redone when requirements-nbgrader.txt changes. If it cannot be
# installed the nbgrader test is skipped with a message.
NBGRADER_VENV  := .venv-nbgrader
NBGRADER_STAMP := $(NBGRADER_VENV)/.installed
$(NBGRADER_STAMP): requirements-nbgrader.txt
	@rm -f $@
	@($(PYTHON) -m venv $(NBGRADER_VENV) \
	  && $(NBGRADER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-nbgrader.txt \
	  && touch $@) \
	  || echo "!!! Could not install nbgrader in $(NBGRADER_VENV): the nbgrader test will be SKIPPED."

nbgrader-deps: $(NBGRADER_STAMP)

hub-test: $(STAMP) hub-deps
	$(BIN)/python -m pytest tests/hub -q -rs

bench-hub: $(STAMP) hub-deps
	$(BIN)/python -m bench.hub_load

bench-class: $(STAMP)
	$(BIN)/python -m bench.class_grading

test: $(STAMP) browser-deps hub-deps nbgrader-deps
	$(BIN)/python -m pytest tests/browser -q -rs
	VALUELOOPS_STRICT=1 $(BIN)/python -m pytest tests --ignore=tests/browser --ignore=tests/hub -q -rs
	$(BIN)/python -m pytest tests/hub -q -rs
	VALUELOOPS_STRICT=1 $(BIN)/python -m pytest --nbval $(NBVAL) notebooks -q
	VALUELOOPS_STRICT=1 $(BIN)/python -m pytest --nbval-lax $(NBVAL) solutions -q

exercises: $(STAMP)
	$(BIN)/python -m valueloops generate

notebooks: $(STAMP)
	$(BIN)/python -m valueloops execute notebooks/[0-9][0-9]_*.ipynb

headers: $(STAMP)
	$(BIN)/python -m valueloops headers

# Exit status 0 whenever grading ran (unfinished exercises are not an error); ARGS passes options,
# e.g. make grade ARGS="--timeout 120 exercises/01_flywheel.ipynb" (or ARGS=--strict for CI).
grade: $(STAMP)
	@$(BIN)/python -m valueloops grade $(ARGS)

# A class folder (nbgrader's submitted/<student>/<lesson>/ or <student>/): gradebook, totals, report
# and charts in OUT (default ./<class>-grades), e.g. make grade-class CLASS=~/course/submitted OUT=grades
grade-class: $(STAMP)
	@test -n "$(CLASS)" || { echo "Say which class folder: make grade-class CLASS=path/to/class [OUT=dir]"; exit 2; }
	@$(BIN)/python -m valueloops grade-class "$(CLASS)" $(if $(OUT),--out "$(OUT)") $(ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench.run

html: $(STAMP)
	$(BIN)/jupyter nbconvert --to html --output-dir html notebooks/[0-9][0-9]_*.ipynb

clean:
	rm -rf $(VENV) $(NBGRADER_VENV) html
