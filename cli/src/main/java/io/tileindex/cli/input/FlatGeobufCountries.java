package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.wololo.flatgeobuf.generated.Column;
import org.wololo.flatgeobuf.generated.ColumnType;
import org.wololo.flatgeobuf.generated.Crs;
import org.wololo.flatgeobuf.generated.Feature;
import org.wololo.flatgeobuf.generated.Geometry;
import org.wololo.flatgeobuf.generated.GeometryType;
import org.wololo.flatgeobuf.generated.Header;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a FlatGeobuf file (flatgeobuf.org, version 3) with the project's generated FlatBuffers accessors
 * ({@code org.wololo:flatgeobuf}): magic, size-prefixed header (columns, CRS, geometry type), the optional
 * packed R-tree (skipped: we read every feature), then size-prefixed features until the end of the file.
 * Geometries are read straight from their xy / ends / parts vectors, so rings reach the health check
 * exactly as stored (an open ring stays open and is reported, not closed or rejected by JTS).
 */
final class FlatGeobufCountries {
    private static final int MAGIC = 8;
    /** A packed R-tree node: min x, min y, max x, max y (doubles) and a uint64 offset. */
    private static final int NODE_ITEM_BYTES = 40;

    private FlatGeobufCountries() {}

    static CountryFormat.Loaded read(Path file, String isoColumn) {
        ByteBuffer b = InputBytes.map(file);
        MessageDigest d = InputBytes.sha256();
        InputBytes.update(d, b);
        InputDigest digest = new InputDigest(HexFormat.of().formatHex(d.digest()), "file", b.limit());
        return new CountryFormat.Loaded(read(b, file, isoColumn), digest, b.limit());
    }

    /** Features in file order. */
    static List<RawCountry> read(ByteBuffer bytes, Path file, String isoColumn) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            int headerSize = sizePrefix(b, MAGIC, file, "header");
            Header h = Header.getRootAsHeader(b.slice(MAGIC + 4, headerSize).order(ByteOrder.LITTLE_ENDIAN));
            checkCrs(h.crs(), file);
            int key = keyColumn(h, file, isoColumn);
            long p = MAGIC + 4L + headerSize;
            if (h.indexNodeSize() > 0 && h.featuresCount() > 0) {
                p += indexSize(h.featuresCount(), h.indexNodeSize());
            }
            List<RawCountry> out = new ArrayList<>();
            while (p < b.limit()) {
                int size = sizePrefix(b, p, file, "feature " + out.size());
                Feature f = Feature.getRootAsFeature(b.slice((int) p + 4, size).order(ByteOrder.LITTLE_ENDIAN));
                out.add(feature(f, h, key, "feature " + out.size(), isoColumn));
                p += 4L + size;
            }
            return out;
        } catch (TileIndexException e) {
            throw e;
        } catch (RuntimeException e) {
            // FlatBuffers accessors index straight into the buffer: corrupt offsets surface as these
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": unreadable FlatGeobuf (truncated or corrupt?): "
                    + e, e);
        }
    }

    /** A uint32 size at {@code p} whose block must fit in the file. */
    private static int sizePrefix(ByteBuffer b, long p, Path file, String what) {
        if (p + 4 > b.limit()) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": truncated FlatGeobuf: " + what
                    + " starts at byte " + p + " but the file ends at " + b.limit());
        }
        long size = Integer.toUnsignedLong(b.getInt((int) p));
        if (p + 4 + size > b.limit()) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": truncated FlatGeobuf: " + what + " declares "
                    + size + " bytes at byte " + p + " but the file ends at " + b.limit());
        }
        return (int) size;
    }

    /** Bytes of the packed Hilbert R-tree for {@code items} features (the reference implementation's formula). */
    static long indexSize(long items, int nodeSize) {
        int node = Math.min(Math.max(nodeSize, 2), 65535);
        long n = items, nodes = n;
        do {
            n = (n + node - 1) / node;
            nodes += n;
        } while (n != 1);
        return nodes * NODE_ITEM_BYTES;
    }

    /** EPSG:4326, no CRS at all (assumed lon/lat, range-checked later like GeoJSON), or WKT that {@link WktCrs} accepts. */
    private static void checkCrs(Crs crs, Path file) {
        if (crs == null) {
            return;
        }
        String org = crs.org() == null ? "EPSG" : crs.org();
        if (org.equalsIgnoreCase("EPSG") && crs.code() == 4326) {
            return;
        }
        String problem = crs.wkt() != null ? WktCrs.problem(crs.wkt())
                : crs.code() != 0 ? org + ":" + crs.code() + " is not EPSG:4326" : null;
        if (problem != null) {
            throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, file + ": CRS " + org + ":" + crs.code()
                    + (crs.name() != null ? " \"" + crs.name() + "\"" : "") + " is not WGS84 lon/lat (" + problem
                    + "); EPSG:4326 is required");
        }
    }

    private static int keyColumn(Header h, Path file, String isoColumn) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < h.columnsLength(); i++) {
            names.add(h.columns(i).name());
            if (isoColumn.equals(h.columns(i).name())) {
                return i;
            }
        }
        throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": no column \"" + isoColumn + "\" (columns: " + names + ")");
    }

    private static RawCountry feature(Feature f, Header h, int key, String where, String isoColumn) {
        String[] iso = {null, "\"" + isoColumn + "\" is null"};
        if (f.columnsLength() > 0) {
            iso[1] = "features with their own column schema are not supported";
        } else {
            property(f.propertiesAsByteBuffer(), h, key, isoColumn, iso);
        }
        Geometry g = f.geometry();
        if (g == null) {
            return new RawCountry(where, iso[0], iso[1], null, "feature has no geometry", List.of());
        }
        int type = h.geometryType() != GeometryType.Unknown ? h.geometryType() : g.type();
        return geometry(where, iso[0], iso[1], g, type);
    }

    /** Scans the properties (column index, value)* for column {@code key}; sets {@code iso[0]} or {@code iso[1]}. */
    private static void property(ByteBuffer props, Header h, int key, String isoColumn, String[] iso) {
        if (props == null) {
            return;
        }
        ByteBuffer b = props.slice().order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 2) {
            int column = Short.toUnsignedInt(b.getShort());
            if (column >= h.columnsLength()) {
                iso[1] = "properties name column " + column + " of " + h.columnsLength();
                return;
            }
            Column c = h.columns(column);
            String value = value(b, c.type());
            if (column == key) {
                iso[0] = value;
                iso[1] = value == null ? "\"" + isoColumn + "\" is a " + ColumnType.name(c.type()) + ", not text or a number" : null;
                return;
            }
        }
    }

    /** Reads one value of {@code type}; the text of strings and numbers, null for other kinds (skipped). */
    private static String value(ByteBuffer b, int type) {
        return switch (type) {
            case ColumnType.Byte -> Byte.toString(b.get());
            case ColumnType.UByte -> Integer.toString(Byte.toUnsignedInt(b.get()));
            case ColumnType.Bool -> skip(b, 1);
            case ColumnType.Short -> Short.toString(b.getShort());
            case ColumnType.UShort -> Integer.toString(Short.toUnsignedInt(b.getShort()));
            case ColumnType.Int -> Integer.toString(b.getInt());
            case ColumnType.UInt -> Integer.toUnsignedString(b.getInt());
            case ColumnType.Long -> Long.toString(b.getLong());
            case ColumnType.ULong -> Long.toUnsignedString(b.getLong());
            case ColumnType.Float -> KeyValues.ofDouble(b.getFloat());
            case ColumnType.Double -> KeyValues.ofDouble(b.getDouble());
            case ColumnType.String -> {
                byte[] s = new byte[b.getInt()];
                b.get(s);
                yield new String(s, StandardCharsets.UTF_8);
            }
            default -> skip(b, b.getInt()); // Json, DateTime, Binary: uint32 length, then bytes
        };
    }

    private static String skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
        return null;
    }

    private static RawCountry geometry(String where, String iso, String isoProblem, Geometry g, int type) {
        List<RawCountry.Polygon> polygons = new ArrayList<>();
        String problem = null;
        if (type == GeometryType.Polygon) {
            problem = polygon(g, polygons, "");
        } else if (type == GeometryType.MultiPolygon) {
            for (int i = 0; i < g.partsLength() && problem == null; i++) {
                problem = polygon(g.parts(i), polygons, "polygon " + (i + 1) + ": ");
            }
        }
        String name = type >= 0 && type < GeometryType.names.length ? GeometryType.name(type) : "geometry type " + type;
        return new RawCountry(where, iso, isoProblem, name, problem, problem == null ? polygons : List.of());
    }

    /** One polygon from its xy vector, split into rings at {@code ends} (one ring when there are none). */
    private static String polygon(Geometry g, List<RawCountry.Polygon> out, String prefix) {
        int points = g.xyLength() / 2;
        if (points == 0) {
            return null; // an empty polygon: reported as empty by the health check if nothing else is there
        }
        int rings = Math.max(g.endsLength(), 1);
        List<RawCountry.Ring> list = new ArrayList<>(rings);
        int from = 0;
        for (int r = 0; r < rings; r++) {
            long to = g.endsLength() == 0 ? points : g.ends(r);
            if (to < from || to > points) {
                return prefix + "ring " + (r + 1) + " ends at point " + to + " of " + points;
            }
            double[] x = new double[(int) to - from], y = new double[(int) to - from];
            for (int k = from; k < to; k++) {
                x[k - from] = g.xy(2 * k);
                y[k - from] = g.xy(2 * k + 1);
            }
            list.add(new RawCountry.Ring(x, y));
            from = (int) to;
        }
        out.add(new RawCountry.Polygon(list));
        return null;
    }
}
