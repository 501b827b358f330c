package io.tileindex.writer.parquet;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.util.Arrays;

/**
 * Page compression. ZSTD (zstd-jni, pinned: a different codec build gives different bytes) for the
 * longitude columns, whose rows repeat the previous row's values and compress well; pages that are
 * already a few bytes (RLE indices, bit-width-0 deltas) stay UNCOMPRESSED.
 */
public final class PageCompressor {
    public static final int ZSTD_LEVEL = 1;
    private byte[] scratch = new byte[1 << 16];

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
        long n = Zstd.compressByteArray(scratch, 0, bound, src, 0, len, ZSTD_LEVEL);
        if (Zstd.isError(n)) {
            throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
        }
        return Arrays.copyOf(scratch, (int) n);
    }
}
