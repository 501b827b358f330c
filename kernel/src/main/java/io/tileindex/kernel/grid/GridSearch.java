package io.tileindex.kernel.grid;

/**
 * Monotone searches over a grid's exact centre and edge coordinates. Each starts from a
 * floating-point estimate and then walks with exact comparisons of the very doubles the
 * product writes ({@link Grid#centroidLat} and friends), so an estimate's rounding can only cost
 * a step, never a wrong answer. Rows run north to south (coordinates decrease with the index).
 */
public final class GridSearch {
    private final Grid g;

    public GridSearch(Grid g) { this.g = g; }

    public Grid grid() { return g; }

    private static int clamp(double est, int lo, int hi) {
        if (!(est > lo)) {
            return lo;
        }
        if (est >= hi) {
            return hi;
        }
        return (int) est;
    }

    // ---- rows: centres -------------------------------------------------------------------

    /** Smallest row r in [0, nrows] with centroidLat(r) <= y (nrows if none). */
    public int firstRowCentreAtOrBelow(double y) {
        int n = g.nrows();
        int r = clamp(Math.ceil((y - g.gt3()) / g.gt5() - 0.5), 0, n);
        while (r > 0 && g.centroidLat(r - 1) <= y) r--;
        while (r < n && g.centroidLat(r) > y) r++;
        return r;
    }

    /** Smallest row r in [0, nrows] with centroidLat(r) < y (nrows if none). */
    public int firstRowCentreBelow(double y) {
        int n = g.nrows();
        int r = clamp(Math.ceil((y - g.gt3()) / g.gt5() - 0.5), 0, n);
        while (r > 0 && g.centroidLat(r - 1) < y) r--;
        while (r < n && g.centroidLat(r) >= y) r++;
        return r;
    }

    /** The row whose centre latitude equals y exactly, or -1. */
    public int rowWithCentreAt(double y) {
        int r = firstRowCentreAtOrBelow(y);
        return r < g.nrows() && g.centroidLat(r) == y ? r : -1;
    }

    // ---- rows: edges (line k is the north edge of row k; k in [0, nrows]) -----------------

    /** Smallest line k in [0, nrows+1] with rowEdgeLat(k) < y. */
    public int firstRowEdgeBelow(double y) {
        int n = g.nrows() + 1;
        int k = clamp(Math.ceil((y - g.gt3()) / g.gt5()), 0, n);
        while (k > 0 && g.rowEdgeLat(k - 1) < y) k--;
        while (k < n && g.rowEdgeLat(k) >= y) k++;
        return k;
    }

    /** Smallest line k in [0, nrows+1] with rowEdgeLat(k) <= y. */
    public int firstRowEdgeAtOrBelow(double y) {
        int n = g.nrows() + 1;
        int k = clamp(Math.ceil((y - g.gt3()) / g.gt5()), 0, n);
        while (k > 0 && g.rowEdgeLat(k - 1) <= y) k--;
        while (k < n && g.rowEdgeLat(k) > y) k++;
        return k;
    }

    // ---- columns -------------------------------------------------------------------------

    /** Smallest column c in [0, ncols] with centroidLon(c) >= x. */
    public int firstColCentreAtOrAfter(double x) {
        int n = g.ncols();
        int c = clamp(Math.floor((x - g.gt0()) / g.gt1() - 0.5), 0, n);
        while (c > 0 && g.centroidLon(c - 1) >= x) c--;
        while (c < n && g.centroidLon(c) < x) c++;
        return c;
    }

    /** Smallest column c in [0, ncols] with centroidLon(c) > x. */
    public int firstColCentreAfter(double x) {
        int n = g.ncols();
        int c = clamp(Math.floor((x - g.gt0()) / g.gt1() - 0.5), 0, n);
        while (c > 0 && g.centroidLon(c - 1) > x) c--;
        while (c < n && g.centroidLon(c) <= x) c++;
        return c;
    }

    /** Smallest column line k in [0, ncols+1] with colEdgeLon(k) >= x. */
    public int firstColEdgeAtOrAfter(double x) {
        int n = g.ncols() + 1;
        int k = clamp(Math.floor((x - g.gt0()) / g.gt1()), 0, n);
        while (k > 0 && g.colEdgeLon(k - 1) >= x) k--;
        while (k < n && g.colEdgeLon(k) < x) k++;
        return k;
    }

    /** Smallest column line k in [0, ncols+1] with colEdgeLon(k) > x. */
    public int firstColEdgeAfter(double x) {
        int n = g.ncols() + 1;
        int k = clamp(Math.floor((x - g.gt0()) / g.gt1()), 0, n);
        while (k > 0 && g.colEdgeLon(k - 1) > x) k--;
        while (k < n && g.colEdgeLon(k) <= x) k++;
        return k;
    }
}
