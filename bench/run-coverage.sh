#!/usr/bin/env bash
# Coverage fractions, side by side and interleaved: the full bundled world with --predicate any_overlap,
# without and with --coverage-fraction (fresh --out, --no-cache, launcher start to exit), medians and the
# ratio; then the ring walk against JTS per boundary cell on ten countries (CoverageVsJts).
# Usage: bench/run-coverage.sh [--runs N] [--sample N]   (default: 5 rounds, 200 JTS cells a country)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=5 SAMPLE=200
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --sample) SAMPLE="$2"; shift 2 ;;
    *) echo "usage: bench/run-coverage.sh [--runs N] [--sample N]" >&2; exit 2 ;;
  esac
done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tileindex-coverage-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
"$ROOT/tileindex" --version >/dev/null # builds the jar and trains the AOT cache outside the timings

run() { # OUT [extra...] -> prints seconds
  local out="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$ROOT/tileindex" build --countries "$ROOT/data/world_countries_ne10m.geojson" --iso "$ROOT/data/iso3166.csv" \
      --grid "$ROOT/data/worldpop_1km_grid.tif" --out "$out" --predicate any_overlap --no-cache --quiet "$@" > "$WORK/last.json"
  t1=$(date +%s.%N)
  rm -rf "$out"
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}
declare -a PLAIN COVER
for i in $(seq 1 "$RUNS"); do
  PLAIN+=("$(run "$WORK/plain")")
  COVER+=("$(run "$WORK/cover" --coverage-fraction)")
  echo "round $i: any_overlap ${PLAIN[-1]} s, with --coverage-fraction ${COVER[-1]} s" >&2
done
python3 - "${PLAIN[*]}" "${COVER[*]}" <<'PY'
import statistics, sys
p, c = ([float(x) for x in s.split()] for s in sys.argv[1:3])
mp, mc = statistics.median(p), statistics.median(c)
print(f"full world, 1 km, median of {len(p)} interleaved rounds (launcher start to exit):")
print(f"  any_overlap                       {mp:8.2f} s   1.000   (min {min(p):.2f}, max {max(p):.2f})")
print(f"  any_overlap --coverage-fraction   {mc:8.2f} s   {mc / mp:.3f}   (min {min(c):.2f}, max {max(c):.2f})")
PY
"$ROOT/bench/run-main.sh" io.tileindex.bench.CoverageVsJts --sample "$SAMPLE"
