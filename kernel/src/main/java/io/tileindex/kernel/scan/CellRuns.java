package io.tileindex.kernel.scan;

import java.util.Arrays;

/**
 * Included cells of one country as maximal runs {@code (row, colStart, colEnd)} with colEnd exclusive,
 * sorted by row then column, i.e. in tile_id order. A country of 40 M cells is a few thousand runs.
 */
public final class CellRuns {
    private int[] rows;
    private int[] starts;
    private int[] ends;
    private int size;

    public CellRuns() { this(16); }

    public CellRuns(int capacity) {
        rows = new int[capacity];
        starts = new int[capacity];
        ends = new int[capacity];
    }

    /** Appends a run; runs must arrive in order. Touching runs on one row are merged. */
    public void add(int row, int start, int end) {
        if (end <= start) {
            return;
        }
        if (size > 0 && rows[size - 1] == row && ends[size - 1] >= start) {
            if (starts[size - 1] > start) {
                throw new IllegalStateException("runs out of order at row " + row);
            }
            ends[size - 1] = Math.max(ends[size - 1], end);
            return;
        }
        if (size > 0 && (rows[size - 1] > row || (rows[size - 1] == row && ends[size - 1] > start))) {
            throw new IllegalStateException("runs out of order at row " + row);
        }
        if (size == rows.length) {
            int n = size * 2;
            rows = Arrays.copyOf(rows, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
        }
        rows[size] = row;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    public int size() { return size; }
    public int row(int i) { return rows[i]; }
    public int start(int i) { return starts[i]; }
    public int end(int i) { return ends[i]; }

    public long cellCount() {
        long n = 0;
        for (int i = 0; i < size; i++) {
            n += ends[i] - starts[i];
        }
        return n;
    }

    public boolean contains(int row, int col) {
        int lo = 0, hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (rows[mid] < row || (rows[mid] == row && ends[mid] <= col)) {
                lo = mid + 1;
            } else if (rows[mid] > row || starts[mid] > col) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Every cell as a tile id, in order (tests and small countries only). */
    public long[] tileIds(long ncols) {
        long[] out = new long[Math.toIntExact(cellCount())];
        int k = 0;
        for (int i = 0; i < size; i++) {
            for (int c = starts[i]; c < ends[i]; c++) {
                out[k++] = rows[i] * ncols + c;
            }
        }
        return out;
    }
}
