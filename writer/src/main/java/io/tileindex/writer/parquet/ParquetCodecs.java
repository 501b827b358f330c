package io.tileindex.writer.parquet;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.lz4.Lz4Decompressor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * Page decompression for reading Parquet inputs without a Hadoop runtime. parquet-java's default
 * codec factory goes through Hadoop's codec classes, which need hadoop-client-runtime (not on our
 * classpath: it fails with NoClassDefFoundError on any compressed page). The libraries used here are
 * already dependencies of parquet-hadoop: snappy-java, zstd-jni and aircompressor.
 */
public final class ParquetCodecs implements CompressionCodecFactory {
    public static final ParquetCodecs INSTANCE = new ParquetCodecs();

    /** A reader over a local file with these codecs and no Hadoop configuration. */
    public static org.apache.parquet.hadoop.ParquetFileReader open(java.nio.file.Path file) throws IOException {
        org.apache.parquet.ParquetReadOptions opts = org.apache.parquet.ParquetReadOptions
                .builder(new org.apache.parquet.conf.PlainParquetConfiguration()).withCodecFactory(INSTANCE).build();
        return org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(file), opts);
    }

    private ParquetCodecs() {}

    /** Compression for parquet-java's own writers (test fixtures, the naive benchmark baseline). */
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                ByteArrayOutputStream src = new ByteArrayOutputStream(Math.toIntExact(bytes.size()));
                bytes.writeAllTo(src);
                byte[] in = src.toByteArray();
                return BytesInput.from(switch (codec) {
                    case UNCOMPRESSED -> in;
                    case ZSTD -> Zstd.compress(in, PageCompressor.ZSTD_LEVEL);
                    case SNAPPY -> Snappy.compress(in);
                    default -> throw new IOException("codec " + codec + " is not supported for writing");
                });
            }

            @Override
            public CompressionCodecName getCodecName() { return codec; }

            @Override
            public void release() { }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Decompressor(codec);
    }

    @Override
    public void release() {}

    private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            // (BytesInput.toByteArray is deprecated in 1.18)
            ByteArrayOutputStream src = new ByteArrayOutputStream(Math.toIntExact(bytes.size()));
            bytes.writeAllTo(src);
            return BytesInput.from(inflate(src.toByteArray(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            // same contract as parquet-hadoop's heap decompressor: consume compressedSize bytes, append to output
            byte[] src = new byte[compressedSize];
            input.get(src);
            output.put(codec == CompressionCodecName.UNCOMPRESSED ? src : inflate(src, uncompressedSize));
        }

        @Override
        public void release() {}

        private byte[] inflate(byte[] src, int size) throws IOException {
            byte[] dst = new byte[size];
            int n;
            switch (codec) {
                case SNAPPY -> n = Snappy.uncompress(src, 0, src.length, dst, 0);
                case ZSTD -> {
                    long r = Zstd.decompressByteArray(dst, 0, size, src, 0, src.length);
                    if (Zstd.isError(r)) {
                        throw new IOException("ZSTD page: " + Zstd.getErrorName(r));
                    }
                    n = (int) r;
                }
                case LZ4_RAW -> n = new Lz4Decompressor().decompress(src, 0, src.length, dst, 0, size);
                case GZIP -> {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(src))) {
                        n = in.readNBytes(dst, 0, size);
                    }
                }
                default -> throw new IOException("unsupported Parquet compression codec " + codec
                        + " (supported: UNCOMPRESSED, SNAPPY, ZSTD, GZIP, LZ4_RAW)");
            }
            if (n != size) {
                throw new IOException(codec + " page decompressed to " + n + " bytes, header says " + size);
            }
            return dst;
        }
    }
}
