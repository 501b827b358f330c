package io.tileindex.writer;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.CoverageFractions;
import io.tileindex.kernel.scan.PreparedCountry;
import io.tileindex.kernel.scan.Predicate;

import java.util.function.Supplier;

/**
 * Stage 1 for one country: scans it in bands of rows ({@link CountryScanner#bands}) and keeps, from each band, its
 * counters, its row-group cuts, its area, the rows drawn on the map and (while they fit
 * {@link RetainedRuns}) its runs. At most one band's runs are transient, so a finer grid costs
 * more bands, not more memory. One instance per scanning thread.
 */
final class BandedCountryScan {
    /** Rows of the grid drawn on the map at most: a country that is not retained keeps every k-th row for it. */
    static final int MAP_ROWS = 4096;

    private final Grid grid;
    private final CountryScanner scanner;
    private final RetainedRuns budget;
    private final int rowGroupRows;
    private final Supplier<double[]> rowArea;
    private final boolean coverage;

    BandedCountryScan(Grid grid, RetainedRuns budget, int rowGroupRows, Supplier<double[]> rowArea, boolean coverage) {
        this.coverage = coverage;
        this.grid = grid;
        this.scanner = new CountryScanner(grid);
        this.budget = budget;
        this.rowGroupRows = rowGroupRows;
        this.rowArea = rowArea;
    }

    ScannedCountry scan(CountryShape country, Predicate predicate) {
        PreparedCountry p = scanner.prepare(country, predicate);
        Uncovered uncovered = coverage ? new Uncovered(p) : null;
        int stride = Math.max(1, (grid.nrows() + MAP_ROWS - 1) / MAP_ROWS);
        long maxKept = budget.maxRunsPerCountry();
        CellRuns kept = new CellRuns(), drawn = new CellRuns();
        RowGroupCuts cuts = new RowGroupCuts(rowGroupRows);
        long visited = 0, outside = 0, hole = 0;
        long first = -1, last = -1;
        double area = 0;
        double[] areas = null;
        for (CountryCells band : scanner.bands(p)) {
            if (uncovered != null) {
                uncovered.nextBand(band.runs().size() > 0);
            }
            visited += band.cellsVisited();
            outside += band.cellsExcludedOutside();
            hole += band.cellsExcludedHole();
            CellRuns runs = band.runs();
            if (runs.size() == 0) {
                continue;
            }
            areas = areas == null ? rowArea.get() : areas;
            for (int i = 0; i < runs.size(); i++) {
                int row = runs.row(i), s = runs.start(i), e = runs.end(i);
                cuts.accept(row, s, e);
                area += (e - s) * areas[row];
                if (uncovered != null) {
                    uncovered.run(row, s, e, areas[row]);
                }
                if (kept != null) {
                    kept.add(row, s, e);
                    kept = kept.size() > maxKept ? null : kept;
                }
                if (row % stride == 0) {
                    drawn.add(row, s, e);
                }
            }
            first = first < 0 ? grid.tileId(runs.row(0), runs.start(0)) : first;
            int l = runs.size() - 1;
            last = grid.tileId(runs.row(l), runs.end(l) - 1L);
        }
        boolean complete = kept != null && budget.tryReserve(kept.size());
        CountryCells totals = new CountryCells(p.iso(), predicate, complete ? kept : drawn, visited, cuts.cells(),
                outside, hole, p.notes());
        return new ScannedCountry(totals, complete, complete ? 1 : stride, first, last, area, cuts, p,
                uncovered != null ? area - uncovered.m2 : Double.NaN);
    }

    /**
     * Σ (1 − fraction) × pixel area over a country's included boundary cells, walked a band of
     * {@link CountryScanner#BAND_ROWS} rows at a time alongside the scan's bands (the same rows).
     */
    private final class Uncovered {
        private final PreparedCountry country;
        private int bandFrom;
        private CoverageFractions band = CoverageFractions.NONE;
        private int next; // the band's first boundary cell not yet passed by its runs
        double m2;

        Uncovered(PreparedCountry country) {
            this.country = country;
            this.bandFrom = country.rowLo();
        }

        /** Moves to the scan's next band; walks it only when it has cells. */
        void nextBand(boolean hasCells) {
            int to = Math.min(country.rowHi(), bandFrom + CountryScanner.BAND_ROWS - 1);
            band = hasCells ? scanner.coverage(country, bandFrom, to) : CoverageFractions.NONE;
            next = 0;
            bandFrom = to + 1;
        }

        /** An included run of the band, in tile order. */
        void run(int row, int start, int end, double cellArea) {
            long t0 = grid.tileId(row, start), t1 = grid.tileId(row, end);
            while (next < band.size() && band.tileId(next) < t0) {
                next++; // a boundary cell the predicate left out
            }
            for (; next < band.size() && band.tileId(next) < t1; next++) {
                m2 += (1 - band.fraction(next)) * cellArea;
            }
        }
    }
}
