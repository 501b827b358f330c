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
        CoverageFractions fractions = coverage ? scanner.coverage(p) : null;
        int boundary = 0; // the next boundary cell not yet passed by the runs
        double uncovered = 0; // sum of (1 - fraction) x pixel area over the included boundary cells
        int stride = Math.max(1, (grid.nrows() + MAP_ROWS - 1) / MAP_ROWS);
        long maxKept = budget.maxRunsPerCountry();
        CellRuns kept = new CellRuns(), drawn = new CellRuns();
        RowGroupCuts cuts = new RowGroupCuts(rowGroupRows);
        long visited = 0, outside = 0, hole = 0;
        long first = -1, last = -1;
        double area = 0;
        double[] areas = null;
        for (CountryCells band : scanner.bands(p)) {
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
                if (fractions != null) {
                    long t0 = grid.tileId(row, s), t1 = grid.tileId(row, e);
                    while (boundary < fractions.size() && fractions.tileId(boundary) < t0) {
                        boundary++; // a boundary cell the predicate left out
                    }
                    for (; boundary < fractions.size() && fractions.tileId(boundary) < t1; boundary++) {
                        uncovered += (1 - fractions.fraction(boundary)) * areas[row];
                    }
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
        return new ScannedCountry(totals, complete, complete ? 1 : stride, first, last, area, cuts, p, fractions,
                fractions == null ? Double.NaN : area - uncovered);
    }
}
