# Jaring — the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
JARING := $(VENV)/bin/jaring
PORT ?= 8000

.PHONY: install install-spark run test bench lint messages reference browser clean

# uv comes from PyPI into a private folder, so nothing is installed on the machine by hand.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Once `make install-spark` has run, every later sync keeps PySpark (uv sync removes
# what it is not asked for).
SPARK := $(if $(wildcard $(VENV)/.spark),--extra spark)

$(VENV)/.installed: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen --quiet $(SPARK)
	touch $@

# PySpark for linkage on Spark (optional for `make run`; `make test` runs its tests).
install-spark: $(VENV)/.installed
	@if [ ! -f $(VENV)/.spark ] || [ uv.lock -nt $(VENV)/.spark ]; then \
	  $(UV) sync --frozen --quiet --extra spark && touch $(VENV)/.spark; fi

install: $(VENV)/.installed reference

# Kemendagri region codes (npm package idn-area-data, pinned and checksummed).
reference: $(VENV)/.installed
	$(JARING) wilayah fetch

# Debian's Chromium for the browser tests (tests/e2e), when missing and we may install.
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && \
	  echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	else echo "chromium is not installed and cannot be installed here (need root and apt-get):" \
	  "browser tests will be skipped"; fi

run: install
	$(JARING) init
	$(JARING) demo --if-empty
	$(JARING) serve --port $(PORT)

# pytest exits 5 when it collected no test: say so, but do not fail on it.
test: install install-spark
	@$(VENV)/bin/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests were collected"; exit 0; fi; exit $$rc

# Each script prints its figures next to a baseline measured in the same run.
bench: install install-spark
	$(VENV)/bin/python bench/intake.py $(BENCH_ARGS)
	$(VENV)/bin/python bench/web.py $(BENCH_ARGS)
	$(VENV)/bin/python bench/load.py
	$(VENV)/bin/python bench/matching.py --engine spark
	$(VENV)/bin/python bench/selection.py
	$(VENV)/bin/python bench/sk_documents.py
	$(VENV)/bin/python bench/linking.py
	$(VENV)/bin/python bench/billing.py $(BENCH_ARGS)
	$(VENV)/bin/python bench/ends.py $(BENCH_ARGS)
	$(VENV)/bin/python bench/dashboard.py $(BENCH_ARGS)
	$(VENV)/bin/python bench/init.py
	$(VENV)/bin/python bench/cek.py

# The English catalogue, after UI text changed: new messages appear in django.po with an
# empty (or fuzzy) msgstr to translate; tests/i18n fails until every one is.
messages: $(VENV)/.installed
	cd src/jaring && ../../$(JARING) makemessages -l en --no-obsolete && \
	  ../../$(JARING) compilemessages -l en

# Style, types (mypy with django-stubs over the files pyproject.toml names) and dead code
# (vulture, with tools/vulture_whitelist.py for what Django reaches by convention).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture

clean:
	rm -rf $(VENV) $(TOOLS) var
