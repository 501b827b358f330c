package io.tileindex.kernel.scan;

import io.tileindex.kernel.geom.AntimeridianNormalizer;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.Orientation;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.grid.GridSearch;

import java.util.Arrays;

/**
 * Scan conversion of a country onto the grid, exactly (SPEC §3).
 *
 * <p><b>center</b>: for every row whose centre latitude y lies within a polygon, each non-horizontal
 * edge is located against the row's cell centres with the exact orientation predicate: the first
 * centre at or east of the edge's crossing, and whether a centre lies exactly on it. Crossings of
 * the half-open rule {@code ylo <= y < yhi} give parity intervals; centres exactly on an edge (or on
 * a horizontal edge at y, or at a vertex) are boundary cells, included for outer rings and excluded
 * for holes: {@code included = (parity ∪ shellBoundary) \ holeBoundary}, per polygon, then the
 * union over polygons.
 *
 * <p><b>any_overlap</b>: a cell qualifies iff an edge passes through its open interior, or its centre
 * is inside (then its whole interior is). Each edge is clipped to every open row band it crosses and
 * the cells whose open column interval meets the clipped piece are decided by exact comparisons of
 * grid lines with the edge.
 *
 * <p>Columns are scanned at their written longitudes (SPEC §2: a cell whose formula centre lies outside
 * [-180, 180) is evaluated shifted by ±360°), one {@link ColumnAxis} per range of equal shift. Most grids
 * have a single unshifted range; an overhanging or 0..360 grid has two, each scanned on its own
 * against the polygons (and their ±360° copies) its longitudes reach.
 */
public final class CountryScanner {
    private final Grid g;
    private final GridSearch search;
    private final ColumnAxis[] axes;

    public CountryScanner(Grid grid) {
        this.g = grid;
        this.search = new GridSearch(grid);
        this.axes = grid.columnRanges().stream().map(r -> new ColumnAxis(grid, r)).toArray(ColumnAxis[]::new);
    }

    public Grid grid() { return g; }

    /** Every row of the country at once; the same cells as any split of its rows into {@link #scanRows} calls. */
    public CountryCells scan(CountryShape country, Predicate predicate) {
        PreparedCountry p = prepare(country, predicate);
        return scanRows(p, p.rowLo(), p.rowHi());
    }

    /** Normalises the country to the grid's longitudes and finds its polygons' windows, once per country. */
    public PreparedCountry prepare(CountryShape country, Predicate predicate) {
        CountryShape shape = AntimeridianNormalizer.normalize(country, g);
        int rowLo = Integer.MAX_VALUE, rowHi = -1;
        int[][] windows = new int[shape.polygons().size() * axes.length][]; // polygon i on axis a at i * axes.length + a
        for (int i = 0; i < windows.length; i++) {
            int[] w = window(shape.polygons().get(i / axes.length), axes[i % axes.length]);
            windows[i] = w;
            if (w != null) {
                rowLo = Math.min(rowLo, w[0]);
                rowHi = Math.max(rowHi, w[1]);
            }
        }
        return new PreparedCountry(country.iso(), predicate, shape, windows, rowHi < 0 ? 0 : rowLo, rowHi);
    }

    /**
     * The country's cells in rows {@code [rowFrom, rowTo]} (clipped to its windows), with the counters of
     * those rows only. Thread-safe for distinct scanners; a scanner itself is not.
     */
    public CountryCells scanRows(PreparedCountry country, int rowFrom, int rowTo) {
        int from = Math.max(rowFrom, country.rowLo()), to = Math.min(rowTo, country.rowHi());
        if (to < from) {
            return new CountryCells(country.iso(), country.predicate(), new CellRuns(1), 0, 0, 0, 0, country.notes());
        }
        int nr = to - from + 1;
        RowIntervalAccumulator included = new RowIntervalAccumulator(from, nr);
        RowIntervalAccumulator inShell = new RowIntervalAccumulator(from, nr);
        RowIntervalAccumulator visited = new RowIntervalAccumulator(from, nr);
        int[][] windows = country.windows();
        for (int i = 0; i < windows.length; i++) {
            int[] w = windows[i];
            if (w == null || w[1] < from || w[0] > to) {
                continue;
            }
            PolygonShape p = country.shape().polygons().get(i / axes.length);
            ColumnAxis axis = axes[i % axes.length];
            for (int r = Math.max(w[0], from); r <= Math.min(w[1], to); r++) {
                visited.add(r, w[2], w[3] + 1);
            }
            RowRange rows = new RowRange(from, to);
            scanCentres(p, axis, rows, included, inShell);
            if (country.predicate() == Predicate.ANY_OVERLAP) {
                edgeCells(p.shell(), axis, rows, included);
                for (Ring h : p.holes()) {
                    edgeCells(h, axis, rows, included);
                }
            }
        }
        CellRuns runs = included.toRuns();
        CellRuns shellRuns = inShell.toRuns();
        long nVisited = visited.toRuns().cellCount();
        long nIncluded = runs.cellCount();
        long nHole = shellRuns.cellCount() - intersectionCount(shellRuns, runs);
        return new CountryCells(country.iso(), country.predicate(), runs, nVisited, nIncluded,
                nVisited - nIncluded - nHole, nHole, country.notes());
    }

    /**
     * The country's boundary cells with their exact coverage fractions ({@link CoverageWalker}): every
     * other cell the predicate includes has the fraction 1.0. Independent of the predicate.
     */
    public CoverageFractions coverage(PreparedCountry country) {
        return coverage(country, country.rowLo(), country.rowHi());
    }

    /**
     * The boundary cells of rows {@code [rowFrom, rowTo]} only, each with the same value as in a walk of
     * the whole country; memory follows the rows, not the country. Thread-safe for distinct scanners.
     */
    public CoverageFractions coverage(PreparedCountry country, int rowFrom, int rowTo) {
        int from = Math.max(rowFrom, country.rowLo()), to = Math.min(rowTo, country.rowHi());
        int c0 = Integer.MAX_VALUE, c1 = -1;
        for (int[] w : country.windows()) {
            if (w != null) {
                c0 = Math.min(c0, w[2]);
                c1 = Math.max(c1, w[3]);
            }
        }
        if (to < from || c1 < c0) {
            return CoverageFractions.NONE;
        }
        return new CoverageWalker(g, axes).walk(country.shape(), from, to, c0, c1);
    }

    /** Rows per band of {@link #bands}: large enough that a band's fixed cost (a pass over the country's edges) is small. */
    public static final int BAND_ROWS = 512;

    /**
     * The country's rows in bands of {@link #BAND_ROWS}, each scanned by {@link #scanRows} as the iteration
     * reaches it: at most one band's runs exist at a time, whatever the grid.
     */
    public Iterable<CountryCells> bands(PreparedCountry country) {
        return () -> new java.util.Iterator<>() {
            private long next = country.rowLo();

            @Override
            public boolean hasNext() { return next <= country.rowHi(); }

            @Override
            public CountryCells next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                int from = (int) next;
                next += BAND_ROWS;
                return scanRows(country, from, (int) Math.min(country.rowHi(), next - 1));
            }
        };
    }

    /** The rows being scanned, inclusive. */
    private record RowRange(int from, int to) {}

    /** [row0, row1, col0, col1] of the axis' cells whose closed extent meets the polygon's bounding box, or null. */
    private int[] window(PolygonShape p, ColumnAxis axis) {
        int r0 = Math.max(0, search.firstRowEdgeAtOrBelow(p.maxY()) - 1);
        int r1 = Math.min(g.nrows() - 1, search.firstRowEdgeBelow(p.minY()) - 1);
        int c0 = Math.max(axis.start, axis.firstEdgeAtOrAfter(p.minX()) - 1);
        int c1 = Math.min(axis.end - 1, axis.firstEdgeAfter(p.maxX()) - 1);
        if (r0 > r1 || c0 > c1) {
            return null;
        }
        return new int[] {r0, r1, c0, c1};
    }

    // ------------------------------------------------------------------------------ center

    private void scanCentres(PolygonShape p, ColumnAxis axis, RowRange rows, RowIntervalAccumulator included,
                             RowIntervalAccumulator inShell) {
        int r0 = Math.max(rows.from(), search.firstRowCentreAtOrBelow(p.maxY()));
        int r1 = Math.min(rows.to(), search.firstRowCentreBelow(p.minY()) - 1);
        if (r0 > r1) {
            return;
        }
        RowEvents ev = new RowEvents(r0, r1 - r0 + 1);
        collectCrossings(p.shell(), false, r0, r1, axis, ev);
        boolean hasHoles = !p.holes().isEmpty();
        for (Ring h : p.holes()) {
            collectCrossings(h, true, r0, r1, axis, ev);
        }
        IntervalList parity = new IntervalList(), shell = new IntervalList();
        IntervalList bShell = new IntervalList(), bHole = new IntervalList();
        for (int i = 0; i < ev.rows; i++) {
            int r = r0 + i;
            int nt = ev.tSize[i];
            if (nt == 0 && ev.bSize[i] == 0) {
                continue;
            }
            int[] ts = ev.t[i];
            if (ts != null) {
                Arrays.sort(ts, 0, nt);
            }
            parity.clear();
            shell.clear();
            int shellCount = 0;
            for (int k = 0; k < nt; k++) {
                int col = ts[k] >> 1;
                parity.toggleAt(col);
                if ((ts[k] & 1) == 0) {
                    shell.toggleAt(col);
                    shellCount++;
                }
            }
            if ((nt & 1) != 0 || (shellCount & 1) != 0) {
                throw new IllegalStateException("odd crossing count at row " + r);
            }
            if (ev.bSize[i] == 0) {
                parity.emit(r, included);
                (hasHoles ? shell : parity).emit(r, inShell);
                continue;
            }
            bShell.clear();
            bHole.clear();
            int[] b = ev.b[i];
            for (int k = 0; k < ev.bSize[i]; k += 2) {
                (((b[k + 1] & 1) == 0) ? bShell : bHole).addInterval(b[k], b[k + 1] >> 1);
            }
            bShell.normalize();
            bHole.normalize();
            parity.unionWith(bShell);
            parity.subtract(bHole);
            parity.emit(r, included);
            shell.unionWith(bShell);
            shell.emit(r, inShell);
        }
    }

    /** Locates every non-horizontal edge against the centre rows it spans; horizontal edges give boundary runs. */
    private void collectCrossings(Ring ring, boolean hole, int r0, int r1, ColumnAxis axis, RowEvents ev) {
        int n = ring.size();
        int holeBit = hole ? 1 : 0;
        // edges wholly above the first centre or below the last one reach none of these rows
        double top = g.centroidLat(r0), bottom = g.centroidLat(r1);
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            double x1 = ring.x(i), y1 = ring.y(i), x2 = ring.x(j), y2 = ring.y(j);
            if ((y1 > top && y2 > top) || (y1 < bottom && y2 < bottom)) {
                continue;
            }
            if (y1 == y2) {
                int r = search.rowWithCentreAt(y1);
                if (r >= r0 && r <= r1) {
                    int cs = axis.firstCentreAtOrAfter(Math.min(x1, x2));
                    int ce = axis.firstCentreAfter(Math.max(x1, x2));
                    if (cs < ce) {
                        ev.addBoundary(r - r0, cs, ce, holeBit);
                    }
                }
                continue;
            }
            double ylo = Math.min(y1, y2), yhi = Math.max(y1, y2);
            int ra = Math.max(r0, search.firstRowCentreAtOrBelow(yhi));
            int rb = Math.min(r1, search.firstRowCentreBelow(ylo) - 1);
            double invSlope = (x2 - x1) / (y2 - y1);
            for (int r = ra; r <= rb; r++) {
                double y = g.centroidLat(r);
                double xEst = x1 + (y - y1) * invSlope;
                int c = firstCentreAtOrEastOfLine(axis, xEst, y, x1, y1, x2, y2);
                boolean on = c < axis.end && Orientation.compareToLine(axis.centre(c), y, x1, y1, x2, y2) == 0;
                if (on) {
                    ev.addBoundary(r - r0, c, c + 1, holeBit);
                }
                if (y < yhi) {
                    ev.addCrossing(r - r0, on ? c + 1 : c, holeBit);
                }
            }
        }
    }

    /** Smallest column c in [start, end] of the axis whose centre is not west of the edge's line at latitude y. */
    private static int firstCentreAtOrEastOfLine(ColumnAxis axis, double xEst, double y,
                                                 double x1, double y1, double x2, double y2) {
        double est = axis.centreEstimate(xEst);
        int s = axis.start, e = axis.end;
        int c = !(est > s) ? s : est >= e ? e : (int) est;
        while (c > s && Orientation.compareToLine(axis.centre(c - 1), y, x1, y1, x2, y2) >= 0) c--;
        while (c < e && Orientation.compareToLine(axis.centre(c), y, x1, y1, x2, y2) < 0) c++;
        return c;
    }

    // ------------------------------------------------------------------------------ any_overlap

    /** Adds the axis' cells whose open interior the ring's edges pass through. */
    private void edgeCells(Ring ring, ColumnAxis axis, RowRange rows, RowIntervalAccumulator out) {
        int n = ring.size();
        // edges wholly above the rows' top line or below their bottom line pass through none of their cells
        double top = g.rowEdgeLat(rows.from()), bottom = g.rowEdgeLat(rows.to() + 1L);
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            double x1 = ring.x(i), y1 = ring.y(i), x2 = ring.x(j), y2 = ring.y(j);
            if ((y1 > top && y2 > top) || (y1 < bottom && y2 < bottom)) {
                continue;
            }
            if (x1 == x2 && y1 == y2) {
                continue; // zero-length edge: no interior to pass through
            }
            if (y1 == y2) {
                // horizontal: only a row whose open band contains y
                int r = search.firstRowEdgeBelow(y1) - 1; // last line at or above y
                if (r < rows.from() || r > rows.to() || !(g.rowEdgeLat(r) > y1)) {
                    continue; // on a grid line (or outside): touches cells along their sides only
                }
                addColumns(out, axis, r, Math.min(x1, x2), Double.NaN, Math.max(x1, x2), Double.NaN, x1, y1, x2, y2);
                continue;
            }
            double ylo = Math.min(y1, y2), yhi = Math.max(y1, y2);
            double xlo = y1 < y2 ? x1 : x2, xhi = y1 < y2 ? x2 : x1;
            int ra = Math.max(rows.from(), search.firstRowEdgeBelow(yhi) - 1);
            int rb = Math.min(rows.to(), search.firstRowEdgeAtOrBelow(ylo) - 1);
            boolean eastward = (xhi > xlo); // x grows with y
            for (int r = ra; r <= rb; r++) {
                double yb = g.rowEdgeLat(r + 1), yt = g.rowEdgeLat(r);
                // the clipped piece's two ends: an exact vertex, or the edge's crossing of a band line
                double lowX = ylo >= yb ? xlo : Double.NaN, lowY = ylo >= yb ? Double.NaN : yb;
                double highX = yhi <= yt ? xhi : Double.NaN, highY = yhi <= yt ? Double.NaN : yt;
                if (x1 == x2) {
                    addColumns(out, axis, r, x1, Double.NaN, x1, Double.NaN, x1, y1, x2, y2);
                } else if (eastward) {
                    addColumns(out, axis, r, lowX, lowY, highX, highY, x1, y1, x2, y2);
                } else {
                    addColumns(out, axis, r, highX, highY, lowX, lowY, x1, y1, x2, y2);
                }
            }
        }
    }

    /**
     * Adds the axis' columns c of row r with edge(c) < b and edge(c+1) > a, where a (the west end) and b
     * (the east end) are each an exact x, or (when x is NaN) the edge's crossing of latitude y.
     */
    private static void addColumns(RowIntervalAccumulator out, ColumnAxis axis, int r, double ax, double ay,
                                   double bx, double by, double x1, double y1, double x2, double y2) {
        double aEst = Double.isNaN(ax) ? x1 + (ay - y1) * (x2 - x1) / (y2 - y1) : ax;
        double bEst = Double.isNaN(bx) ? x1 + (by - y1) * (x2 - x1) / (y2 - y1) : bx;
        // cf = largest c in [start-1, end] with edge(c) <= a
        int cf = lastLineWestOf(axis, aEst, ax, ay, true, x1, y1, x2, y2);
        // cl = largest c with edge(c) < b
        int cl = lastLineWestOf(axis, bEst, bx, by, false, x1, y1, x2, y2);
        cf = Math.max(cf, axis.start);
        cl = Math.min(cl, axis.end - 1);
        if (cf <= cl) {
            out.add(r, cf, cl + 1);
        }
    }

    /** Largest line k in [start-1, end] with edge(k) <= v (orEqual) or < v, v as in {@link #addColumns}. */
    private static int lastLineWestOf(ColumnAxis axis, double est, double vx, double vy, boolean orEqual,
                                      double x1, double y1, double x2, double y2) {
        double e = axis.edgeEstimate(est);
        int lo = axis.start - 1, hi = axis.end;
        int k = !(e > lo) ? lo : e >= hi ? hi : (int) e;
        int limit = orEqual ? 0 : -1; // accept while cmp <= limit
        while (k < hi && cmpLine(axis, k + 1, vx, vy, x1, y1, x2, y2) <= limit) k++;
        while (k > lo && cmpLine(axis, k, vx, vy, x1, y1, x2, y2) > limit) k--;
        return k;
    }

    /** Sign of edge(k) - v. */
    private static int cmpLine(ColumnAxis axis, int k, double vx, double vy, double x1, double y1, double x2, double y2) {
        double xl = axis.edge(k);
        if (!Double.isNaN(vx)) {
            return xl < vx ? -1 : xl > vx ? 1 : 0;
        }
        return Orientation.compareToLine(xl, vy, x1, y1, x2, y2);
    }

    // ------------------------------------------------------------------------------ helpers

    static long intersectionCount(CellRuns a, CellRuns b) {
        long n = 0;
        int i = 0, j = 0;
        while (i < a.size() && j < b.size()) {
            long ar = a.row(i), br = b.row(j);
            if (ar != br) {
                if (ar < br) i++; else j++;
                continue;
            }
            int s = Math.max(a.start(i), b.start(j)), e = Math.min(a.end(i), b.end(j));
            if (e > s) {
                n += e - s;
            }
            if (a.end(i) < b.end(j)) i++; else j++;
        }
        return n;
    }

    /** Per-row crossings ({@code t << 1 | hole}) and boundary runs ({@code start, end << 1 | hole}). */
    private static final class RowEvents {
        final int rows;
        final int[][] t, b;
        final int[] tSize, bSize;

        RowEvents(int base, int rows) {
            this.rows = rows;
            t = new int[rows][];
            b = new int[rows][];
            tSize = new int[rows];
            bSize = new int[rows];
        }

        void addCrossing(int i, int col, int holeBit) {
            int[] a = t[i];
            if (a == null) {
                a = t[i] = new int[4];
            } else if (tSize[i] == a.length) {
                a = t[i] = Arrays.copyOf(a, a.length * 2);
            }
            a[tSize[i]++] = col << 1 | holeBit;
        }

        void addBoundary(int i, int start, int end, int holeBit) {
            int[] a = b[i];
            if (a == null) {
                a = b[i] = new int[4];
            } else if (bSize[i] + 2 > a.length) {
                a = b[i] = Arrays.copyOf(a, a.length * 2);
            }
            a[bSize[i]++] = start;
            a[bSize[i]++] = end << 1 | holeBit;
        }
    }
}
