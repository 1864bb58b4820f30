# `make run` and `make test` work on a fresh machine: both start by installing what is missing.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export TRUNK_OFFLINE := true
WASM := --target wasm32-unknown-unknown

.PHONY: run test build bootstrap lint test-native test-wasm test-interop test-e2e bench clean

run: bootstrap
	trunk serve --release

build: bootstrap
	trunk build --release

test: bootstrap lint test-native test-wasm build test-interop test-e2e

bootstrap:
	@scripts/bootstrap.sh

lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --bins --tests $(WASM) -- -D warnings

test-native:
	cargo test

test-wasm:
	cargo test $(WASM)

test-interop:
	@[ -x tests/interop/run.sh ] && tests/interop/run.sh || echo "interop: no interop suite yet"

test-e2e:
	npx playwright test

bench:
	cargo bench

clean:
	cargo clean
	rm -rf dist node_modules .venv test-results
