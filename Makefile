# Linli: `make run` serves the demo portal, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app app
PORT ?= 5000
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint translations messages bench chromium clean

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP) $@

# Compile the message catalogs (the .mo files are built, never committed).
translations: $(STAMP)
	$(VENV)/bin/pybabel -q compile -d translations -f

# Re-extract the strings after changing code or templates, then translate the new ones.
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output --omit-header .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

run: $(STAMP) translations
	LINLI_ENV=development $(FLASK) db upgrade
	LINLI_ENV=development $(FLASK) demo-data
	LINLI_ENV=development SCHEDULER_MODE=embedded $(FLASK) run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium for the browser tests (Playwright's own browser download cannot be used),
# and a Chinese font so that screenshots of the pages are readable.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy; } || { \
	  echo "Installing Debian's chromium and a Chinese font for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .

# ruff, then every test on SQLite, then every test again on PostgreSQL
# (TEST_DATABASE_URL when set, otherwise a throwaway server the tests start).
test: $(DEV_STAMP) translations chromium lint
	LINLI_TEST_DB=sqlite $(VENV)/bin/pytest -p no:cacheprovider
	LINLI_TEST_DB=postgresql $(VENV)/bin/pytest -p no:cacheprovider

bench: $(DEV_STAMP) translations
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance/linli.sqlite3* .pytest_cache .ruff_cache
