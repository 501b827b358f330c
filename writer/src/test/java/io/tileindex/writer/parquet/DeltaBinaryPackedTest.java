package io.tileindex.writer.parquet;

import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Our DELTA_BINARY_PACKED pages, decoded by parquet-java's {@link DeltaBinaryPackingValuesReader}. */
class DeltaBinaryPackedTest {
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final DeltaBinaryPacked encoder = new DeltaBinaryPacked();

    static MemorySegment segment(long[] values) {
        MemorySegment seg = MemorySegment.ofArray(new byte[8 * values.length]);
        for (int i = 0; i < values.length; i++) {
            seg.set(LONG_LE, 8L * i, values[i]);
        }
        return seg;
    }

    byte[] encode(long[] values) {
        return encode(segment(values), 0, values.length);
    }

    byte[] encode(MemorySegment seg, long first, int count) {
        ByteSink sink = new ByteSink(16); // small: the encoder must grow it
        encoder.encode(seg, first, count, sink);
        return sink.toArray();
    }

    /** Decodes a whole page; the reader must consume every byte and announce exactly {@code count} values. */
    static long[] decode(byte[] page, int count) throws IOException {
        DeltaBinaryPackingValuesReader r = new DeltaBinaryPackingValuesReader();
        ByteBufferInputStream in = ByteBufferInputStream.wrap(ByteBuffer.wrap(page));
        r.initFromPage(count, in); // reads every block up front
        assertEquals(page.length, in.position(), "page bytes consumed");
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = r.readLong();
        }
        assertThrows(ParquetDecodingException.class, r::readLong, "more values than encoded");
        return out;
    }

    void assertRoundTrip(long[] values) throws IOException {
        assertArrayEquals(values, decode(encode(values), values.length));
    }

    /** The four miniblock bit widths of the first block (the header and min delta are varints). */
    static int[] firstBlockWidths(byte[] page) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(page);
        assertEquals(DeltaBinaryPacked.BLOCK, BytesUtils.readUnsignedVarInt(in));
        assertEquals(DeltaBinaryPacked.MINIBLOCKS, BytesUtils.readUnsignedVarInt(in));
        BytesUtils.readUnsignedVarInt(in);
        BytesUtils.readZigZagVarLong(in);
        BytesUtils.readZigZagVarLong(in);
        return new int[] {in.read(), in.read(), in.read(), in.read()};
    }

    @Test
    void emptyPageIsJustTheHeader() throws IOException {
        // <block size 128> <4 miniblocks> <count 0> <first value 0>, and no block
        byte[] page = encode(new long[0]);
        assertArrayEquals(new byte[] {(byte) 0x80, 0x01, 4, 0, 0}, page);
        assertEquals(0, decode(page, 0).length);
    }

    @Test
    void singleValuesIncludingTheExtremes() throws IOException {
        for (long v : new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1}) {
            assertRoundTrip(new long[] {v});
        }
    }

    @Test
    void ascendingIdsPackToWidthZero() throws IOException {
        // the tile-id case the encoder is built for: +1 steps, one min delta and no packed bits per block
        long[] ids = new long[1 + 3 * DeltaBinaryPacked.BLOCK];
        Arrays.setAll(ids, i -> 7_000_000_000L + i);
        byte[] page = encode(ids);
        assertArrayEquals(new int[4], firstBlockWidths(page));
        // header, then per block only the min delta (zigzag 1: one byte) and four zero widths
        int header = HybridPages.ulebLength(128) + 1 + HybridPages.ulebLength(ids.length) + HybridPages.ulebLength(2 * ids[0]);
        assertEquals(header + 3 * 5, page.length);
        assertArrayEquals(ids, decode(page, ids.length));
    }

    @Test
    void negativeDeltas() throws IOException {
        long[] down = new long[300];
        Arrays.setAll(down, i -> 1_000 - 3L * i);
        assertRoundTrip(down);
        long[] zigzag = new long[300];
        Arrays.setAll(zigzag, i -> (i % 2 == 0 ? -1L : 1L) * i * i);
        assertRoundTrip(zigzag);
    }

    @Test
    void extremesWhoseDeltasOverflow() throws IOException {
        // MIN -> MAX is a delta of -1 after wrapping, MAX -> MIN of +1: both must survive the round trip
        long[] flip = new long[200];
        Arrays.setAll(flip, i -> i % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
        assertRoundTrip(flip);
        long[] mixed = {0, Long.MAX_VALUE, Long.MIN_VALUE, 0, Long.MIN_VALUE, -1, Long.MAX_VALUE, 1, Long.MIN_VALUE};
        assertRoundTrip(mixed);
    }

    @Test
    void deltasSpanningAll64BitsUseWidth64() throws IOException {
        // deltas Long.MIN_VALUE and Long.MAX_VALUE: delta - minDelta reaches 2^64 - 1
        long[] v = new long[1 + DeltaBinaryPacked.BLOCK];
        for (int i = 1; i < v.length; i++) {
            v[i] = v[i - 1] + (i % 2 == 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
        }
        byte[] page = encode(v);
        assertArrayEquals(new int[] {64, 64, 64, 64}, firstBlockWidths(page));
        assertArrayEquals(v, decode(page, v.length));
    }

    static IntStream widths() { return IntStream.rangeClosed(0, 64); }

    /**
     * Values whose miniblock m has deltas {@code Long.MIN_VALUE + u}, u below 2^widths[m] with both 0
     * and 2^widths[m] - 1 present: the block's min delta is Long.MIN_VALUE and miniblock m packs to
     * exactly widths[m] bits.
     */
    static long[] withMiniblockWidths(int[] widths, int deltas, SplittableRandom rnd) {
        long[] v = new long[1 + deltas];
        v[0] = rnd.nextLong();
        for (int j = 0; j < deltas; j++) {
            int w = widths[j / DeltaBinaryPacked.MINI], pos = j % DeltaBinaryPacked.MINI;
            long mask = w == 0 ? 0 : -1L >>> (64 - w);
            long u = pos == 0 ? 0 : pos == 1 ? mask : rnd.nextLong() & mask;
            v[j + 1] = v[j] + Long.MIN_VALUE + u;
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("widths")
    void everyBitWidthNextToOtherWidths(int w) throws IOException {
        // 9 full miniblocks and a partial 10th (a short last block): even ones at w, odd ones random
        SplittableRandom rnd = new SplittableRandom(w);
        int[] widths = new int[10];
        for (int m = 0; m < widths.length; m++) {
            widths[m] = m % 2 == 0 ? w : rnd.nextInt(65);
        }
        long[] v = withMiniblockWidths(widths, 9 * DeltaBinaryPacked.MINI + 13, rnd);
        byte[] page = encode(v);
        assertArrayEquals(Arrays.copyOf(widths, 4), firstBlockWidths(page));
        assertArrayEquals(v, decode(page, v.length));
    }

    @Test
    void countsAroundMiniblockAndBlockBoundaries() throws IOException {
        SplittableRandom rnd = new SplittableRandom(1);
        // n values are n - 1 deltas: 33 values fill one miniblock, 129 one block; around each, one less and one more
        int[] counts = {2, 3, 32, 33, 34, 64, 65, 96, 97, 98, 127, 128, 129, 130, 160, 161, 256, 257, 258, 385, 1000, 4097};
        for (int n : counts) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextLong(-1_000_000, 1_000_000);
            }
            assertArrayEquals(v, decode(encode(v), n), "count " + n);
        }
    }

    @Test
    void randomPagesOfEveryShape() throws IOException {
        SplittableRandom rnd = new SplittableRandom(20240601);
        for (int round = 0; round < 300; round++) {
            int n = rnd.nextInt(1, 2_000);
            long[] v = new long[n];
            int kind = round % 4;
            long x = rnd.nextLong();
            for (int i = 0; i < n; i++) {
                x += switch (kind) {
                    case 0 -> rnd.nextLong(); // full-range deltas, wrapping
                    case 1 -> rnd.nextInt(5) - 2; // small, signed
                    case 2 -> rnd.nextInt(100) == 0 ? 43_199 - rnd.nextInt(5_000) : 1; // tile ids: runs with row jumps
                    default -> rnd.nextLong() >> rnd.nextInt(64); // mixed magnitudes
                };
                v[i] = x;
            }
            assertArrayEquals(v, decode(encode(v), n), "round " + round);
        }
    }

    @Test
    void pagesCutAtAnOffsetOfTheSegment() throws IOException {
        // RowGroupEncoder encodes page p from element p0 of the column slab
        SplittableRandom rnd = new SplittableRandom(3);
        long[] all = new long[5_000];
        for (int i = 1; i < all.length; i++) {
            all[i] = all[i - 1] + rnd.nextInt(-10, 1_000);
        }
        MemorySegment seg = segment(all);
        for (int[] page : new int[][] {{0, 1_000}, {1_000, 1_000}, {2_000, 2_999}, {4_999, 1}, {129, 129}}) {
            long[] expected = Arrays.copyOfRange(all, page[0], page[0] + page[1]);
            assertArrayEquals(expected, decode(encode(seg, page[0], page[1]), page[1]), "page at " + page[0]);
        }
    }

    @Test
    void encoderReusedAfterALargerPageLeavesNoStaleDeltas() throws IOException {
        // the encoder keeps per-block scratch arrays: a short last block must not pick up old deltas
        SplittableRandom rnd = new SplittableRandom(5);
        long[] big = rnd.longs(1_000).toArray();
        long[] small = IntStream.range(0, 40).mapToLong(i -> 5 - i).toArray();
        assertRoundTrip(big);
        assertRoundTrip(small);
        assertRoundTrip(new long[] {9, 9});
    }
}
