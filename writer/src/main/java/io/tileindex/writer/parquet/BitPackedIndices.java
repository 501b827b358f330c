package io.tileindex.writer.parquet;

/**
 * Dictionary indices as one bit-packed run of Parquet's RLE/bit-packed hybrid:
 * {@code <bit width> <varint(groups << 1 | 1)> <values, LSB first, padded to groups of 8>}.
 * Used for longitude indices, which climb by one along a run and so never form RLE repeats.
 */
public final class BitPackedIndices {
    private final ByteSink out;
    private final int width;
    private final long mask;
    private long acc;
    private int bits;
    private int written;
    private final int count;

    /** Starts a data page body for exactly {@code count} indices below {@code dictionarySize}. */
    public BitPackedIndices(ByteSink out, int dictionarySize, int count) {
        this.out = out;
        this.width = RleDictionaryIndices.bitWidthFor(dictionarySize);
        this.mask = (1L << width) - 1;
        this.count = count;
        int groups = (count + 7) / 8;
        out.put(width);
        out.putUleb(((long) groups << 1) | 1);
        out.ensure(groups * width + 8);
    }

    /** Appends {@code from, from+1, ..., from+length-1}. */
    public void addAscending(int from, int length) {
        // capacity for the whole page was reserved in the constructor: write words straight into the array
        byte[] buf = out.array();
        int pos = out.position();
        long a = acc;
        int b = bits;
        for (int v = from, end = from + length; v < end; v++) {
            long x = v & mask;
            a |= x << b;
            b += width;
            if (b >= 64) {
                ByteSink.putLongAt(buf, pos, a);
                pos += 8;
                b -= 64;
                a = b == 0 ? 0 : x >>> (width - b);
            }
        }
        acc = a;
        bits = b;
        out.position(pos);
        written += length;
    }

    /** Pads the last group of 8 with zeros and flushes. */
    public void finish() {
        if (written != count) {
            throw new IllegalStateException("wrote " + written + " indices, announced " + count);
        }
        int pad = (8 - written % 8) % 8;
        for (int i = 0; i < pad; i++) {
            bits += width;
            if (bits >= 64) {
                out.putLongLE(acc);
                bits -= 64;
                acc = 0;
            }
        }
        while (bits > 0) {
            out.put((int) acc);
            acc >>>= 8;
            bits -= 8;
        }
    }
}
