# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench notebooks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# A stamp per extra, so an edited pyproject.toml reinstalls and an unchanged one does not.
$(VENV)/.installed-demos: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[demos]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,demos,notebooks]'
	touch $@

$(VENV)/.installed-notebooks: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[demos,notebooks]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,demos,dev]'
	touch $@

demo: $(VENV)/.installed-demos
	$(BIN)/python -m demos.spiral

test: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

# JupyterLab on demos/notebooks/; the kernels import the demos from this checkout.
# Extra options through JUPYTER_ARGS, e.g. `make notebooks JUPYTER_ARGS=--no-browser`.
notebooks: $(VENV)/.installed-notebooks
	PYTHONPATH="$(CURDIR)" $(BIN)/jupyter lab --notebook-dir=demos/notebooks $(JUPYTER_ARGS)

bench: $(VENV)/.installed-demos
	$(BIN)/python -m benchmarks.engine
	$(BIN)/python -m benchmarks.train
	$(BIN)/python -m benchmarks.conv

clean:
	rm -rf $(VENV) out build *.egg-info .pytest_cache .hypothesis
