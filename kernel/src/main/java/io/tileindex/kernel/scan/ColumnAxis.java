package io.tileindex.kernel.scan;

import io.tileindex.kernel.grid.Grid;

/**
 * One range of columns sharing a SPEC §2 shift, seen at its written longitudes: centre
 * {@code centroidLon(c) + shift}, edge line k {@code colEdgeLon(k) + shift} for k in [start, end].
 * Within a range these grow with the column, so the scan's monotone searches work on it exactly as
 * on an unshifted grid; a grid has one range, or two when its west or east end overhangs ±180.
 * Searches start from an estimate and walk with exact comparisons of the written doubles.
 */
final class ColumnAxis {
    final int start, end; // columns [start, end)
    final double shift;
    private final double gt0, gt1;
    private final Grid g;

    ColumnAxis(Grid g, Grid.ColumnRange r) {
        this.g = g;
        this.start = r.start();
        this.end = r.end();
        this.shift = r.shift();
        this.gt0 = g.gt0();
        this.gt1 = g.gt1();
    }

    /** The written centre of column c (shift 0 adds +0.0: the same double, the formula never gives -0.0). */
    double centre(long c) { return g.centroidLon(c) + shift; }

    /** The written longitude of edge line k (west edge of column k). */
    double edge(long k) { return g.colEdgeLon(k) + shift; }

    /** The column whose centre the estimate puts at or just east of x (not clamped). */
    double centreEstimate(double x) { return Math.floor((x - shift - gt0) / gt1 - 0.5) + 1; }

    /** The edge line the estimate puts at or just west of x (not clamped). */
    double edgeEstimate(double x) { return Math.floor((x - shift - gt0) / gt1); }

    private static int clamp(double est, int lo, int hi) {
        return !(est > lo) ? lo : est >= hi ? hi : (int) est;
    }

    /** Smallest column c in [start, end] with centre(c) >= x. */
    int firstCentreAtOrAfter(double x) {
        int c = clamp(centreEstimate(x) - 1, start, end);
        while (c > start && centre(c - 1) >= x) c--;
        while (c < end && centre(c) < x) c++;
        return c;
    }

    /** Smallest column c in [start, end] with centre(c) > x. */
    int firstCentreAfter(double x) {
        int c = clamp(centreEstimate(x) - 1, start, end);
        while (c > start && centre(c - 1) > x) c--;
        while (c < end && centre(c) <= x) c++;
        return c;
    }

    /** Smallest edge line k in [start, end + 1] with edge(k) >= x. */
    int firstEdgeAtOrAfter(double x) {
        int k = clamp(edgeEstimate(x), start, end + 1);
        while (k > start && edge(k - 1) >= x) k--;
        while (k < end + 1 && edge(k) < x) k++;
        return k;
    }

    /** Smallest edge line k in [start, end + 1] with edge(k) > x. */
    int firstEdgeAfter(double x) {
        int k = clamp(edgeEstimate(x), start, end + 1);
        while (k > start && edge(k - 1) > x) k--;
        while (k < end + 1 && edge(k) <= x) k++;
        return k;
    }
}
