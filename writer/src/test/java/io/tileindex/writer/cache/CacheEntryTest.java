package io.tileindex.writer.cache;

import io.tileindex.writer.parquet.EncodedChunk;
import io.tileindex.writer.parquet.TileSchemas;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The row group record (shared chunks and pages stay shared, statistics rebuilt) and the entry file's checks. */
class CacheEntryTest {
    static final PrimitiveType LON = TileSchemas.TILE_INDEX.getColumns().get(4).getPrimitiveType();

    @TempDir
    Path dir;

    static byte[] le(double v) { return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array(); }

    /** Eight chunks a dataset; chunk 4 (a longitude) shared by both datasets, its index page shared with chunk 5 of bounds. */
    static RowGroupRecords.Content content() {
        byte[] index = {1, 2, 3, 4, 5};
        Statistics<?> st = Statistics.getBuilderForReading(LON).withMin(le(-0.0)).withMax(le(12.5)).withNumNulls(0).build();
        EncodedChunk lon = new EncodedChunk(CompressionCodecName.ZSTD, new EncodedChunk.Dict(new byte[] {9, 9, 9}, 24, 3),
                List.of(new EncodedChunk.Page(index, 40, 10, Encoding.RLE_DICTIONARY, st)));
        EncodedChunk other = new EncodedChunk(CompressionCodecName.UNCOMPRESSED, null,
                List.of(new EncodedChunk.Page(new byte[] {7}, 1, 10, Encoding.DELTA_BINARY_PACKED, null)));
        EncodedChunk minLon = new EncodedChunk(CompressionCodecName.ZSTD, new EncodedChunk.Dict(new byte[] {8, 8}, 24, 3),
                List.of(new EncodedChunk.Page(index, 40, 10, Encoding.RLE_DICTIONARY, null)));
        EncodedChunk[] idx = {other, other, other, other, lon, other, other, other};
        EncodedChunk[] bnd = {other, other, other, other, minLon, other, other, lon};
        return new RowGroupRecords.Content(10, 1000, 1009, idx, bnd);
    }

    /** A record's bytes in one array. */
    static byte[] toArray(List<ByteBuffer> record) {
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(RowGroupRecords.length(record)));
        record.forEach(b -> all.put(b.duplicate()));
        return all.array();
    }

    @Test
    void aRecordReadsBackWithItsSharingAndStatistics() {
        RowGroupRecords.Content c = content();
        RowGroupRecords.Content back = RowGroupRecords.read(ByteBuffer.wrap(toArray(RowGroupRecords.write(c))));
        assertEquals(10, back.rowCount());
        assertEquals(1000, back.firstTileId());
        assertEquals(1009, back.lastTileId());
        assertSame(back.tileIndex()[4], back.tileBounds()[7], "a chunk shared by both datasets stays one chunk");
        assertSame(back.tileIndex()[4].pages().get(0).bytes(), back.tileBounds()[4].pages().get(0).bytes(), "a shared page stays one array");
        EncodedChunk.Page p = back.tileIndex()[4].pages().get(0);
        assertArrayEquals(c.tileIndex()[4].pages().get(0).stats().getMinBytes(), p.stats().getMinBytes());
        assertArrayEquals(c.tileIndex()[4].pages().get(0).stats().getMaxBytes(), p.stats().getMaxBytes());
        assertEquals(LON, p.stats().type());
        assertNull(back.tileIndex()[0].dictionary());
        assertEquals(CompressionCodecName.ZSTD, back.tileIndex()[4].codec());
        assertEquals(3, back.tileIndex()[4].dictionary().size());
        assertArrayEquals(new byte[] {9, 9, 9}, back.tileIndex()[4].dictionary().bytes());
        byte[] bytes = toArray(RowGroupRecords.write(c));
        assertThrows(IllegalStateException.class, () -> RowGroupRecords.read(ByteBuffer.wrap(bytes, 0, bytes.length - 3)));
    }

    Path entry(String key, int rowGroups) throws IOException {
        Path f = dir.resolve(key + ".entry");
        try (CacheEntry.Writer w = new CacheEntry.Writer(dir.resolve(key + ".part"), key, rowGroups)) {
            for (int i = 0; i < rowGroups; i++) {
                w.append(RowGroupRecords.write(content()));
            }
            w.commit(f);
        }
        return f;
    }

    @Test
    void anEntryIsCheckedWholeBeforeItIsUsed() throws Exception {
        String key = "a".repeat(64);
        Path f = entry(key, 3);
        CacheEntry e = CacheEntry.open(f, key);
        assertEquals(3, e.rowGroups());
        assertEquals(10, e.rowCount(2));
        assertEquals(1000, e.firstTileId(1));
        assertEquals(1009, e.lastTileId(0));
        assertEquals(Files.size(f), e.bytes());
        assertEquals(10, e.rowGroup(1).rowCount());

        assertTrue(assertThrows(CacheEntry.Refused.class, () -> CacheEntry.open(f, "b".repeat(64))).getMessage().contains("another key"));
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(100);
            int b = r.read();
            r.seek(100);
            r.write(b ^ 1);
        }
        assertTrue(assertThrows(CacheEntry.Refused.class, () -> CacheEntry.open(f, key)).getMessage().contains("digest"));
        Path g = entry("c".repeat(64), 2);
        try (RandomAccessFile r = new RandomAccessFile(g.toFile(), "rw")) {
            r.setLength(r.length() - 1);
        }
        assertThrows(CacheEntry.Refused.class, () -> CacheEntry.open(g, "c".repeat(64)));
    }

    /** A record whose page is larger than the writer's gathering buffer, between small pieces. */
    static RowGroupRecords.Content withLargePage(int size) {
        byte[] big = new byte[size];
        new java.util.Random(size).nextBytes(big);
        EncodedChunk k = new EncodedChunk(CompressionCodecName.ZSTD, new EncodedChunk.Dict(new byte[] {1}, 8, 1),
                List.of(new EncodedChunk.Page(big, size, 10, Encoding.RLE_DICTIONARY, null)));
        RowGroupRecords.Content c = content();
        EncodedChunk[] idx = c.tileIndex().clone();
        idx[2] = k;
        return new RowGroupRecords.Content(c.rowCount(), c.firstTileId(), c.lastTileId(), idx, c.tileBounds());
    }

    @Test
    void largePagesAmongSmallPiecesKeepTheirOrder() throws Exception {
        String key = "e".repeat(64);
        Path f = dir.resolve("e.entry");
        int[] sizes = {100_000, 140_000, 300_000, 5, 262_144};
        try (CacheEntry.Writer w = new CacheEntry.Writer(dir.resolve("e.part"), key, sizes.length)) {
            for (int s : sizes) {
                w.append(RowGroupRecords.write(withLargePage(s)));
            }
            w.commit(f);
        }
        CacheEntry e = CacheEntry.open(f, key); // the digest covers the bytes in the order they were meant
        for (int g = 0; g < sizes.length; g++) {
            assertArrayEquals(withLargePage(sizes[g]).tileIndex()[2].pages().get(0).bytes(),
                    e.rowGroup(g).tileIndex()[2].pages().get(0).bytes());
        }
    }

    @Test
    void anUncommittedEntryLeavesNoFile() throws IOException {
        Path part = dir.resolve("d.part");
        try (CacheEntry.Writer w = new CacheEntry.Writer(part, "d".repeat(64), 2)) {
            w.append(RowGroupRecords.write(content()));
            assertThrows(IllegalStateException.class, () -> w.commit(dir.resolve("d.entry")), "one of two row groups");
        }
        assertFalse(Files.exists(part));
        assertFalse(Files.exists(dir.resolve("d.entry")));
    }
}
