package io.tileindex.cli.input;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GeoParquet 1.1 files as GDAL (≥ 3.9) and GeoPandas write them, made with parquet-java because the
 * GDAL on these machines has no Parquet driver: WKB with a {@code bbox} covering struct, the native
 * GeoArrow encodings (separated {@code {x, y}} structs, or interleaved lists), and WKB typed with
 * Parquet's GEOMETRY logical type without any "geo" key.
 */
final class GeoParquet11Fixtures {
    private GeoParquet11Fixtures() {}

    /** Coordinates as GeoParquet 1.1 prescribes (struct) or as GeoArrow's interleaved lists. */
    enum Coordinates { SEPARATED, INTERLEAVED }

    /** WKB geometry plus a covering {@code bbox} struct column placed first, as GDAL orders it last; both must be ignored. */
    static Path wkbWithCovering(Path file, Collection<RawCountry> countries) {
        GroupType bbox = Types.requiredGroup().required(PrimitiveTypeName.DOUBLE).named("xmin")
                .required(PrimitiveTypeName.DOUBLE).named("ymin").required(PrimitiveTypeName.DOUBLE).named("xmax")
                .required(PrimitiveTypeName.DOUBLE).named("ymax").named("bbox");
        MessageType schema = Types.buildMessage().addField(bbox)
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country_iso")
                .optional(PrimitiveTypeName.BINARY).named("geometry").named("countries");
        String geo = "{\"version\":\"1.1.0\",\"primary_column\":\"geometry\",\"columns\":{\"geometry\":{\"encoding\":\"WKB\","
                + "\"geometry_types\":[\"MultiPolygon\"],\"covering\":{\"bbox\":{\"xmin\":[\"bbox\",\"xmin\"],"
                + "\"ymin\":[\"bbox\",\"ymin\"],\"xmax\":[\"bbox\",\"xmax\"],\"ymax\":[\"bbox\",\"ymax\"]}}}}}";
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = writer(file, schema, Map.of("geo", geo))) {
            for (RawCountry c : countries) {
                Geometry g = FormatFixtures.normalised(c);
                Envelope e = g.getEnvelopeInternal();
                Group row = f.newGroup();
                row.addGroup("bbox").append("xmin", e.getMinX()).append("ymin", e.getMinY())
                        .append("xmax", e.getMaxX()).append("ymax", e.getMaxY());
                row.add("country_iso", c.iso());
                row.add("geometry", Binary.fromConstantByteArray(GeoParquetFixtures.wkb(multi(c))));
                w.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The countries exactly as read (ring order and orientation kept), as a JTS MultiPolygon. */
    private static Geometry multi(RawCountry c) {
        org.locationtech.jts.geom.Polygon[] ps = new org.locationtech.jts.geom.Polygon[c.polygons().size()];
        for (int i = 0; i < ps.length; i++) {
            RawCountry one = new RawCountry("", c.iso(), null, "Polygon", null, java.util.List.of(c.polygons().get(i)));
            Geometry n = FormatFixtures.normalised(one);
            ps[i] = (org.locationtech.jts.geom.Polygon) n.getGeometryN(0);
        }
        return FormatFixtures.JTS.createMultiPolygon(ps);
    }

    /**
     * Native encoding: {@code multipolygon} (every row) or {@code polygon} (rows must hold one polygon),
     * CRS omitted (OGC:CRS84).
     */
    static Path nativeEncoding(Path file, Collection<RawCountry> countries, boolean multipolygon, Coordinates form) {
        Type coord = form == Coordinates.SEPARATED
                ? Types.requiredGroup().required(PrimitiveTypeName.DOUBLE).named("x")
                        .required(PrimitiveTypeName.DOUBLE).named("y").named("element")
                : list(Repetition.REQUIRED, "element", Types.required(PrimitiveTypeName.DOUBLE).named("element"));
        Type ring = list(Repetition.REQUIRED, "element", coord);
        Type polygon = list(multipolygon ? Repetition.REQUIRED : Repetition.OPTIONAL, multipolygon ? "element" : "geometry", ring);
        Type geometry = multipolygon ? list(Repetition.OPTIONAL, "geometry", polygon) : polygon;
        MessageType schema = Types.buildMessage()
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country_iso")
                .addField(geometry).named("countries");
        String encoding = multipolygon ? "multipolygon" : "polygon";
        String geo = "{\"version\":\"1.1.0\",\"primary_column\":\"geometry\",\"columns\":{\"geometry\":{\"encoding\":\""
                + encoding + "\",\"geometry_types\":[\"" + (multipolygon ? "MultiPolygon" : "Polygon") + "\"]}}}";
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = writer(file, schema, Map.of("geo", geo))) {
            for (RawCountry c : countries) {
                Group row = f.newGroup();
                row.add("country_iso", c.iso());
                Group g = row.addGroup("geometry");
                if (multipolygon) {
                    for (RawCountry.Polygon p : c.polygons()) {
                        addPolygon(g.addGroup("list").addGroup("element"), p, form);
                    }
                } else {
                    addPolygon(g, c.polygons().getFirst(), form);
                }
                w.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void addPolygon(Group polygon, RawCountry.Polygon p, Coordinates form) {
        for (RawCountry.Ring r : p.rings()) {
            Group ring = polygon.addGroup("list").addGroup("element");
            for (int i = 0; i < r.x().length; i++) {
                Group c = ring.addGroup("list").addGroup("element");
                if (form == Coordinates.SEPARATED) {
                    c.append("x", r.x()[i]).append("y", r.y()[i]);
                } else {
                    c.addGroup("list").append("element", r.x()[i]);
                    c.addGroup("list").append("element", r.y()[i]);
                }
            }
        }
    }

    /** WKB in a column typed GEOMETRY(crs) (null: the type's default, OGC:CRS84), with no "geo" key. */
    static Path geometryLogicalType(Path file, Collection<RawCountry> countries, String crs, Map<String, String> keyValue) {
        MessageType schema = Types.buildMessage()
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country_iso")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.geometryType(crs)).named("geom")
                .named("countries");
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = writer(file, schema, keyValue)) {
            for (RawCountry c : countries) {
                Group row = f.newGroup();
                row.add("country_iso", c.iso());
                row.add("geom", Binary.fromConstantByteArray(GeoParquetFixtures.wkb(multi(c))));
                w.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A three-level LIST group ({@code list} / {@code element}), as Arrow writes nested lists. */
    static GroupType list(Repetition repetition, String name, Type element) {
        return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
                .addField(Types.repeatedGroup().addField(element).named("list")).named(name);
    }

    private static ParquetWriter<Group> writer(Path file, MessageType schema, Map<String, String> kv) throws IOException {
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withExtraMetaData(new LinkedHashMap<>(kv))
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }
}
