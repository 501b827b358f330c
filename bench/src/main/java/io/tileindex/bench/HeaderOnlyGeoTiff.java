package io.tileindex.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a GeoTIFF that is a header and nothing else: a little-endian classic TIFF with one IFD
 * holding the raster size, ModelPixelScale, ModelTiepoint and the GeoKeys of EPSG:4326
 * (PixelIsArea). That is all tileindex reads of a grid (it never touches pixels), so a grid of any
 * resolution costs a couple of hundred bytes. Image tools that want strips will not open it.
 */
public final class HeaderOnlyGeoTiff {

    private static final short TYPE_SHORT = 3;
    private static final short TYPE_LONG = 4;
    private static final short TYPE_DOUBLE = 12;
    private static final int HEADER_BYTES = 8;
    private static final int ENTRY_BYTES = 12;

    /** One IFD entry; {@code value} holds the little-endian bytes, inline if at most 4 of them. */
    private record Entry(int tag, short type, int count, byte[] value) {}

    private HeaderOnlyGeoTiff() {}

    /**
     * Writes (or replaces) {@code file}: {@code width} × {@code height} cells of {@code cellWidth} ×
     * {@code cellHeight} degrees whose north-west corner is ({@code west}, {@code north}).
     *
     * @throws IllegalArgumentException if a size is not in 1..2^32-1 or a cell size is not positive
     */
    public static void write(Path file, long width, long height, double west, double north,
                             double cellWidth, double cellHeight) throws IOException {
        if (width < 1 || height < 1 || width > 0xFFFF_FFFFL || height > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a classic TIFF holds 1..2^32-1 columns and rows, got " + width + " x " + height);
        }
        if (!(cellWidth > 0) || !(cellHeight > 0)) {
            throw new IllegalArgumentException("cell sizes must be positive, got " + cellWidth + " x " + cellHeight);
        }
        List<Entry> entries = new ArrayList<>(); // in ascending tag order, as TIFF requires
        entries.add(new Entry(256, TYPE_LONG, 1, le(4).putInt((int) width).array()));
        entries.add(new Entry(257, TYPE_LONG, 1, le(4).putInt((int) height).array()));
        entries.add(doubles(33550, cellWidth, cellHeight, 0));
        entries.add(doubles(33922, 0, 0, 0, west, north, 0));
        // GeoKeyDirectory 1.1.0 with four keys: geographic model, PixelIsArea, EPSG:4326, degrees
        entries.add(shorts(34735, 1, 1, 0, 4, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326, 2054, 0, 1, 9102));
        Files.write(file, layout(entries));
    }

    /** Header, then the IFD, then the values that do not fit in an entry, each at an even offset. */
    private static byte[] layout(List<Entry> entries) {
        int ifdBytes = 2 + entries.size() * ENTRY_BYTES + 4;
        int valueAt = HEADER_BYTES + ifdBytes;
        int total = valueAt;
        for (Entry e : entries) {
            total += e.value.length > 4 ? (e.value.length + 1) & ~1 : 0;
        }
        ByteBuffer b = le(total);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(HEADER_BYTES);
        b.putShort((short) entries.size());
        for (Entry e : entries) {
            b.putShort((short) e.tag).putShort(e.type).putInt(e.count);
            if (e.value.length <= 4) {
                b.put(e.value).position(b.position() + 4 - e.value.length);
            } else {
                b.putInt(valueAt);
                b.put(valueAt, e.value);
                valueAt += (e.value.length + 1) & ~1;
            }
        }
        b.putInt(0); // no next IFD
        return b.array();
    }

    private static Entry doubles(int tag, double... v) {
        ByteBuffer b = le(v.length * 8);
        for (double x : v) {
            b.putDouble(x);
        }
        return new Entry(tag, TYPE_DOUBLE, v.length, b.array());
    }

    private static Entry shorts(int tag, int... v) {
        ByteBuffer b = le(v.length * 2);
        for (int x : v) {
            b.putShort((short) x);
        }
        return new Entry(tag, TYPE_SHORT, v.length, b.array());
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
