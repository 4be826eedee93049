# The two commands of the README:
#   make demo   installs lexgate and triages the 宜春 example case on the default executor
#   make test   installs lexgate with its test tools and runs every check CI runs
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint check clean browser fuzz bench-peers bench-engine bench-api

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
	$(BIN)/lint-imports --no-cache

# Debian's chromium, chromium-driver and a CJK font for tests/web (apt-get, only what is missing).
browser:
	sh .ci/browser

# pytest (on every core: pytest-xdist) runs every scenario of features/ and fails when a rule is covered
# by none of them (the workers' reports reach the one process that judges); lexgate coverage then checks
# the report it wrote against the rule packs; lexgate mutate holds the mutation score of all shipped packs
# measured in bench/README.md (97.3 %; about 2.6 min of 2 idle cores).
test: lint browser
	$(BIN)/lexgate lint
	$(BIN)/pytest -n auto --dist loadfile
	$(BIN)/lexgate coverage --summary
	mkdir -p test-artifacts
	$(BIN)/lexgate mutate --jobs 2 --min-score 0.97 > test-artifacts/mutation.txt \
		|| (cat test-artifacts/mutation.txt; exit 1)
	$(BIN)/python .ci/fuzz.py

# The attack suite alone: schemathesis against a live lexgate serve (SQLite, then PostgreSQL).
fuzz: $(STAMP)
	$(BIN)/python .ci/fuzz.py

# Benchmarks (bench/README.md): never part of the tests.
PEERS ?= ../shared/bench
PEERS_VENV ?= .venv-peers
PEER_PLUGINS := --plugin 'lexgate compiled=lexgate_peer:build_compiled' \
	--plugin 'lexgate durable=lexgate_peer:build_durable' \
	--plugin 'lexgate explained=lexgate_peer:build_explained'

bench-peers:
	test -x $(PEERS_VENV)/bin/python || $(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install -q -r $(PEERS)/requirements-peers.txt -e .
	mkdir -p bench/results
	cd $(PEERS) && PYTHONPATH=$(CURDIR)/bench $(CURDIR)/$(PEERS_VENV)/bin/python run_peers.py \
		$(PEER_PLUGINS) --json-out $(CURDIR)/bench/results/peers.json $(PEER_ARGS)

bench-engine: $(STAMP)
	$(BIN)/python bench/engine_bench.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis

# POST /v1/triage through lexgate serve --workers 2 with records on SQLite, then on the local PostgreSQL.
bench-api: $(STAMP)
	$(BIN)/python bench/api_bench.py --backend sqlite
	$(BIN)/python bench/api_bench.py --backend postgresql
