# `make run` and `make test` work on a fresh machine: both start by installing what is missing.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export TRUNK_OFFLINE := true
WASM := --target wasm32-unknown-unknown

.PHONY: run test build bootstrap lint test-native test-wasm test-interop test-e2e test-xbrowser bench bench-browser size clean

run: bootstrap
	trunk serve --release

# dist/webhook-vs-api.html, the self-contained page: the wasm Trunk just built, through classic
# (no-modules) glue, squeezed as Trunk does (data-wasm-opt="z"), then packed with the minified
# stylesheet and the icon into one HTML file by examples/single_file.rs.
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
SINGLE := $(TARGET_DIR)/single-file
build: bootstrap
	trunk build --release
	wasm-bindgen --target no-modules --no-typescript --out-dir $(SINGLE) $(TARGET_DIR)/wasm32-unknown-unknown/wasm-release/webhook-vs-api.wasm
	wasm-opt -Oz $(SINGLE)/webhook-vs-api_bg.wasm -o $(SINGLE)/webhook-vs-api_bg.wasm
	cargo run --quiet --example single_file -- --page index.html --css $$(ls dist/style-*.css) --icon static/favicon.svg \
	  --glue $(SINGLE)/webhook-vs-api.js --wasm $(SINGLE)/webhook-vs-api_bg.wasm --out dist/webhook-vs-api.html

test: bootstrap lint test-native test-wasm build size test-interop test-e2e test-xbrowser

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

# The built site and the single file in Firefox ESR and WebKitGTK.
test-xbrowser:
	tests/xbrowser/run.sh

# Native: the day-long run (1,000 clients polling every 5 s for 24 h) beside a bare binary-heap
# pop-and-push loop of the same length, medians of 3.
bench:
	cargo bench --bench day

# Browser: frame intervals with 1,000 clients polling every second, and the day fast-forward,
# against the release build served with gzip on loopback.
bench-browser: build
	python3 bench/serve.py dist 4180 & server=$$!; trap "kill $$server" EXIT; sleep 1; \
	node bench/frames.mjs http://127.0.0.1:4180/index.html 8 3; \
	node bench/day-browser.mjs http://127.0.0.1:4180/index.html 3

# Gzipped size of what a browser downloads, against the budget in scripts/size-check.sh.
size: build
	@scripts/size-check.sh dist

clean:
	cargo clean
	rm -rf dist node_modules .venv test-results
