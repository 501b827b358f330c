#!/usr/bin/env bash
# End-to-end benchmark: engine vs write-only floor vs DuckDB vs a naive JTS + parquet-java baseline,
# side by side, interleaved, medians. Usage: bench/run-e2e.sh [--runs N] [--cases floor,duckdb,naive]
# (default: 3 runs of all four cases, ~6 min on 2 cores; the engine always runs, ratios are to it)
exec "$(dirname "${BASH_SOURCE[0]}")/run-main.sh" io.tileindex.bench.EndToEndBench "$@"
