package io.tileindex.validator;

import com.github.luben.zstd.Zstd;
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
 * Parquet page decompression without a Hadoop runtime, for reading only (parquet-java's default
 * factory goes through Hadoop codec classes that are not on the classpath). ZSTD through zstd-jni,
 * SNAPPY through snappy-java, GZIP through the JDK: the libraries parquet-hadoop already brings.
 * Stateless, so thread-safe.
 */
final class PageDecompression implements CompressionCodecFactory {
    static final PageDecompression INSTANCE = new PageDecompression();

    private PageDecompression() {}

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the validator only reads");
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
            ByteArrayOutputStream src = new ByteArrayOutputStream(Math.toIntExact(bytes.size()));
            bytes.writeAllTo(src);
            return BytesInput.from(inflate(src.toByteArray(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] src = new byte[compressedSize];
            input.get(src);
            output.put(codec == CompressionCodecName.UNCOMPRESSED ? src : inflate(src, uncompressedSize));
        }

        @Override
        public void release() {}

        private byte[] inflate(byte[] src, int size) throws IOException {
            byte[] dst = new byte[size];
            int n = switch (codec) {
                case ZSTD -> {
                    long r = Zstd.decompressByteArray(dst, 0, size, src, 0, src.length);
                    if (Zstd.isError(r)) {
                        throw new IOException("corrupt ZSTD page: " + Zstd.getErrorName(r));
                    }
                    yield (int) r;
                }
                case SNAPPY -> Snappy.uncompress(src, 0, src.length, dst, 0);
                case GZIP -> {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(src))) {
                        yield in.readNBytes(dst, 0, size);
                    }
                }
                default -> throw new IOException("Parquet compression " + codec + " is not one the validator reads"
                        + " (UNCOMPRESSED, ZSTD, SNAPPY, GZIP)");
            };
            if (n != size) {
                throw new IOException(codec + " page decompressed to " + n + " bytes, its header says " + size);
            }
            return dst;
        }
    }
}
