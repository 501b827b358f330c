package io.tileindex.kernel.scan;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import io.tileindex.kernel.grid.Grid;

/**
 * Coverage fractions by walking each ring through the cells it crosses: every edge visits only those
 * cells, and no polygon is clipped per cell.
 *
 * <p>By Green's theorem, for a counter-clockwise ring (x east, y north) and the cell
 * {@code [xW, xE] × [yS, yN]} of height h: {@code area(polygon ∩ cell) = −∮ 1[xW,xE](x) · (clamp(y, yS, yN) − yS) dx}.
 * So each piece of an edge inside one cell adds {@code −Δx · (ȳ − yS)} to its own cell and {@code −Δx · h}
 * to every cell south of it in the same column (where the clamp is h): a cell's area is its own pieces
 * plus the pieces north of it in its column, the pieces north of the grid included. Holes and clockwise
 * shells enter with the opposite sign; a country's polygons do not overlap (a valid multipolygon), so
 * their areas add. Values are kept divided by the cell's area as the walk goes (fractions, not square
 * degrees), in the cell's own written bounds. A cell whose open interior no edge passes through is
 * wholly in or out, and is not listed ({@link CoverageFractions}).
 *
 * <p>Sums run in a fixed order (pieces sorted by column, row, then the order the rings were walked),
 * so the result is the same bits on every run. One instance per thread.
 */
final class CoverageWalker {
    private final Grid g;
    private final ColumnAxis[] axes;
    private final int nrows;
    private final double north, south;
    private Pieces pieces;

    CoverageWalker(Grid grid, ColumnAxis[] axes) {
        this.g = grid;
        this.axes = axes;
        this.nrows = grid.nrows();
        this.north = grid.rowEdgeLat(0);
        this.south = grid.rowEdgeLat(nrows);
    }

    /** The boundary cells of a country already normalised to the grid's longitudes. */
    CoverageFractions walk(CountryShape shape) {
        pieces = new Pieces(1024);
        for (PolygonShape p : shape.polygons()) {
            for (ColumnAxis a : axes) {
                if (p.maxX() <= a.edge(a.start) || p.minX() >= a.edge(a.end) || p.maxY() <= south) {
                    continue;
                }
                ring(p.shell(), orientation(p.shell()), a);
                for (Ring h : p.holes()) {
                    ring(h, -orientation(h), a);
                }
            }
        }
        CoverageFractions f = sweep(pieces);
        pieces = null;
        return f;
    }

    /** +1 for a counter-clockwise ring, -1 for a clockwise one (shoelace sign; a ring of no area adds nothing either way). */
    static double orientation(Ring r) {
        double twiceArea = 0;
        int n = r.size();
        double x0 = r.x(0), y0 = r.y(0);
        for (int i = 1; i + 1 < n; i++) {
            twiceArea += (r.x(i) - x0) * (r.y(i + 1) - y0) - (r.x(i + 1) - x0) * (r.y(i) - y0);
        }
        return twiceArea >= 0 ? 1 : -1;
    }

    private void ring(Ring r, double sign, ColumnAxis a) {
        int n = r.size();
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            edge(r.x(i), r.y(i), r.x(j), r.y(j), sign, a);
        }
    }

    private void edge(double x0, double y0, double x1, double y1, double sign, ColumnAxis a) {
        double xlo = Math.min(x0, x1), xhi = Math.max(x0, x1);
        double west = a.edge(a.start), east = a.edge(a.end);
        if (xhi <= west || xlo >= east || Math.max(y0, y1) <= south) {
            return; // no column of this axis under it, or no row south of it
        }
        if (x0 == x1) {
            vertical(x0, y0, y1, a);
            return;
        }
        int c0 = Math.max(a.start, a.firstEdgeAfter(Math.max(xlo, west)) - 1);
        int c1 = Math.min(a.end - 1, a.firstEdgeAtOrAfter(Math.min(xhi, east)) - 1);
        Edge e = new Edge(x0, y0, x1, y1, sign);
        for (int c = c0; c <= c1; c++) {
            double xW = a.edge(c), xE = a.edge(c + 1L);
            double xa = Math.max(xlo, xW), xb = Math.min(xhi, xE);
            if (xb > xa) {
                inColumn(e, c, xa, xb, xE - xW);
            }
        }
    }

    /** An edge in the direction the ring runs, with the ring's sign. */
    private record Edge(double x0, double y0, double x1, double y1, double sign) {
        double yAt(double x) {
            if (x == x0) return y0;
            if (x == x1) return y1;
            double y = y0 + (y1 - y0) * ((x - x0) / (x1 - x0));
            return Math.min(Math.max(y, Math.min(y0, y1)), Math.max(y0, y1));
        }

        double xAt(double y, double xa, double xb) {
            if (y == y0) return Math.min(Math.max(x0, xa), xb);
            if (y == y1) return Math.min(Math.max(x1, xa), xb);
            double x = x0 + (x1 - x0) * ((y - y0) / (y1 - y0));
            return Math.min(Math.max(x, xa), xb);
        }
    }

    /** The edge's piece over {@code [xa, xb]} of column c, cut at the row lines it crosses. */
    private void inColumn(Edge e, int c, double xa, double xb, double w) {
        double ya = e.yAt(xa), yb = e.yAt(xb);
        boolean eastward = e.x1() > e.x0();
        if (ya == yb) {
            int r = rowBelowOrAt(ya);
            if (r < nrows) {
                double dx = eastward ? xb - xa : xa - xb;
                add(c, r, dx, w, ya, ya, e.sign(), !isRowLine(ya, r));
            }
            return;
        }
        double top = Math.max(ya, yb), bottom = Math.min(ya, yb);
        // the ends keep their own x: then a column's pieces of one edge sum to exactly xb - xa (x from y
        // alone is ill-conditioned on a nearly horizontal edge), only row-line crossings are interpolated
        double xTop = ya > yb ? xa : xb, xBottom = ya > yb ? xb : xa;
        int rTop = rowOfTop(top), rBottom = Math.min(nrows - 1, rowBelowOrAt(bottom));
        for (int r = rTop; r <= rBottom; r++) {
            double yHi = r < 0 ? top : Math.min(top, g.rowEdgeLat(r));
            double yLo = Math.max(bottom, g.rowEdgeLat(r + 1L));
            if (!(yHi > yLo)) {
                continue;
            }
            double xHi = yHi == top ? xTop : e.xAt(yHi, xa, xb), xLo = yLo == bottom ? xBottom : e.xAt(yLo, xa, xb);
            // in the ring's direction: southward edges run from yHi to yLo
            double dx = e.y1() < e.y0() ? xLo - xHi : xHi - xLo;
            add(c, r, dx, w, yLo, yHi, e.sign(), true);
        }
    }

    /** A vertical edge inside a column: no area of its own, but its cells are boundary cells. */
    private void vertical(double x, double y0, double y1, ColumnAxis a) {
        int c = a.firstEdgeAfter(x) - 1;
        if (c < a.start || c >= a.end || a.edge(c) == x) {
            return; // on a column line: it passes through no cell's open interior
        }
        double top = Math.max(y0, y1), bottom = Math.min(y0, y1);
        int rTop = Math.max(0, rowOfTop(top)), rBottom = Math.min(nrows - 1, rowBelowOrAt(bottom));
        for (int r = rTop; r <= rBottom; r++) {
            if (Math.min(top, g.rowEdgeLat(r)) > Math.max(bottom, g.rowEdgeLat(r + 1L))) {
                pieces.add(key(c, r), 0, 0, true);
            }
        }
    }

    /**
     * One piece in row r of column c ({@code r = -1}: north of the grid): {@code dx} in the ring's
     * direction, {@code [yLo, yHi]} its latitudes, w the column's width.
     */
    private void add(int c, int r, double dx, double w, double yLo, double yHi, double sign, boolean through) {
        double across = -sign * dx / w;
        double own = 0;
        if (r >= 0) {
            double yS = g.rowEdgeLat(r + 1L), h = g.rowEdgeLat(r) - yS;
            own = across * (((yLo - yS) + (yHi - yS)) * 0.5 / h);
        }
        pieces.add(key(c, r), own, across, through && r >= 0);
    }

    private long key(int c, int r) { return (long) c * (nrows + 1L) + (r + 1L); }

    private boolean isRowLine(double y, int r) { return r >= 0 && y == g.rowEdgeLat(r + 1L); }

    /** Row r with {@code Y(r+1) <= y < Y(r)}: -1 at or north of the grid's top, nrows south of it. */
    private int rowBelowOrAt(double y) {
        if (y >= north) return -1;
        if (y < south) return nrows;
        int r = estimate(y);
        while (r > 0 && y >= g.rowEdgeLat(r)) r--;
        while (r < nrows - 1 && y < g.rowEdgeLat(r + 1L)) r++;
        return r;
    }

    /** Row r with {@code Y(r+1) < y <= Y(r)}: -1 north of the grid's top, nrows at or south of its bottom. */
    private int rowOfTop(double y) {
        if (y > north) return -1;
        if (y <= south) return nrows;
        int r = estimate(y);
        while (r > 0 && y > g.rowEdgeLat(r)) r--;
        while (r < nrows - 1 && y <= g.rowEdgeLat(r + 1L)) r++;
        return r;
    }

    private int estimate(double y) {
        double r = Math.floor((y - g.gt3()) / g.gt5());
        return r < 0 ? 0 : r > nrows - 1 ? nrows - 1 : (int) r;
    }

    /** Per column, north to south: a listed cell's value is the pieces north of it plus its own. */
    private CoverageFractions sweep(Pieces p) {
        int[] order = SortOrder.stable(p.key, p.n);
        long[] ids = new long[16];
        double[] vals = new double[16];
        int out = 0;
        long rows = nrows + 1L;
        int i = 0;
        while (i < p.n) {
            long col = p.key[order[i]] / rows;
            double north = 0;
            while (i < p.n && p.key[order[i]] / rows == col) {
                long k = p.key[order[i]];
                double own = 0, across = 0;
                boolean through = false;
                for (; i < p.n && p.key[order[i]] == k; i++) {
                    own += p.own[order[i]];
                    across += p.across[order[i]];
                    through |= p.through[order[i]];
                }
                if (through) {
                    if (out == ids.length) {
                        ids = java.util.Arrays.copyOf(ids, out * 2);
                        vals = java.util.Arrays.copyOf(vals, out * 2);
                    }
                    ids[out] = (k % rows - 1) * g.ncols() + col;
                    // an edge through the open interior leaves area of the country beside it: the exact value is
                    // positive even where a sliver lies below what the sums resolve (~1e-15)
                    vals[out++] = Math.min(1.0, Math.max(Double.MIN_VALUE, north + own));
                }
                north += across;
            }
        }
        int[] byTile = SortOrder.stable(ids, out);
        long[] sortedIds = new long[out];
        double[] sortedVals = new double[out];
        for (int j = 0; j < out; j++) {
            sortedIds[j] = ids[byTile[j]];
            sortedVals[j] = vals[byTile[j]];
        }
        return new CoverageFractions(sortedIds, sortedVals);
    }

    /** The walk's pieces as parallel arrays: key (column-major cell), own share, share given to the cells south. */
    private static final class Pieces {
        long[] key;
        double[] own, across;
        boolean[] through;
        int n;

        Pieces(int capacity) {
            key = new long[capacity];
            own = new double[capacity];
            across = new double[capacity];
            through = new boolean[capacity];
        }

        void add(long k, double o, double a, boolean t) {
            if (n == key.length) {
                int c = n * 2;
                key = java.util.Arrays.copyOf(key, c);
                own = java.util.Arrays.copyOf(own, c);
                across = java.util.Arrays.copyOf(across, c);
                through = java.util.Arrays.copyOf(through, c);
            }
            key[n] = k;
            own[n] = o;
            across[n] = a;
            through[n++] = t;
        }
    }
}
