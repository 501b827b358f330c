#!/usr/bin/env bash
# Builds the bench module (and what it depends on) and runs one of its mains with the project's JVM
# flags. Used by run-jmh.sh and run-e2e.sh: bench/run-main.sh CLASS [ARGS...]
# Packages only (no install): the reactor jars land in bench/target/lib, and the shared local
# repository keeps whatever 0.1.0 others put there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/.mvn/find-jdk25.sh"
cd "$ROOT"
JAVA_HOME="$TILEINDEX_JDK" mvn -q -B -ntp package -DskipTests -pl bench -am >&2
CLASS="$1"
shift
exec "$TILEINDEX_JDK/bin/java" @"$ROOT/.mvn/runtime-jvm.options" -cp "bench/target/tileindex-bench.jar:bench/target/lib/*" "$CLASS" "$@"
