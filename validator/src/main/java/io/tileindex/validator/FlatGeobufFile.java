package io.tileindex.validator;

import org.wololo.flatgeobuf.Constants;
import org.wololo.flatgeobuf.GeometryConversions;
import org.wololo.flatgeobuf.generated.ColumnType;
import org.wololo.flatgeobuf.generated.Feature;
import org.wololo.flatgeobuf.generated.GeometryType;
import org.wololo.flatgeobuf.generated.Header;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A FlatGeobuf file through the format's own Java library ({@code org.wololo:flatgeobuf}): its
 * FlatBuffers accessors ({@link Header}, {@link Feature}) walk the size-prefixed header and features,
 * and {@link GeometryConversions#deserialize} turns each feature's geometry into JTS. The library's
 * higher-level {@code HeaderMeta} and {@code PackedRTree} link Guava, which this project leaves out,
 * and it has no reader of properties: the R-tree's size comes from {@link #indexBytes} and the key
 * column's value is decoded here from the feature's property bytes (a little-endian {@code uint16}
 * column index, then the value).
 */
final class FlatGeobufFile {
    private static final int MAGIC = 8;
    private static final int SIZE_PREFIX = 4;
    /** A packed R-tree node: its box (four doubles) and a uint64 offset. */
    private static final int NODE_BYTES = 40;

    private FlatGeobufFile() {}

    static void read(Path file, String keyColumn, CountryFile.Sink out) throws IOException {
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
        try {
            if (!Constants.isFlatgeobuf(b.duplicate())) {
                throw new IOException(file + ": not a FlatGeobuf file");
            }
            int headerSize = b.getInt(MAGIC);
            Header h = Header.getRootAsHeader(b.slice(MAGIC + SIZE_PREFIX, headerSize).order(ByteOrder.LITTLE_ENDIAN));
            int key = keyColumn(h, keyColumn, file);
            long p = MAGIC + SIZE_PREFIX + headerSize + (h.indexNodeSize() > 0 && h.featuresCount() > 0
                    ? indexBytes(h.featuresCount(), h.indexNodeSize()) : 0);
            while (p < b.limit()) {
                int size = b.getInt(Math.toIntExact(p));
                Feature f = Feature.getRootAsFeature(b.slice(Math.toIntExact(p + SIZE_PREFIX), size).order(ByteOrder.LITTLE_ENDIAN));
                String value = property(f.propertiesAsByteBuffer(), h, key);
                if (value != null && f.geometry() != null) {
                    int type = h.geometryType() != GeometryType.Unknown ? h.geometryType() : f.geometry().type();
                    out.add(value, GeometryConversions.deserialize(f.geometry(), type));
                }
                p += SIZE_PREFIX + Integer.toUnsignedLong(size);
            }
        } catch (RuntimeException e) {
            // the generated accessors index straight into the buffer: a corrupt file fails with these
            throw new IOException(file + ": unreadable FlatGeobuf: " + e, e);
        }
    }

    /**
     * Bytes of the packed Hilbert R-tree before the features: every level of 40-byte nodes from the
     * leaves (one per feature) up to and including a root, as the format's reference implementation
     * lays it out. (The library's own {@code PackedRTree.calcSize} is not used: its class links Guava.)
     */
    static long indexBytes(long features, int nodeSize) {
        int fanOut = Math.clamp(nodeSize, 2, 65535);
        long level = features, nodes = features;
        do {
            level = Math.ceilDiv(level, fanOut);
            nodes += level;
        } while (level > 1);
        return nodes * NODE_BYTES;
    }

    private static int keyColumn(Header h, String name, Path file) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < h.columnsLength(); i++) {
            names.add(h.columns(i).name());
        }
        if (!names.contains(name)) {
            throw new IOException(file + ": no column \"" + name + "\" (columns: " + names + ")");
        }
        return names.indexOf(name);
    }

    /** The value of column {@code key} among a feature's properties as key text; null when absent. */
    private static String property(ByteBuffer props, Header h, int key) {
        if (props == null) {
            return null;
        }
        ByteBuffer b = props.slice().order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() > 1) {
            int column = Short.toUnsignedInt(b.getShort());
            Object v = value(b, h.columns(column).type());
            if (column == key) {
                return KeyText.of(v);
            }
        }
        return null;
    }

    /** Reads one value of a column type; strings and numbers as themselves, other kinds skipped (null). */
    private static Object value(ByteBuffer b, int type) {
        return switch (type) {
            case ColumnType.Bool -> { b.get(); yield null; }
            case ColumnType.Byte -> b.get();
            case ColumnType.UByte -> Byte.toUnsignedInt(b.get());
            case ColumnType.Short -> b.getShort();
            case ColumnType.UShort -> Short.toUnsignedInt(b.getShort());
            case ColumnType.Int -> b.getInt();
            case ColumnType.UInt -> Integer.toUnsignedLong(b.getInt());
            case ColumnType.Long -> b.getLong();
            case ColumnType.ULong -> Long.toUnsignedString(b.getLong());
            case ColumnType.Float -> b.getFloat();
            case ColumnType.Double -> b.getDouble();
            default -> { // String, Json, DateTime, Binary: uint32 length, then the bytes
                byte[] bytes = new byte[b.getInt()];
                b.get(bytes);
                yield type == ColumnType.String ? new String(bytes, StandardCharsets.UTF_8) : null;
            }
        };
    }
}
