# Two commands on a fresh machine: `make serve` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LIGHTHOUSE := $(VENV)/lighthouse/node_modules/.bin/lighthouse
export NO_MKDOCS_2_WARNING := true

.PHONY: serve build test urls icons review bench linkcheck requirements clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

# requirements.txt: requirements.in compiled with every file's sha256, by pip-tools in a venv of its own.
requirements: requirements.in  ## after editing requirements.in: recompile requirements.txt (exact pins with hashes)
	test -x $(VENV)/pip-tools/bin/pip-compile || ($(PYTHON) -m venv $(VENV)/pip-tools && $(VENV)/pip-tools/bin/pip install --quiet pip-tools==7.6.2)
	$(VENV)/pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.txt requirements.in

serve: $(BIN)/.installed  ## serve on http://127.0.0.1:8000, reloading on edits to causes.yaml and macros/ (hooks.py: restart)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(BIN)/.installed  ## build the site into site/
	$(BIN)/mkdocs build --strict

test: $(BIN)/.installed  ## every test, browser tests included (one test file per core at a time; PYTEST_ARGS=-n0 for one process)
	$(BIN)/python -m pytest tests -n auto --maxprocesses 4 --dist loadfile $(PYTEST_ARGS)

urls: build  ## record the URLs and anchors of new pages, causes and fixes (tests/data/published-urls.txt)
	$(BIN)/python tests/published.py site

icons: $(BIN)/.installed  ## after editing docs/assets/favicon.svg: draw the installed site's PNG icons from it again (Chromium)
	$(BIN)/python tests/icons.py

review: $(BIN)/.installed  ## list causes due for review (reviewed before the newest recorded iOS/macOS release, or over 12 months ago), with their sources
	$(BIN)/python -m macros review causes.yaml $(REVIEW_ARGS)

# Lighthouse (npm, tests/bench/npm/) is for the bench only; `make test` needs no Node. `npm ci`
# installs exactly the lockfile, checking each package's integrity, or fails.
$(LIGHTHOUSE): tests/bench/npm/package.json tests/bench/npm/package-lock.json
	mkdir -p $(VENV)/lighthouse
	cp tests/bench/npm/package.json tests/bench/npm/package-lock.json $(VENV)/lighthouse/
	cd $(VENV)/lighthouse && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

bench: $(BIN)/.installed $(LIGHTHOUSE)  ## build-time, page-weight, search and Lighthouse figures (BENCH_ARGS=--help)
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

linkcheck: $(BIN)/.installed  ## check every external URL the site publishes: causes.yaml, templates, docs/, mkdocs.yml (needs internet; never part of make test)
	$(BIN)/python -m macros.linkcheck causes.yaml $(LINKCHECK_ARGS)

clean:
	rm -rf site .pytest_cache
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +
