/**
 * The end-to-end benchmark (the build against a write-only floor and DuckDB, side by side; see
 * docs/PERFORMANCE.md) and {@link io.tileindex.bench.FinerGrid}, the finer grids it runs on.
 */
package io.tileindex.bench;
