#!/usr/bin/env bash
# Interoperability: the headless simulator signs every webhook delivery with our Rust code, and
# the official Python `standardwebhooks` library verifies each one. A fresh random secret per run,
# and runs with an outage (retries) and in hybrid mode (thin payloads), so more than one shape of
# delivery is checked.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
secret=$(python3 -c 'import base64, os; print("whsec_" + base64.b64encode(os.urandom(32)).decode())')

cargo build --release --quiet --example simulate
for scenario in "webhook --outage-s 120:400" "hybrid"; do
  set -- $scenario
  mode=$1; shift
  echo "interop: $mode mode $*"
  target/release/examples/simulate --mode "$mode" --clients 12 --rate-per-min 3 --duration-s 900 \
    --seed "$RANDOM" --secret "$secret" --transcript "$work/$mode.jsonl" "$@" > "$work/$mode.json"
  .venv/bin/python tests/interop/verify_transcript.py "$work/$mode.jsonl" "$secret"
done
# The receiver snippets parse; the Python one, run with the official library, is fed the
# simulator's delivery by its "Copy as curl" command.
echo "interop: receiver snippets"
cargo test --quiet --test snippets_interop -- --ignored
