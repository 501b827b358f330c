package io.tileindex.validator;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;

/** ZSTD pages for test files written by parquet-java without Hadoop's codec classes (zstd-jni directly). */
final class ZstdForTests implements CompressionCodecFactory {
    static final ZstdForTests FACTORY = new ZstdForTests();

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
            return new BytesInputCompressor() {
                @Override public BytesInput compress(BytesInput bytes) { return bytes; }
                @Override public CompressionCodecName getCodecName() { return codec; }
                @Override public void release() {}
            };
        }
        if (codec != CompressionCodecName.ZSTD) {
            throw new UnsupportedOperationException(codec.toString());
        }
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(Zstd.compress(PieceReader.bytesOf(bytes), 3));
            }

            @Override public CompressionCodecName getCodecName() { return codec; }
            @Override public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return PageDecompression.INSTANCE.getDecompressor(codec);
    }

    @Override
    public void release() {}
}
