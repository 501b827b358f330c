package io.tileindex.validator;

import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.ByteBufferReleaser;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.bitpacking.BytePackerForLong;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One required, flat column of a row group, decoded page by page into {@link Pieces}. The two
 * encodings of structured data are decoded here directly into pieces, so that a run costs one piece:
 * RLE/bit-packed dictionary indices (an RLE run is one piece) and DELTA_BINARY_PACKED (a miniblock of
 * bit width 0 is one piece). PLAIN and every other encoding go value by value through parquet-java's
 * decoders. What a piece's values mean depends on the column's {@link Kind}.
 */
final class PieceReader {
    /** What the longs of the pieces are. */
    enum Kind {
        /** INT64 values (dictionary pages are looked up while decoding). */
        LONG,
        /** Indices into {@link #doubles()} (the chunk has a dictionary). */
        DOUBLE_INDEX,
        /** Raw IEEE-754 bits (the chunk has no dictionary). */
        DOUBLE_BITS,
        /** Indices into {@link #strings()}. */
        STRING
    }

    private final ColumnDescriptor column;
    private final PageReader pages;
    private final Kind kind;
    private final DictionaryPage dictionary;
    private final int maxId; // the dictionary's largest index (-1 without one), read once: it was a virtual call per index
    private long[] longs = new long[0];
    private double[] doubles = new double[0];
    private int tableSize; // entries of doubles/strings in use (a plain page in a dictionary chunk appends)
    private String[] strings = new String[0];
    private final Map<String, Integer> stringIds = new HashMap<>();
    private final Pieces out = new Pieces();
    /** A column of the same row group whose index pages may be byte-identical to this one's (shared longitudes). */
    private PieceReader twin;
    private final DecompressedPages decoded;
    private byte[] lastBytes;
    private Encoding lastEncoding;

    /** Reads {@code column} of {@code rowGroup}; {@code decoded} (nullable) shares decoded index pages between readers. */
    PieceReader(PageReadStore rowGroup, ColumnDescriptor column, DecompressedPages decoded) throws IOException {
        this.column = column;
        this.decoded = decoded;
        this.pages = rowGroup.getPageReader(column);
        DictionaryPage dp = pages.readDictionaryPage();
        this.dictionary = dp;
        this.maxId = dp == null ? -1 : dp.getDictionarySize() - 1;
        PrimitiveTypeName t = column.getPrimitiveType().getPrimitiveTypeName();
        this.kind = switch (t) {
            case INT64 -> Kind.LONG;
            case DOUBLE -> dictionary == null ? Kind.DOUBLE_BITS : Kind.DOUBLE_INDEX;
            case BINARY -> Kind.STRING;
            default -> throw new IllegalStateException(column + ": type " + t + " is not one of the SPEC §4 columns");
        };
        if (dictionary != null) {
            readDictionary();
        }
    }

    private void readDictionary() throws IOException {
        int n = maxId + 1;
        switch (kind) {
            case LONG -> {
                longs = new long[n];
                plainDictionary().asLongBuffer().get(longs);
            }
            case DOUBLE_INDEX -> {
                // a whole-page bulk copy: parquet-java's dictionary read value by value, 4 % of validate at 100 m
                doubles = new double[n];
                plainDictionary().asDoubleBuffer().get(doubles);
                tableSize = n;
            }
            default -> {
                Dictionary d = dictionary.getEncoding().initDictionary(column, dictionary);
                strings = new String[n];
                for (int i = 0; i < n; i++) {
                    strings[i] = d.decodeToBinary(i).toStringUsingUTF8();
                }
                tableSize = n;
            }
        }
    }

    /** The dictionary page of an 8-byte column as little-endian values, after checking its encoding and length. */
    @SuppressWarnings("deprecation") // PLAIN_DICTIONARY: the dictionary page encoding of format 1 files
    private ByteBuffer plainDictionary() throws IOException {
        Encoding e = dictionary.getEncoding();
        if (e != Encoding.PLAIN && e != Encoding.PLAIN_DICTIONARY) {
            throw new IllegalStateException(column + ": dictionary page encoding " + e + " is not PLAIN");
        }
        byte[] b = bytesOf(dictionary.getBytes());
        if (b.length != 8L * (maxId + 1)) {
            throw new IllegalStateException(column + ": dictionary page of " + (maxId + 1) + " entries holds "
                    + b.length + " bytes");
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Declares a column of the same row group decoded just before this one, page for page: a page whose
     * bytes and encoding equal the twin's last page has the twin's values (dictionary indices), which
     * are copied instead of decoded again. Each column still checks them against its own dictionary.
     */
    void twin(PieceReader t) { this.twin = t; }

    Kind kind() { return kind; }
    /** The DOUBLE_INDEX table: the dictionary, then values of plain pages in a dictionary chunk. */
    double[] doubles() { return doubles; }
    int tableSize() { return tableSize; }
    /** The STRING table. */
    String[] strings() { return strings; }

    /** The next data page's values; throws when the chunk has no more pages. */
    Pieces nextPage() {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new IllegalStateException(column + ": the row group ends before its declared row count");
        }
        out.clear();
        int n = page.getValueCount();
        try {
            if (page instanceof DataPageV1 v1) {
                // required and flat: the level sections are empty (maximum level 0)
                decode(v1.getValueEncoding(), v1.getBytes(), n);
            } else {
                decode(((DataPageV2) page).getDataEncoding(), ((DataPageV2) page).getData(), n);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(column + ": undecodable page: " + e, e);
        }
        if (out.rows() != n) {
            throw new IllegalStateException(column + ": page declares " + n + " values, decoded " + out.rows());
        }
        return out;
    }

    private void decode(Encoding e, BytesInput bytes, int n) throws IOException {
        if (e.usesDictionary()) {
            if (dictionary == null) {
                throw new IllegalStateException("dictionary-encoded page without a dictionary page");
            }
            byte[] b = bytesOf(bytes);
            lastBytes = b;
            lastEncoding = e;
            if (twin != null && kind != Kind.LONG && twin.kind == kind && e == twin.lastEncoding
                    && Arrays.equals(b, twin.lastBytes) && twin.out.rows() == n && fitsDictionary(twin.out)) {
                out.copy(twin.out);
                return;
            }
            Pieces known = decoded == null || kind == Kind.LONG ? null : decoded.decoded(b, n, maxId);
            if (known != null) {
                out.copy(known); // the same page of the other dataset's longitudes, decoded under an equal-size dictionary
                return;
            }
            new HybridIndices(b, 1, b[0] & 0xff).decode(n);
            if (decoded != null && kind != Kind.LONG) {
                decoded.decoded(b, n, maxId, out);
            }
        } else if (e == Encoding.DELTA_BINARY_PACKED && kind == Kind.LONG) {
            new DeltaLongs(bytesOf(bytes)).decode(n);
        } else {
            ValuesReader r = e.getValuesReader(column, ValuesType.VALUES);
            ByteBufferInputStream in = bytes.toInputStream();
            r.initFromPage(n, in);
            for (int i = 0; i < n; i++) {
                switch (kind) {
                    case LONG -> out.add(r.readLong());
                    case DOUBLE_BITS -> out.add(Double.doubleToRawLongBits(r.readDouble()));
                    case DOUBLE_INDEX -> out.add(appendDouble(r.readDouble()));
                    case STRING -> out.add(stringId(r.readBytes()));
                }
            }
        }
    }

    /** Whether every index of {@code p} is an entry of this column's dictionary. */
    private boolean fitsDictionary(Pieces p) {
        int size = maxId + 1;
        for (int k = 0; k < p.size(); k++) {
            long a = p.first(k), z = a + p.step(k) * (p.len(k) - 1L);
            if (Math.min(a, z) < 0 || Math.max(a, z) >= size) {
                return false;
            }
        }
        return true;
    }

    private int appendDouble(double v) {
        if (tableSize == doubles.length) {
            doubles = Arrays.copyOf(doubles, Math.max(16, tableSize * 2));
        }
        doubles[tableSize] = v;
        return tableSize++;
    }

    private int stringId(Binary b) {
        String s = b.toStringUsingUTF8();
        Integer id = stringIds.get(s);
        if (id == null) {
            if (tableSize == strings.length) {
                strings = Arrays.copyOf(strings, Math.max(16, tableSize * 2));
            }
            strings[tableSize] = s;
            id = tableSize++;
            stringIds.put(s, id);
        }
        return id;
    }

    /** A dictionary index as the piece value: INT64 columns get the value itself. */
    private long mapIndex(int idx) {
        if (idx < 0 || idx > maxId) {
            throw new IllegalStateException("dictionary index " + idx + " beyond the dictionary's " + (maxId + 1));
        }
        return kind == Kind.LONG ? longs[idx] : idx;
    }

    /**
     * A page's bytes as one array: a decompressed page's own array (no copy), else one copy. Reading
     * them through an InputStream copied every page twice, a sixth of validate's time.
     */
    static byte[] bytesOf(BytesInput bytes) {
        try (ByteBufferReleaser releaser = new ByteBufferReleaser(HeapByteBufferAllocator.getInstance())) {
            ByteBuffer bb = bytes.toByteBuffer(releaser);
            if (bb.hasArray() && bb.arrayOffset() == 0 && bb.position() == 0 && bb.remaining() == bb.array().length) {
                return bb.array();
            }
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        }
    }

    /**
     * Eight values of {@code width} bits packed little-endian in the {@code width} bytes at {@code pos}
     * (Parquet's bit-packed run). Read from the array directly: parquet-java's ByteBuffer unpackers
     * paid a bounds check per byte, a sixth of validate's time.
     */
    static void unpack8(byte[] b, int pos, int width, int[] out) {
        long mask = (1L << width) - 1;
        if (pos + width + 8 <= b.length) {
            // each value lies in the 8 bytes from its first: one little-endian long read per value
            for (int k = 0, bit = 0; k < 8; k++, bit += width) {
                long window = (long) LONG_LE.get(b, pos + (bit >>> 3));
                out[k] = (int) ((window >>> (bit & 7)) & mask);
            }
            return;
        }
        int end = pos + width;
        for (int k = 0; k < 8; k++) {
            int bit = k * width, at = pos + (bit >>> 3);
            long window = 0;
            for (int j = 0; j < 5 && at + j < end; j++) {
                window |= (long) (b[at + j] & 0xff) << (8 * j);
            }
            out[k] = (int) ((window >>> (bit & 7)) & mask);
        }
    }

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** A page's bytes and a read position, with the ULEB128 varint both of its encodings use in headers. */
    private abstract static class PageBytes {
        final byte[] b;
        int pos;

        PageBytes(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        long uleb() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int x = b[pos++] & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if (x < 0x80) {
                    return v;
                }
            }
        }
    }

    /** The RLE / bit-packing hybrid of dictionary indices (Parquet's RLE_DICTIONARY data). */
    private final class HybridIndices extends PageBytes {
        private final int width;
        private final int[] eight = new int[8];
        private final ConsecutiveGroups sequel; // null where a field cannot hold +8 or indices map to values

        HybridIndices(byte[] b, int pos, int width) {
            super(b, pos);
            if (width > 32) {
                throw new IllegalStateException("index bit width " + width);
            }
            this.width = width;
            this.sequel = width >= 4 && kind != Kind.LONG ? new ConsecutiveGroups(width) : null;
        }

        void decode(int n) {
            int left = n;
            while (left > 0) {
                long header = uleb();
                if ((header & 1) == 0) {
                    int count = (int) Math.min(left, header >>> 1);
                    int v = 0;
                    for (int k = 0, bytes = (width + 7) / 8; k < bytes; k++) {
                        v |= (b[pos++] & 0xff) << (8 * k);
                    }
                    if (count <= 0) {
                        throw new IllegalStateException("empty RLE run");
                    }
                    long mapped = mapIndex(v);
                    out.addRun(mapped, 0, count);
                    left -= count;
                } else {
                    long groups = header >>> 1;
                    boolean consecutive = false; // the previous group of this run was e .. e+7, e = next - 8
                    int next = 0;
                    for (long g = 0; g < groups; g++) {
                        if (pos + width > b.length) {
                            throw new IllegalStateException("bit-packed run beyond the page");
                        }
                        if (consecutive && left >= 8 && next + 7 <= maxId && sequel.continues(b, pos)) {
                            out.addRun(next, 1, 8); // next .. next+7, each within the dictionary
                            next += 8;
                            left -= 8;
                            pos += width;
                            continue;
                        }
                        unpack8(b, pos, width, eight);
                        consecutive = false;
                        if (left >= 8 && kind != Kind.LONG && ascendingByOne(eight)) {
                            // indices of consecutive cells: one piece per group instead of eight values
                            mapIndex(eight[0]);
                            mapIndex(eight[7]);
                            out.addRun(eight[0], 1, 8);
                            left -= 8;
                            if (sequel != null) {
                                sequel.remember(b, pos);
                                consecutive = true;
                                next = eight[0] + 8;
                            }
                            pos += width;
                            continue;
                        }
                        pos += width;
                        for (int k = 0; k < 8 && left > 0; k++, left--) {
                            out.add(mapIndex(eight[k]));
                        }
                    }
                }
            }
        }


        private static boolean ascendingByOne(int[] e) {
            int d = e[0];
            return e[1] - d == 1 && e[2] - d == 2 && e[3] - d == 3 && e[4] - d == 4 && e[5] - d == 5 && e[6] - d == 6
                    && e[7] - d == 7;
        }
    }

    /** DELTA_BINARY_PACKED INT64: a miniblock of bit width 0 is an arithmetic run, so one piece. */
    private final class DeltaLongs extends PageBytes {
        private final long[] mini = new long[8];

        DeltaLongs(byte[] b) { super(b, 0); }

        void decode(int n) {
            long blockSize = uleb(), miniblocks = uleb(), total = uleb();
            long value = zigzag(uleb());
            if (miniblocks <= 0 || blockSize % miniblocks != 0 || (blockSize / miniblocks) % 8 != 0 || total != n) {
                throw new IllegalStateException("DELTA_BINARY_PACKED header: block " + blockSize + ", miniblocks "
                        + miniblocks + ", values " + total + " (page " + n + ")");
            }
            int perMini = (int) (blockSize / miniblocks);
            if (n == 0) {
                return;
            }
            out.add(value);
            int left = n - 1;
            while (left > 0) {
                long minDelta = zigzag(uleb());
                int widthsAt = pos;
                pos += (int) miniblocks;
                for (int m = 0; m < miniblocks && left > 0; m++) {
                    int w = b[widthsAt + m] & 0xff;
                    int count = Math.min(perMini, left);
                    if (w == 0) {
                        out.addRun(value + minDelta, minDelta, count);
                        value += minDelta * count;
                    } else {
                        value = unpacked(w, value, minDelta, count);
                        pos += perMini / 8 * w - (count + 7) / 8 * w; // the padding of a last, partial miniblock
                    }
                    left -= count;
                }
            }
        }

        private long unpacked(int w, long value, long minDelta, int count) {
            if (w > 64) {
                throw new IllegalStateException("delta bit width " + w);
            }
            BytePackerForLong p = Packer.LITTLE_ENDIAN.newBytePackerForLong(w);
            for (int i = 0; i < count; i += 8) {
                if (pos + w > b.length) {
                    throw new IllegalStateException("miniblock beyond the page");
                }
                p.unpack8Values(b, pos, mini, 0);
                pos += w;
                for (int k = 0; k < 8 && i + k < count; k++) {
                    value += minDelta + mini[k];
                    out.add(value);
                }
            }
            return value;
        }


        private long zigzag(long v) { return (v >>> 1) ^ -(v & 1); }
    }
}
