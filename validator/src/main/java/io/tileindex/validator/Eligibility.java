package io.tileindex.validator;

import org.locationtech.jts.geom.Envelope;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static io.tileindex.validator.Findings.ex;

/**
 * SPEC §3 eligibility recomputed per cell with JTS ({@link CountryShape}) and compared with the
 * cells the partition holds for one country. Nothing here shares code with the production scan.
 *
 * <p>The check is planned before the partition is read and fed while it streams ({@link #accept}),
 * so it holds only what it will test, never every indexed cell. Which cells are tested: the
 * country's bounding box (every grid cell that could possibly be eligible, copies across ±180°
 * included) is tested cell by cell when it has at most {@link #EXHAUSTIVE_LIMIT} cells; the box's
 * indexed cells are then kept as runs. A larger box gets a deterministic sample of at least
 * {@link #SAMPLE_CELLS} cells: windows of {@link #WINDOW} consecutive cells of one grid row at
 * positions drawn uniformly from the box with a seed from the parameter hash and the country code, so
 * inside and outside cells and the boundary between them are all tested; only the indexed cells
 * inside the windows are kept. Indexed cells outside the box cannot be eligible: each is a failure,
 * counted as it streams past. A failure count counts failing tests (overlapping windows may test a
 * cell twice).
 *
 * <p>Each cell is tested where SPEC §2 puts it: shifted by ±360° when its formula centre lies outside
 * [-180, 180). The box's columns are those whose formula position, or that position ±360°, can meet
 * the country, so shifted columns at either end of the grid are covered.
 */
final class Eligibility {
    static final long EXHAUSTIVE_LIMIT = 2_000_000;
    static final int SAMPLE_CELLS = 1_000_000;
    /** Cells per sample window: long enough to cross a boundary, short enough to spread over the box. */
    static final int WINDOW = 1024;
    private static final long CELLS_PER_TASK = 400_000;
    /** Cells of a row whose centres are decided together (see {@link #centres}). */
    private static final int STRETCH = 4096;

    /** One unit of work; {@link #call()} returns its failures, in cell order within the unit. */
    interface Task {
        Findings call();
        long estimatedCells();
    }

    private final String iso;
    private final CountryShape region;
    /** Exhaustive mode: the indexed cells inside the box. Sampled mode: unused. */
    private final CellRuns indexed = new CellRuns();
    /** Sampled mode: windows by ascending first tile, their rows, first columns and lengths, and their indexed cells. */
    private long[] winTile = new long[0];
    private long[] winRow = new long[0], winCol = new long[0];
    private int[] winLen = new int[0];
    private CellRuns[] winIndexed = new CellRuns[0];
    private long outsideCells, outsideFirst = -1;
    private final GridFormulas g;
    private final boolean center;
    private final String predicate;
    private final long r0, r1;
    private final long[] colLo, colHi; // inclusive column intervals of the box, ascending, disjoint
    private final long width;
    final AtomicLong tested = new AtomicLong();

    /**
     * Plans the check of one country: its box, and in sampled mode its windows, seeded by
     * {@link #seed(String, String) the parameter hash and the country}.
     */
    Eligibility(String iso, CountryShape region, GridFormulas g, String predicate, String parameterHash) {
        this.iso = iso;
        this.region = region;
        this.g = g;
        this.predicate = predicate;
        this.center = predicate.equals("center");
        Envelope env = region.envelope();
        List<long[]> cols = new ArrayList<>();
        long lo = 0, hi = -1;
        if (!region.isEmpty()) {
            // every cell whose closed box meets the envelope, one cell of slack against rounding
            lo = Math.max(0, (long) Math.floor((env.getMaxY() - g.gt3) / g.gt5) - 1);
            hi = Math.min(g.nrows - 1, (long) Math.ceil((env.getMinY() - g.gt3) / g.gt5) + 1);
            for (double[] x : shiftedXRanges(region.xRanges())) {
                long a = Math.max(0, (long) Math.floor((x[0] - g.gt0) / g.gt1) - 1);
                long b = Math.min(g.ncols - 1, (long) Math.ceil((x[1] - g.gt0) / g.gt1) + 1);
                if (a > b) {
                    continue;
                }
                if (!cols.isEmpty() && a <= cols.getLast()[1] + 1) {
                    cols.getLast()[1] = Math.max(cols.getLast()[1], b);
                } else {
                    cols.add(new long[] {a, b});
                }
            }
        }
        r0 = lo;
        r1 = cols.isEmpty() ? lo - 1 : hi;
        colLo = cols.stream().mapToLong(c -> c[0]).toArray();
        colHi = cols.stream().mapToLong(c -> c[1]).toArray();
        long w = 0;
        for (int i = 0; i < colLo.length; i++) {
            w += colHi[i] - colLo[i] + 1;
        }
        width = w;
        if (!exhaustive()) {
            planWindows(seed(parameterHash, iso));
        }
    }

    /**
     * The x-ranges in formula longitudes that shifted cells may occupy too: each range as is and moved
     * by ±360°, sorted by start. Needed only when some column shifts (otherwise the ranges as given).
     */
    private List<double[]> shiftedXRanges(List<double[]> ranges) {
        if (g.shift(0) == 0.0 && g.shift(g.ncols - 1) == 0.0) {
            return ranges;
        }
        List<double[]> out = new ArrayList<>();
        for (double[] x : ranges) {
            for (double d : new double[] {-360.0, 0.0, 360.0}) {
                out.add(new double[] {x[0] + d, x[1] + d});
            }
        }
        out.sort((p, q) -> Double.compare(p[0], q[0]));
        return out;
    }

    /** The country's area as this check tests it (also for the coverage_fraction sample). */
    CountryShape region() { return region; }

    long boxCells() { return r1 < r0 ? 0 : (r1 - r0 + 1) * width; }

    boolean exhaustive() { return boxCells() <= EXHAUSTIVE_LIMIT; }

    /** Draws windows until they hold {@link #SAMPLE_CELLS} cells, then orders them by first tile. */
    private void planWindows(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<long[]> wins = new ArrayList<>();
        long cells = boxCells(), total = 0;
        while (total < SAMPLE_CELLS) {
            long u = rnd.nextLong(cells);
            long r = r0 + u / width, off = u % width;
            int k = 0;
            while (off >= colHi[k] - colLo[k] + 1) {
                off -= colHi[k] - colLo[k] + 1;
                k++;
            }
            long c = colLo[k] + off;
            int len = (int) Math.min(WINDOW, colHi[k] - c + 1);
            wins.add(new long[] {r * g.ncols + c, r, c, len});
            total += len;
        }
        wins.sort((a, b) -> Long.compare(a[0], b[0]));
        int n = wins.size();
        winTile = new long[n];
        winRow = new long[n];
        winCol = new long[n];
        winLen = new int[n];
        winIndexed = new CellRuns[n];
        for (int i = 0; i < n; i++) {
            long[] w = wins.get(i);
            winTile[i] = w[0];
            winRow[i] = w[1];
            winCol[i] = w[2];
            winLen[i] = (int) w[3];
            winIndexed[i] = new CellRuns();
        }
    }

    /** The sample windows as {row, first column, cells}, by first tile (empty in exhaustive mode). */
    List<long[]> windows() {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < winTile.length; i++) {
            out.add(new long[] {winRow[i], winCol[i], winLen[i]});
        }
        return out;
    }

    /** Cells in the sample windows (sampled mode), or in the box (exhaustive mode). */
    long plannedCells() {
        long n = 0;
        for (int len : winLen) {
            n += len;
        }
        return exhaustive() ? boxCells() : n;
    }

    /**
     * The partition holds cells {@code [c0, c1)} of grid row {@code row} for this country. Keeps what
     * the check will test and counts cells outside the box. Thread-safe; any order.
     */
    void accept(long row, long c0, long c1) {
        long inBox = 0;
        if (row >= r0 && row <= r1) {
            for (int k = 0; k < colLo.length; k++) {
                long a = Math.max(c0, colLo[k]), b = Math.min(c1, colHi[k] + 1);
                if (a < b) {
                    inBox += b - a;
                    keep(row, a, b);
                }
            }
        }
        if (inBox < c1 - c0) {
            outside(row, c0, c1);
        }
    }

    private void keep(long row, long a, long b) {
        long t0 = row * g.ncols + a, t1 = row * g.ncols + b;
        if (exhaustive()) {
            synchronized (indexed) {
                indexed.addRun(t0, t1);
            }
            return;
        }
        // windows starting before t1 and ending after t0: at most WINDOW cells before t0
        int i = firstWindowFrom(t0 - WINDOW + 1);
        for (; i < winTile.length && winTile[i] < t1; i++) {
            long s = Math.max(t0, winTile[i]), e = Math.min(t1, winTile[i] + winLen[i]);
            if (s < e) {
                synchronized (winIndexed[i]) {
                    winIndexed[i].addRun(s, e);
                }
            }
        }
    }

    private int firstWindowFrom(long tile) {
        int lo = 0, hi = winTile.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (winTile[m] < tile) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    /** Cells of {@code [c0, c1)} outside the box: counted, and the least one kept to be tested and shown. */
    private synchronized void outside(long row, long c0, long c1) {
        for (long c = c0; c < c1; c++) {
            if (row < r0 || row > r1 || !inColumns(c)) {
                outsideCells++;
                long t = row * g.ncols + c;
                if (outsideFirst < 0 || t < outsideFirst) {
                    outsideFirst = t;
                }
            }
        }
    }

    /** The units of work for this country, once the partition has been read, in the order their findings are merged. */
    List<Task> tasks() {
        List<Task> out = new ArrayList<>();
        if (exhaustive()) {
            indexed.normalize();
            long rowsPerTask = Math.max(1, CELLS_PER_TASK / Math.max(1, width));
            for (long r = r0; r <= r1; r += rowsPerTask) {
                long from = r, to = Math.min(r1, r + rowsPerTask - 1);
                out.add(task((to - from + 1) * width, () -> scanBox(from, to)));
            }
        } else {
            int from = 0;
            long cells = 0;
            for (int i = 0; i < winTile.length; i++) {
                cells += winLen[i];
                if (cells >= CELLS_PER_TASK || i == winTile.length - 1) {
                    int a = from, b = i + 1;
                    out.add(task(cells, () -> scanWindows(a, b)));
                    from = i + 1;
                    cells = 0;
                }
            }
        }
        out.add(task(0, this::indexedOutsideBox));
        return out;
    }

    private Task task(long cells, Supplier<Findings> work) {
        return new Task() {
            @Override
            public Findings call() {
                try {
                    return work.get();
                } catch (RuntimeException e) {
                    // a JTS failure on one country must not hide the verdict on the others
                    Findings f = new Findings();
                    f.fail(Check.ELIGIBILITY, ex("country_iso", iso, "reason", "JTS failed while testing cells: " + e));
                    return f;
                }
            }

            @Override
            public long estimatedCells() { return cells; }
        };
    }

    /** Seed from SHA-256(parameter hash, country): the same partition always gets the same sample. */
    static long seed(String parameterHash, String iso) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((parameterHash + "/eligibility/" + iso).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Findings scanBox(long fromRow, long toRow) {
        Findings f = new Findings();
        CountryShape.BoxTester box = center ? null : region.boxTester();
        boolean[] eligible = new boolean[STRETCH];
        long n = 0;
        for (long r = fromRow; r <= toRow; r++) {
            for (int i = 0; i < colLo.length; i++) {
                int run = indexed.firstRunEndingAfter(r * g.ncols + colLo[i]);
                for (long a = colLo[i]; a <= colHi[i]; a += STRETCH) {
                    long b = Math.min(colHi[i], a + STRETCH - 1);
                    if (center) {
                        centres(r, a, b, eligible, a);
                    }
                    for (long c = a; c <= b; c++) {
                        long tile = r * g.ncols + c;
                        while (run < indexed.runs() && indexed.end(run) <= tile) {
                            run++;
                        }
                        boolean in = run < indexed.runs() && indexed.start(run) <= tile;
                        report(f, r, c, center ? eligible[(int) (c - a)] : overlaps(box, r, c), in);
                        n++;
                    }
                }
            }
        }
        tested.addAndGet(n);
        return f;
    }

    /**
     * The centre rule for cells {@code [a, b]} of row {@code r}, into {@code out[c - base]}. Exact, and
     * mostly without a point-in-polygon test per cell: a stretch of centres whose closed segment meets
     * no boundary segment of the country (and whose cells share one SPEC §2 shift, so the segment is
     * where they are written) lies wholly inside or wholly outside, so JTS tests its first centre only;
     * any other stretch is halved, down to single cells, each tested by JTS.
     */
    private void centres(long r, long a, long b, boolean[] out, long base) {
        double y = g.centroidLat(r), xa = g.writtenCentroidLon(a);
        if (a == b) {
            out[(int) (a - base)] = region.containsCentre(xa, y);
            return;
        }
        double xb = g.writtenCentroidLon(b);
        if (g.shiftOf(a) == g.shiftOf(b) && !region.boundaryMeets(xa, xb, y)) {
            java.util.Arrays.fill(out, (int) (a - base), (int) (b - base) + 1, region.containsCentre(xa, y));
            return;
        }
        long m = (a + b) >>> 1;
        centres(r, a, m, out, base);
        centres(r, m + 1, b, out, base);
    }

    private Findings scanWindows(int from, int to) {
        Findings f = new Findings();
        CountryShape.BoxTester box = center ? null : region.boxTester();
        boolean[] eligible = new boolean[WINDOW];
        long n = 0;
        for (int i = from; i < to; i++) {
            CellRuns in = winIndexed[i];
            in.normalize();
            long r = winRow[i], a = winCol[i], b = winCol[i] + winLen[i] - 1;
            if (center) {
                centres(r, a, b, eligible, a);
            }
            for (long c = a; c <= b; c++) {
                report(f, r, c, center ? eligible[(int) (c - a)] : overlaps(box, r, c), in.contains(r * g.ncols + c));
                n++;
            }
        }
        tested.addAndGet(n);
        return f;
    }

    /** Indexed cells outside the box cannot be eligible: the least is tested (to show it), all are counted. */
    private Findings indexedOutsideBox() {
        Findings f = new Findings();
        if (outsideCells > 0) {
            Findings first = new Findings();
            long r = outsideFirst / g.ncols, c = outsideFirst % g.ncols;
            compare(first, center ? null : region.boxTester(), r, c, true);
            tested.incrementAndGet();
            Object example = first.failed(Check.ELIGIBILITY) ? first.example(Check.ELIGIBILITY)
                    : ex("country_iso", iso, "tile_id", outsideFirst, "raster_row", r, "raster_col", c,
                    "reason", "in tile_index but outside the country's bounding box");
            f.fail(Check.ELIGIBILITY, outsideCells, example);
        }
        return f;
    }

    private boolean inColumns(long c) {
        for (int k = 0; k < colLo.length; k++) {
            if (c >= colLo[k] && c <= colHi[k]) {
                return true;
            }
        }
        return false;
    }

    private void compare(Findings f, CountryShape.BoxTester box, long r, long c, boolean indexedCell) {
        report(f, r, c, center ? region.containsCentre(g.writtenCentroidLon(c), g.centroidLat(r)) : overlaps(box, r, c),
                indexedCell);
    }

    private boolean overlaps(CountryShape.BoxTester box, long r, long c) {
        return box.overlaps(g.writtenMinLon(c), g.writtenMaxLon(c), g.minLat(r), g.maxLat(r));
    }

    private void report(Findings f, long r, long c, boolean eligible, boolean indexedCell) {
        if (eligible != indexedCell) {
            f.fail(Check.ELIGIBILITY, ex("country_iso", iso, "tile_id", r * g.ncols + c, "raster_row", r,
                    "raster_col", c, "centroid_lon", g.writtenCentroidLon(c), "centroid_lat", g.centroidLat(r),
                    "eligible", eligible, "indexed", indexedCell,
                    "reason", eligible ? "eligible under '" + predicate + "' (JTS) but missing from tile_index"
                            : "in tile_index but not eligible under '" + predicate + "' (JTS)"));
        }
    }
}
