# The two commands of the README: `make demo` and `make test`.
# Everything else here is a building block of those two.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD := build/default
ASAN := build/asan
PY := .venv/bin/python
EMULATOR := $(BUILD)/emulator/devin-emulator
export CTEST_PARALLEL_LEVEL := $(JOBS)

DIST := dist
export DEVIN_DIST_DIR := $(CURDIR)/$(DIST)

.PHONY: all deps configure build build-asan generate test test-core test-asan \
        test-codegen test-install test-emulator test-python test-node test-format check-generated demo format bench clean \
        dist dist-check test-ffi test-fresh test-repro

all: build

deps:
	@tools/scripts/install-deps.sh

configure: deps
	@cmake --preset default >/dev/null

build: configure
	@cmake --build --preset default -j $(JOBS)

build-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

generate: deps
	$(PY) tools/codegen/generate.py

check-generated: deps
	$(PY) tools/codegen/generate.py --check

test-format: deps
	@tools/scripts/check-format.sh

test-core: build
	ctest --preset default -j $(JOBS)

test-asan: build build-asan
	DEVIN_EMULATOR_BIN=$(CURDIR)/$(EMULATOR) ctest --preset asan -j $(JOBS)

test-install: build
	DEVIN_EMULATOR_BIN=$(CURDIR)/$(EMULATOR) BUILD=$(BUILD) tools/scripts/test-install.sh

test-codegen: deps
	$(PY) -m pytest -q tests/codegen

test-emulator: build
	DEVIN_EMULATOR_BIN=$(CURDIR)/$(EMULATOR) $(PY) -m pytest -q tests/emulator

# The binding suites live in scripts owned by each binding (they build and
# install the package into .venv / a scratch npm project first).
test-python: build
	@if [ -x tools/scripts/test-python.sh ]; then DEVIN_EMULATOR_BIN=$(CURDIR)/$(EMULATOR) tools/scripts/test-python.sh; else echo "python: binding not present yet"; fi

test-node: build
	@if [ -x tools/scripts/test-node.sh ]; then DEVIN_EMULATOR_BIN=$(CURDIR)/$(EMULATOR) tools/scripts/test-node.sh; else echo "node: binding not present yet"; fi

# Artifacts for other machines (wheels, npm tarball, .debs, SDK tarball) in
# dist/ with SHA256SUMS; the binding suites install these, not the build tree.
dist: deps
	@tools/scripts/dist.sh $(DIST)

# Two complete builds from clean copies of the checkout at different paths,
# without ccache, compared byte for byte (slow; not part of make test).
dist-check: deps
	@tools/scripts/dist-check.sh

# The packaging steps again, compared with dist/ (make test's share of the above).
test-repro:
	@tools/scripts/dist.sh --repro $(DIST)

# Go (cgo) and Rust (-sys crate) quick starts against an installed libdevin.
test-ffi: build
	DEVIN_EMULATOR_BIN=$(CURDIR)/$(EMULATOR) tools/scripts/test-ffi.sh

# The artifacts of dist/ in a minimal Debian root (no compiler, no -dev packages).
test-fresh:
	DEVIN_EMULATOR_BIN=$(CURDIR)/$(EMULATOR) tools/scripts/test-fresh-machine.sh

# Every suite in order, stopping at the first failure, then a table of wall
# time per suite (tools/scripts/suites.sh).
SUITES := check-generated test-format test-codegen test-core test-asan dist test-install \
          test-emulator test-python test-node test-ffi test-fresh test-repro
test:
	@tools/scripts/suites.sh $(SUITES)

demo: build
	@tools/scripts/demo.sh

bench: build
	@tools/scripts/bench.sh

format: deps
	@tools/scripts/check-format.sh --fix

clean:
	rm -rf build
