package io.tileindex.cli.input;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
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
import org.apache.parquet.schema.Types;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GeoParquet (and plain Parquet) fixtures with parquet-java, for tests of anything that reads
 * country or ISO files. Files are UNCOMPRESSED: parquet-java's default codecs need a Hadoop runtime
 * we do not ship (compressed variants can be made with DuckDB, see CountryReaderGeoParquetTest).
 */
public final class GeoParquetFixtures {
    public static final String ISO_COLUMN = "country_iso";
    public static final String GEOMETRY_COLUMN = "geometry";
    public static final GeometryFactory JTS = new GeometryFactory();

    /** PROJJSON of EPSG:4326 as pyproj writes it (trimmed to what identifies it). */
    public static final String PROJJSON_EPSG_4326 = """
            {"$schema":"https://proj.org/schemas/v0.7/projjson.schema.json","type":"GeographicCRS",\
            "name":"WGS 84","datum_ensemble":{"name":"World Geodetic System 1984 ensemble"},\
            "id":{"authority":"EPSG","code":4326}}""";
    /** PROJJSON of EPSG:3857 (Web Mercator), trimmed. */
    public static final String PROJJSON_EPSG_3857 = """
            {"type":"ProjectedCRS","name":"WGS 84 / Pseudo-Mercator",\
            "base_crs":{"name":"WGS 84","datum_ensemble":{"name":"World Geodetic System 1984 ensemble"}},\
            "id":{"authority":"EPSG","code":3857}}""";

    private GeoParquetFixtures() {}

    /** One row: ISO code and WKB bytes, either may be null (written as a null). */
    public record Row(String iso, byte[] wkb) {
        public static Row of(String iso, Geometry geometry) {
            return new Row(iso, geometry == null ? null : GeoParquetFixtures.wkb(geometry));
        }
    }

    public static byte[] wkb(Geometry g) {
        return new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN).write(g);
    }

    public static Geometry wkt(String wkt) {
        try {
            return new WKTReader(JTS).read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    /**
     * The "geo" file metadata of GeoParquet 1.1 for one WKB column.
     *
     * @param crsJson the column's "crs" member as raw JSON ({@code "null"} for an explicit null), or
     *                null to omit it (meaning OGC:CRS84)
     */
    public static String geoMetadata(String geometryColumn, String crsJson) {
        return "{\"version\":\"1.1.0\",\"primary_column\":\"" + geometryColumn + "\",\"columns\":{\""
                + geometryColumn + "\":{\"encoding\":\"WKB\",\"geometry_types\":[\"Polygon\",\"MultiPolygon\"]"
                + (crsJson == null ? "" : ",\"crs\":" + crsJson) + "}}}";
    }

    /** A standard GeoParquet country file: columns country_iso, geometry; CRS omitted (OGC:CRS84). */
    public static Path write(Path file, List<Row> rows) {
        return write(file, rows, ISO_COLUMN, GEOMETRY_COLUMN, Map.of("geo", geoMetadata(GEOMETRY_COLUMN, null)));
    }

    /**
     * Any two-column variant: a string column {@code isoColumn} and a binary column
     * {@code geometryColumn}, with exactly the given key-value metadata (empty: plain Parquet, no "geo").
     */
    public static Path write(Path file, List<Row> rows, String isoColumn, String geometryColumn,
                             Map<String, String> keyValueMetadata) {
        return write(file, rows, isoColumn, geometryColumn, keyValueMetadata, Integer.MAX_VALUE);
    }

    /** As above, starting a new row group every {@code rowsPerRowGroup} rows. */
    public static Path write(Path file, List<Row> rows, String isoColumn, String geometryColumn,
                             Map<String, String> keyValueMetadata, int rowsPerRowGroup) {
        MessageType schema = Types.buildMessage()
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(isoColumn)
                .optional(PrimitiveTypeName.BINARY).named(geometryColumn)
                .named("countries");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = writer(file, schema, keyValueMetadata, rowsPerRowGroup)) {
            for (Row r : rows) {
                Group g = groups.newGroup();
                if (r.iso() != null) {
                    g.add(0, r.iso());
                }
                if (r.wkb() != null) {
                    g.add(1, Binary.fromConstantByteArray(r.wkb()));
                }
                w.write(g);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Kernel shapes as a GeoParquet country file (one MultiPolygon row per country, rings closed). */
    public static Path writeCountries(Path file, List<CountryShape> countries) {
        return writeCountries(file, countries, Integer.MAX_VALUE);
    }

    public static Path writeCountries(Path file, List<CountryShape> countries, int rowsPerRowGroup) {
        return write(file, countries.stream().map(c -> Row.of(c.iso(), toJts(c))).toList(), ISO_COLUMN,
                GEOMETRY_COLUMN, Map.of("geo", geoMetadata(GEOMETRY_COLUMN, null)), rowsPerRowGroup);
    }

    public static MultiPolygon toJts(CountryShape c) {
        Polygon[] polys = new Polygon[c.polygons().size()];
        for (int i = 0; i < polys.length; i++) {
            PolygonShape p = c.polygons().get(i);
            LinearRing[] holes = new LinearRing[p.holes().size()];
            for (int h = 0; h < holes.length; h++) {
                holes[h] = toJts(p.holes().get(h));
            }
            polys[i] = JTS.createPolygon(toJts(p.shell()), holes);
        }
        return JTS.createMultiPolygon(polys);
    }

    private static LinearRing toJts(Ring r) {
        Coordinate[] cs = new Coordinate[r.size() + 1];
        for (int i = 0; i < r.size(); i++) {
            cs[i] = new Coordinate(r.x(i), r.y(i));
        }
        cs[r.size()] = cs[0].copy();
        return JTS.createLinearRing(cs);
    }

    /** A Parquet file with one string column (an ISO table); null values are written as nulls. */
    public static Path writeStrings(Path file, String column, List<String> values) {
        MessageType schema = Types.buildMessage()
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(column)
                .named("iso3166");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = writer(file, schema, Map.of(), Integer.MAX_VALUE)) {
            for (String v : values) {
                Group g = groups.newGroup();
                if (v != null) {
                    g.add(0, v);
                }
                w.write(g);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static ParquetWriter<Group> writer(Path file, MessageType schema, Map<String, String> kv, int rowsPerRowGroup)
            throws IOException {
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()) // no Hadoop Configuration at run time
                .withType(schema)
                .withExtraMetaData(new LinkedHashMap<>(kv))
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupRowCountLimit(rowsPerRowGroup)
                .build();
    }
}
