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

# The browser tests recompute transcript hashes that the native example computed just before.
HASH = cargo run --release --quiet --example simulate -- --hash $(1) | python3 -c 'import json, sys; print(json.load(sys.stdin)["transcript_sha256"])'
test-wasm:
	NATIVE_SHA256_POLLING=$$($(call HASH,--duration-s 60)) \
	NATIVE_SHA256_WEBHOOK=$$($(call HASH,--mode webhook --duration-s 120 --outage-s 10:30)) \
	cargo test $(WASM)

test-interop:
	tests/interop/run.sh

test-e2e:
	npx playwright test

bench:
	cargo bench

clean:
	cargo clean
	rm -rf dist node_modules .venv test-results
