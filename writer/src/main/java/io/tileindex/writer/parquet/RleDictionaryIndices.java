package io.tileindex.writer.parquet;

/**
 * Dictionary indices in Parquet's RLE/bit-packed hybrid, emitted as RLE runs only: the per-row
 * columns (row, latitudes, area) are constant along a run of cells, so one run of a row becomes one
 * RLE run regardless of its length.
 */
public final class RleDictionaryIndices {
    private final ByteSink out;
    private final int bitWidth;
    private final int valueBytes;
    private int pendingIndex = -1;
    private long pendingCount;

    /** Starts a data page body: the bit-width byte, then runs. */
    public RleDictionaryIndices(ByteSink out, int dictionarySize) {
        this.out = out;
        this.bitWidth = bitWidthFor(dictionarySize);
        this.valueBytes = (bitWidth + 7) / 8;
        out.put(bitWidth);
    }

    /** Bit width for indices 0..size-1; at least 1 so every reader takes it. */
    public static int bitWidthFor(int dictionarySize) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(0, dictionarySize - 1)));
    }

    public void repeat(int index, long count) {
        if (count <= 0) {
            return;
        }
        if (index == pendingIndex) {
            pendingCount += count;
            return;
        }
        flush();
        pendingIndex = index;
        pendingCount = count;
    }

    public void finish() { flush(); }

    private void flush() {
        if (pendingCount == 0) {
            return;
        }
        out.putUleb(pendingCount << 1);
        for (int b = 0; b < valueBytes; b++) {
            out.put(pendingIndex >>> (8 * b));
        }
        pendingCount = 0;
        pendingIndex = -1;
    }
}
