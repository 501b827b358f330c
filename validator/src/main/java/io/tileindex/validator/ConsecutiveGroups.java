package io.tileindex.validator;

/**
 * Recognises, without unpacking, a bit-packed group of eight dictionary indices that continues the
 * previous group by one: {@code e+8 .. e+15} after {@code e .. e+7}. A group of width {@code w} is an
 * 8w-bit little-endian integer; when no field overflows (the caller ensures {@code e + 15} fits the
 * width), the next group equals the previous plus eight in every field, i.e. plus
 * {@code K = 8 · Σ 2^(k·w)}, with no carry between fields. Comparing whole 64-bit words is a few
 * operations per group where unpacking was eight shifts, masks and compares. Not thread-safe (one per
 * page decoder).
 */
final class ConsecutiveGroups {
    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private final int width, words;
    private final long[] step = new long[4];
    private long[] previous = new long[4], current = new long[4];

    /** For groups of {@code width} bits per value, 4 ≤ width ≤ 32 (narrower fields cannot hold +8). */
    ConsecutiveGroups(int width) {
        if (width < 4 || width > 32) {
            throw new IllegalArgumentException("width " + width);
        }
        this.width = width;
        this.words = (width + 7) / 8;
        for (int k = 0; k < 8; k++) {
            int bit = k * width + 3;
            step[bit >>> 6] |= 1L << (bit & 63);
        }
    }

    /** Remembers the group at {@code pos} (just unpacked and found consecutive) as the previous one. */
    void remember(byte[] b, int pos) { load(b, pos, previous); }

    /**
     * Whether the group at {@code pos} is the previous group plus eight in every field; if so it becomes
     * the previous one. Exact only when the previous group's last value + 8 fits the width.
     */
    boolean continues(byte[] b, int pos) {
        load(b, pos, current);
        long carry = 0;
        for (int i = 0; i < words; i++) {
            long a = previous[i], s = a + step[i] + carry;
            carry = Long.compareUnsigned(s, a) < 0 || (carry == 1 && s == a) ? 1 : 0;
            if (s != current[i]) {
                return false;
            }
        }
        long[] t = previous;
        previous = current;
        current = t;
        return true;
    }

    /** The {@code width} bytes at {@code pos} as little-endian words, zero above them. */
    private void load(byte[] b, int pos, long[] into) {
        int full = width / 8;
        if (pos + 8 * words <= b.length) {
            // the usual case: whole-word reads, the last one masked to the group's bytes
            for (int i = 0; i < words; i++) {
                into[i] = (long) LONG_LE.get(b, pos + 8 * i);
            }
            if (full < words) {
                into[full] &= (1L << (8 * (width - 8 * full))) - 1;
            }
            return;
        }
        for (int i = 0; i < full; i++) {
            into[i] = pos + 8 * i + 8 <= b.length ? (long) LONG_LE.get(b, pos + 8 * i) : bytes(b, pos + 8 * i, 8);
        }
        if (full < words) {
            into[full] = bytes(b, pos + 8 * full, width - 8 * full);
        }
    }

    private static long bytes(byte[] b, int at, int n) {
        long v = 0;
        for (int j = 0; j < n; j++) {
            v |= (long) (b[at + j] & 0xff) << (8 * j);
        }
        return v;
    }
}
