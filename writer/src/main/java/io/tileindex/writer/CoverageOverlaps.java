package io.tileindex.writer;

import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryScanner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where the countries' coverage fractions add up to more than one cell: the cells that two or more
 * countries include and whose fractions sum past {@code 1 + 1e-9}, which happens only where their
 * polygons overlap. Found from every pair of countries whose windows meet (their cells in common, runs
 * intersected row by row), then grouped by cell over all pairs, so a cell of three countries is judged
 * on all three. Stateless.
 */
public final class CoverageOverlaps {
    /** Fractions are exact to about 1e-15; a sum beyond this is an overlap, not rounding. */
    public static final double TOLERANCE = 1e-9;

    private CoverageOverlaps() {}

    /**
     * Countries whose polygons overlap: their codes, sorted; the cells where their fractions sum past one;
     * and {@code Σ (sum − 1) × pixel_area_m2} over those cells in km², the overlap's area in a cell wherever the
     * countries' union covers it (a lower bound elsewhere).
     */
    public record Overlap(List<String> countries, long tiles, double km2) {}

    /** @param sharedCells cells included by two or more countries (overlapping or sharing a border cell) */
    public record Result(List<Overlap> overlaps, long sharedCells) {}

    /** The overlaps of scanned countries with coverage fractions ({@link ScannedCountry#coverage()}). */
    public static Result of(Grid grid, ScannedCountry[] countries, double[] rowArea) {
        int[][] box = new int[countries.length][];
        for (int i = 0; i < countries.length; i++) {
            box[i] = countries[i].cellsIncluded() == 0 ? null : window(grid, countries[i]);
        }
        SharedCells shared = new SharedCells();
        CountryScanner scanner = new CountryScanner(grid);
        for (int i = 0; i < countries.length; i++) {
            for (int j = i + 1; j < countries.length; j++) {
                int[] a = box[i], b = box[j];
                if (a != null && b != null && a[0] <= b[1] && b[0] <= a[1] && a[2] <= b[3] && b[2] <= a[3]) {
                    int r0 = Math.max(a[0], b[0]), r1 = Math.min(a[1], b[1]);
                    intersect(grid, runs(scanner, countries[i], r0, r1), runs(scanner, countries[j], r0, r1), r0, r1, i, j, shared);
                }
            }
        }
        return judge(grid, countries, rowArea, shared);
    }

    /** {@code [row0, row1, col0, col1]} of the country's included cells: its tiles' rows, its polygons' windows' columns. */
    private static int[] window(Grid grid, ScannedCountry c) {
        int[] w = {(int) (c.tileIdMin() / grid.ncols()), (int) (c.tileIdMax() / grid.ncols()), Integer.MAX_VALUE, -1};
        for (int[] pw : c.prepared().windows()) {
            if (pw != null) {
                w[2] = Math.min(w[2], pw[2]);
                w[3] = Math.max(w[3], pw[3]);
            }
        }
        return w;
    }

    /** The country's runs in rows {@code [r0, r1]}: its retained runs, or those rows scanned again. */
    private static CellRuns runs(CountryScanner scanner, ScannedCountry c, int r0, int r1) {
        return c.runsComplete() ? c.cells().runs() : scanner.scanRows(c.prepared(), r0, r1).runs();
    }

    private static void intersect(Grid grid, CellRuns a, CellRuns b, int r0, int r1, int ia, int ib, SharedCells out) {
        int i = firstRunAtOrAfter(a, r0), j = firstRunAtOrAfter(b, r0);
        while (i < a.size() && j < b.size() && a.row(i) <= r1 && b.row(j) <= r1) {
            if (a.row(i) != b.row(j)) {
                if (a.row(i) < b.row(j)) i++; else j++;
                continue;
            }
            int s = Math.max(a.start(i), b.start(j)), e = Math.min(a.end(i), b.end(j));
            for (int c = s; c < e; c++) {
                out.add(grid.tileId(a.row(i), c), ia, ib);
            }
            if (a.end(i) <= b.end(j)) i++; else j++;
        }
    }

    private static int firstRunAtOrAfter(CellRuns r, int row) {
        int lo = 0, hi = r.size();
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (r.row(m) < row) lo = m + 1; else hi = m;
        }
        return lo;
    }

    /** Groups the shared cells by tile; a cell whose countries' fractions sum past one is an overlap. */
    private static Result judge(Grid grid, ScannedCountry[] countries, double[] rowArea, SharedCells shared) {
        long[] order = shared.sortedByTile();
        Map<String, long[]> tiles = new TreeMap<>();
        Map<String, Double> km2 = new TreeMap<>();
        long cells = 0;
        TreeSet<Integer> members = new TreeSet<>();
        for (int k = 0; k < order.length; ) {
            long tile = shared.tile[(int) order[k]];
            members.clear();
            for (; k < order.length && shared.tile[(int) order[k]] == tile; k++) {
                members.add(shared.a[(int) order[k]]);
                members.add(shared.b[(int) order[k]]);
            }
            cells++;
            double sum = 0;
            List<String> isos = new ArrayList<>();
            for (int m : members) {
                sum += countries[m].coverage().fractionOf(tile);
                isos.add(countries[m].iso());
            }
            if (sum > 1 + TOLERANCE) {
                String key = String.join(",", isos);
                tiles.computeIfAbsent(key, x -> new long[1])[0]++;
                km2.merge(key, (sum - 1) * rowArea[(int) (tile / grid.ncols())] / 1e6, Double::sum);
            }
        }
        List<Overlap> out = new ArrayList<>();
        tiles.forEach((key, n) -> out.add(new Overlap(List.of(key.split(",")), n[0], km2.get(key))));
        return new Result(List.copyOf(out), cells);
    }

    /** Cells two countries share, as parallel arrays in the order found. */
    private static final class SharedCells {
        long[] tile = new long[1024];
        int[] a = new int[1024], b = new int[1024];
        int n;

        void add(long t, int ia, int ib) {
            if (n == tile.length) {
                tile = Arrays.copyOf(tile, n * 2);
                a = Arrays.copyOf(a, n * 2);
                b = Arrays.copyOf(b, n * 2);
            }
            tile[n] = t;
            a[n] = ia;
            b[n++] = ib;
        }

        /** Positions ordered by tile, then by position (pairs were visited in a fixed order). */
        long[] sortedByTile() {
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (x, y) -> Long.compare(tile[x], tile[y]));
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = idx[i];
            }
            return out;
        }
    }
}
