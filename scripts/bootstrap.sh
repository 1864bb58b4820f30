#!/usr/bin/env bash
# Checks every tool the build and the tests need, at the version they need, and installs only
# what is missing. Safe to run again: on a ready machine it only checks, in a few seconds.
# Where it cannot install something it prints the exact command to run and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must match the library version that Cargo.lock resolved.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mbootstrap: %s\033[0m\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
# Runs an install command, or explains which one to run when it cannot.
need() {
  local what=$1; shift
  if "$@"; then return 0; fi
  fail "could not install $what. Run this yourself, then try again: $*"
}

command -v cargo >/dev/null || fail "Rust is missing. Install it with rustup (https://rustup.rs), then run this again."

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  need "the wasm target" rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing Trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  need "Trunk" cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing the wasm-bindgen CLI $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Not --locked: one of its locked dependencies is not served by the registry.
  need "the wasm-bindgen CLI" cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! command -v npm >/dev/null; then
  is_root || fail "Node.js and npm are missing. Run: sudo apt-get install -y nodejs npm"
  say "installing Node.js and npm"
  need "Node.js" apt-get install -y nodejs npm
fi

# npm ci only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing the npm dev dependencies (Playwright, axe-core, binaryen, puppeteer-core)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 need "the npm dev dependencies" npm ci --no-audit --no-fund
fi
[ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" = 132 ] || fail "wasm-opt 132 is missing from node_modules/.bin; run: npm ci"

# Browsers and tools from Debian's packages: Chromium for the end-to-end tests, Firefox ESR and
# WebKitGTK (Safari's engine, driven under a virtual X display) for the cross-browser smoke test,
# and pdftotext (poppler-utils), which reads the printed worksheet back in the print test.
DEBIAN_PACKAGES="chromium chromium-driver firefox-esr webkit2gtk-driver xvfb poppler-utils"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v firefox-esr >/dev/null \
  || ! command -v WebKitWebDriver >/dev/null || ! command -v xvfb-run >/dev/null || ! command -v pdftotext >/dev/null; then
  is_root || fail "A browser or tool is missing. Run: sudo apt-get update && sudo apt-get install -y $DEBIAN_PACKAGES"
  say "installing Debian's browsers, drivers and poppler-utils ($DEBIAN_PACKAGES)"
  need "apt package lists" apt-get update -qq
  need "the browsers and tools" apt-get install -y -qq $DEBIAN_PACKAGES
fi

# The independent Standard Webhooks verifier used by the interoperability test, and the
# WebDriver client for the WebKitGTK smoke test.
PY_REQUIREMENTS="tests/interop/requirements.txt tests/xbrowser/requirements.txt"
python_deps_stale() {
  [ ! -x .venv/bin/python ] || [ ! -f .venv/.installed ] || [ -n "$(find $PY_REQUIREMENTS -newer .venv/.installed)" ]
}
if python_deps_stale; then
  say "installing the Python test dependencies into .venv"
  python3 -m venv .venv || fail "python3 -m venv failed. Run: sudo apt-get install -y python3-venv"
  need "the Python test dependencies" .venv/bin/pip install -q $(printf -- '-r %s ' $PY_REQUIREMENTS)
  touch .venv/.installed
fi

say "ready (trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, wasm-opt 132, $(chromium --version 2>/dev/null | head -1), $(firefox-esr --version 2>/dev/null | head -1))"
