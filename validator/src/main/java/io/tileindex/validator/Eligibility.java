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
 * tile ids the partition holds for one country. Nothing here shares code with the production scan.
 *
 * <p>Which cells are tested: the country's bounding box (every grid cell that could possibly be
 * eligible, copies across ±180° included) is tested cell by cell when it has at most
 * {@link #EXHAUSTIVE_LIMIT} cells. Larger boxes get a uniform sample of {@link #SAMPLE_CELLS} cells,
 * seeded by the parameter hash and the country code, plus the neighbourhood of every run of indexed
 * cells: both ends of each run, the cells just outside them, and the cells above and below both ends,
 * which is where a wrong decision would show. Indexed cells outside the box are tested one by one.
 * A failure count counts failing tests: in the sampled mode one cell may be tested more than once.
 *
 * <p>Each cell is tested where SPEC §2 puts it: shifted by ±360° when its formula centre lies outside
 * [-180, 180). The box's columns are those whose formula position, or that position ±360°, can meet
 * the country, so shifted columns at either end of the grid are covered.
 */
final class Eligibility {
    static final long EXHAUSTIVE_LIMIT = 2_000_000;
    static final int SAMPLE_CELLS = 1_000_000;
    private static final long CELLS_PER_TASK = 400_000;

    /** One unit of work; {@link #call()} returns its failures, in cell order within the unit. */
    interface Task {
        Findings call();
        long estimatedCells();
    }

    private final String iso;
    private final CountryShape region;
    private final CellRuns indexed;
    private final GridFormulas g;
    private final boolean center;
    private final String predicate;
    private final long r0, r1;
    private final long[] colLo, colHi; // inclusive column intervals of the box, ascending, disjoint
    private final long width;
    final AtomicLong tested = new AtomicLong();

    Eligibility(String iso, CountryShape region, CellRuns indexed, GridFormulas g, String predicate) {
        this.iso = iso;
        this.region = region;
        this.indexed = indexed;
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

    long boxCells() { return r1 < r0 ? 0 : (r1 - r0 + 1) * width; }

    boolean exhaustive() { return boxCells() <= EXHAUSTIVE_LIMIT; }

    /** The units of work for this country, in the order their findings are merged. */
    List<Task> tasks(String parameterHash) {
        List<Task> out = new ArrayList<>();
        if (exhaustive()) {
            long rowsPerTask = Math.max(1, CELLS_PER_TASK / Math.max(1, width));
            for (long r = r0; r <= r1; r += rowsPerTask) {
                long from = r, to = Math.min(r1, r + rowsPerTask - 1);
                out.add(task((to - from + 1) * width, () -> scanBox(from, to)));
            }
        } else {
            long seed = seed(parameterHash, iso);
            int per = (int) CELLS_PER_TASK;
            for (int s = 0, k = 0; s < SAMPLE_CELLS; s += per, k++) {
                int n = Math.min(per, SAMPLE_CELLS - s);
                long taskSeed = seed + 0x9E3779B97F4A7C15L * (k + 1);
                out.add(task(n, () -> sample(taskSeed, n)));
            }
            int runsPerTask = (int) (CELLS_PER_TASK / 8);
            for (int i = 0; i < indexed.runs(); i += runsPerTask) {
                int from = i, to = Math.min(indexed.runs(), i + runsPerTask);
                out.add(task(8L * (to - from), () -> runNeighbourhoods(from, to)));
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
        long n = 0;
        for (long r = fromRow; r <= toRow; r++) {
            for (int i = 0; i < colLo.length; i++) {
                long t0 = r * g.ncols + colLo[i];
                int run = indexed.firstRunEndingAfter(t0);
                for (long c = colLo[i]; c <= colHi[i]; c++) {
                    long tile = r * g.ncols + c;
                    while (run < indexed.runs() && indexed.end(run) <= tile) {
                        run++;
                    }
                    boolean in = run < indexed.runs() && indexed.start(run) <= tile;
                    compare(f, box, r, c, in);
                    n++;
                }
            }
        }
        tested.addAndGet(n);
        return f;
    }

    private Findings sample(long seed, int n) {
        Findings f = new Findings();
        CountryShape.BoxTester box = center ? null : region.boxTester();
        SplittableRandom rnd = new SplittableRandom(seed);
        long cells = boxCells();
        for (int i = 0; i < n; i++) {
            long u = rnd.nextLong(cells);
            long r = r0 + u / width, off = u % width, c = -1;
            for (int k = 0; k < colLo.length; k++) {
                long len = colHi[k] - colLo[k] + 1;
                if (off < len) {
                    c = colLo[k] + off;
                    break;
                }
                off -= len;
            }
            compare(f, box, r, c, indexed.contains(r * g.ncols + c));
        }
        tested.addAndGet(n);
        return f;
    }

    private Findings runNeighbourhoods(int from, int to) {
        Findings f = new Findings();
        CountryShape.BoxTester box = center ? null : region.boxTester();
        long cells = g.cells(), n = 0;
        for (int i = from; i < to; i++) {
            long s = indexed.start(i), e = indexed.end(i);
            long[] probe = {s - 1, s, e - 1, e, s - g.ncols, s + g.ncols, e - 1 - g.ncols, e - 1 + g.ncols};
            for (long t : probe) {
                if (t >= 0 && t < cells) {
                    compare(f, box, t / g.ncols, t % g.ncols, indexed.contains(t));
                    n++;
                }
            }
        }
        tested.addAndGet(n);
        return f;
    }

    /** Indexed cells the box does not cover cannot be eligible; each is tested anyway, to report it. */
    private Findings indexedOutsideBox() {
        Findings f = new Findings();
        CountryShape.BoxTester box = center ? null : region.boxTester();
        for (int i = 0; i < indexed.runs(); i++) {
            long s = indexed.start(i), e = indexed.end(i);
            if (s / g.ncols >= r0 && (e - 1) / g.ncols <= r1 && s / g.ncols == (e - 1) / g.ncols
                    && inColumns(s % g.ncols) && inSameInterval(s % g.ncols, (e - 1) % g.ncols)) {
                continue;
            }
            for (long t = s; t < e; t++) {
                long r = t / g.ncols, c = t % g.ncols;
                if (r < r0 || r > r1 || !inColumns(c)) {
                    compare(f, box, r, c, true);
                    tested.incrementAndGet();
                }
            }
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

    private boolean inSameInterval(long a, long b) {
        for (int k = 0; k < colLo.length; k++) {
            if (a >= colLo[k] && a <= colHi[k]) {
                return b >= colLo[k] && b <= colHi[k];
            }
        }
        return false;
    }

    private void compare(Findings f, CountryShape.BoxTester box, long r, long c, boolean indexedCell) {
        boolean eligible = center ? region.containsCentre(g.writtenCentroidLon(c), g.centroidLat(r))
                : box.overlaps(g.writtenMinLon(c), g.writtenMaxLon(c), g.minLat(r), g.maxLat(r));
        if (eligible != indexedCell) {
            f.fail(Check.ELIGIBILITY, ex("country_iso", iso, "tile_id", r * g.ncols + c, "raster_row", r,
                    "raster_col", c, "centroid_lon", g.writtenCentroidLon(c), "centroid_lat", g.centroidLat(r),
                    "eligible", eligible, "indexed", indexedCell,
                    "reason", eligible ? "eligible under '" + predicate + "' (JTS) but missing from tile_index"
                            : "in tile_index but not eligible under '" + predicate + "' (JTS)"));
        }
    }
}
