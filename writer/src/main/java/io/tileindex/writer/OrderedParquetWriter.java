package io.tileindex.writer;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.writer.parquet.EncodedChunk;
import io.tileindex.writer.parquet.TileSchemas;
import io.tileindex.writer.publish.DeterminismReceipt;
import io.tileindex.writer.publish.DurableOutputFile;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.FileSyncer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The single ordered writer: receives encoded row groups in key order and only assembles them
 * into files with parquet-java's {@link ParquetFileWriter} (page headers, column/offset indexes,
 * footer). It never encodes or compresses; that happened on the workers. It also enforces the
 * key order across row groups (E003 on a repeat) and digests each dataset's bytes for the receipt.
 */
final class OrderedParquetWriter implements AutoCloseable {
    private static final long NO_ROW_GROUP_LIMIT = Long.MAX_VALUE / 2;

    private final Path indexDir, boundsDir;
    private final Map<String, String> indexMeta, boundsMeta;
    private final FaultInjector faults;
    private final MessageDigest receipt = DeterminismReceipt.sha256(), boundsReceipt = DeterminismReceipt.sha256();
    private final FileSyncer syncer;
    private final MessageType indexSchema;
    private ParquetFileWriter index, bounds;
    private DurableOutputFile indexFile, boundsFile;
    private String lastIso;
    private long lastTileId = -1;
    private long bytesWritten;
    private int filesWritten;
    private long rowsWritten;

    OrderedParquetWriter(Path indexDir, Path boundsDir, Map<String, String> fileMetadata, FaultInjector faults) {
        this(indexDir, boundsDir, fileMetadata, faults, TileSchemas.TILE_INDEX);
    }

    /** {@code indexSchema}: tile_index with or without coverage_fraction ({@link TileSchemas#tileIndex}). */
    OrderedParquetWriter(Path indexDir, Path boundsDir, Map<String, String> fileMetadata, FaultInjector faults,
                         MessageType indexSchema) {
        this.indexSchema = indexSchema;
        this.indexDir = indexDir;
        this.boundsDir = boundsDir;
        this.indexMeta = meta(fileMetadata, "tile_index");
        this.boundsMeta = meta(fileMetadata, "tile_bounds");
        this.faults = faults;
        this.syncer = new FileSyncer(faults);
    }

    /** The key/value footer metadata of one dataset's files (shared with {@link PartFileWriter}). */
    static Map<String, String> meta(Map<String, String> base, String dataset) {
        Map<String, String> m = new TreeMap<>(base); // sorted: footer bytes must not depend on hash order
        m.put("tileindex.dataset", dataset);
        m.put("tileindex.format_version", TileSchemas.FORMAT_VERSION);
        return m;
    }

    void write(EncodedRowGroup rg) throws IOException {
        PlannedRowGroup u = rg.planned();
        if (u.iso().equals(lastIso) && rg.firstTileId() <= lastTileId) {
            throw TileIndexException.forCountry(ErrorCode.E003_DUP_TILE, u.iso(),
                    "duplicate or unsorted (country_iso, tile_id): " + u.iso() + " tile " + rg.firstTileId()
                            + " after " + lastTileId);
        }
        if (u.firstInFile()) {
            String name = u.fileName();
            indexFile = new DurableOutputFile(indexDir.resolve(name), receipt, faults, syncer);
            boundsFile = new DurableOutputFile(boundsDir.resolve(name), boundsReceipt, faults, syncer);
            index = open(indexFile, indexSchema);
            bounds = open(boundsFile, TileSchemas.TILE_BOUNDS);
        }
        writeRowGroup(index, indexSchema, rg.tileIndex(), u.rowCount());
        writeRowGroup(bounds, TileSchemas.TILE_BOUNDS, rg.tileBounds(), u.rowCount());
        rowsWritten += u.rowCount();
        lastIso = u.iso();
        lastTileId = rg.lastTileId();
        if (u.lastInFile()) {
            index.end(indexMeta);
            bounds.end(boundsMeta);
            index.close();
            bounds.close();
            bytesWritten += indexFile.bytesWritten() + boundsFile.bytesWritten();
            filesWritten += 2;
            index = bounds = null;
        }
    }

    /** Starts a file exactly as every file of the build starts (shared with {@link PartFileWriter}). */
    static ParquetFileWriter open(OutputFile f, MessageType schema) throws IOException {
        ParquetFileWriter w = new ParquetFileWriter(f, schema, ParquetFileWriter.Mode.CREATE,
                NO_ROW_GROUP_LIMIT, 0, 64, Integer.MAX_VALUE, true);
        w.start();
        return w;
    }

    static void writeRowGroup(ParquetFileWriter w, MessageType schema, EncodedChunk[] chunks, long rows) throws IOException {
        List<ColumnDescriptor> cols = schema.getColumns();
        w.startBlock(rows);
        for (int i = 0; i < chunks.length; i++) {
            EncodedChunk c = chunks[i];
            w.startColumn(cols.get(i), rows, c.codec());
            if (c.dictionary() != null) {
                EncodedChunk.Dict d = c.dictionary();
                // current spec: dictionary pages PLAIN, data pages RLE_DICTIONARY (PLAIN_DICTIONARY is deprecated)
                w.writeDictionaryPage(new DictionaryPage(BytesInput.from(d.bytes()), d.uncompressedSize(), d.size(),
                        Encoding.PLAIN));
            }
            for (EncodedChunk.Page p : c.pages()) {
                w.writeDataPage(p.valueCount(), p.uncompressedSize(), BytesInput.from(p.bytes()), p.stats(),
                        p.valueCount(), Encoding.RLE, Encoding.RLE, p.encoding());
            }
            w.endColumn();
        }
        w.endBlock();
    }

    /** Waits until every written file is fsynced (the files are complete before anything is published). */
    void finish() throws IOException {
        syncer.finish();
    }

    String receiptHex() { return DeterminismReceipt.hex(receipt); }
    String boundsReceiptHex() { return DeterminismReceipt.hex(boundsReceipt); }
    long bytesWritten() { return bytesWritten; }
    int filesWritten() { return filesWritten; }
    long rowsWritten() { return rowsWritten; }

    @Override
    public void close() {
        // on failure: leave the half-written files in staging; the publisher discards staging
        for (ParquetFileWriter w : new ParquetFileWriter[] {index, bounds}) {
            if (w != null) {
                try {
                    w.close();
                } catch (IOException | RuntimeException ignored) {
                    // staging is discarded as a whole
                }
            }
        }
        syncer.close();
    }
}
