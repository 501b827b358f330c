package io.tileindex.writer.parquet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Per-row dictionary index pages (RLE runs only), decoded by parquet-java's RLE/bit-packing hybrid decoder. */
class RleDictionaryIndicesTest {

    /** Encodes {@code repeat(index[i], count[i])} calls; returns the page body. */
    static byte[] page(int dictionarySize, int[] index, long[] count) {
        ByteSink sink = new ByteSink(16);
        RleDictionaryIndices idx = new RleDictionaryIndices(sink, dictionarySize);
        for (int i = 0; i < index.length; i++) {
            idx.repeat(index[i], count[i]);
        }
        idx.finish();
        return sink.toArray();
    }

    static int[] expected(int[] index, long[] count) {
        return IntStream.range(0, index.length)
                .flatMap(i -> IntStream.generate(() -> index[i]).limit(Math.max(0, count[i]))).toArray();
    }

    static void assertDecodes(int dictionarySize, int[] index, long[] count) throws IOException {
        int[] want = expected(index, count);
        assertArrayEquals(want, HybridPages.indices(page(dictionarySize, index, count), want.length));
    }

    @Test
    void bitWidthIsAtLeastOneAndCoversTheLargestIndex() {
        int[][] sizeWidth = {{0, 1}, {1, 1}, {2, 1}, {3, 2}, {4, 2}, {5, 3}, {255, 8}, {256, 8}, {257, 9},
                {1 << 16, 16}, {(1 << 16) + 1, 17}, {1 << 24, 24}, {(1 << 24) + 1, 25}, {1 << 30, 30}, {(1 << 30) + 1, 31},
                {Integer.MAX_VALUE, 31}};
        for (int[] sw : sizeWidth) {
            assertEquals(sw[1], RleDictionaryIndices.bitWidthFor(sw[0]), "dictionary of " + sw[0]);
        }
    }

    @Test
    void exactBytesOfOneRun() {
        // width 9 (two value bytes), run of 5: <9> <varint 5<<1 = 10> <258 little-endian>
        assertArrayEquals(new byte[] {9, 10, 2, 1}, page(300, new int[] {258}, new long[] {5}));
    }

    @Test
    void noRunsIsJustTheWidthByte() {
        assertArrayEquals(new byte[] {3}, page(8, new int[0], new long[0]));
        // non-positive counts are ignored, not written as empty runs
        assertArrayEquals(new byte[] {3}, page(8, new int[] {1, 2}, new long[] {0, -4}));
    }

    @Test
    void repeatsOfTheSameIndexMergeIntoOneRun() throws IOException {
        int[] index = {4, 4, 4, 2, 2, 4};
        long[] count = {1, 100, 27, 3, 0, 5};
        byte[] body = page(5, index, count);
        // three runs (4 x128, 2 x3, 4 x5), one value byte each
        assertEquals(1 + (2 + 1) + (1 + 1) + (1 + 1), body.length);
        assertArrayEquals(expected(index, count), HybridPages.indices(body, 136));
    }

    @Test
    void runLengthsAcrossVarintBoundaries() throws IOException {
        // run header varint(count << 1): 1 byte up to 63, 2 up to 8191, 3 up to 2^20 - 1 ...
        for (long n : new long[] {1, 63, 64, 8191, 8192, (1 << 20) - 1, 1 << 20, 1 << 21}) {
            byte[] body = page(1, new int[] {0}, new long[] {n});
            assertEquals(1 + HybridPages.ulebLength(n << 1) + 1, body.length);
            int[] got = HybridPages.indices(body, (int) n);
            assertEquals(0, Arrays.stream(got).max().orElseThrow(), "run of " + n);
        }
    }

    static IntStream widths() { return IntStream.rangeClosed(1, 31); }

    @ParameterizedTest
    @MethodSource("widths")
    void randomRunsAtEveryWidth(int w) throws IOException {
        // the largest dictionary of this width, so indices use all of its 1-4 value bytes
        int size = w == 31 ? Integer.MAX_VALUE : 1 << w;
        SplittableRandom rnd = new SplittableRandom(w);
        for (int round = 0; round < 20; round++) {
            int runs = rnd.nextInt(1, 40);
            int[] index = new int[runs];
            long[] count = new long[runs];
            for (int i = 0; i < runs; i++) {
                // some neighbours repeat (merged runs), the top index appears
                index[i] = i == 0 ? size - 1 : rnd.nextInt(4) == 0 ? index[i - 1] : rnd.nextInt(size);
                count[i] = rnd.nextInt(-1, 300);
            }
            assertDecodes(size, index, count);
        }
    }

    @Test
    void parquetDictionaryReaderSeesTheDictionaryValues() throws IOException {
        // as RowGroupEncoder's per-row columns are read back: DictionaryValuesReader over a PLAIN dictionary
        long[] rows = {3_000, 3_001, 3_002, 3_004, 3_005};
        int[] index = {0, 1, 1, 2, 3, 4, 0};
        long[] count = {2_500, 40, 2, 1, 7_777, 3, 9};
        int[] idx = expected(index, count);
        long[] want = IntStream.of(idx).mapToLong(i -> rows[i]).toArray();
        assertArrayEquals(want, HybridPages.values(rows, page(rows.length, index, count), idx.length));
    }

    @Test
    void finishTwiceWritesNothingMore() {
        ByteSink sink = new ByteSink(16);
        RleDictionaryIndices idx = new RleDictionaryIndices(sink, 2);
        idx.repeat(1, 10);
        idx.finish();
        idx.finish();
        assertArrayEquals(new byte[] {1, 20, 1}, sink.toArray());
    }
}
