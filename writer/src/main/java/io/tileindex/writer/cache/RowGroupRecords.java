package io.tileindex.writer.cache;

import io.tileindex.writer.parquet.EncodedChunk;
import io.tileindex.writer.parquet.TileSchemas;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.PrimitiveType;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row group's encoded chunks of both datasets as one record, and back. Byte arrays and chunks that
 * the encoder shares between columns and datasets (the shared columns, the longitude index pages) are
 * stored once and shared again on reading, so a record is about the size of its tile_index file part
 * plus the bounds-only columns. Statistics are rebuilt exactly as the encoder builds them (from their
 * min and max bytes through the column type). Stateless, so thread-safe.
 */
public final class RowGroupRecords {
    private static final List<PrimitiveType> TYPES = new ArrayList<>();

    static {
        TileSchemas.TILE_INDEX.getColumns().forEach(c -> TYPES.add(c.getPrimitiveType()));
        TileSchemas.TILE_BOUNDS.getColumns().forEach(c -> TYPES.add(c.getPrimitiveType()));
        TYPES.add(TileSchemas.TILE_INDEX_COVERAGE.getColumns().get(8).getPrimitiveType());
    }

    private RowGroupRecords() {}

    /** A row group's encoded content: both datasets' chunks and the tile ids at its ends. */
    public record Content(int rowCount, long firstTileId, long lastTileId, EncodedChunk[] tileIndex, EncodedChunk[] tileBounds) {}

    /**
     * The record as buffers to write in order: a few small ones of fields around the page bodies, which
     * are wrapped, not copied (a 100 m row group's record is tens of megabytes).
     */
    public static List<ByteBuffer> write(Content c) {
        try {
            Map<byte[], Integer> blobs = new IdentityHashMap<>();
            List<byte[]> blobList = new ArrayList<>();
            Map<EncodedChunk, Integer> chunks = new IdentityHashMap<>();
            List<EncodedChunk> chunkList = new ArrayList<>();
            for (EncodedChunk[] set : List.of(c.tileIndex(), c.tileBounds())) {
                for (EncodedChunk k : set) {
                    if (chunks.putIfAbsent(k, chunkList.size()) == null) {
                        chunkList.add(k);
                        if (k.dictionary() != null) {
                            blob(blobs, blobList, k.dictionary().bytes());
                        }
                        k.pages().forEach(p -> blob(blobs, blobList, p.bytes()));
                    }
                }
            }
            List<ByteBuffer> out = new ArrayList<>();
            out.add(ByteBuffer.allocate(24).putInt(c.rowCount()).putLong(c.firstTileId()).putLong(c.lastTileId())
                    .putInt(blobList.size()).flip());
            for (byte[] b : blobList) {
                out.add(ByteBuffer.allocate(4).putInt(b.length).flip());
                out.add(ByteBuffer.wrap(b));
            }
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            DataOutputStream t = new DataOutputStream(tail);
            t.writeInt(chunkList.size());
            for (EncodedChunk k : chunkList) {
                writeChunk(t, k, blobs);
            }
            for (EncodedChunk[] set : List.of(c.tileIndex(), c.tileBounds())) {
                t.writeInt(set.length);
                for (EncodedChunk k : set) {
                    t.writeInt(chunks.get(k));
                }
            }
            t.flush();
            out.add(ByteBuffer.wrap(tail.toByteArray()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }

    /** The record's length in bytes. */
    public static long length(List<ByteBuffer> record) {
        return record.stream().mapToLong(ByteBuffer::remaining).sum();
    }

    private static void blob(Map<byte[], Integer> blobs, List<byte[]> list, byte[] b) {
        if (blobs.putIfAbsent(b, list.size()) == null) {
            list.add(b);
        }
    }

    private static void writeChunk(DataOutputStream out, EncodedChunk k, Map<byte[], Integer> blobs) throws IOException {
        out.writeUTF(k.codec().name());
        EncodedChunk.Dict d = k.dictionary();
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeInt(blobs.get(d.bytes()));
            out.writeInt(d.uncompressedSize());
            out.writeInt(d.size());
        }
        out.writeInt(k.pages().size());
        for (EncodedChunk.Page p : k.pages()) {
            out.writeInt(blobs.get(p.bytes()));
            out.writeInt(p.uncompressedSize());
            out.writeInt(p.valueCount());
            out.writeUTF(p.encoding().name());
            Statistics<?> s = p.stats();
            out.writeInt(s == null ? -1 : typeIndex(s.type()));
            if (s != null) {
                bytes(out, s.getMinBytes());
                bytes(out, s.getMaxBytes());
            }
        }
    }

    private static int typeIndex(PrimitiveType t) {
        for (int i = 0; i < TYPES.size(); i++) {
            if (TYPES.get(i).equals(t)) {
                return i;
            }
        }
        throw new IllegalStateException("statistics of a column outside SPEC §4: " + t);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    /** The record in {@code in} (position to limit); throws {@link IllegalStateException} on a malformed record. */
    public static Content read(ByteBuffer in) {
        try {
            int rows = in.getInt();
            long first = in.getLong(), last = in.getLong();
            byte[][] blobs = new byte[count(in)][];
            for (int i = 0; i < blobs.length; i++) {
                blobs[i] = new byte[count(in)];
                in.get(blobs[i]);
            }
            EncodedChunk[] chunks = new EncodedChunk[count(in)];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = readChunk(in, blobs);
            }
            EncodedChunk[] index = refs(in, chunks), bounds = refs(in, chunks);
            if (in.hasRemaining()) {
                throw new IllegalStateException(in.remaining() + " bytes after the record");
            }
            return new Content(rows, first, last, index, bounds);
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalStateException("malformed row group record: " + e, e);
        }
    }

    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("count " + n + " with " + in.remaining() + " bytes left");
        }
        return n;
    }

    private static EncodedChunk readChunk(ByteBuffer in, byte[][] blobs) {
        CompressionCodecName codec = CompressionCodecName.valueOf(utf(in));
        EncodedChunk.Dict dict = in.get() != 0 ? new EncodedChunk.Dict(blobs[in.getInt()], in.getInt(), in.getInt()) : null;
        List<EncodedChunk.Page> pages = new ArrayList<>();
        for (int n = count(in), i = 0; i < n; i++) {
            byte[] body = blobs[in.getInt()];
            int uncompressed = in.getInt(), values = in.getInt();
            Encoding enc = Encoding.valueOf(utf(in));
            int type = in.getInt();
            Statistics<?> stats = null;
            if (type >= 0) {
                byte[] min = nullableBytes(in), max = nullableBytes(in);
                stats = Statistics.getBuilderForReading(TYPES.get(type)).withMin(min).withMax(max).withNumNulls(0).build();
            }
            pages.add(new EncodedChunk.Page(body, uncompressed, values, enc, stats));
        }
        return new EncodedChunk(codec, dict, List.copyOf(pages));
    }

    private static EncodedChunk[] refs(ByteBuffer in, EncodedChunk[] chunks) {
        EncodedChunk[] out = new EncodedChunk[count(in)];
        for (int i = 0; i < out.length; i++) {
            out[i] = chunks[in.getInt()];
        }
        return out;
    }

    private static String utf(ByteBuffer in) {
        int n = in.getShort() & 0xffff;
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8); // writeUTF of ASCII enum names
    }

    private static byte[] nullableBytes(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        if (n > in.remaining()) {
            throw new IllegalArgumentException("statistics of " + n + " bytes with " + in.remaining() + " left");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}
