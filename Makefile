# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LOCALES := sv en ar fa prs so ti uk
PG_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test

.PHONY: demo test locales locales-compile lint bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Compiled catalogs are build products (not committed).
locales-compile: $(STAMP)
	@for l in $(LOCALES); do \
	  po=locales/$$l/LC_MESSAGES/messages.po; \
	  if [ -f $$po ]; then \
	    $(VENV)/bin/pybabel compile -i $$po -o $${po%.po}.mo 2>/dev/null || exit 1; \
	  fi; \
	done

# Extract, update and compile: run after changing user-visible strings.
locales: $(STAMP)
	$(VENV)/bin/pybabel extract -F locales/babel.cfg -k N_ -k nmsg:1,2 \
	  --no-location --sort-output --project=stegvis -o locales/messages.pot bot flows
	@for l in $(LOCALES); do \
	  b=$$l; [ $$l = prs ] && b=fa_AF; \
	  $(VENV)/bin/pybabel update -i locales/messages.pot -l $$b \
	    -o locales/$$l/LC_MESSAGES/messages.po --no-fuzzy-matching --ignore-obsolete || exit 1; \
	done
	$(MAKE) locales-compile

demo: $(STAMP) locales-compile
	$(VENV)/bin/stegvis demo

test: $(STAMP) locales-compile
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	@if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2).close()" 2>/dev/null; then \
	  export STEGVIS_TEST_PG_URL="$${STEGVIS_TEST_PG_URL:-$(PG_URL)}"; \
	  echo "PostgreSQL answers on 127.0.0.1:5432: storage tests run on SQLite and PostgreSQL"; \
	else \
	  echo "No PostgreSQL on 127.0.0.1:5432: PostgreSQL tests will be skipped"; \
	fi; \
	command -v chromium >/dev/null 2>&1 || \
	  echo "No Chromium (apt-get install chromium): the browser test of the demo page will be SKIPPED"; \
	$(PY) -m pytest -q -rs -p no:cacheprovider

# Every benchmark runs the emulator, the load driver and the bot as separate processes;
# together they take about a quarter of an hour. Run them on a quiet machine.
bench: $(STAMP) locales-compile
	$(PY) bench/throughput.py
	$(PY) bench/latency.py
	$(PY) bench/fanout.py
	$(PY) bench/memory.py
	$(PY) bench/langdetect_accuracy.py

clean:
	rm -rf $(VENV) data build *.egg-info
	find locales -name '*.mo' -delete
