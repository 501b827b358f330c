package io.tileindex.cli.input;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes minimal TIFF / BigTIFF files, header and one IFD only, with exactly the fields a test asks
 * for: enough to exercise a header reader without GDAL. No pixel data is written; a file can be
 * made sparse and large by placing the IFD far into it ({@link #write(Path, ByteOrder, boolean, long, long, List)}).
 *
 * <pre>{@code
 * TinyTiffWriter.write(dir.resolve("a.tif"), ByteOrder.BIG_ENDIAN, false,
 *         TinyTiffWriter.geographic(360, 180, new double[] {1, 1, 0}, new double[] {0, 0, 0, -180, 90, 0},
 *                 TinyTiffWriter.wgs84Keys(false)));
 * }</pre>
 */
public final class TinyTiffWriter {

    public static final int BYTE = 1;
    public static final int ASCII = 2;
    public static final int SHORT = 3;
    public static final int LONG = 4;
    public static final int FLOAT = 11;
    public static final int DOUBLE = 12;
    public static final int LONG8 = 16;

    public static final int IMAGE_WIDTH = 256;
    public static final int IMAGE_LENGTH = 257;
    public static final int MODEL_PIXEL_SCALE = 33550;
    public static final int MODEL_TIEPOINT = 33922;
    public static final int MODEL_TRANSFORMATION = 34264;
    public static final int GEO_KEY_DIRECTORY = 34735;
    public static final int GEO_DOUBLE_PARAMS = 34736;
    public static final int GEO_ASCII_PARAMS = 34737;

    private TinyTiffWriter() {}

    /**
     * One IFD entry: tag, TIFF type, count and the value bytes in little-endian order (they are
     * re-encoded for big-endian files element by element, so {@code count * size(type)} must match
     * {@code le.length} unless {@code count} deliberately lies, as corruption tests may want).
     */
    public record Field(int tag, int type, long count, byte[] le) {
        public Field {
            le = le.clone();
        }

        @Override
        public byte[] le() {
            return le.clone();
        }
    }

    public static Field shorts(int tag, int... v) {
        ByteBuffer b = le(v.length * 2);
        for (int x : v) b.putShort((short) x);
        return new Field(tag, SHORT, v.length, b.array());
    }

    public static Field longs(int tag, long... v) {
        ByteBuffer b = le(v.length * 4);
        for (long x : v) b.putInt((int) x);
        return new Field(tag, LONG, v.length, b.array());
    }

    public static Field long8s(int tag, long... v) {
        ByteBuffer b = le(v.length * 8);
        for (long x : v) b.putLong(x);
        return new Field(tag, LONG8, v.length, b.array());
    }

    public static Field doubles(int tag, double... v) {
        ByteBuffer b = le(v.length * 8);
        for (double x : v) b.putDouble(x);
        return new Field(tag, DOUBLE, v.length, b.array());
    }

    public static Field floats(int tag, float... v) {
        ByteBuffer b = le(v.length * 4);
        for (float x : v) b.putFloat(x);
        return new Field(tag, FLOAT, v.length, b.array());
    }

    /** NUL-terminated, as TIFF ASCII fields are. */
    public static Field ascii(int tag, String s) {
        byte[] t = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
        return new Field(tag, ASCII, t.length, t);
    }

    /** GeoKeyDirectoryTag (version 1.1.0) from {@code {keyId, value}} pairs, all SHORT values stored inline. */
    public static Field geoKeys(int[]... keyValue) {
        int[][] sorted = keyValue.clone();
        Arrays.sort(sorted, Comparator.comparingInt(k -> k[0])); // the spec wants keys in ascending order
        int[] d = new int[4 + 4 * sorted.length];
        d[0] = 1;
        d[1] = 1;
        d[2] = 0;
        d[3] = sorted.length;
        for (int i = 0; i < sorted.length; i++) {
            d[4 + 4 * i] = sorted[i][0];
            d[5 + 4 * i] = 0;
            d[6 + 4 * i] = 1;
            d[7 + 4 * i] = sorted[i][1];
        }
        return shorts(GEO_KEY_DIRECTORY, d);
    }

    /** The keys GDAL writes for EPSG:4326: model type 2, raster type (1 area, 2 point), GCS 4326, degrees. */
    public static Field wgs84Keys(boolean pixelIsPoint) {
        return geoKeys(new int[] {1024, 2}, new int[] {1025, pixelIsPoint ? 2 : 1}, new int[] {2048, 4326},
                new int[] {2054, 9102});
    }

    /** ImageWidth/ImageLength (LONG), ModelPixelScale, ModelTiepoint and the given GeoKeyDirectory. */
    public static List<Field> geographic(long width, long height, double[] scale, double[] tiepoint, Field geoKeys) {
        List<Field> f = new ArrayList<>();
        f.add(longs(IMAGE_WIDTH, width));
        f.add(longs(IMAGE_LENGTH, height));
        f.add(doubles(MODEL_PIXEL_SCALE, scale));
        f.add(doubles(MODEL_TIEPOINT, tiepoint));
        f.add(geoKeys);
        return f;
    }

    /** Returns a copy of {@code fields} with every field of {@code tag} replaced by {@code replacement} (or dropped if null). */
    public static List<Field> with(List<Field> fields, int tag, Field replacement) {
        List<Field> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.tag() != tag) out.add(f);
        }
        if (replacement != null) out.add(replacement);
        return out;
    }

    /** Header, then the IFD right after it, then the out-of-line values. */
    public static Path write(Path file, ByteOrder order, boolean bigTiff, List<Field> fields) {
        return write(file, order, bigTiff, bigTiff ? 16 : 8, -1, fields);
    }

    /**
     * Header at 0, IFD and its out-of-line values at {@code ifdOffset}; the file is then extended to
     * {@code fileLength} bytes (if larger) with {@link RandomAccessFile#setLength}, which leaves a
     * hole on file systems that support sparse files. Pass {@code fileLength = -1} for no extension.
     */
    public static Path write(Path file, ByteOrder order, boolean bigTiff, long ifdOffset, long fileLength, List<Field> fields) {
        ByteBuffer header = ByteBuffer.allocate(bigTiff ? 16 : 8).order(order);
        header.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M')).put(header.get(0));
        if (bigTiff) {
            header.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(ifdOffset);
        } else {
            header.putShort((short) 42).putInt((int) ifdOffset);
        }
        byte[] ifd = ifd(order, bigTiff, ifdOffset, fields);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
            FileChannel ch = raf.getChannel();
            writeFully(ch, header.flip(), 0);
            writeFully(ch, ByteBuffer.wrap(ifd), ifdOffset);
            if (fileLength > raf.length()) {
                raf.setLength(fileLength);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The IFD (entry count, entries sorted by tag, next-IFD offset 0) followed by the values that do not fit inline. */
    public static byte[] ifd(ByteOrder order, boolean bigTiff, long ifdOffset, List<Field> fields) {
        List<Field> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparingInt(Field::tag));
        int countSize = bigTiff ? 8 : 2;
        int entrySize = bigTiff ? 20 : 12;
        int inline = bigTiff ? 8 : 4;
        int dirSize = countSize + sorted.size() * entrySize + (bigTiff ? 8 : 4);
        int extra = 0;
        for (Field f : sorted) {
            if (f.le().length > inline) extra += (f.le().length + 1) & ~1; // word-aligned, as the spec asks
        }
        ByteBuffer out = ByteBuffer.allocate(dirSize + extra).order(order);
        if (bigTiff) out.putLong(sorted.size());
        else out.putShort((short) sorted.size());
        int valuePos = dirSize;
        for (Field f : sorted) {
            byte[] v = encode(f, order);
            out.putShort((short) f.tag()).putShort((short) f.type());
            if (bigTiff) out.putLong(f.count());
            else out.putInt((int) f.count());
            if (v.length <= inline) {
                out.put(Arrays.copyOf(v, inline));
            } else {
                if (bigTiff) out.putLong(ifdOffset + valuePos);
                else out.putInt((int) (ifdOffset + valuePos));
                out.put(valuePos, v);
                valuePos += (v.length + 1) & ~1;
            }
        }
        if (bigTiff) out.putLong(0);
        else out.putInt(0);
        return out.array();
    }

    /** Value bytes in the file's byte order: multi-byte elements are swapped for big-endian files. */
    private static byte[] encode(Field f, ByteOrder order) {
        byte[] le = f.le();
        int unit = switch (f.type()) {
            case SHORT -> 2;
            case LONG, FLOAT -> 4;
            case DOUBLE, LONG8 -> 8;
            default -> 1;
        };
        if (order == ByteOrder.LITTLE_ENDIAN || unit == 1) return le;
        byte[] be = new byte[le.length];
        for (int i = 0; i + unit <= le.length; i += unit) {
            for (int j = 0; j < unit; j++) be[i + j] = le[i + unit - 1 - j];
        }
        return be;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
