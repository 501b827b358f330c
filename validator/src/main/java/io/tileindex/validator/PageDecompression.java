package io.tileindex.validator;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * Parquet page decompression without a Hadoop runtime, for reading only (parquet-java's default
 * factory goes through Hadoop codec classes that are not on the classpath). ZSTD through zstd-jni,
 * SNAPPY through snappy-java, GZIP through the JDK: the libraries parquet-hadoop already brings.
 * Large pages go through a {@link DecompressedPages} when one is given. Thread-safe.
 */
final class PageDecompression implements CompressionCodecFactory {
    static final PageDecompression INSTANCE = new PageDecompression(null);

    private final DecompressedPages pages;
    /** A context per thread: creating one per page (what {@code Zstd.decompressByteArray} does) cost 5 % of validate. */
    private static final ThreadLocal<ZstdDecompressCtx> ZSTD = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    /** Decompresses through {@code pages} (null: every page anew). */
    PageDecompression(DecompressedPages pages) { this.pages = pages; }

    /** The page cache decompression goes through, or null. */
    DecompressedPages pages() { return pages; }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the validator only reads");
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Decompressor(codec, pages);
    }

    @Override
    public void release() {}

    private record Decompressor(CompressionCodecName codec, DecompressedPages pages) implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            byte[] src = PieceReader.bytesOf(bytes);
            return BytesInput.from(pages == null ? inflate(src, uncompressedSize)
                    : pages.get(codec, uncompressedSize, src, b -> inflate(b, uncompressedSize)));
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
                    try {
                        yield ZSTD.get().decompressByteArray(dst, 0, size, src, 0, src.length);
                    } catch (ZstdException e) {
                        throw new IOException("corrupt ZSTD page: " + e.getMessage(), e);
                    }
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
