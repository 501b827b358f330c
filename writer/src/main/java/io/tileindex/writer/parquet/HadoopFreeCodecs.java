package io.tileindex.writer.parquet;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Parquet codecs without Hadoop at run time (parquet-java's default factory loads Hadoop's codec
 * classes, which need the 30 MB hadoop-client-runtime). Reads UNCOMPRESSED, ZSTD, SNAPPY and GZIP,
 * which covers what GeoParquet writers (GDAL, GeoPandas, DuckDB) produce by default.
 */
public final class HadoopFreeCodecs implements CompressionCodecFactory {

    /** A reader over a local file with these codecs and no Hadoop configuration. */
    public static ParquetFileReader open(Path file) throws IOException {
        ParquetReadOptions opts = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new HadoopFreeCodecs()).build();
        return ParquetFileReader.open(new LocalInputFile(file), opts);
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                byte[] in = bytes.toByteArray();
                return BytesInput.from(switch (codec) {
                    case UNCOMPRESSED -> in;
                    case ZSTD -> Zstd.compress(in, PageCompressor.ZSTD_LEVEL);
                    case SNAPPY -> Snappy.compress(in);
                    case GZIP -> gzip(in);
                    default -> throw new IOException("codec " + codec + " is not supported");
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
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                byte[] in = bytes.toByteArray();
                byte[] out = switch (codec) {
                    case UNCOMPRESSED -> in;
                    case ZSTD -> {
                        byte[] o = new byte[uncompressedSize];
                        long n = Zstd.decompress(o, in);
                        if (Zstd.isError(n) || n != uncompressedSize) {
                            throw new IOException("corrupt ZSTD page: " + (Zstd.isError(n) ? Zstd.getErrorName(n) : n + " bytes"));
                        }
                        yield o;
                    }
                    case SNAPPY -> Snappy.uncompress(in);
                    case GZIP -> new GZIPInputStream(new ByteArrayInputStream(in)).readAllBytes();
                    default -> throw new IOException("codec " + codec + " is not supported (use UNCOMPRESSED, ZSTD, SNAPPY or GZIP)");
                };
                if (out.length != uncompressedSize) {
                    throw new IOException("page decompressed to " + out.length + " bytes, header says " + uncompressedSize);
                }
                return BytesInput.from(out);
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(decompress(BytesInput.from(in), uncompressedSize).toByteArray());
            }

            @Override
            public void release() { }
        };
    }

    @Override
    public void release() { }

    private static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bo)) {
            z.write(in);
        }
        return bo.toByteArray();
    }
}
