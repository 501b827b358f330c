package io.tileindex.writer.parquet;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.dictionary.DictionaryValuesReader;
import org.apache.parquet.column.values.dictionary.PlainValuesDictionary;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Decodes RLE_DICTIONARY data page bodies ({@code <bit width byte> <RLE/bit-packed hybrid runs>})
 * with parquet-java's own classes, the way its column reader does.
 */
final class HybridPages {
    private HybridPages() {}

    /**
     * The first {@code count} indices, read exactly as {@link DictionaryValuesReader#initFromPage}
     * does (one bit-width byte, then the hybrid decoder). Fails if bytes are left over: the decoder
     * tolerates a truncated last bit-packed group, so callers also check the body length.
     */
    static int[] indices(byte[] body, int count) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        RunLengthBitPackingHybridDecoder d = new RunLengthBitPackingHybridDecoder(BytesUtils.readIntLittleEndianOnOneByte(in), in);
        int[] out = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                out[i] = d.readInt();
            }
        } catch (OutOfMemoryError e) {
            // the decoder allocates a whole bit-packed run up front: a garbled header asks for gigabytes.
            // A plain failure, not an OOM that JUnit rethrows and that takes the test JVM down
            throw new AssertionError("garbled run header in " + Arrays.toString(Arrays.copyOf(body, 16)), e);
        }
        assertEquals(0, in.available(), "bytes left after the last index");
        return out;
    }

    /** The values of a page against a PLAIN INT64 dictionary, through {@link DictionaryValuesReader}. */
    static long[] values(long[] dictionary, byte[] body, int count) throws IOException {
        ByteSink dict = new ByteSink(16);
        for (long v : dictionary) {
            dict.putLongLE(v);
        }
        DictionaryPage page = new DictionaryPage(BytesInput.from(dict.toArray()), dictionary.length, Encoding.PLAIN);
        DictionaryValuesReader r = new DictionaryValuesReader(new PlainValuesDictionary.PlainLongDictionary(page));
        r.initFromPage(count, ByteBufferInputStream.wrap(ByteBuffer.wrap(body)));
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = r.readLong();
        }
        return out;
    }

    /** Bytes of an unsigned LEB128 varint. */
    static int ulebLength(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
