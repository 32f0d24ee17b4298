# Two entry points that set themselves up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# Only this machine can reach the app unless HOST says otherwise (make run HOST=0.0.0.0 for a classroom).
HOST ?= 127.0.0.1

.PHONY: run test lint validate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when requirements.txt changes.
$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	@echo "Starting the app at http://$(HOST):$(PORT) (make run HOST=0.0.0.0 PORT=8502 to change)"
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m quiz validate content/questions
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/python -m quiz validate content/questions

bench: $(STAMP)
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_progress.py
	$(BIN)/python bench/bench_storage.py
	$(BIN)/python bench/bench_gift.py
	$(BIN)/python bench/bench_classroom.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .cache
