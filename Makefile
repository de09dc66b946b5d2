# ModPorter — the front door. `make up` runs the whole platform on loopback; `make test` runs
# every test against real PostgreSQL, Redis, nginx and Prometheus.
SHELL := /bin/bash
ROOT := $(abspath .)
STACK_DIR ?= $(ROOT)/.stack/dev
TEST_STACK_DIR ?= $(ROOT)/.stack/test
TEST_PORT_OFFSET ?= 1000
VENV := $(or $(MODPORTER_VENV),$(ROOT)/.stack/venv)
BIN_DIR := $(ROOT)/.build/debug
# `make up` runs optimised binaries; `make test` runs the debug build (faster to build, checks on).
RELEASE_BIN_DIR := $(ROOT)/.build/release
SERVICES := gateway auth conversion ai-engine realtime migrator
SWIFT_TEST_FLAGS ?=

.PHONY: up down status build provision test test-stack-up test-stack-down bench lint clean backup restore

provision:
	@scripts/provision.sh

# The six services, release (the first build took 12 minutes from a clean tree on two cores;
# later ones rebuild only what changed).
build: provision
	@for product in $(SERVICES); do swift build -c release --product $$product || exit 1; done

up: build
	@STACK_DIR=$(STACK_DIR) BIN_DIR=$(RELEASE_BIN_DIR) scripts/stack.sh up

down:
	@STACK_DIR=$(STACK_DIR) scripts/stack.sh down

status:
	@STACK_DIR=$(STACK_DIR) scripts/stack.sh status

# Builds debug once; the test stack runs those binaries at a port offset so it never collides
# with `make up`. The stack is stopped whatever the outcome. The suites that compute for seconds on
# end (the engine's conversions and previews, the AI model's forward passes) run in passes of their
# own after the suites that talk to the stack: on two cores they would otherwise starve those
# suites' start-up probes and Redis confirmations (CI saw 10 s stalls). OpenBLAS runs single-threaded.
# Each pass has a deadline (about ten times its usual length): a hang fails the run in minutes and
# names the unfinished tests, instead of using up CI's budget.
AI_SUITES := AIInferenceTests|AIEngineTests
ENGINE_SUITES := ConversionEngineTests|PreviewsTests
test: provision
	swift build --build-tests
	@STACK_DIR=$(TEST_STACK_DIR) STACK_PORT_OFFSET=$(TEST_PORT_OFFSET) BIN_DIR=$(BIN_DIR) STACK_RATE_LIMIT_UPLOAD=1000/60 scripts/stack.sh up
	@status=0; \
	  export MODPORTER_TEST_STACK=$(TEST_STACK_DIR) MODPORTER_ROOT=$(ROOT) BIN_DIR=$(BIN_DIR) OPENBLAS_NUM_THREADS=1; \
	  scripts/swift-test.sh 900 --skip-build --skip '$(AI_SUITES)|$(ENGINE_SUITES)' $(SWIFT_TEST_FLAGS) || status=$$?; \
	  scripts/swift-test.sh 900 --skip-build --filter '$(ENGINE_SUITES)' $(SWIFT_TEST_FLAGS) || status=$$?; \
	  scripts/swift-test.sh 300 --skip-build --filter '$(AI_SUITES)' $(SWIFT_TEST_FLAGS) || status=$$?; \
	  timeout --kill-after=20 1500 $(VENV)/bin/python -m pytest -q -p no:cacheprovider Tests/python || status=$$?; \
	  STACK_DIR=$(TEST_STACK_DIR) scripts/stack.sh down; \
	  exit $$status

bench: provision
	scripts/bench.sh

# A pg_dump of the stack's database and an archive of its artifact store, with a manifest of
# checksums and row counts (STACK_DIR/backups/<UTC time>, or OUT=folder).
backup:
	@STACK_DIR=$(STACK_DIR) $(VENV)/bin/python scripts/backup.py backup $(if $(OUT),--out $(OUT))

# Restores BACKUP=folder (into DATABASE=name / ARTIFACTS=folder when given; REPLACE=1 drops what
# is there) and verifies row counts and checksums against its manifest.
restore:
	@test -n "$(BACKUP)" || { echo "make restore BACKUP=folder [DATABASE=name] [ARTIFACTS=folder] [REPLACE=1]"; exit 2; }
	@STACK_DIR=$(STACK_DIR) $(VENV)/bin/python scripts/backup.py restore $(BACKUP) $(if $(DATABASE),--database $(DATABASE)) \
	  $(if $(ARTIFACTS),--artifacts $(ARTIFACTS)) $(if $(REPLACE),--replace)

lint:
	swift format lint --recursive Package.swift Shared Services Tests

clean: down
	rm -rf .build .stack
