package io.tileindex.validator;

import java.util.Arrays;

/**
 * A column's values for a stretch of rows as arithmetic pieces: piece {@code k} holds
 * {@code len(k)} values {@code first(k) + j * step(k)}. A constant run is a piece of step 0, a run of
 * consecutive ids one of step 1, any other value a piece of its own. Values are longs: INT64 values,
 * dictionary indices, the raw bits of a plain DOUBLE or the id of a plain string. Sorted, structured
 * columns become a few pieces per grid row, so their checks cost per piece, not per row.
 */
final class Pieces {
    private long[] first = new long[64], step = new long[64];
    private int[] len = new int[64];
    private int size;
    private int rows;

    void clear() {
        size = 0;
        rows = 0;
    }

    /** Appends one value, extending the last piece when the value continues its progression. */
    void add(long v) {
        if (size > 0) {
            int k = size - 1;
            if (len[k] == 1) {
                step[k] = v - first[k];
                len[k] = 2;
                rows++;
                return;
            }
            if (first[k] + step[k] * len[k] == v && len[k] < Integer.MAX_VALUE) {
                len[k]++;
                rows++;
                return;
            }
        }
        push(v, 0, 1);
    }

    /** Appends {@code n} values {@code v, v + s, ...}, merged into the last piece when they continue it. */
    void addRun(long v, long s, int n) {
        if (n <= 0) {
            return;
        }
        if (n == 1) {
            add(v);
            return;
        }
        if (size > 0) {
            int k = size - 1;
            boolean continues = len[k] == 1 ? v - first[k] == s : step[k] == s && first[k] + step[k] * len[k] == v;
            if (continues && (long) len[k] + n <= Integer.MAX_VALUE) {
                step[k] = s;
                len[k] += n;
                rows += n;
                return;
            }
        }
        push(v, s, n);
    }

    private void push(long v, long s, int n) {
        if (size == first.length) {
            first = Arrays.copyOf(first, size * 2);
            step = Arrays.copyOf(step, size * 2);
            len = Arrays.copyOf(len, size * 2);
        }
        first[size] = v;
        step[size] = s;
        len[size] = n;
        size++;
        rows += n;
    }

    /** Becomes a copy of {@code o}. */
    void copy(Pieces o) {
        first = Arrays.copyOf(o.first, Math.max(o.size, 1));
        step = Arrays.copyOf(o.step, Math.max(o.size, 1));
        len = Arrays.copyOf(o.len, Math.max(o.size, 1));
        size = o.size;
        rows = o.rows;
    }

    int size() { return size; }
    /** Values held, over all pieces. */
    int rows() { return rows; }
    long first(int k) { return first[k]; }
    long step(int k) { return step[k]; }
    int len(int k) { return len[k]; }
}
