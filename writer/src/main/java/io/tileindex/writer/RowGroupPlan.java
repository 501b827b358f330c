package io.tileindex.writer;

import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryCells;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 2: the scanned countries cut into row groups of a fixed row count, a fixed number per file.
 * The cut depends only on the data, never on the worker count: that is what makes bytes deterministic.
 *
 * @param rowGroups every row group, in key order (country, then cells)
 * @param cellsBefore per country, {@code cellsBefore[run]}: the number of the country's cells before that run
 * @param totalRows the rows of all row groups
 */
record RowGroupPlan(List<PlannedRowGroup> rowGroups, long[][] cellsBefore, long totalRows) {
    static RowGroupPlan of(CountryCells[] countries, int rowGroupRows, int rowGroupsPerFile) {
        List<PlannedRowGroup> groups = new ArrayList<>();
        long[][] prefixes = new long[countries.length][];
        long total = 0;
        for (int i = 0; i < countries.length; i++) {
            CellRuns runs = countries[i].runs();
            long[] prefix = new long[runs.size() + 1];
            for (int r = 0; r < runs.size(); r++) {
                prefix[r + 1] = prefix[r] + (runs.end(r) - runs.start(r));
            }
            prefixes[i] = prefix;
            long n = prefix[runs.size()];
            total += n;
            int count = (int) ((n + rowGroupRows - 1) / rowGroupRows);
            for (int g = 0; g < count; g++) {
                long offset = (long) g * rowGroupRows;
                groups.add(new PlannedRowGroup(groups.size(), i, countries[i].iso(), g, g / rowGroupsPerFile,
                        g % rowGroupsPerFile == 0, g % rowGroupsPerFile == rowGroupsPerFile - 1 || g == count - 1,
                        offset, (int) Math.min(rowGroupRows, n - offset)));
            }
        }
        return new RowGroupPlan(List.copyOf(groups), prefixes, total);
    }
}
