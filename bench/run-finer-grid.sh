#!/usr/bin/env bash
# The bundled 1 km grid N times finer per axis, same origin and extent, as a header-only GeoTIFF.
# Usage: bench/run-finer-grid.sh [--factor N] [--base FILE.tif] OUT.tif
#   e.g. --factor 4 /tmp/g250m.tif (250 m: 172796 x 67020), --factor 10 /tmp/g100m.tif (100 m: 431990 x 167550)
exec "$(dirname "${BASH_SOURCE[0]}")/run-main.sh" io.tileindex.bench.FinerGrid "$@"
