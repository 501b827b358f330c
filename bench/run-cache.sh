#!/usr/bin/env bash
# Country cache benchmark, side by side and interleaved: a cold build (empty cache, the default: it
# writes the cache), a cold build with --no-cache, and a warm rebuild after one country's border changed
# (one vertex moved by 1e-7 degrees), reading the cold build's cache. Medians and ratios to the cold build.
# Usage: bench/run-cache.sh [--runs N] [--grid FILE.tif] [--country ISO2]   (default: 3 runs, 1 km grid, DE)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3 GRID="$ROOT/data/worldpop_1km_grid.tif" COUNTRY=DE
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --grid) GRID="$(realpath "$2")"; shift 2 ;;
    --country) COUNTRY="$2"; shift 2 ;;
    *) echo "usage: bench/run-cache.sh [--runs N] [--grid FILE.tif] [--country ISO2]" >&2; exit 2 ;;
  esac
done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tileindex-cache-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ORIG="$ROOT/data/world_countries_ne10m.geojson" CHANGED="$WORK/changed.geojson"
python3 - "$ORIG" "$CHANGED" "$COUNTRY" <<'PY'
import json, sys
src, dst, iso = sys.argv[1:]
fc = json.load(open(src))
hits = [f for f in fc["features"] if f["properties"].get("country_iso") == iso]
if not hits:
    sys.exit(f"no feature with country_iso {iso}")
g = hits[0]["geometry"]
ring = g["coordinates"][0] if g["type"] == "Polygon" else g["coordinates"][0][0]
ring[1][0] += 1e-7  # one vertex, not the closing one: a different geometry, the same topology
json.dump(fc, open(dst, "w"))
PY
"$ROOT/tileindex" --version >/dev/null # builds the jar and trains the AOT cache outside the timings

run() { # NAME COUNTRIES OUT [extra...] -> prints seconds; keeps the run's stdout in $WORK/NAME.json
  local name="$1" countries="$2" out="$3"; shift 3
  local t0 t1
  t0=$(date +%s.%N)
  "$ROOT/tileindex" build --countries "$countries" --iso "$ROOT/data/iso3166.csv" --grid "$GRID" --out "$out" --quiet "$@" \
      > "$WORK/$name.json"
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}
pat() { # OUT JSON -> the run report's pat
  python3 - "$1" "$2" <<'PY'
import json, sys
j = json.load(open(sys.argv[2]))
p = json.load(open(sys.argv[1] + "/reports/layer1/1B/tile_index/parameter_hash=" + j["parameter_hash"] + "/run_report.json"))["pat"]
print(json.dumps({k: p[k] for k in ("cache_hits", "cache_misses", "cache_hit_ratio", "cache_bytes_read",
                                     "cache_bytes_written", "cache_disk_bytes")}))
PY
}
declare -a COLD NOCACHE WARM
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/cold" "$WORK/nocache" "$WORK/warm"
  COLD+=("$(run cold "$ORIG" "$WORK/cold")")
  NOCACHE+=("$(run nocache "$ORIG" "$WORK/nocache" --no-cache)")
  rm -rf "$WORK/nocache"
  WARM+=("$(run warm "$CHANGED" "$WORK/warm" --cache "$WORK/cold/cache")")
  echo "round $i: cold ${COLD[-1]} s, no-cache ${NOCACHE[-1]} s, warm ${WARM[-1]} s" >&2
  [ "$i" = "$RUNS" ] && { echo "cold: $(pat "$WORK/cold" "$WORK/cold.json")"; echo "warm: $(pat "$WORK/warm" "$WORK/warm.json")"; }
done
python3 - "${COLD[*]}" "${NOCACHE[*]}" "${WARM[*]}" "$GRID" "$COUNTRY" <<'PY'
import statistics, sys
c, n, w = ([float(x) for x in s.split()] for s in sys.argv[1:4])
mc, mn, mw = statistics.median(c), statistics.median(n), statistics.median(w)
print(f"grid {sys.argv[4]}, changed country {sys.argv[5]}, median of {len(c)} interleaved rounds (launcher start to exit):")
print(f"  cold build (writes the cache)     {mc:8.2f} s   1.000")
print(f"  cold build, --no-cache            {mn:8.2f} s   {mn / mc:.3f}")
print(f"  warm rebuild, one country changed {mw:8.2f} s   {mw / mc:.3f}")
PY
