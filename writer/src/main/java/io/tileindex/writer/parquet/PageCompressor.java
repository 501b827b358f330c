package io.tileindex.writer.parquet;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.util.Arrays;

/**
 * Page compression. ZSTD (zstd-jni, pinned: a different codec build gives different bytes) for the
 * longitude columns, whose rows repeat the previous row's values and compress well; pages that are
 * already a few bytes (RLE indices, bit-width-0 deltas) stay UNCOMPRESSED. One per worker: its zstd
 * context is reused for every page (zstd-jni's static one-shot call builds and frees a context per
 * page, which showed in profiles); close it to free the native context.
 */
public final class PageCompressor implements AutoCloseable {
    public static final int ZSTD_LEVEL = 1;
    private byte[] scratch = new byte[1 << 16];
    private ZstdCompressCtx zstd;

    public byte[] compress(CompressionCodecName codec, byte[] src, int len) {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
            return Arrays.copyOf(src, len);
        }
        if (codec != CompressionCodecName.ZSTD) {
            throw new IllegalArgumentException("unsupported codec " + codec);
        }
        int bound = (int) Zstd.compressBound(len);
        if (scratch.length < bound) {
            scratch = new byte[bound];
        }
        if (zstd == null) {
            zstd = new ZstdCompressCtx().setLevel(ZSTD_LEVEL);
        }
        int n = zstd.compressByteArray(scratch, 0, bound, src, 0, len); // throws ZstdException on error
        return Arrays.copyOf(scratch, n);
    }

    @Override
    public void close() {
        if (zstd != null) {
            zstd.close();
            zstd = null;
        }
    }
}
