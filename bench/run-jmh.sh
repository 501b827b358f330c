#!/usr/bin/env bash
# JMH suite with the project's JVM flags. Usage: bench/run-jmh.sh [--short|--gate|REGEX]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/.mvn/find-jdk25.sh"
cd "$ROOT"
JAVA_HOME="$TILEINDEX_JDK" mvn -q -B -ntp install -DskipTests -pl bench -am >&2
exec "$TILEINDEX_JDK/bin/java" @"$ROOT/.mvn/runtime-jvm.options" -cp "bench/target/tileindex-bench.jar:bench/target/lib/*" \
  io.tileindex.bench.JmhMain "$@"
