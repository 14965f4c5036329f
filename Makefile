# Two commands do everything on a fresh machine (Python >= 3.11, Node.js with npm, make):
#   make serve   install, then preview both languages at http://127.0.0.1:8000/
#   make check   install, then run every check (pytest: doctests, unit and property tests,
#                strict builds of both languages (which execute every tutorial once per
#                language), the Zensical canary build, page rules, links, browser)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve check site bench clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/.installed node_modules/.installed

serve: install
	$(BIN)/python tools/site.py serve

check: install
	$(BIN)/python -m pytest

site: install
	$(BIN)/python tools/site.py build

bench: install
	$(BIN)/python benchmarks/site.py

clean:
	rm -rf site build .cache
