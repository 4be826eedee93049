# The two commands of the README:
#   make demo   installs lexgate and triages the 宜春 example case on the default executor
#   make test   installs lexgate with its test tools and runs every check CI runs
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bytecode test-lint test-pytest test-mutate test-fuzz install lint check clean browser fuzz bench-peers \
	bench-engine bench-api

# uv installs the packages: 12 s on a clean machine where pip took 25 s (pip's resolver and its one-by-one
# downloads and unpacking), and that install comes before every check of make test (bench/README.md).
# The venv is made without ensurepip (3.1 s of the serial start of make test; 0.1 s without): the machine's pip
# puts uv into it (pip's --python, pip 22.3 and newer; else the venv's own ensurepip and pip), and uv puts pip
# there, for what the README tells users to run with it.
# --compile-bytecode: uv, unlike pip, leaves the packages' .pyc to be written at their first import, and
# where PYTHONDONTWRITEBYTECODE is set (as on our CI machines) they never are: every process then compiled
# FastAPI, SQLAlchemy, pydantic… from source again (`import api.app` 5.0 s instead of 2.3 s, bench/README.md).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install -q --disable-pip-version-check 'uv>=0.9' \
		|| ($(BIN)/python -m ensurepip -q && $(BIN)/python -m pip install -q 'uv>=0.9')  # dev's floor
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python pip -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/lexgate decide examples/yichun_food_hearing.json --format text

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Debian's chromium-headless-shell and a CJK font for tests/web (apt-get, only what is missing).
browser:
	sh .ci/browser

# make test runs four independent checks at once (make -j, each one's output printed whole when it ends,
# every failure fails the run): lint; pytest (on every core: pytest-xdist) over every scenario of
# features/, failing when a rule is covered by none of them, then lexgate coverage on the report it
# wrote; lexgate mutate, which holds the mutation score of all shipped packs (bench/README.md; issue 18);
# and the attack suite on both back ends (issue 13). pytest alone keeps the two cores of CI only ≈ 70 %
# busy (its tests wait on servers, subprocesses, PostgreSQL and the browser): the mutation run and
# the attack suite fill the rest, instead of each adding its own minutes after it (bench/README.md).
# pytest takes longest: the mutation run, pure CPU, runs at a lower priority and takes what pytest leaves
# (the attack suite does not: a client waiting on its server slows down far more under nice), and pytest
# runs its waiting files first (tests/conftest.py). 448 s → 391 s on this 2-core host.
TEST_JOBS ?= 4
# pytest-xdist's workers: one per core (more were slower on 2 cores: 516 s instead of 448 s, bench/README.md).
PYTEST_WORKERS ?= auto

test: $(STAMP) browser bytecode
	$(MAKE) --no-print-directory -j $(TEST_JOBS) --output-sync=target test-lint test-pytest test-mutate test-fuzz

# lexgate's own modules and the tests compiled once, before the hundreds of processes make test starts
# (servers, their workers, CLI commands, pytest's workers) import them; compileall skips what is current.
# Without it, where PYTHONDONTWRITEBYTECODE is set, each of those processes compiled them again.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q -j 0 engine tools store api cli tests

test-lint: lint
	$(BIN)/lexgate lint

# pytest keeps the test modules it rewrites (assert statements) as .pyc only where Python may write bytecode:
# with PYTHONDONTWRITEBYTECODE set, each worker rewrote and compiled every test module again (collection 10.2 s
# instead of 6.3 s of CPU per worker, bench/README.md).
test-pytest: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile
	$(BIN)/lexgate coverage --summary

test-mutate: $(STAMP)
	mkdir -p test-artifacts
	nice -n 10 $(BIN)/lexgate mutate --jobs 2 --min-score 0.99 > test-artifacts/mutation.txt \
		|| (cat test-artifacts/mutation.txt; exit 1)

test-fuzz: fuzz

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
