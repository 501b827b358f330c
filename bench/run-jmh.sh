#!/usr/bin/env bash
# JMH suite with the project's JVM flags. Usage: bench/run-jmh.sh [--short|--gate|REGEX]
exec "$(dirname "${BASH_SOURCE[0]}")/run-main.sh" io.tileindex.bench.JmhMain "$@"
