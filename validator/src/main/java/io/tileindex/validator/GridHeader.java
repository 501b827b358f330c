package io.tileindex.validator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The validator's own reading of a GeoTIFF grid: width, height and the GDAL geotransform, with the
 * PixelIsPoint half-cell shift. Written separately from the build's header reader on purpose, so a
 * mistake there (a wrong tiepoint, a missed shift) shows up as a coordinate mismatch instead of
 * being repeated here. It checks nothing the build already rejects (CRS, odd field types): it only
 * has to read grids the build accepted.
 */
record GridHeader(long nrows, long ncols, double[] gt, boolean pixelIsPoint) {

    static GridHeader read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Reader(ch).read();
        }
    }

    private static final class Reader {
        private final FileChannel ch;
        private ByteOrder order;
        private boolean big;

        Reader(FileChannel ch) { this.ch = ch; }

        GridHeader read() throws IOException {
            ByteBuffer h = bytes(0, 16);
            if (h.get(0) == 'I' && h.get(1) == 'I') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (h.get(0) == 'M' && h.get(1) == 'M') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw new IOException("not a TIFF file");
            }
            h.order(order);
            int magic = Short.toUnsignedInt(h.getShort(2));
            if (magic != 42 && magic != 43) {
                throw new IOException("not a TIFF file (version " + magic + ")");
            }
            big = magic == 43;
            long ifd = big ? h.getLong(8) : Integer.toUnsignedLong(h.getInt(4));
            long n = big ? bytes(ifd, 8).getLong() : Short.toUnsignedInt(bytes(ifd, 2).getShort());
            if (n <= 0 || n > 65_535) {
                throw new IOException("implausible IFD with " + n + " entries");
            }
            int entry = big ? 20 : 12;
            ByteBuffer dir = bytes(ifd + (big ? 8 : 2), n * entry);
            Map<Integer, long[]> tags = new HashMap<>(); // tag -> {type, count, position of value or inline field}
            for (int i = 0; i < n; i++) {
                int at = i * entry;
                int tag = Short.toUnsignedInt(dir.getShort(at));
                int type = Short.toUnsignedInt(dir.getShort(at + 2));
                long count = big ? dir.getLong(at + 4) : Integer.toUnsignedLong(dir.getInt(at + 4));
                long fieldPos = ifd + (big ? 8 : 2) + at + (big ? 12 : 8);
                long size = count * unit(type);
                long valuePos = size <= (big ? 8 : 4) ? fieldPos
                        : big ? dir.getLong(at + 12) : Integer.toUnsignedLong(dir.getInt(at + 8));
                tags.putIfAbsent(tag, new long[] {type, count, valuePos});
            }
            long width = integer(tags, 256), height = integer(tags, 257);
            int rasterType = rasterType(tags.get(34735));
            double[] gt;
            double[] scale = doubles(tags.get(33550), 2), tie = doubles(tags.get(33922), 6);
            if (scale != null && scale.length >= 2 && scale[0] != 0 && scale[1] != 0 && tie != null && tie.length >= 6) {
                double gt1 = scale[0], gt5 = scale[1] < 0 ? scale[1] : -scale[1];
                gt = new double[] {tie[3] - tie[0] * gt1, gt1, 0.0, tie[4] - tie[1] * gt5, 0.0, gt5};
            } else {
                double[] m = doubles(tags.get(34264), 16);
                if (m == null || m.length != 16) {
                    throw new IOException("no georeferencing (ModelPixelScale+ModelTiepoint or ModelTransformation)");
                }
                gt = new double[] {m[3], m[0], m[1], m[7], m[4], m[5]};
            }
            boolean point = rasterType == 2;
            if (point) {
                // GDAL: the tiepoint names the first cell's centre; the grid origin is its corner
                gt[0] -= gt[1] * 0.5 + gt[2] * 0.5;
                gt[3] -= gt[4] * 0.5 + gt[5] * 0.5;
            }
            return new GridHeader(height, width, gt, point);
        }

        private long integer(Map<Integer, long[]> tags, int tag) throws IOException {
            long[] t = tags.get(tag);
            if (t == null) {
                throw new IOException("no tag " + tag);
            }
            ByteBuffer b = bytes(t[2], unit((int) t[0]));
            return switch ((int) t[0]) {
                case 3 -> Short.toUnsignedInt(b.getShort());
                case 4 -> Integer.toUnsignedLong(b.getInt());
                case 16 -> b.getLong();
                default -> throw new IOException("tag " + tag + " has type " + t[0]);
            };
        }

        private double[] doubles(long[] t, int max) throws IOException {
            if (t == null || (t[0] != 12 && t[0] != 11)) {
                return null;
            }
            int n = (int) Math.min(t[1], max);
            ByteBuffer b = bytes(t[2], (long) n * unit((int) t[0]));
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = t[0] == 12 ? b.getDouble() : b.getFloat();
            }
            return out;
        }

        /** GTRasterTypeGeoKey (1025) from the GeoKeyDirectory: 1 area, 2 point, 0 absent. */
        private int rasterType(long[] t) throws IOException {
            if (t == null || t[0] != 3 || t[1] < 4) {
                return 0;
            }
            ByteBuffer b = bytes(t[2], Math.min(t[1], 4 + 4 * 1024L) * 2);
            int keys = Short.toUnsignedInt(b.getShort(6));
            for (int k = 0; k < keys && 8 * (k + 2) <= b.limit(); k++) {
                int at = 8 * (k + 1);
                if (Short.toUnsignedInt(b.getShort(at)) == 1025 && b.getShort(at + 2) == 0) {
                    return Short.toUnsignedInt(b.getShort(at + 6));
                }
            }
            return 0;
        }

        private static int unit(int type) {
            return switch (type) {
                case 3 -> 2;
                case 4, 11 -> 4;
                case 12, 16 -> 8;
                default -> 1;
            };
        }

        private ByteBuffer bytes(long pos, long len) throws IOException {
            if (pos < 0 || len < 0 || len > (4 << 20) || pos + len > ch.size()) {
                throw new IOException("truncated or corrupt TIFF: " + len + " bytes at offset " + pos
                        + " beyond the file's " + ch.size() + " bytes");
            }
            ByteBuffer b = ByteBuffer.allocate((int) len).order(order == null ? ByteOrder.LITTLE_ENDIAN : order);
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) {
                    throw new IOException("truncated TIFF");
                }
            }
            return b.flip();
        }
    }
}
