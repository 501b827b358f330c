#!/usr/bin/env bash
# Profiles one engine build and writes the artefacts of docs/perf/: the CLI jar's `build` on the
# bundled countries under JFR (settings=profile, plus JDK 25's CPU-time sampler, which also sees
# native code such as ZSTD), then io.tileindex.bench.profile.ProfileReport: flamegraph.svg,
# flamegraph-cpu.svg, stacks*.folded, stages.json; and README.md with the commands and the machine.
#
# Usage: bench/run-profile.sh [--grid FILE.tif] [--out DIR] [--work DIR] [--min-free-gb N] [--period 10ms]
#   --grid  the grid (default data/worldpop_1km_grid.tif, the 1 km world)
#   --out   the artefacts' directory (default docs/perf/1km)
#   --work  where the build writes (default /tmp); needs room for the whole output (63 GB at 100 m).
#           The build's output and the recording are deleted at the end; the recording is kept in
#           --out only if it is under 5 MB.
#   --min-free-gb N  stop the build if free space under --work falls below N GB (default 2): the
#           disk is shared, and a full disk fails everyone's runs, not just this one
#   --period  the sampling period of both profilers (default 10ms, JFR's profile setting; a short
#           build needs a shorter one for a legible graph)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GRID="$ROOT/data/worldpop_1km_grid.tif"
OUT="$ROOT/docs/perf/1km"
WORK="${TMPDIR:-/tmp}"
PERIOD=10ms
MIN_FREE_GB=2
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --grid) GRID="$(realpath -m "$2")"; shift 2 ;;
    --out) OUT="$(realpath -m "$2")"; shift 2 ;;
    --work) WORK="$(realpath -m "$2")"; shift 2 ;;
    --period) PERIOD="$2"; shift 2 ;;
    --min-free-gb) MIN_FREE_GB="$2"; shift 2 ;;
    *) echo "usage: bench/run-profile.sh [--grid FILE.tif] [--out DIR] [--work DIR] [--min-free-gb N] [--period 10ms]" >&2; exit 2 ;;
  esac
done
source "$ROOT/.mvn/find-jdk25.sh"
cd "$ROOT"
GRID="$(realpath -m --relative-base="$ROOT" "$GRID")"  # the repository's own grid reads as data/...
JAVA_HOME="$TILEINDEX_JDK" mvn -q -B -ntp package -DskipTests -pl bench -am >&2

mkdir -p "$OUT" "$WORK"
RUN="$(mktemp -d "$WORK/tileindex-profile.XXXXXX")"
BUILD_PID=""
# the build's output can be tens of GB: never leave it, or a build writing it, behind
cleanup() {
  if [ -n "$BUILD_PID" ] && kill -0 "$BUILD_PID" 2>/dev/null; then kill "$BUILD_PID"; wait "$BUILD_PID" || true; fi
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
REC="$RUN/build.jfr"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
# stackdepth 128: headroom over the default 64 (stages.json counts the stacks JFR still cut)
BUILD=("$TILEINDEX_JDK/bin/java" @.mvn/runtime-jvm.options -XX:FlightRecorderOptions:stackdepth=128
  "-XX:StartFlightRecording=filename=$REC,settings=profile,jdk.ExecutionSample#period=$PERIOD,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=$PERIOD"
  -jar cli/target/tileindex-cli.jar build --countries data/world_countries_ne10m.geojson
  --iso data/iso3166.csv --grid "$GRID" --out "$RUN/out" --quiet)
echo "profiling: ${BUILD[*]}" >&2
free_bytes() { df -B1 --output=avail "$RUN" | tail -1; }
if [ "$(free_bytes)" -lt $((MIN_FREE_GB * 1000000000)) ]; then
  echo "run-profile: under $MIN_FREE_GB GB free in $WORK, not starting" >&2; exit 1
fi
"${BUILD[@]}" > "$RUN/build.json" &
BUILD_PID=$!
while kill -0 "$BUILD_PID" 2>/dev/null; do
  if [ "$(free_bytes)" -lt $((MIN_FREE_GB * 1000000000)) ]; then
    echo "run-profile: free space in $WORK fell under $MIN_FREE_GB GB, stopping the build" >&2
    kill "$BUILD_PID"
  fi
  sleep 1
done
wait "$BUILD_PID"
BUILD_PID=""
REPORT="$(find "$RUN/out/reports" -name run_report.json | head -1)"
cp "$REPORT" "$RUN/run_report.json"
rm -rf "$RUN/out"  # before the conversion: free the disk as early as possible

SUMMARY="$("$TILEINDEX_JDK/bin/java" -cp "bench/target/tileindex-bench.jar:bench/target/lib/*" \
  io.tileindex.bench.profile.ProfileReport --jfr "$REC" --run-report "$RUN/run_report.json" --out "$OUT" \
  --title "tileindex build, grid $(basename "$GRID")")"
REC_BYTES=$(stat -c %s "$REC")
rm -f "$OUT/build.jfr"
if [ "$REC_BYTES" -lt $((5 * 1024 * 1024)) ]; then
  cp "$REC" "$OUT/build.jfr"; REC_NOTE="build.jfr ($REC_BYTES bytes) is kept here: \`jfr summary build.jfr\`, \`jfr print --events jdk.CPUTimeSample build.jfr\`."
else
  REC_NOTE="The recording ($REC_BYTES bytes) is not kept (over 5 MB); rerun the command to get it."
fi

field() { grep -o "\"$1\":[^,}]*" "$RUN/build.json" | head -1 | cut -d: -f2 | tr -d '"'; }
RSS_MIB=$(grep -o '"max_worker_rss_bytes" : [0-9]*' "$OUT/stages.json" | awk '{ printf "%.0f", $3 / 1048576 }')
cat > "$OUT/README.md" <<MD
# Profile of one build: grid \`$(basename "$GRID")\`

Made by \`bench/run-profile.sh${ARGS:+ $ARGS}\` at commit \`$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- kernel writer cli validator || echo "+changes")\`, $(date -u '+%Y-%m-%d %H:%M UTC').
The build it profiled (output in a scratch directory, deleted afterwards):

\`\`\`
${BUILD[*]/$RUN/<scratch>}
\`\`\`

Then \`io.tileindex.bench.profile.ProfileReport --jfr build.jfr --run-report run_report.json --out $(realpath --relative-to="$ROOT" "$OUT")\`.

| | |
|---|---|
| rows | $(field rows_emitted) |
| wall (the build's \`wall_seconds\`, under JFR) | $(field wall_seconds) s |
| peak RSS (\`max_worker_rss_bytes\`) | $RSS_MIB MiB |
| machine | $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r), shared (load average before the run: $LOAD_BEFORE) |
| JDK | $("$TILEINDEX_JDK/bin/java" -version 2>&1 | sed -n 2p) |
| JVM flags | \`.mvn/runtime-jvm.options\` (-Xmx768m, ParallelGC, ...), JFR \`settings=profile\`, both samplers every $PERIOD, stack depth 128 |

Files: \`flamegraph.svg\` (\`jdk.ExecutionSample\`: threads caught in Java code, every $PERIOD;
time in native code such as ZSTD and write(2) is invisible to it), \`flamegraph-cpu.svg\`
(\`jdk.CPUTimeSample\`, JDK 25's CPU-time sampler: every $PERIOD of each thread's CPU time, native
code included; experimental, and it drops samples when its queue is full: see
\`jdk.CPUTimeSamplesLost\`), \`stacks*.folded\` (the same stacks as text, \`frame;frame count\`),
\`stages.json\` (the run report's \`pat\` scalars, \`stage_seconds\`, per-worker busy/idle seconds,
the timeline's seconds per stage, and per sample event: samples per thread group and thread, top
frames by self samples). The flame graphs' bottom row is the thread group (a pool's threads merged);
hover a frame for its full name and samples. $REC_NOTE

## Samples

$SUMMARY
MD
echo "wrote $OUT" >&2
