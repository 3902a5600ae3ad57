# Two commands do everything on a fresh machine (see README):
#   make demo   installs what kinerja needs, ingests samples/ into out/ and shows the result
#   make test   installs the same, then runs ruff and the tests
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the project needs: ghostscript (camelot), chromium (the report test opens report.html in it),
# libreoffice-calc (the export test opens the .xlsx in it).
DEBIAN_PACKAGES := ghostscript chromium libreoffice-calc

.PHONY: setup demo test bench
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml Makefile
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/kinerja ingest samples --out out
	$(BIN)/kinerja show out

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n 2

bench: setup
	$(BIN)/python bench/bench_text.py
