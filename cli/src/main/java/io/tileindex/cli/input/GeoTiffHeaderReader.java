package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the grid of a GeoTIFF from its header alone: the TIFF header, the first IFD and the few tag
 * values the geotransform and the CRS check need, each with one positional read. The pixel data is
 * never touched, so a raster of many gigabytes costs a few hundred bytes (see
 * {@link GeoTiffHeader#bytesRead()}). Classic TIFF and BigTIFF, either byte order.
 *
 * <p>The geotransform is computed with GDAL's GTiff driver arithmetic (defaults:
 * {@code GTIFF_POINT_GEO_IGNORE=NO}, {@code GTIFF_HONOUR_NEGATIVE_SCALEY} unset), so that the grid
 * here is bit-for-bit the grid {@code gdalinfo} reports:
 * <ul>
 *   <li>ModelPixelScale (at least 2 values, both non-zero) with a ModelTiepoint (at least 6 values)
 *       wins: {@code GT1 = sx}, {@code GT5 = -sy} (a negative {@code sy} is kept as is: GDAL assumes
 *       north-up), {@code GT0 = X - I*GT1}, {@code GT3 = Y - J*GT5}, from the first tiepoint;</li>
 *   <li>otherwise a ModelTransformation of exactly 16 values:
 *       {@code GT = (m3, m0, m1, m7, m4, m5)};</li>
 *   <li>PixelIsPoint (GTRasterTypeGeoKey = 2) then shifts the origin by half a cell:
 *       {@code GT0 -= GT1*0.5 + GT2*0.5; GT3 -= GT4*0.5 + GT5*0.5}.</li>
 * </ul>
 *
 * <p>Every failure is a {@link TileIndexException} whose message names the file:
 * {@code E002_RASTER_MISMATCH} for anything unreadable, truncated, not a TIFF, without
 * georeferencing, empty or rotated; {@code E007_CRS_MISMATCH} when the CRS is not geographic WGS84.
 */
public final class GeoTiffHeaderReader {

    // TIFF tags
    static final int TAG_IMAGE_WIDTH = 256;
    static final int TAG_IMAGE_LENGTH = 257;
    static final int TAG_MODEL_PIXEL_SCALE = 33550;
    static final int TAG_MODEL_TIEPOINT = 33922;
    static final int TAG_MODEL_TRANSFORMATION = 34264;
    static final int TAG_GEO_KEY_DIRECTORY = 34735;
    static final int TAG_GEO_ASCII_PARAMS = 34737;

    // TIFF field types
    private static final int TYPE_ASCII = 2;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int TYPE_FLOAT = 11;
    private static final int TYPE_DOUBLE = 12;
    private static final int TYPE_LONG8 = 16;

    // GeoKeys and the values the check accepts
    private static final int KEY_MODEL_TYPE = 1024;
    private static final int KEY_RASTER_TYPE = 1025;
    private static final int KEY_GT_CITATION = 1026;
    private static final int KEY_GEOGRAPHIC_TYPE = 2048;
    private static final int KEY_GEOG_CITATION = 2049;
    private static final int KEY_GEOG_DATUM = 2050;
    private static final int KEY_GEOG_PRIME_MERIDIAN = 2051;
    private static final int KEY_GEOG_ANGULAR_UNITS = 2054;
    private static final int KEY_PROJECTED_CS_TYPE = 3072;
    private static final int KEY_PCS_CITATION = 3073;
    private static final int MODEL_TYPE_GEOGRAPHIC = 2;
    private static final int RASTER_PIXEL_IS_POINT = 2;
    private static final int GCS_WGS_84 = 4326;
    private static final int USER_DEFINED = 32767;
    private static final int DATUM_WGS_84 = 6326;
    private static final int PM_GREENWICH = 8901;
    private static final int ANGULAR_DEGREE = 9102;
    /** Stands for a GeoKey that is present but not stored as a SHORT (so it cannot match any code). */
    private static final int NOT_A_SHORT = -1;

    /** A classic IFD cannot hold more; a BigTIFF claiming more is corrupt, not a raster. */
    private static final long MAX_IFD_ENTRIES = 65_535;
    /** Upper bound of a single read, so a corrupt count cannot make us allocate gigabytes. */
    private static final long MAX_READ_BYTES = 2L << 20;

    private GeoTiffHeaderReader() {}

    /**
     * Reads the header of {@code file}.
     *
     * @throws TileIndexException E002 or E007 as described in the class comment; never a raw I/O exception
     */
    public static GeoTiffHeader read(Path file) {
        Objects.requireNonNull(file, "file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Parser(file, channel::read, channel.size()).parse();
        } catch (TileIndexException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": GeoTIFF not found", e);
        } catch (AccessDeniedException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": GeoTIFF not readable (access denied)", e);
        } catch (IOException | SecurityException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": cannot read GeoTIFF: " + e, e);
        } catch (RuntimeException e) {
            // Every bound is checked before use (BufferUnderflow, IndexOutOfBounds, ArithmeticException
            // would mean a bug on our side meeting an odd file): still report it against the file.
            throw new TileIndexException(ErrorCode.E002_RASTER_MISMATCH, file + ": malformed TIFF header: " + e, e);
        }
    }

    /**
     * Parses the header of {@code file} from {@code content}, the whole file already in memory (read once
     * for its digest): no further bytes are read, so {@link GeoTiffHeader#bytesRead()} is 0.
     */
    public static GeoTiffHeader read(Path file, byte[] content) {
        Objects.requireNonNull(file, "file");
        ByteBuffer all = ByteBuffer.wrap(content).asReadOnlyBuffer();
        Source memory = (dst, pos) -> {
            if (pos >= content.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), content.length - pos);
            dst.put(all.slice((int) pos, n));
            return n;
        };
        try {
            GeoTiffHeader h = new Parser(file, memory, content.length).parse();
            return h.withBytesRead(0);
        } catch (TileIndexException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TileIndexException(ErrorCode.E002_RASTER_MISMATCH, file + ": malformed TIFF header: " + e, e);
        }
    }

    /** Positional reads, from the file or from its bytes in memory. */
    @FunctionalInterface
    private interface Source {
        int read(ByteBuffer dst, long position) throws IOException;
    }

    /** One IFD entry. {@code field} is the raw value/offset field (4 bytes classic, 8 BigTIFF). */
    private record Entry(int tag, int type, long count, byte[] field) {}

    private static final class Parser {
        private final Path file;
        private final Source source;
        private final long size;
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        private boolean big;
        private long bytesRead;

        Parser(Path file, Source source, long size) {
            this.file = file;
            this.source = source;
            this.size = size;
        }

        GeoTiffHeader parse() throws IOException {
            if (size == 0) {
                throw e002("empty file, not a GeoTIFF");
            }
            long ifdOffset = readHeader();
            Map<Integer, Entry> tags = readIfd(ifdOffset);

            long width = dimension(tags, TAG_IMAGE_WIDTH, "ImageWidth");
            long height = dimension(tags, TAG_IMAGE_LENGTH, "ImageLength");
            if (width == 0 || height == 0) {
                throw e002("raster has no cells: " + Long.toUnsignedString(width) + " x " + Long.toUnsignedString(height));
            }
            if (Math.unsignedMultiplyHigh(width, height) != 0) {
                throw e002("width*height overflows 64 bits: " + Long.toUnsignedString(width) + " x " + Long.toUnsignedString(height));
            }
            if (width < 0 || width > Integer.MAX_VALUE || height < 0 || height > Integer.MAX_VALUE) {
                throw e002("raster " + Long.toUnsignedString(width) + " x " + Long.toUnsignedString(height)
                        + " exceeds the supported 2^31-1 columns or rows");
            }

            Map<Integer, Integer> keys = geoKeys(tags.get(TAG_GEO_KEY_DIRECTORY));
            boolean pixelIsPoint = keys.getOrDefault(KEY_RASTER_TYPE, 0) == RASTER_PIXEL_IS_POINT;
            double[] gt = geoTransform(tags, pixelIsPoint);
            if (gt[2] != 0.0 || gt[4] != 0.0) {
                throw e002("rotated grid (GT2=" + gt[2] + ", GT4=" + gt[4] + "): only north-up grids are supported");
            }
            checkWgs84(keys, tags);

            GeoTiffHeader header = new GeoTiffHeader((int) width, (int) height, gt, pixelIsPoint, big,
                    keys.getOrDefault(KEY_GEOGRAPHIC_TYPE, 0), keys.getOrDefault(KEY_MODEL_TYPE, 0), bytesRead);
            try {
                header.toGrid(); // Grid's own checks (north-up, finite, cell count), reported against this file
            } catch (TileIndexException e) {
                throw new TileIndexException(e.code(), file + ": " + e.detail(), e);
            }
            return header;
        }

        // ---- TIFF structure ----

        /** Reads the 8-byte (classic) or 16-byte (BigTIFF) header; returns the first IFD's offset. */
        private long readHeader() throws IOException {
            ByteBuffer head = read(0, Math.min(size, 8), "TIFF header");
            if (head.remaining() < 2 || !(isPair(head, 'I') || isPair(head, 'M'))) {
                throw e002("not a TIFF file (no II/MM byte-order mark; starts with " + hex(head) + ")");
            }
            order = head.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            head.order(order);
            if (head.remaining() < 8) {
                throw e002("truncated: " + size + " bytes, shorter than a TIFF header");
            }
            int magic = Short.toUnsignedInt(head.getShort(2));
            if (magic == 42) {
                return Integer.toUnsignedLong(head.getInt(4));
            }
            if (magic != 43) {
                throw e002("not a TIFF file (version " + magic + ", expected 42 or 43 for BigTIFF)");
            }
            big = true;
            int offsetSize = Short.toUnsignedInt(head.getShort(4));
            int reserved = Short.toUnsignedInt(head.getShort(6));
            if (offsetSize != 8 || reserved != 0) {
                throw e002("malformed BigTIFF header (offset size " + offsetSize + ", reserved " + reserved + ")");
            }
            return read(8, 8, "BigTIFF first IFD offset").getLong(); // unsigned: a huge one is caught as out of range
        }

        private static boolean isPair(ByteBuffer b, char c) {
            return b.get(0) == c && b.get(1) == c;
        }

        /** Reads the first IFD in one go; keeps the first of duplicated tags, as libtiff does. */
        private Map<Integer, Entry> readIfd(long offset) throws IOException {
            if (offset == 0) {
                throw e002("no image directory (first IFD offset is 0)");
            }
            int countSize = big ? 8 : 2;
            int entrySize = big ? 20 : 12;
            ByteBuffer countBuf = read(offset, countSize, "IFD entry count");
            long n = big ? countBuf.getLong() : Short.toUnsignedInt(countBuf.getShort());
            if (n <= 0 || n > MAX_IFD_ENTRIES) {
                throw e002("implausible first IFD: " + Long.toUnsignedString(n) + " entries at offset " + offset);
            }
            ByteBuffer entries = read(offset + countSize, n * entrySize, "first IFD");
            Map<Integer, Entry> tags = new HashMap<>();
            for (long i = 0; i < n; i++) {
                int tag = Short.toUnsignedInt(entries.getShort());
                int type = Short.toUnsignedInt(entries.getShort());
                long count = big ? entries.getLong() : Integer.toUnsignedLong(entries.getInt());
                byte[] field = new byte[big ? 8 : 4];
                entries.get(field);
                tags.putIfAbsent(tag, new Entry(tag, type, count, field));
            }
            return tags;
        }

        private static int typeSize(int type) {
            return switch (type) {
                case 1, 2, 6, 7 -> 1;          // BYTE, ASCII, SBYTE, UNDEFINED
                case 3, 8 -> 2;                // SHORT, SSHORT
                case 4, 9, 11, 13 -> 4;        // LONG, SLONG, FLOAT, IFD
                case 5, 10, 12, 16, 17, 18 -> 8; // RATIONAL, SRATIONAL, DOUBLE, LONG8, SLONG8, IFD8
                default -> 0;
            };
        }

        /**
         * The first {@code min(count, want)} values of {@code e}, from the entry itself when the whole
         * array fits in its value field, else with one read at the stored offset.
         */
        private ByteBuffer values(Entry e, long want, String name) throws IOException {
            int unit = typeSize(e.type());
            if (unit == 0) {
                throw e002(name + " (tag " + e.tag() + ") has unknown TIFF type " + e.type());
            }
            long n = Math.min(e.count(), want);
            if (e.count() < 0 || e.count() > size / unit) { // unsigned count beyond anything the file can hold
                throw e002(name + " (tag " + e.tag() + ") declares " + Long.toUnsignedString(e.count())
                        + " values, more than the file holds (truncated or corrupt)");
            }
            long total = e.count() * unit;
            if (total <= e.field().length) {
                return ByteBuffer.wrap(e.field(), 0, (int) (n * unit)).slice().order(order);
            }
            ByteBuffer f = ByteBuffer.wrap(e.field()).order(order);
            long offset = big ? f.getLong() : Integer.toUnsignedLong(f.getInt());
            if (offset < 0 || offset > size - total) {
                throw e002(name + " (tag " + e.tag() + ") values at offset " + Long.toUnsignedString(offset) + ", "
                        + total + " bytes, lie beyond the end of the file (" + size + " bytes): truncated or corrupt");
            }
            return read(offset, n * unit, name);
        }

        /** ImageWidth / ImageLength as an unsigned 64-bit value (SHORT, LONG or LONG8). */
        private long dimension(Map<Integer, Entry> tags, int tag, String name) throws IOException {
            Entry e = tags.get(tag);
            if (e == null) {
                throw e002("no " + name + " tag (" + tag + ")");
            }
            if (e.count() < 1) {
                throw e002(name + " (tag " + tag + ") has no value");
            }
            ByteBuffer b = values(e, 1, name);
            return switch (e.type()) {
                case TYPE_SHORT -> Short.toUnsignedInt(b.getShort());
                case TYPE_LONG -> Integer.toUnsignedLong(b.getInt());
                case TYPE_LONG8 -> b.getLong();
                default -> throw e002(name + " (tag " + tag + ") has TIFF type " + e.type() + ", expected SHORT, LONG or LONG8");
            };
        }

        /** The first {@code want} (or fewer) values of a DOUBLE (or FLOAT) tag; null if absent. */
        private double[] doubles(Map<Integer, Entry> tags, int tag, int want, String name) throws IOException {
            Entry e = tags.get(tag);
            if (e == null) {
                return null;
            }
            if (e.type() != TYPE_DOUBLE && e.type() != TYPE_FLOAT) {
                throw e002(name + " (tag " + tag + ") has TIFF type " + e.type() + ", expected DOUBLE");
            }
            ByteBuffer b = values(e, want, name);
            double[] out = new double[(int) Math.min(e.count(), want)];
            for (int i = 0; i < out.length; i++) {
                out[i] = e.type() == TYPE_DOUBLE ? b.getDouble() : b.getFloat();
            }
            return out;
        }

        // ---- georeferencing ----

        /** GDAL's GTiff geotransform; see the class comment. */
        private double[] geoTransform(Map<Integer, Entry> tags, boolean pixelIsPoint) throws IOException {
            double[] gt = {0.0, 1.0, 0.0, 0.0, 0.0, 1.0};
            boolean valid = false;
            double[] scale = doubles(tags, TAG_MODEL_PIXEL_SCALE, 2, "ModelPixelScaleTag");
            if (scale != null && scale.length >= 2 && scale[0] != 0.0 && scale[1] != 0.0) {
                gt[1] = scale[0];
                // GDAL without GTIFF_HONOUR_NEGATIVE_SCALEY keeps a negative ScaleY as the (north-up) GT5.
                gt[5] = scale[1] < 0 ? scale[1] : -scale[1];
                // GDAL uses the first tiepoint whatever the count; fewer than 6 values means no transform
                // (and, unlike a matrix, it does not fall back to ModelTransformation then).
                double[] tie = doubles(tags, TAG_MODEL_TIEPOINT, 6, "ModelTiepointTag");
                if (tie != null && tie.length >= 6) {
                    gt[0] = tie[3] - tie[0] * gt[1];
                    gt[3] = tie[4] - tie[1] * gt[5];
                    valid = true;
                }
            } else {
                Entry m = tags.get(TAG_MODEL_TRANSFORMATION);
                if (m != null && m.count() == 16) { // GDAL ignores a matrix of any other length
                    double[] mat = doubles(tags, TAG_MODEL_TRANSFORMATION, 16, "ModelTransformationTag");
                    gt = new double[] {mat[3], mat[0], mat[1], mat[7], mat[4], mat[5]};
                    valid = true;
                }
            }
            if (!valid) {
                throw e002("no georeferencing: needs ModelPixelScaleTag (33550) + ModelTiepointTag (33922)"
                        + " or a 16-value ModelTransformationTag (34264)");
            }
            if (pixelIsPoint) {
                // Exactly GDAL's expression (GTIFF_POINT_GEO_IGNORE=NO): tiepoint is a cell centre.
                gt[0] -= gt[1] * 0.5 + gt[2] * 0.5;
                gt[3] -= gt[4] * 0.5 + gt[5] * 0.5;
            }
            return gt;
        }

        /**
         * The SHORT-valued GeoKeys (value inline, or in the directory itself); other keys map to
         * {@link #NOT_A_SHORT}. Empty when the file has no GeoKeyDirectoryTag.
         */
        private Map<Integer, Integer> geoKeys(Entry dir) throws IOException {
            Map<Integer, Integer> keys = new HashMap<>();
            if (dir == null) {
                return keys;
            }
            if (dir.type() != TYPE_SHORT) {
                throw e002("GeoKeyDirectoryTag has TIFF type " + dir.type() + ", expected SHORT");
            }
            if (dir.count() < 4 || dir.count() > 4 + 4 * 65_535L) {
                throw e002("malformed GeoKeyDirectoryTag (" + Long.toUnsignedString(dir.count()) + " values)");
            }
            ByteBuffer b = values(dir, dir.count(), "GeoKeyDirectoryTag");
            int[] d = new int[(int) dir.count()];
            for (int i = 0; i < d.length; i++) {
                d[i] = Short.toUnsignedInt(b.getShort());
            }
            int version = d[0];
            int numKeys = d[3];
            if (version != 1) {
                throw e002("unsupported GeoKeyDirectory version " + version);
            }
            if (4 + 4L * numKeys > d.length) {
                throw e002("malformed GeoKeyDirectoryTag: " + numKeys + " keys declared in " + d.length + " values");
            }
            for (int k = 0; k < numKeys; k++) {
                int at = 4 + 4 * k;
                int id = d[at];
                int location = d[at + 1];
                int count = d[at + 2];
                int valueOrIndex = d[at + 3];
                int value;
                if (location == 0) {
                    value = valueOrIndex;
                } else if (location == TAG_GEO_KEY_DIRECTORY && count >= 1 && valueOrIndex < d.length) {
                    value = d[valueOrIndex];
                } else {
                    // In GeoDoubleParamsTag (34736) or GeoAsciiParamsTag (34737): a double or a string,
                    // never one of the SHORT codes checked here, so there is no need to read it.
                    value = NOT_A_SHORT;
                }
                keys.putIfAbsent(id, value);
            }
            return keys;
        }

        /** SPEC §2: geographic WGS84 lon/lat or E007. */
        private void checkWgs84(Map<Integer, Integer> keys, Map<Integer, Entry> tags) throws IOException {
            Integer projected = keys.get(KEY_PROJECTED_CS_TYPE);
            if (projected != null) {
                throw e007("projected CRS (ProjectedCSTypeGeoKey=" + show(projected) + citation(keys, tags, KEY_PCS_CITATION)
                        + "): inputs must be geographic WGS84 lon/lat (EPSG:4326)");
            }
            Integer model = keys.get(KEY_MODEL_TYPE);
            if (model == null || model != MODEL_TYPE_GEOGRAPHIC) {
                throw e007((model == null ? "no GTModelTypeGeoKey" : "GTModelTypeGeoKey=" + show(model))
                        + citation(keys, tags, KEY_GT_CITATION)
                        + ": inputs must be geographic WGS84 lon/lat (GTModelTypeGeoKey=2, EPSG:4326)");
            }
            Integer geog = keys.get(KEY_GEOGRAPHIC_TYPE);
            if (geog == null || (geog != GCS_WGS_84 && geog != USER_DEFINED)) {
                throw e007((geog == null ? "no GeographicTypeGeoKey" : "GeographicTypeGeoKey=" + show(geog))
                        + citation(keys, tags, KEY_GEOG_CITATION) + ": inputs must be WGS84 (EPSG:4326)");
            }
            if (geog == USER_DEFINED) {
                Integer datum = keys.get(KEY_GEOG_DATUM);
                if (datum == null || datum != DATUM_WGS_84) {
                    throw e007("user-defined geographic CRS with GeogGeodeticDatumGeoKey="
                            + (datum == null ? "absent" : show(datum)) + citation(keys, tags, KEY_GEOG_CITATION)
                            + ": the datum must be WGS84 (6326)");
                }
            }
            // Coordinates in radians or grads, or from another meridian, are not WGS84 lon/lat either.
            Integer units = keys.get(KEY_GEOG_ANGULAR_UNITS);
            if (units != null && units != ANGULAR_DEGREE) {
                throw e007("GeogAngularUnitsGeoKey=" + show(units) + ": coordinates must be in degrees (9102)");
            }
            Integer meridian = keys.get(KEY_GEOG_PRIME_MERIDIAN);
            if (meridian != null && meridian != PM_GREENWICH) {
                throw e007("GeogPrimeMeridianGeoKey=" + show(meridian) + ": the prime meridian must be Greenwich (8901)");
            }
        }

        private static String show(int keyValue) {
            return keyValue == NOT_A_SHORT ? "(not a SHORT)" : Integer.toString(keyValue);
        }

        /**
         * {@code ", "name""} from GeoAsciiParamsTag for an error message, or "" if there is none. Read
         * only on this error path, so a good file never pays for the ASCII parameters.
         */
        private String citation(Map<Integer, Integer> keys, Map<Integer, Entry> tags, int citationKey) {
            Entry dir = tags.get(TAG_GEO_KEY_DIRECTORY);
            Entry ascii = tags.get(TAG_GEO_ASCII_PARAMS);
            if (dir == null || ascii == null || ascii.type() != TYPE_ASCII || !keys.containsKey(citationKey)) {
                return "";
            }
            try {
                ByteBuffer d = values(dir, dir.count(), "GeoKeyDirectoryTag");
                int numKeys = Short.toUnsignedInt(d.getShort(6));
                for (int k = 0; k < numKeys; k++) {
                    int at = 2 * (4 + 4 * k);
                    if (Short.toUnsignedInt(d.getShort(at)) != citationKey
                            || Short.toUnsignedInt(d.getShort(at + 2)) != TAG_GEO_ASCII_PARAMS) {
                        continue;
                    }
                    int count = Short.toUnsignedInt(d.getShort(at + 4));
                    int from = Short.toUnsignedInt(d.getShort(at + 6));
                    ByteBuffer a = values(ascii, Math.min(ascii.count(), (long) from + count), "GeoAsciiParamsTag");
                    if (from + count > a.remaining()) {
                        return "";
                    }
                    byte[] s = new byte[count];
                    a.get(from, s);
                    String text = new String(s, StandardCharsets.ISO_8859_1).replaceAll("[|\\x00]+$", "");
                    return text.isEmpty() ? "" : ", \"" + text + "\"";
                }
            } catch (IOException | RuntimeException e) {
                // The citation only decorates the CRS error; a broken one must not replace it.
            }
            return "";
        }

        // ---- I/O ----

        /** {@code len} bytes at {@code pos}, read fully with positional reads and counted. */
        private ByteBuffer read(long pos, long len, String what) throws IOException {
            if (len > MAX_READ_BYTES) {
                throw e002(what + " is implausibly large (" + len + " bytes)");
            }
            if (pos < 0 || len < 0 || pos > size - len) {
                throw e002("truncated or corrupt: " + what + " at offset " + Long.toUnsignedString(pos) + " (" + len
                        + " bytes) lies beyond the end of the file (" + size + " bytes)");
            }
            ByteBuffer b = ByteBuffer.allocate((int) len).order(order);
            while (b.hasRemaining()) {
                int n = source.read(b, pos + b.position());
                if (n < 0) {
                    throw e002("truncated: end of file while reading " + what + " at offset " + (pos + b.position()));
                }
                bytesRead += n;
            }
            return b.flip();
        }

        private static String hex(ByteBuffer b) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Math.min(b.remaining(), 8); i++) {
                s.append(String.format("%02X ", b.get(i)));
            }
            return s.toString().trim();
        }

        private TileIndexException e002(String detail) {
            return new TileIndexException(ErrorCode.E002_RASTER_MISMATCH, file + ": " + detail);
        }

        private TileIndexException e007(String detail) {
            return new TileIndexException(ErrorCode.E007_CRS_MISMATCH, file + ": " + detail);
        }
    }
}
