package io.tileindex.writer.parquet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Parquet DELTA_BINARY_PACKED for INT64, written by hand: tile ids and raster columns advance by +1
 * inside a run, so almost every 32-value miniblock packs to bit width 0 and a million ids cost a
 * few kilobytes. Layout (parquet-format Encodings.md): header {@code <block size=128> <miniblocks=4>
 * <total count> <first value zigzag>}, then per block {@code <min delta zigzag> <4 bit widths>
 * <miniblocks>}; miniblocks are bit-packed little-endian and the last one is padded with zeros.
 */
public final class DeltaBinaryPacked {
    static final int BLOCK = 128;
    static final int MINIBLOCKS = 4;
    static final int MINI = BLOCK / MINIBLOCKS;
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final long[] deltas = new long[BLOCK];
    private final long[] block = new long[BLOCK];

    /** Encodes {@code count} longs starting at element {@code first} of {@code seg}. */
    public void encode(MemorySegment seg, long first, int count, ByteSink out) {
        out.putUleb(BLOCK);
        out.putUleb(MINIBLOCKS);
        out.putUleb(count);
        if (count == 0) {
            out.putZigZag(0);
            return;
        }
        long prev = seg.get(LONG_LE, first * 8);
        out.putZigZag(prev);
        long off = (first + 1) * 8;
        for (int i = 1; i < count; ) {
            int n = Math.min(BLOCK, count - i);
            // one bulk copy per block instead of a bounds-checked read per value
            MemorySegment.copy(seg, LONG_LE, off, block, 0, n);
            off += 8L * n;
            long minDelta = Long.MAX_VALUE;
            for (int j = 0; j < n; j++) {
                long v = block[j];
                long d = v - prev;
                prev = v;
                deltas[j] = d;
                minDelta = Math.min(minDelta, d);
            }
            out.putZigZag(minDelta);
            int[] widths = new int[MINIBLOCKS];
            for (int m = 0; m < MINIBLOCKS; m++) {
                int from = m * MINI;
                if (from >= n) {
                    break;
                }
                long or = 0;
                for (int j = from, to = Math.min(n, from + MINI); j < to; j++) {
                    or |= deltas[j] - minDelta;
                }
                widths[m] = 64 - Long.numberOfLeadingZeros(or);
            }
            for (int m = 0; m < MINIBLOCKS; m++) {
                out.put(widths[m]);
            }
            for (int m = 0; m < MINIBLOCKS && m * MINI < n; m++) {
                pack(deltas, m * MINI, n, minDelta, widths[m], out);
            }
            i += n;
        }
    }

    /** Bit-packs 32 values (padding past {@code n} with zero) of width {@code w}, LSB first. */
    private static void pack(long[] d, int from, int n, long minDelta, int w, ByteSink out) {
        if (w == 0) {
            return;
        }
        out.ensure(4 * w);
        long acc = 0;
        int bits = 0;
        for (int j = from; j < from + MINI; j++) {
            long v = j < n ? d[j] - minDelta : 0;
            if (w == 64) {
                out.putLongLE(v);
                continue;
            }
            acc |= v << bits;
            int used = bits + w;
            if (used >= 64) {
                out.putLongLE(acc);
                int spill = used - 64;
                acc = spill == 0 ? 0 : v >>> (w - spill);
                bits = spill;
            } else {
                bits = used;
            }
        }
        while (bits > 0) {
            out.put((int) acc);
            acc >>>= 8;
            bits -= 8;
        }
    }
}
