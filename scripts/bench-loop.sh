#!/usr/bin/env bash
# Runs the loop benchmarks that docs/benchmarks.md reports, one JSON document per line on
# stdout. Each figure is measured against the raw single-row commit rate of a SQLite file in the
# same directory with the same synchronous setting, in the same run.
#   scripts/bench-loop.sh [DIR]     (default: a new temporary directory)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-$(mktemp -d "${TMPDIR:-/tmp}/weft-bench.XXXXXX")}"
mkdir -p "$dir"
weft() { "$root/weft" "$@"; }

run() {
  local name="$1"; shift
  rm -f "$dir/$name.db" "$dir/$name.db-wal" "$dir/$name.db-shm"
  weft bench loop "$@" --db "$dir/$name.db" --json
  rm -f "$dir/$name.db" "$dir/$name.db-wal" "$dir/$name.db-shm"
}

for policy in full interval compact; do
  every=()
  [[ "$policy" == interval ]] && every=(--every 100)
  for durability in fast effects safe; do
    run "$policy-$durability" --steps 100000 --policy "$policy" "${every[@]}" \
      --durability "$durability"
  done
done
run concurrent-safe --runs 1000 --steps 10 --policy full --durability safe
run concurrent-effects --runs 1000 --steps 10 --policy full --durability effects
# Heap stays flat in run length: a million steps in a 64 MiB heap.
WEFT_JAVA_OPTS="-Xmx64m" run million --steps 1000000 --policy full --durability fast
