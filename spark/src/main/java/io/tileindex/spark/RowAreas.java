package io.tileindex.spark;

import io.tileindex.kernel.grid.CellArea;
import io.tileindex.kernel.grid.Grid;

/**
 * Per executor JVM: the {@code pixel_area_m2} of every row of the last grid asked for (a few µs per row with
 * GeographicLib, so computed once per executor, not once per task).
 */
final class RowAreas {
    private static Grid grid;
    private static double[] areas;

    private RowAreas() {}

    static synchronized double[] of(Grid g) {
        if (!g.equals(grid)) {
            areas = CellArea.allRows(g);
            grid = g;
        }
        return areas;
    }

    static long threadCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
