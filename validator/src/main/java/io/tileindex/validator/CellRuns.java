package io.tileindex.validator;

import java.util.Arrays;

/**
 * A country's set of tile ids as runs of consecutive ids, {@code [start, end)}, strictly ascending:
 * a few thousand runs stand for the 221 M rows of the world, so membership tests need neither a row
 * object nor a set of boxed ids. It is a set: ids arriving out of order are kept aside and merged in
 * by {@link #normalize()}, repeated ids count once (the sort check reports both), so a disorder does
 * not also show up as missing cells.
 */
final class CellRuns {
    private long[] starts = new long[16], ends = new long[16];
    private int size;
    private long count, min = -1, max = -1;
    private long[] late = new long[0]; // ids that arrived out of order, merged in by normalize()
    private int lateSize;
    private boolean unsorted; // a run added below the last one: normalize() sorts

    void add(long tile) {
        if (size > 0 && tile == ends[size - 1]) {
            ends[size - 1]++;
        } else if (size == 0 || tile > ends[size - 1]) {
            push(tile, tile + 1);
        } else {
            if (lateSize == late.length) {
                late = Arrays.copyOf(late, Math.max(16, lateSize * 2));
            }
            late[lateSize++] = tile;
            return;
        }
        count++;
        if (min < 0) {
            min = tile;
        }
        max = tile;
    }

    /** Adds the ids {@code [s, e)}, in any order relative to earlier runs ({@link #normalize()} sorts them). */
    void addRun(long s, long e) {
        if (e <= s) {
            return;
        }
        if (size > 0 && s == ends[size - 1]) {
            ends[size - 1] = e;
        } else {
            unsorted |= size > 0 && s < ends[size - 1];
            push(s, e);
        }
        count += e - s;
        min = min < 0 ? s : Math.min(min, s);
        max = Math.max(max, e - 1);
    }

    /** Adds {@code other}'s ids (the next file of the same country). */
    void append(CellRuns other) {
        other.normalize();
        normalize();
        if (other.size == 0) {
            return;
        }
        if (size > 0 && other.starts[0] < ends[size - 1]) {
            for (int i = 0; i < other.size; i++) {
                push(other.starts[i], other.ends[i]);
            }
            coalesce();
            return;
        }
        for (int i = 0; i < other.size; i++) {
            if (size > 0 && other.starts[i] == ends[size - 1]) {
                ends[size - 1] = other.ends[i];
            } else {
                push(other.starts[i], other.ends[i]);
            }
        }
        count += other.count;
        min = starts[0];
        max = ends[size - 1] - 1;
    }

    /** Merges the out-of-order ids into the runs. */
    void normalize() {
        if (unsorted) {
            unsorted = false;
            coalesce();
        }
        if (lateSize == 0) {
            return;
        }
        for (int i = 0; i < lateSize; i++) {
            push(late[i], late[i] + 1);
        }
        lateSize = 0;
        late = new long[0];
        coalesce();
    }

    /** Sorts the runs and joins overlapping or adjacent ones; recounts. */
    private void coalesce() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        long[] s0 = starts, e0 = ends;
        Arrays.sort(order, (a, b) -> Long.compare(s0[a], s0[b]));
        long[] s = new long[Math.max(16, size)], e = new long[Math.max(16, size)];
        int n = 0;
        count = 0;
        for (int k : order) {
            if (n > 0 && s0[k] <= e[n - 1]) {
                e[n - 1] = Math.max(e[n - 1], e0[k]);
            } else {
                s[n] = s0[k];
                e[n] = e0[k];
                n++;
            }
        }
        for (int i = 0; i < n; i++) {
            count += e[i] - s[i];
        }
        starts = s;
        ends = e;
        size = n;
        min = n == 0 ? -1 : s[0];
        max = n == 0 ? -1 : e[n - 1] - 1;
    }

    private void push(long s, long e) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = s;
        ends[size] = e;
        size++;
    }

    boolean contains(long tile) {
        int lo = 0, hi = size - 1;
        while (lo <= hi) {
            int m = (lo + hi) >>> 1;
            if (starts[m] > tile) {
                hi = m - 1;
            } else if (ends[m] <= tile) {
                lo = m + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    int runs() { return size; }
    long start(int i) { return starts[i]; }
    long end(int i) { return ends[i]; }
    long count() { return count; }
    /** Smallest and largest id, -1 when empty. */
    long min() { return min; }
    long max() { return max; }

    /** Index of the first run whose end is above {@code tile} (for walking in id order). */
    int firstRunEndingAfter(long tile) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (ends[m] <= tile) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    /** First id present in one list but not the other, or -1 when both hold the same ids. */
    static long firstDifference(CellRuns a, CellRuns b) {
        int i = 0, j = 0;
        while (i < a.size && j < b.size) {
            if (a.starts[i] != b.starts[j]) {
                return Math.min(a.starts[i], b.starts[j]);
            }
            if (a.ends[i] != b.ends[j]) {
                return Math.min(a.ends[i], b.ends[j]);
            }
            i++;
            j++;
        }
        if (i < a.size) {
            return a.starts[i];
        }
        return j < b.size ? b.starts[j] : -1;
    }

    /** How many ids are in exactly one of the two lists. */
    static long symmetricDifference(CellRuns a, CellRuns b) {
        long common = 0;
        int i = 0, j = 0;
        while (i < a.size && j < b.size) {
            long lo = Math.max(a.starts[i], b.starts[j]), hi = Math.min(a.ends[i], b.ends[j]);
            if (hi > lo) {
                common += hi - lo;
            }
            if (a.ends[i] < b.ends[j]) {
                i++;
            } else {
                j++;
            }
        }
        return a.count + b.count - 2 * common;
    }
}
