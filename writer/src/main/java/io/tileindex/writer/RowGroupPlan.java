package io.tileindex.writer;

import io.tileindex.kernel.scan.CellRuns;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 2: the scanned countries cut into row groups of a fixed row count, a fixed number per file.
 * The cut depends only on the data, never on the worker count or on which countries' runs were
 * retained: that is what makes bytes deterministic.
 *
 * @param rowGroups   every row group, in key order (country, then cells)
 * @param cellsBefore per country with complete runs, {@code cellsBefore[run]}: the number of the
 *                    country's cells before that run; null for a country scanned again per row group
 * @param totalRows   the rows of all row groups
 */
record RowGroupPlan(List<PlannedRowGroup> rowGroups, long[][] cellsBefore, long totalRows) {
    static RowGroupPlan of(ScannedCountry[] countries, int rowGroupRows, int rowGroupsPerFile) {
        List<PlannedRowGroup> groups = new ArrayList<>();
        long[][] prefixes = new long[countries.length][];
        long total = 0;
        for (int i = 0; i < countries.length; i++) {
            ScannedCountry c = countries[i];
            prefixes[i] = c.runsComplete() ? prefix(c.cells().runs()) : null;
            long n = c.cellsIncluded();
            total += n;
            int count = (int) ((n + rowGroupRows - 1) / rowGroupRows);
            for (int g = 0; g < count; g++) {
                long offset = (long) g * rowGroupRows;
                groups.add(new PlannedRowGroup(groups.size(), i, c.iso(), g, g / rowGroupsPerFile,
                        g % rowGroupsPerFile == 0, g % rowGroupsPerFile == rowGroupsPerFile - 1 || g == count - 1,
                        offset, (int) Math.min(rowGroupRows, n - offset)));
            }
        }
        return new RowGroupPlan(List.copyOf(groups), prefixes, total);
    }

    /** {@code p[i]}: cells of the runs before run i, starting from {@code first}. */
    static long[] prefix(CellRuns runs, long first) {
        long[] p = new long[runs.size() + 1];
        p[0] = first;
        for (int r = 0; r < runs.size(); r++) {
            p[r + 1] = p[r] + (runs.end(r) - runs.start(r));
        }
        return p;
    }

    private static long[] prefix(CellRuns runs) { return prefix(runs, 0); }
}
