#!/usr/bin/env bash
# End-to-end benchmark: engine vs write-only floor vs DuckDB vs a naive JTS + parquet-java baseline,
# side by side, interleaved, medians. Usage: bench/run-e2e.sh [--runs N]   (default 3; ~6 min on 2 cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/.mvn/find-jdk25.sh"
cd "$ROOT"
JAVA_HOME="$TILEINDEX_JDK" mvn -q -B -ntp install -DskipTests -pl bench -am >&2
exec "$TILEINDEX_JDK/bin/java" @"$ROOT/.mvn/runtime-jvm.options" -cp "bench/target/tileindex-bench.jar:bench/target/lib/*" \
  io.tileindex.bench.EndToEndBench "$@"
