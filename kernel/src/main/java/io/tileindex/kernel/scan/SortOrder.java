package io.tileindex.kernel.scan;

import java.util.Arrays;

/** Stable sort orders of primitive keys, without boxing when key and position fit one long together. */
public final class SortOrder {
    private SortOrder() {}

    /** Positions {@code 0..n-1} ordered by {@code keys} (non-negative), equal keys in position order. */
    public static int[] stable(long[] keys, int n) {
        long max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, keys[i]);
        }
        int posBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        int keyBits = 64 - Long.numberOfLeadingZeros(max);
        int[] order = new int[n];
        if (posBits + keyBits <= 63) {
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = keys[i] << posBits | i;
            }
            Arrays.sort(packed);
            long mask = (1L << posBits) - 1;
            for (int i = 0; i < n; i++) {
                order[i] = (int) (packed[i] & mask);
            }
            return order;
        }
        Integer[] boxed = new Integer[n]; // grids beyond 2^40 cells with millions of pieces: rare, slower, same order
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Long.compare(keys[a], keys[b])); // TimSort: stable
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        return order;
    }
}
