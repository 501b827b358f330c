package io.tileindex.writer.parquet;

import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.util.List;

/**
 * One column chunk of one row group, fully encoded and compressed by a worker. The ordered writer
 * only hands these bytes to parquet-java's {@code ParquetFileWriter}; it never encodes.
 */
public record EncodedChunk(CompressionCodecName codec, Dict dictionary, List<Page> pages) {

    /** A dictionary page: compressed body, its uncompressed size and entry count. */
    public record Dict(byte[] bytes, int uncompressedSize, int size) {}

    /** A v1 data page: compressed body, uncompressed size, values (= rows), encoding and statistics. */
    public record Page(byte[] bytes, int uncompressedSize, int valueCount, Encoding encoding, Statistics<?> stats) {}

    public long compressedBytes() {
        long n = dictionary == null ? 0 : dictionary.bytes.length;
        for (Page p : pages) {
            n += p.bytes.length;
        }
        return n;
    }
}
