/**
 * {@code report.html}: a self-contained page (no network) with the map drawn from the cell runs, the
 * per-country table, the workers' timeline, and the receipt and envelope checks. The map renders on
 * its own thread; everything else runs on the caller's.
 */
package io.tileindex.cli.report;
