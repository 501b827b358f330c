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
 * <p>A walk covers a band of rows: pieces north of it only add their share to their column's carry,
 * pieces south of it are dropped, so memory follows the band, not the country. The shares given south are
 * summed in fixed point (2^-52 of a cell's width, exact integers), so a cell's value is the same bits
 * whichever band it is walked in; its own pieces are summed in the order the rings were walked. One
 * instance per thread.
 */
final class CoverageWalker {
    private final Grid g;
    private final ColumnAxis[] axes;
    private final int nrows;
    private final double north, south;
    private static final double FIXED = 0x1p52; // units of a carried share: |share| <= 1, so exact to 2^-53
    private Pieces pieces;
    private int bandFrom, bandTo; // rows [bandFrom, bandTo] of the current walk
    private int carryFrom; // the first column of carry[]
    private long[] carry; // per column: fixed-point shares of the pieces north of the band
    private long[] wholeColumns; // the same, for runs of whole columns crossed north of the band, as differences
    private double bandNorth; // the band's top line

    CoverageWalker(Grid grid, ColumnAxis[] axes) {
        this.g = grid;
        this.axes = axes;
        this.nrows = grid.nrows();
        this.north = grid.rowEdgeLat(0);
        this.south = grid.rowEdgeLat(nrows);
    }

    /**
     * The boundary cells in rows {@code [rowFrom, rowTo]} of a country already normalised to the grid's
     * longitudes, whose cells lie in columns {@code [colFrom, colTo]}.
     */
    CoverageFractions walk(CountryShape shape, int rowFrom, int rowTo, int colFrom, int colTo) {
        pieces = new Pieces(1024);
        bandFrom = rowFrom;
        bandTo = rowTo;
        carryFrom = colFrom;
        carry = new long[Math.max(0, colTo - colFrom + 1)];
        wholeColumns = new long[carry.length + 1];
        bandNorth = g.rowEdgeLat(rowFrom);
        double bandSouth = g.rowEdgeLat(rowTo + 1L);
        for (PolygonShape p : shape.polygons()) {
            for (ColumnAxis a : axes) {
                // a closed ring wholly north of the band gives every column shares summing to exactly 0
                if (p.maxX() <= a.edge(a.start) || p.minX() >= a.edge(a.end) || p.maxY() <= bandSouth || p.minY() >= bandNorth) {
                    continue;
                }
                ring(p.shell(), orientation(p.shell()), a);
                for (Ring h : p.holes()) {
                    ring(h, -orientation(h), a);
                }
            }
        }
        long run = 0;
        for (int c = 0; c < carry.length; c++) {
            run += wholeColumns[c];
            carry[c] += run;
        }
        CoverageFractions f = sweep(pieces);
        pieces = null;
        carry = null;
        wholeColumns = null;
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
        if (xhi <= west || xlo >= east || Math.max(y0, y1) <= g.rowEdgeLat(bandTo + 1L)) {
            return; // no column of this axis under it, or nothing in or north of the band
        }
        if (x0 == x1) {
            vertical(x0, y0, y1, a);
            return;
        }
        int c0 = Math.max(a.start, a.firstEdgeAfter(Math.max(xlo, west)) - 1);
        int c1 = Math.min(a.end - 1, a.firstEdgeAtOrAfter(Math.min(xhi, east)) - 1);
        if (Math.min(y0, y1) >= bandNorth) {
            northOfBand(x0 < x1, xlo, xhi, c0, c1, sign, a);
            return;
        }
        Edge e = new Edge(x0, y0, x1, y1, sign);
        for (int c = c0; c <= c1; c++) {
            double xW = a.edge(c), xE = a.edge(c + 1L);
            double xa = Math.max(xlo, xW), xb = Math.min(xhi, xE);
            if (xb > xa) {
                inColumn(e, c, xa, xb, xW, xE - xW);
            }
        }
    }

    /**
     * An edge wholly north of the band: its end columns' shares as {@link #inColumn} would give them, the
     * whole columns between (each share exactly one column width) as one difference.
     */
    private void northOfBand(boolean eastward, double xlo, double xhi, int c0, int c1, double sign, ColumnAxis a) {
        for (int c : c0 == c1 ? new int[] {c0} : new int[] {c0, c1}) {
            double xW = a.edge(c), xE = a.edge(c + 1L), w = xE - xW;
            double xa = Math.max(xlo, xW), xb = Math.min(xhi, xE);
            if (xb > xa) {
                carry[c - carryFrom] += (long) sign * (eastward ? share(xa, xb, xW, w) : share(xb, xa, xW, w));
            }
        }
        if (c1 - c0 >= 2) {
            long whole = (long) sign * (eastward ? -(long) FIXED : (long) FIXED);
            wholeColumns[c0 + 1 - carryFrom] += whole;
            wholeColumns[c1 - carryFrom] -= whole;
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

    /** The edge's piece over {@code [xa, xb]} of column c (west line xW, width w), cut at the row lines it crosses. */
    private void inColumn(Edge e, int c, double xa, double xb, double xW, double w) {
        double ya = e.yAt(xa), yb = e.yAt(xb);
        boolean eastward = e.x1() > e.x0();
        if (ya == yb) {
            int r = rowBelowOrAt(ya);
            if (r < nrows) {
                add(c, r, eastward ? xa : xb, eastward ? xb : xa, xW, w, ya, ya, e.sign(), !isRowLine(ya, r));
            }
            return;
        }
        double top = Math.max(ya, yb), bottom = Math.min(ya, yb);
        // the ends keep their own x: then a column's pieces of one edge sum to exactly xb - xa (x from y
        // alone is ill-conditioned on a nearly horizontal edge), only row-line crossings are interpolated
        double xTop = ya > yb ? xa : xb, xBottom = ya > yb ? xb : xa;
        boolean southward = e.y1() < e.y0();
        int rTop = rowOfTop(top), rBottom = Math.min(bandTo, Math.min(nrows - 1, rowBelowOrAt(bottom)));
        if (rTop < bandFrom) { // north of the band: one share, the sum its rows' shares would have made
            double yCut = Math.max(bottom, g.rowEdgeLat(bandFrom));
            double xCut = yCut == bottom ? xBottom : e.xAt(yCut, xa, xb);
            carry[c - carryFrom] += (long) e.sign() * (southward ? share(xTop, xCut, xW, w) : share(xCut, xTop, xW, w));
            rTop = bandFrom;
        }
        for (int r = rTop; r <= rBottom; r++) {
            double yHi = Math.min(top, g.rowEdgeLat(r));
            double yLo = Math.max(bottom, g.rowEdgeLat(r + 1L));
            if (!(yHi > yLo)) {
                continue;
            }
            double xHi = yHi == top ? xTop : e.xAt(yHi, xa, xb), xLo = yLo == bottom ? xBottom : e.xAt(yLo, xa, xb);
            add(c, r, southward ? xHi : xLo, southward ? xLo : xHi, xW, w, yLo, yHi, e.sign(), true);
        }
    }

    /**
     * The fixed-point share a piece from x0 to x1 gives the cells south of it, before the ring's sign: the
     * difference of the ends' positions in the column, so consecutive pieces add up to exactly the share of
     * their union (the same integer in any band).
     */
    private static long share(double x0, double x1, double xW, double w) {
        return -(Math.round((x1 - xW) / w * FIXED) - Math.round((x0 - xW) / w * FIXED));
    }

    /** A vertical edge inside a column: no area of its own, but its cells are boundary cells. */
    private void vertical(double x, double y0, double y1, ColumnAxis a) {
        int c = a.firstEdgeAfter(x) - 1;
        if (c < a.start || c >= a.end || a.edge(c) == x) {
            return; // on a column line: it passes through no cell's open interior
        }
        double top = Math.max(y0, y1), bottom = Math.min(y0, y1);
        int rTop = Math.max(0, rowOfTop(top)), rBottom = Math.min(nrows - 1, rowBelowOrAt(bottom));
        for (int r = Math.max(rTop, bandFrom); r <= Math.min(rBottom, bandTo); r++) {
            if (Math.min(top, g.rowEdgeLat(r)) > Math.max(bottom, g.rowEdgeLat(r + 1L))) {
                pieces.add(key(c, r), 0, 0L, true);
            }
        }
    }

    /**
     * One piece in row r of column c, in the ring's direction from {@code xFrom} to {@code xTo}, over
     * latitudes {@code [yLo, yHi]}: its own share (double) to its cell, its fixed-point share to those south.
     */
    private void add(int c, int r, double xFrom, double xTo, double xW, double w, double yLo, double yHi, double sign,
                     boolean through) {
        if (r < bandFrom) {
            carry[c - carryFrom] += (long) sign * share(xFrom, xTo, xW, w);
            return;
        }
        if (r > bandTo) {
            return;
        }
        double yS = g.rowEdgeLat(r + 1L), h = g.rowEdgeLat(r) - yS;
        double own = -sign * (xTo - xFrom) / w * (((yLo - yS) + (yHi - yS)) * 0.5 / h);
        pieces.add(key(c, r), own, (long) sign * share(xFrom, xTo, xW, w), through);
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
            long north = carry[(int) col - carryFrom];
            while (i < p.n && p.key[order[i]] / rows == col) {
                long k = p.key[order[i]];
                double own = 0;
                long across = 0;
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
                    vals[out++] = Math.min(1.0, Math.max(Double.MIN_VALUE, north / FIXED + own));
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
        long[] key, across;
        double[] own;
        boolean[] through;
        int n;

        Pieces(int capacity) {
            key = new long[capacity];
            own = new double[capacity];
            across = new long[capacity];
            through = new boolean[capacity];
        }

        void add(long k, double o, long a, boolean t) {
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
