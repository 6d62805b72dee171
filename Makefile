# Kongtun — `make run` opens the app, `make test` runs everything CI runs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PO     := resources/th/locale/th/LC_MESSAGES/kongtun.po
MO     := $(PO:.po=.mo)

.PHONY: run test lint bench messages deps clean

deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	@bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

$(MO): $(PO) $(STAMP)
	$(PY) -m babel.messages.frontend compile -D kongtun -d resources/th/locale -l th --statistics

run: $(STAMP) $(MO)
	$(PY) -m app

lint: $(STAMP)
	$(PY) -m ruff check .

test: $(STAMP) $(MO)
	$(PY) -m ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.run --quick

bench: $(STAMP) $(MO)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.run

# Extract message ids from the code and merge them into the Thai catalog.
messages: $(STAMP)
	$(PY) -m babel.messages.frontend extract -F babel.cfg -k _ -k gettext -o build/kongtun.pot app
	$(PY) -m babel.messages.frontend update -D kongtun -i build/kongtun.pot -d resources/th/locale -l th --no-fuzzy-matching

clean:
	rm -rf $(VENV) build dist *.egg-info $(MO)
