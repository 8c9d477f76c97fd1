# Veturi: the two commands a new developer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
PORT ?= 5000
EVAL_DIR ?= eval/dev
EVAL_RUN ?=

.PHONY: run test lint eval bench clean translations

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $@

install: $(VENV)/.installed

translations: $(VENV)/.installed
	$(PY) -m tools.i18n compile

run: $(VENV)/.installed translations
	mkdir -p instance
	$(FLASK) db upgrade
	BASE_URL=$${BASE_URL:-http://127.0.0.1:$(PORT)} $(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed translations
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

eval: $(VENV)/.installed
	$(PY) bench/eval_matcher.py --data $(EVAL_DIR) $(if $(EVAL_RUN),--run $(EVAL_RUN))

bench: $(VENV)/.installed
	$(PY) bench/run_all.py $(BENCH)

clean:
	rm -rf $(VENV) build *.egg-info
