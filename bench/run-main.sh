#!/usr/bin/env bash
# Builds the bench module (and what it depends on) and runs one of its mains with the project's JVM
# flags. Used by run-jmh.sh and run-e2e.sh: bench/run-main.sh CLASS [ARGS...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/.mvn/find-jdk25.sh"
cd "$ROOT"
JAVA_HOME="$TILEINDEX_JDK" mvn -q -B -ntp install -DskipTests -pl bench -am >&2
CLASS="$1"
shift
exec "$TILEINDEX_JDK/bin/java" @"$ROOT/.mvn/runtime-jvm.options" -cp "bench/target/tileindex-bench.jar:bench/target/lib/*" "$CLASS" "$@"
