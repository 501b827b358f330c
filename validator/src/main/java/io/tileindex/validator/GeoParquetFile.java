package io.tileindex.validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * GeoParquet countries through parquet-java's example {@link Group} records: the primary column the
 * {@code geo} metadata names, as WKB (JTS's {@link WKBReader}) or in GeoParquet 1.1's native
 * {@code polygon} / {@code multipolygon} encodings (nested lists of {@code {x, y}} structs, or of
 * interleaved {@code [x, y]} lists); without {@code geo}, the first column of Parquet's GEOMETRY
 * logical type (WKB). Only the key and geometry columns are projected, so a covering {@code bbox}
 * column is never read. The CRS is not checked here: the build refused anything but lon/lat.
 */
final class GeoParquetFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Encoding { WKB, POLYGON, MULTIPOLYGON }

    private GeoParquetFile() {}

    static void read(Path file, String keyColumn, GeometryFactory gf, CountryFile.Sink out) throws IOException, ParseException {
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            MessageType schema = r.getFileMetaData().getSchema();
            String meta = r.getFileMetaData().getKeyValueMetaData().get("geo");
            JsonNode geo = meta == null ? null : JSON.readTree(meta);
            String column = geo != null ? geo.path("primary_column").asText("geometry") : typedColumn(schema);
            Encoding encoding = geo != null ? encoding(geo, column) : Encoding.WKB;
            if (column == null || !schema.containsField(column) || !schema.containsField(keyColumn)) {
                throw new IOException(file + ": no key column \"" + keyColumn + "\" or geometry column \"" + column + "\"");
            }
            MessageType projection = new MessageType(schema.getName(), schema.getType(keyColumn), schema.getType(column));
            WKBReader wkb = new WKBReader(gf);
            ParquetFiles.<ParseException>forEachRow(r, projection, g -> {
                if (g.getFieldRepetitionCount(0) > 0 && g.getFieldRepetitionCount(1) > 0) {
                    out.add(g.getString(0, 0), switch (encoding) {
                        case WKB -> wkb.read(g.getBinary(1, 0).getBytes());
                        case POLYGON -> polygon(g.getGroup(1, 0), gf);
                        case MULTIPOLYGON -> gf.createMultiPolygon(polygons(g.getGroup(1, 0), gf));
                    });
                }
            });
        }
    }

    /** The primary column's encoding; WKB when the metadata names none. */
    private static Encoding encoding(JsonNode geo, String column) throws IOException {
        String e = geo.path("columns").path(column).path("encoding").asText("WKB").toUpperCase(Locale.ROOT);
        try {
            return Encoding.valueOf(e);
        } catch (IllegalArgumentException x) {
            throw new IOException("geometry encoding \"" + e + "\" is not WKB, polygon or multipolygon", x);
        }
    }

    /** The first top-level binary column typed GEOMETRY, or null. */
    private static String typedColumn(MessageType schema) {
        for (Type t : schema.getFields()) {
            if (t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                    && t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.GeometryLogicalTypeAnnotation) {
                return t.getName();
            }
        }
        return null;
    }

    private static Polygon[] polygons(Group multipolygon, GeometryFactory gf) throws ParseException {
        List<Object> parts = elements(multipolygon);
        Polygon[] out = new Polygon[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = polygon(group(parts.get(i), "polygon"), gf);
        }
        return out;
    }

    /** A polygon: a list of rings (shell first), each a list of coordinates. */
    private static Polygon polygon(Group rings, GeometryFactory gf) throws ParseException {
        List<Object> rs = elements(rings);
        if (rs.isEmpty()) {
            return gf.createPolygon();
        }
        LinearRing[] lr = new LinearRing[rs.size()];
        for (int i = 0; i < lr.length; i++) {
            List<Object> points = elements(group(rs.get(i), "ring"));
            Coordinate[] c = new Coordinate[points.size()];
            for (int k = 0; k < c.length; k++) {
                c[k] = coordinate(group(points.get(k), "coordinate"));
            }
            try {
                lr[i] = gf.createLinearRing(c);
            } catch (IllegalArgumentException e) {
                throw new ParseException("ring " + (i + 1) + ": " + e.getMessage());
            }
        }
        return gf.createPolygon(lr[0], Arrays.copyOfRange(lr, 1, lr.length));
    }

    /** A coordinate: a struct with fields x and y (GeoParquet's separated form) or a list x, y, ... (interleaved). */
    private static Coordinate coordinate(Group c) throws ParseException {
        GroupType t = c.getType();
        if (t.getFieldCount() == 1 && t.getType(0).isRepetition(Type.Repetition.REPEATED)) {
            List<Object> xy = elements(c);
            if (xy.size() >= 2 && xy.get(0) instanceof Double x && xy.get(1) instanceof Double y) {
                return new Coordinate(x, y);
            }
        } else if (t.containsField("x") && t.containsField("y") && c.getFieldRepetitionCount("x") > 0
                && c.getFieldRepetitionCount("y") > 0) {
            return new Coordinate(c.getDouble("x", 0), c.getDouble("y", 0));
        }
        throw new ParseException("a coordinate without x and y: " + t);
    }

    private static Group group(Object element, String what) throws ParseException {
        if (element instanceof Group g) {
            return g;
        }
        throw new ParseException("null or non-nested " + what + " in a native GeoParquet geometry");
    }

    /**
     * The elements of a list group (null for a null element). The list's one child is repeated; it is
     * a wrapper to look through when it is a group of exactly one field that is not itself repeated
     * (the standard three-level layout and Hive's), else it is the element (legacy two-level lists,
     * where a coordinate struct has two or more fields and a nested list a repeated field).
     */
    static List<Object> elements(Group list) {
        Type repeated = list.getType().getType(0);
        boolean wrapper = !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
                && !repeated.asGroupType().getType(0).isRepetition(Type.Repetition.REPEATED);
        int n = list.getFieldRepetitionCount(0);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(wrapper ? value(list.getGroup(0, i)) : repeated.isPrimitive() ? list.getDouble(0, i) : list.getGroup(0, i));
        }
        return out;
    }

    /** The one field of a list's wrapper group: a Double, a Group, or null when absent. */
    private static Object value(Group holder) {
        if (holder.getFieldRepetitionCount(0) == 0) {
            return null;
        }
        return holder.getType().getType(0).isPrimitive() ? (Object) holder.getDouble(0, 0) : holder.getGroup(0, 0);
    }
}
