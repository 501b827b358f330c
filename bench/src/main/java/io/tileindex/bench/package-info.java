/** The end-to-end benchmark (the build against a write-only floor and DuckDB, side by side); see docs/PERFORMANCE.md. */
package io.tileindex.bench;
