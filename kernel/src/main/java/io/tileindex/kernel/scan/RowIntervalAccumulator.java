package io.tileindex.kernel.scan;

import java.util.Arrays;

/**
 * Collects column intervals {@code [start, end)} per row from many polygons, then unions them into
 * {@link CellRuns}. Each row keeps a small packed {@code long} list ({@code start << 32 | end}).
 */
final class RowIntervalAccumulator {
    private final int rowBase;
    private final long[][] lists;
    private final int[] sizes;

    RowIntervalAccumulator(int rowBase, int rowCount) {
        this.rowBase = rowBase;
        this.lists = new long[Math.max(rowCount, 0)][];
        this.sizes = new int[Math.max(rowCount, 0)];
    }

    void add(int row, int start, int end) {
        if (end <= start) {
            return;
        }
        int i = row - rowBase;
        long[] l = lists[i];
        if (l == null) {
            l = lists[i] = new long[4];
        } else if (sizes[i] == l.length) {
            l = lists[i] = Arrays.copyOf(l, l.length * 2);
        }
        l[sizes[i]++] = ((long) start << 32) | (end & 0xffffffffL);
    }

    /** Union of everything added, as ordered runs; also returns the cell count via {@link CellRuns#cellCount()}. */
    CellRuns toRuns() {
        CellRuns runs = new CellRuns(Math.max(16, lists.length));
        for (int i = 0; i < lists.length; i++) {
            long[] l = lists[i];
            int n = sizes[i];
            if (n == 0) {
                continue;
            }
            Arrays.sort(l, 0, n);
            int curS = (int) (l[0] >>> 32), curE = (int) l[0];
            for (int k = 1; k < n; k++) {
                int s = (int) (l[k] >>> 32), e = (int) l[k];
                if (s <= curE) {
                    curE = Math.max(curE, e);
                } else {
                    runs.add(rowBase + i, curS, curE);
                    curS = s;
                    curE = e;
                }
            }
            runs.add(rowBase + i, curS, curE);
        }
        return runs;
    }
}
