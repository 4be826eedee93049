# The two commands of the README:
#   make demo   installs lexgate and triages the 宜春 example case on the default executor
#   make test   installs lexgate with its test tools and runs every check CI runs
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint check clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/lexgate decide examples/yichun_food_hearing.json --format text

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Debian's chromium, chromium-driver and a CJK font for tests/web (apt-get, only what is missing).
browser:
	sh .ci/browser

# pytest runs every scenario of features/ and fails when a rule is covered by none of them;
# lexgate coverage then checks the report it wrote against the rule packs.
test: lint browser
	$(BIN)/lexgate lint
	$(BIN)/pytest
	$(BIN)/lexgate coverage --summary

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
