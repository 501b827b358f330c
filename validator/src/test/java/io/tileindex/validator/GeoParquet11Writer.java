package io.tileindex.validator;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * GeoParquet 1.1 country files in the shapes GDAL (≥ 3.9) and GeoPandas write, made with parquet-java:
 * WKB beside a covering {@code bbox} struct; WKB typed with Parquet's GEOMETRY logical type and no
 * {@code geo} key; the native {@code multipolygon} encoding with {@code {x, y}} structs or interleaved
 * lists in three-level LISTs, or in legacy two-level lists; the native {@code polygon} encoding (one
 * row per polygon).
 */
final class GeoParquet11Writer {
    enum Shape { WKB_COVERING, GEOMETRY_TYPE, MULTIPOLYGON_SEPARATED, MULTIPOLYGON_INTERLEAVED, MULTIPOLYGON_TWO_LEVEL, POLYGON }

    private GeoParquet11Writer() {}

    static Path write(Path file, Shape shape, Map<String, Geometry> countries) throws IOException {
        MessageType schema = Types.buildMessage().optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .named("country_iso").addField(geometryType(shape)).named("countries");
        if (shape == Shape.WKB_COVERING) { // GDAL writes the covering after the geometry
            schema = new MessageType("countries", schema.getType(0), schema.getType(1), Types.optionalGroup()
                    .required(PrimitiveTypeName.DOUBLE).named("xmin").required(PrimitiveTypeName.DOUBLE).named("ymin")
                    .required(PrimitiveTypeName.DOUBLE).named("xmax").required(PrimitiveTypeName.DOUBLE).named("ymax")
                    .named("bbox"));
        }
        Map<String, String> meta = new HashMap<>();
        if (shape != Shape.GEOMETRY_TYPE) {
            meta.put("geo", geo(shape));
        }
        SimpleGroupFactory rows = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withType(schema).withExtraMetaData(meta).withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withRowGroupSize(64L << 10).build()) {
            for (Map.Entry<String, Geometry> c : countries.entrySet()) {
                for (Geometry g : shape == Shape.POLYGON ? parts(c.getValue()) : new Geometry[] {c.getValue()}) {
                    Group row = rows.newGroup().append("country_iso", c.getKey());
                    fill(row, shape, g);
                    w.write(row);
                }
            }
        }
        return file;
    }

    private static Geometry[] parts(Geometry g) {
        Geometry[] out = new Geometry[g.getNumGeometries()];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.getGeometryN(i);
        }
        return out;
    }

    private static String geo(Shape shape) {
        String encoding = switch (shape) {
            case POLYGON -> "polygon";
            case WKB_COVERING -> "WKB";
            default -> "multipolygon";
        };
        String covering = shape != Shape.WKB_COVERING ? "" : ",\"covering\":{\"bbox\":{\"xmin\":[\"bbox\",\"xmin\"],"
                + "\"ymin\":[\"bbox\",\"ymin\"],\"xmax\":[\"bbox\",\"xmax\"],\"ymax\":[\"bbox\",\"ymax\"]}}";
        return "{\"version\":\"1.1.0\",\"primary_column\":\"geometry\",\"columns\":{\"geometry\":{\"encoding\":\""
                + encoding + "\",\"geometry_types\":[]" + covering + "}}}";
    }

    private static Type geometryType(Shape shape) {
        return switch (shape) {
            case WKB_COVERING -> Types.optional(PrimitiveTypeName.BINARY).named("geometry");
            case GEOMETRY_TYPE -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.geometryType(null)).named("geom");
            case POLYGON -> rings(Repetition.OPTIONAL, "geometry", false);
            case MULTIPOLYGON_TWO_LEVEL -> twoLevel();
            default -> list(Repetition.OPTIONAL, "geometry",
                    rings(Repetition.REQUIRED, "element", shape == Shape.MULTIPOLYGON_INTERLEAVED));
        };
    }

    /** A three-level LIST as Arrow writes it: {@code <name> (LIST) { repeated group list { element } }}. */
    private static Type list(Repetition r, String name, Type element) {
        return Types.buildGroup(r).as(LogicalTypeAnnotation.listType()).addField(Types.repeatedGroup().addField(element)
                .named("list")).named(name);
    }

    /** A polygon: a list of rings, each a list of coordinates ({@code {x, y}} or a list of doubles). */
    private static Type rings(Repetition r, String name, boolean interleaved) {
        Type coordinate = interleaved ? list(Repetition.REQUIRED, "element", Types.required(PrimitiveTypeName.DOUBLE).named("element"))
                : Types.requiredGroup().required(PrimitiveTypeName.DOUBLE).named("x").required(PrimitiveTypeName.DOUBLE)
                        .named("y").named("element");
        return list(r, name, list(Repetition.REQUIRED, "element", coordinate));
    }

    /** The legacy two-level form: each repeated field is the element itself. */
    private static Type twoLevel() {
        Type coordinate = Types.repeatedGroup().required(PrimitiveTypeName.DOUBLE).named("x")
                .required(PrimitiveTypeName.DOUBLE).named("y").named("array");
        Type ring = Types.repeatedGroup().as(LogicalTypeAnnotation.listType()).addField(coordinate).named("array");
        Type polygon = Types.repeatedGroup().as(LogicalTypeAnnotation.listType()).addField(ring).named("array");
        return Types.optionalGroup().as(LogicalTypeAnnotation.listType()).addField(polygon).named("geometry");
    }

    private static void fill(Group row, Shape shape, Geometry g) {
        switch (shape) {
            case WKB_COVERING -> {
                row.append("geometry", Binary.fromConstantByteArray(new WKBWriter().write(g)));
                Envelope e = g.getEnvelopeInternal();
                row.addGroup("bbox").append("xmin", e.getMinX()).append("ymin", e.getMinY())
                        .append("xmax", e.getMaxX()).append("ymax", e.getMaxY());
            }
            case GEOMETRY_TYPE -> row.append("geom", Binary.fromConstantByteArray(new WKBWriter().write(g)));
            case POLYGON -> polygon(row.addGroup("geometry"), (Polygon) g, false, true);
            case MULTIPOLYGON_TWO_LEVEL -> {
                Group list = row.addGroup("geometry");
                for (Geometry p : parts(g)) {
                    polygon(list.addGroup("array"), (Polygon) p, false, false);
                }
            }
            default -> {
                Group list = row.addGroup("geometry");
                for (Geometry p : parts(g)) {
                    polygon(list.addGroup("list").addGroup("element"), (Polygon) p, shape == Shape.MULTIPOLYGON_INTERLEAVED, true);
                }
            }
        }
    }

    private static void polygon(Group rings, Polygon p, boolean interleaved, boolean threeLevel) {
        for (int r = 0; r <= p.getNumInteriorRing(); r++) {
            LineString ring = r == 0 ? p.getExteriorRing() : p.getInteriorRingN(r - 1);
            Group coords = threeLevel ? rings.addGroup("list").addGroup("element") : rings.addGroup("array");
            CoordinateSequence cs = ring.getCoordinateSequence();
            for (int i = 0; i < cs.size(); i++) {
                Group c = threeLevel ? coords.addGroup("list").addGroup("element") : coords.addGroup("array");
                if (interleaved) {
                    c.addGroup("list").append("element", cs.getX(i));
                    c.addGroup("list").append("element", cs.getY(i));
                } else {
                    c.append("x", cs.getX(i)).append("y", cs.getY(i));
                }
            }
        }
    }
}
