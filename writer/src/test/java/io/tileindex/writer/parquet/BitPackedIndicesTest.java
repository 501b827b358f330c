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
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Longitude index pages (one bit-packed hybrid run), decoded by parquet-java's RLE/bit-packing hybrid decoder. */
class BitPackedIndicesTest {

    /** A page body of ascending runs {@code {from, length}}, checked against the exact one-run layout. */
    static byte[] page(int dictionarySize, int[][] runs) {
        int count = 0;
        for (int[] r : runs) {
            count += r[1];
        }
        ByteSink sink = new ByteSink(16); // small: the constructor must reserve what the page needs
        BitPackedIndices idx = new BitPackedIndices(sink, dictionarySize, count);
        for (int[] r : runs) {
            idx.addAscending(r[0], r[1]);
        }
        idx.finish();
        // width byte, header varint, then exactly width bytes per group of 8 (the decoder forgives a short last group)
        int width = RleDictionaryIndices.bitWidthFor(dictionarySize), groups = (count + 7) / 8;
        assertEquals(1 + HybridPages.ulebLength(2L * groups + 1) + groups * width, sink.size(), "page length");
        return sink.toArray();
    }

    static int[] expected(int[][] runs) {
        return Arrays.stream(runs).flatMapToInt(r -> IntStream.range(r[0], r[0] + r[1])).toArray();
    }

    static void assertDecodes(int dictionarySize, int[][] runs) throws IOException {
        int[] want = expected(runs);
        assertArrayEquals(want, HybridPages.indices(page(dictionarySize, runs), want.length));
    }

    @Test
    void emptyPageIsARunOfZeroGroups() {
        assertArrayEquals(new byte[] {1, 1}, page(2, new int[0][]));
    }

    @Test
    void oneIndex() throws IOException {
        assertDecodes(1, new int[][] {{0, 1}});
        assertDecodes(1 << 20, new int[][] {{(1 << 20) - 1, 1}});
    }

    @Test
    void countsAroundTheGroupOfEight() throws IOException {
        // padding of the last group: 0 to 7 zero values
        for (int n = 1; n <= 17; n++) {
            assertDecodes(40, new int[][] {{40 - n, n}});
        }
    }

    static IntStream widths() { return IntStream.rangeClosed(1, 31); }

    @ParameterizedTest
    @MethodSource("widths")
    void randomRunsAtEveryWidth(int w) throws IOException {
        // the largest dictionary of this width; runs may end at its last index
        int size = w == 31 ? Integer.MAX_VALUE : 1 << w;
        assertEquals(w, RleDictionaryIndices.bitWidthFor(size));
        SplittableRandom rnd = new SplittableRandom(w);
        for (int round = 0; round < 20; round++) {
            int[][] runs = new int[rnd.nextInt(1, 30)][];
            for (int i = 0; i < runs.length; i++) {
                int len = rnd.nextInt(0, Math.min(size, 200) + 1);
                int from = i == 0 ? size - len : (int) rnd.nextLong(size - len + 1L);
                runs[i] = new int[] {from, len};
            }
            assertDecodes(size, runs);
        }
    }

    @Test
    void longitudeLikePageOfManyRows() throws IOException {
        // what RowGroupEncoder writes: every row of a country restarts near the same columns (col - cmin)
        SplittableRandom rnd = new SplittableRandom(7);
        int span = 3_000;
        int[][] runs = new int[400][];
        for (int i = 0; i < runs.length; i++) {
            int s = rnd.nextInt(span), len = rnd.nextInt(1, span - s + 1);
            runs[i] = new int[] {s, len};
        }
        assertDecodes(span, runs);
    }

    @Test
    void parquetDictionaryReaderSeesTheDictionaryValues() throws IOException {
        // the path parquet-java's column reader takes: DictionaryValuesReader over a PLAIN dictionary page
        long[] dictionary = IntStream.range(0, 300).mapToLong(i -> 1_000_000L * i - 7).toArray();
        int[][] runs = {{5, 100}, {0, 300}, {299, 1}, {17, 3}};
        int[] idx = expected(runs);
        long[] want = IntStream.of(idx).mapToLong(i -> dictionary[i]).toArray();
        assertArrayEquals(want, HybridPages.values(dictionary, page(dictionary.length, runs), idx.length));
    }

    @Test
    void appendsAfterBytesAlreadyInTheSink() throws IOException {
        // the page is written at the sink's position, straight into its array: earlier bytes stay
        ByteSink sink = new ByteSink(16);
        sink.putBytes(new byte[] {9, 8, 7});
        BitPackedIndices idx = new BitPackedIndices(sink, 1 << 12, 70);
        idx.addAscending(4_000, 70);
        idx.finish();
        byte[] all = sink.toArray();
        assertArrayEquals(new byte[] {9, 8, 7}, Arrays.copyOf(all, 3));
        int[] want = IntStream.range(4_000, 4_070).toArray();
        assertArrayEquals(want, HybridPages.indices(Arrays.copyOfRange(all, 3, all.length), 70));
    }

    @Test
    void finishRejectsACountOtherThanAnnounced() {
        BitPackedIndices fewer = new BitPackedIndices(new ByteSink(16), 10, 5);
        fewer.addAscending(0, 4);
        assertThrows(IllegalStateException.class, fewer::finish);
        BitPackedIndices more = new BitPackedIndices(new ByteSink(16), 10, 5);
        more.addAscending(0, 6);
        assertThrows(IllegalStateException.class, more::finish);
    }
}
