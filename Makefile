# psa — the two commands a new machine needs: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test lint bench venv clean deps-debian

# Debian packages the project needs, as check=package pairs: lib:NAME (ldconfig), cmd:NAME
# (on PATH), file:PATH. Run: WeasyPrint's pango/harfbuzz and the DejaVu fonts the invoice CSS
# names. Test: pdftotext (poppler-utils) to read generated PDFs back; hledger and ledger
# to check the exported journals.
DEB_RUN := lib:libpango-1.0.so.0=libpango-1.0-0 lib:libpangoft2-1.0.so.0=libpangoft2-1.0-0 \
	lib:libharfbuzz.so.0=libharfbuzz0b lib:libharfbuzz-subset.so.0=libharfbuzz-subset0 \
	file:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf=fonts-dejavu-core
DEB_TEST := cmd:pdftotext=poppler-utils cmd:hledger=hledger cmd:ledger=ledger
# Installs only what is missing, with sudo only when not root. Never fails the build: without
# apt-get or the rights it warns, and whatever needs the package says so itself.
define deb_install
	@missing=""; ldconfig=$$(command -v ldconfig || echo /sbin/ldconfig); \
	for pair in $(1); do \
	  what=$${pair%%=*}; pkg=$${pair#*=}; name=$${what#*:}; \
	  case $$what in \
	    lib:*) $$ldconfig -p 2>/dev/null | grep -qF "$$name" ;; \
	    cmd:*) command -v "$$name" >/dev/null 2>&1 ;; \
	    file:*) [ -e "$$name" ] ;; \
	  esac || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo -n"; \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    { $$sudo apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends \
	        $$missing; } || echo "warning: could not install$$missing"; \
	  else echo "warning: no apt-get; missing Debian packages:$$missing"; fi; \
	fi
endef

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(call deb_install,$(DEB_RUN))
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(call deb_install,$(DEB_RUN) $(DEB_TEST))
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

venv: $(STAMP_RUN)

deps-debian:
	$(call deb_install,$(DEB_RUN) $(DEB_TEST))

demo: $(STAMP_RUN)
	$(BIN)/python scripts/demo.py

test: $(STAMP_TEST)
	$(BIN)/python -m pytest -q

lint: $(STAMP_TEST)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

# Every benchmark, psa against Watson and Timewarrior included (installed on first use), in
# under 10 minutes once bench-data/ is cached; rewrites the generated parts of docs/performance.md.
bench: $(STAMP_RUN)
	$(BIN)/python benchmarks/bench_all.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
