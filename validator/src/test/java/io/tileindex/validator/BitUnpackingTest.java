package io.tileindex.validator;

import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The validator's own unpacking of bit-packed groups equals parquet-java's packer, at every width and at the page's end. */
class BitUnpackingTest {
    @Test
    void everyWidthRoundTripsThroughParquetJavasPacker() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int width = 1; width <= 32; width++) {
            BytePacker packer = Packer.LITTLE_ENDIAN.newBytePacker(width);
            for (int trial = 0; trial < 200; trial++) {
                int[] values = new int[8];
                for (int k = 0; k < 8; k++) {
                    values[k] = (int) (rnd.nextLong() & ((1L << width) - 1));
                }
                // the group at the very end of the page (no bytes after it) and in the middle
                for (int after : new int[] {0, 3, 16}) {
                    byte[] page = new byte[5 + width + after];
                    packer.pack8Values(values, 0, page, 5);
                    int[] out = new int[8];
                    PieceReader.unpack8(page, 5, width, out);
                    assertArrayEquals(values, out, "width " + width + ", " + after + " bytes after");
                }
            }
        }
    }
}
