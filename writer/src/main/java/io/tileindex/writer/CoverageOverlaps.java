package io.tileindex.writer;

import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.CoverageFractions;
import io.tileindex.kernel.scan.SortOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** The overlaps of scanned countries, their fractions walked again over the rows where they share cells. */
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
                    pair(grid, scanner, countries, i, j, Math.max(a[0], b[0]), Math.min(a[1], b[1]), shared);
                }
            }
        }
        return judge(grid, countries, rowArea, shared);
    }

    /** The cells countries i and j share in rows [r0, r1], each with both countries' fractions. */
    private static void pair(Grid grid, CountryScanner scanner, ScannedCountry[] countries, int i, int j, int r0, int r1,
                             SharedCells out) {
        long[] tiles = intersect(grid, runs(scanner, countries[i], r0, r1), runs(scanner, countries[j], r0, r1), r0, r1);
        if (tiles.length == 0) {
            return;
        }
        int from = (int) (tiles[0] / grid.ncols()), to = (int) (tiles[tiles.length - 1] / grid.ncols());
        CoverageFractions fi = scanner.coverage(countries[i].prepared(), from, to);
        CoverageFractions fj = scanner.coverage(countries[j].prepared(), from, to);
        for (long t : tiles) {
            out.add(t, i, fi.fractionOf(t));
            out.add(t, j, fj.fractionOf(t));
        }
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

    /** The tiles both run lists hold in rows [r0, r1], in tile order. */
    private static long[] intersect(Grid grid, CellRuns a, CellRuns b, int r0, int r1) {
        long[] out = new long[16];
        int n = 0;
        int i = firstRunAtOrAfter(a, r0), j = firstRunAtOrAfter(b, r0);
        while (i < a.size() && j < b.size() && a.row(i) <= r1 && b.row(j) <= r1) {
            if (a.row(i) != b.row(j)) {
                if (a.row(i) < b.row(j)) i++; else j++;
                continue;
            }
            for (int c = Math.max(a.start(i), b.start(j)); c < Math.min(a.end(i), b.end(j)); c++) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = grid.tileId(a.row(i), c);
            }
            if (a.end(i) <= b.end(j)) i++; else j++;
        }
        return Arrays.copyOf(out, n);
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
        int[] order = shared.sortedByTileAndCountry(countries.length);
        Map<String, long[]> tiles = new TreeMap<>();
        Map<String, Double> km2 = new TreeMap<>();
        long cells = 0;
        for (int k = 0; k < order.length; ) {
            long tile = shared.tile[order[k]];
            double sum = 0;
            List<String> isos = new ArrayList<>();
            int last = -1;
            for (; k < order.length && shared.tile[order[k]] == tile; k++) {
                int c = shared.country[order[k]];
                if (c != last) { // each country once, though several of its pairs hold the tile
                    isos.add(countries[c].iso());
                    sum += shared.fraction[order[k]];
                    last = c;
                }
            }
            isos.sort(null);
            cells++;
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

    /** A country's fraction of a cell it shares, as parallel arrays in the order found. */
    private static final class SharedCells {
        long[] tile = new long[1024];
        int[] country = new int[1024];
        double[] fraction = new double[1024];
        int n;

        void add(long t, int c, double f) {
            if (n == tile.length) {
                tile = Arrays.copyOf(tile, n * 2);
                country = Arrays.copyOf(country, n * 2);
                fraction = Arrays.copyOf(fraction, n * 2);
            }
            tile[n] = t;
            country[n] = c;
            fraction[n++] = f;
        }

        /** Positions ordered by tile, then country (of {@code countries}). */
        int[] sortedByTileAndCountry(int countries) {
            long[] key = new long[n];
            for (int i = 0; i < n; i++) {
                key[i] = tile[i] * countries + country[i];
            }
            return SortOrder.stable(key, n);
        }
    }
}
