package io.tileindex.kernel.scan;

import java.util.Arrays;

/**
 * A reusable sorted list of disjoint column intervals {@code [s, e)} on one row, with the few set
 * operations the centre scan needs. Built either from sorted parity toggles or from arbitrary
 * intervals followed by {@link #normalize()}.
 */
final class IntervalList {
    private int[] v = new int[16]; // s0, e0, s1, e1, ...
    private int n;                 // number of ints used
    private int pendingToggle = -1;

    void clear() {
        n = 0;
        pendingToggle = -1;
    }

    /** Parity input, in ascending order: toggles pair up into intervals; equal pairs cancel. */
    void toggleAt(int col) {
        if (pendingToggle < 0) {
            pendingToggle = col;
        } else {
            if (col > pendingToggle) {
                append(pendingToggle, col);
            }
            pendingToggle = -1;
        }
    }

    void addInterval(int s, int e) {
        if (e > s) {
            append(s, e);
        }
    }

    private void append(int s, int e) {
        if (n + 2 > v.length) {
            v = Arrays.copyOf(v, v.length * 2);
        }
        if (n > 0 && v[n - 1] >= s && v[n - 2] <= s) {
            v[n - 1] = Math.max(v[n - 1], e);
            return;
        }
        v[n++] = s;
        v[n++] = e;
    }

    /** Sorts and merges overlapping or touching intervals. */
    void normalize() {
        int k = n / 2;
        if (k <= 1) {
            return;
        }
        long[] packed = new long[k];
        for (int i = 0; i < k; i++) {
            packed[i] = ((long) v[2 * i] << 32) | (v[2 * i + 1] & 0xffffffffL);
        }
        Arrays.sort(packed);
        n = 0;
        for (long p : packed) {
            int s = (int) (p >>> 32), e = (int) p;
            if (n > 0 && v[n - 1] >= s) {
                v[n - 1] = Math.max(v[n - 1], e);
            } else {
                v[n++] = s;
                v[n++] = e;
            }
        }
    }

    /** this ∪ other (both normalized). */
    void unionWith(IntervalList o) {
        if (o.n == 0) {
            return;
        }
        int[] a = Arrays.copyOf(v, n);
        int an = n;
        n = 0;
        int i = 0, j = 0;
        while (i < an || j < o.n) {
            int s, e;
            if (j >= o.n || (i < an && a[i] <= o.v[j])) {
                s = a[i]; e = a[i + 1]; i += 2;
            } else {
                s = o.v[j]; e = o.v[j + 1]; j += 2;
            }
            if (n > 0 && v[n - 1] >= s) {
                v[n - 1] = Math.max(v[n - 1], e);
            } else {
                if (n + 2 > v.length) {
                    v = Arrays.copyOf(v, v.length * 2);
                }
                v[n++] = s;
                v[n++] = e;
            }
        }
    }

    /** this \ other (both normalized). */
    void subtract(IntervalList o) {
        if (o.n == 0 || n == 0) {
            return;
        }
        int[] a = Arrays.copyOf(v, n);
        int an = n;
        n = 0;
        int j = 0;
        for (int i = 0; i < an; i += 2) {
            int s = a[i], e = a[i + 1];
            while (j < o.n && o.v[j + 1] <= s) {
                j += 2;
            }
            int k = j;
            while (s < e && k < o.n && o.v[k] < e) {
                if (o.v[k] > s) {
                    appendRaw(s, o.v[k]);
                }
                s = Math.max(s, o.v[k + 1]);
                k += 2;
            }
            if (s < e) {
                appendRaw(s, e);
            }
        }
    }

    private void appendRaw(int s, int e) {
        if (n + 2 > v.length) {
            v = Arrays.copyOf(v, v.length * 2);
        }
        v[n++] = s;
        v[n++] = e;
    }

    void emit(int row, RowIntervalAccumulator out) {
        for (int i = 0; i < n; i += 2) {
            out.add(row, v[i], v[i + 1]);
        }
    }

    int size() { return n / 2; }
}
