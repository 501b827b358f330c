#!/usr/bin/env bash
# End-to-end benchmark: engine vs write-only floor vs DuckDB vs a naive JTS + parquet-java baseline,
# side by side, interleaved, medians. Usage: bench/run-e2e.sh [--runs N]   (default 3; ~6 min on 2 cores)
exec "$(dirname "${BASH_SOURCE[0]}")/run-main.sh" io.tileindex.bench.EndToEndBench "$@"
