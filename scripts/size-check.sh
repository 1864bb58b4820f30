#!/usr/bin/env bash
# The bundle's size budget: prints the gzipped size of each file a browser downloads from dist/
# (wasm, JS, CSS) and fails when their total is over the budget.
set -euo pipefail

# Gzipped bytes (gzip -9; 1 KB = 1000 bytes). This is the one place the budget is written: raise
# it only with the new figure and the reason in the commit message.
BUDGET=422000

dist=${1:-dist}
total=0
for f in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css; do
  if [[ ! -f $f ]]; then
    echo "size check: $f not found; build the release bundle first (make build)." >&2
    exit 1
  fi
  gz=$(gzip -9c "$f" | wc -c)
  printf '%-50s %8d bytes, %7d gzipped\n' "$f" "$(stat -c %s "$f")" "$gz"
  total=$((total + gz))
done
printf '%-50s %25d gzipped, budget %d\n' total "$total" "$BUDGET"
if ((total > BUDGET)); then
  echo "size check FAILED: the gzipped bundle is $total bytes, $((total - BUDGET)) over the budget of $BUDGET." >&2
  echo "Make it smaller, or raise BUDGET in scripts/size-check.sh and give the reason in the commit message." >&2
  exit 1
fi
