package io.tileindex.cli.corpus;

import io.tileindex.cli.input.GeoParquetFixtures;
import io.tileindex.cli.input.GeoParquetFixtures.Row;
import io.tileindex.cli.input.TinyTiffWriter;
import io.tileindex.cli.input.TinyTiffWriter.Field;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the binary half of the bad-input corpus ({@code cli/src/test/resources/corpus/*.parquet, *.tif});
 * the text files there are written by hand. The generated files are committed, so the corpus is
 * the same for every run and for the fuzzers that seed from it; {@code BadInputCorpusTest} checks
 * this generator still reproduces them byte for byte.
 *
 * <pre>
 * mvn -o -q -pl cli test-compile
 * java -cp "cli/target/test-classes:cli/target/classes:$(cat cli/target/test-classpath.txt)" \
 *      io.tileindex.cli.corpus.CorpusGenerator cli/src/test/resources/corpus
 * </pre>
 * (the classpath file comes from {@code mvn -o -q -pl cli dependency:build-classpath
 * -Dmdep.outputFile=target/test-classpath.txt}).
 */
public final class CorpusGenerator {
    /** Grid files are padded (sparsely) to this size; GridInput now reads small grids once, the padding only keeps the committed corpus unchanged. */
    static final long GRID_FILE_BYTES = 8192;

    private CorpusGenerator() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "cli/src/test/resources/corpus");
        Files.createDirectories(dir);
        List<String> written = generate(dir);
        System.out.println("wrote " + written.size() + " files to " + dir + ": " + written);
    }

    /** Writes every generated file into {@code dir}; returns their names. */
    public static List<String> generate(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        grids(dir, names);
        countries(dir, names);
        isoTables(dir, names);
        return names;
    }

    // ---- grids (SPEC §2): small grids, so a build over the corpus countries takes milliseconds

    private static List<Field> wgs84(long width, long height, double scale, double west, double north, boolean point) {
        return TinyTiffWriter.geographic(width, height, new double[] {scale, scale, 0},
                new double[] {0, 0, 0, west, north, 0}, TinyTiffWriter.wgs84Keys(point));
    }

    private static void grid(Path dir, List<String> names, String name, ByteOrder order, boolean big, List<Field> fields) {
        TinyTiffWriter.write(dir.resolve(name), order, big, big ? 16 : 8, GRID_FILE_BYTES, fields);
        names.add(name);
    }

    private static void grids(Path dir, List<String> names) throws IOException {
        // the good grid for the countries corpus: 0.1 degree, whole world, PixelIsArea
        List<Field> good = wgs84(3600, 1800, 0.1, -180, 90, false);
        grid(dir, names, "good_grid.tif", ByteOrder.LITTLE_ENDIAN, false, good);
        grid(dir, names, "grid_bigtiff_big_endian.tif", ByteOrder.BIG_ENDIAN, true, good);
        // PixelIsPoint: the tiepoint is the first cell's centre; GDAL's grid starts half a cell earlier, at (-180, 90)
        grid(dir, names, "grid_pixel_is_point.tif", ByteOrder.LITTLE_ENDIAN, false,
                wgs84(2880, 1440, 0.125, -180 + 0.0625, 90 - 0.0625, true));
        List<Field> rotated = new ArrayList<>();
        rotated.add(TinyTiffWriter.longs(TinyTiffWriter.IMAGE_WIDTH, 3600));
        rotated.add(TinyTiffWriter.longs(TinyTiffWriter.IMAGE_LENGTH, 1800));
        rotated.add(TinyTiffWriter.doubles(TinyTiffWriter.MODEL_TRANSFORMATION,
                0.1, 0.001, 0, -180, 0.001, -0.1, 0, 90, 0, 0, 0, 0, 0, 0, 0, 1));
        rotated.add(TinyTiffWriter.wgs84Keys(false));
        grid(dir, names, "grid_rotated.tif", ByteOrder.LITTLE_ENDIAN, false, rotated);
        // the same good header, cut inside its IFD
        byte[] whole = Files.readAllBytes(dir.resolve("good_grid.tif"));
        write(dir, names, "grid_truncated_in_ifd.tif", Arrays.copyOf(whole, 40));
        write(dir, names, "grid_truncated_header.tif", Arrays.copyOf(whole, 5));
        write(dir, names, "grid_not_a_tiff.tif", "This is not a TIFF but a text file with a .tif name.\n"
                .getBytes(StandardCharsets.US_ASCII));
        write(dir, names, "grid_png_bytes.tif", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
        write(dir, names, "grid_empty.tif", new byte[0]);
        // BigTIFF dimensions of 2^33 x 2^33: the cell count needs 66 bits
        List<Field> huge = new ArrayList<>(good);
        huge = TinyTiffWriter.with(huge, TinyTiffWriter.IMAGE_WIDTH, TinyTiffWriter.long8s(TinyTiffWriter.IMAGE_WIDTH, 1L << 33));
        huge = TinyTiffWriter.with(huge, TinyTiffWriter.IMAGE_LENGTH, TinyTiffWriter.long8s(TinyTiffWriter.IMAGE_LENGTH, 1L << 33));
        grid(dir, names, "grid_dims_product_overflows_64_bits.tif", ByteOrder.LITTLE_ENDIAN, true, huge);
        // unsigned 2^64-1 columns: overflows with any second dimension above 1
        List<Field> maxed = TinyTiffWriter.with(good, TinyTiffWriter.IMAGE_WIDTH, TinyTiffWriter.long8s(TinyTiffWriter.IMAGE_WIDTH, -1L));
        grid(dir, names, "grid_width_2pow64_minus_1.tif", ByteOrder.BIG_ENDIAN, true, maxed);
        grid(dir, names, "grid_zero_size.tif", ByteOrder.LITTLE_ENDIAN, false, wgs84(0, 0, 0.1, -180, 90, false));
        grid(dir, names, "grid_zero_width.tif", ByteOrder.LITTLE_ENDIAN, false, wgs84(0, 1800, 0.1, -180, 90, false));
        grid(dir, names, "grid_zero_pixel_scale.tif", ByteOrder.LITTLE_ENDIAN, false, wgs84(3600, 1800, 0.0, -180, 90, false));
        grid(dir, names, "grid_no_georeferencing.tif", ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.with(TinyTiffWriter.with(good, TinyTiffWriter.MODEL_PIXEL_SCALE, null), TinyTiffWriter.MODEL_TIEPOINT, null));
        grid(dir, names, "grid_projected_utm33n.tif", ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.geographic(1000, 1000, new double[] {1000, 1000, 0}, new double[] {0, 0, 0, 300000, 7000000, 0},
                        TinyTiffWriter.geoKeys(new int[] {1024, 1}, new int[] {1025, 1}, new int[] {3072, 32633})));
        grid(dir, names, "grid_geographic_nad83.tif", ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.with(good, TinyTiffWriter.GEO_KEY_DIRECTORY, TinyTiffWriter.geoKeys(new int[] {1024, 2},
                        new int[] {1025, 1}, new int[] {2048, 4269}, new int[] {2054, 9102})));
        grid(dir, names, "grid_angular_unit_radians.tif", ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.with(good, TinyTiffWriter.GEO_KEY_DIRECTORY, TinyTiffWriter.geoKeys(new int[] {1024, 2},
                        new int[] {1025, 1}, new int[] {2048, 4326}, new int[] {2054, 9101})));
        grid(dir, names, "grid_no_geokeys.tif", ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.with(good, TinyTiffWriter.GEO_KEY_DIRECTORY, null));
        grid(dir, names, "grid_beyond_the_north_pole.tif", ByteOrder.LITTLE_ENDIAN, false, wgs84(3600, 1800, 0.1, -180, 100, false));
    }

    // ---- countries as GeoParquet

    private static final String LS = "POLYGON((27 -30.5, 29.5 -30.5, 29.5 -28.5, 27 -28.5, 27 -30.5))";
    private static final String SM = "POLYGON((12.3 43.85, 12.55 43.85, 12.55 44, 12.3 44, 12.3 43.85))";
    private static final String ZA = "MULTIPOLYGON(((17 -34.5, 32.5 -34.5, 32.5 -22, 17 -22, 17 -34.5),"
            + "(27 -30.5, 27 -28.5, 29.5 -28.5, 29.5 -30.5, 27 -30.5)))";

    private static List<Row> goodRows() {
        return List.of(Row.of("LS", GeoParquetFixtures.wkt(LS)), Row.of("SM", GeoParquetFixtures.wkt(SM)),
                Row.of("ZA", GeoParquetFixtures.wkt(ZA)));
    }

    private static void geoParquet(Path dir, List<String> names, String name, List<Row> rows) {
        GeoParquetFixtures.write(dir.resolve(name), rows);
        names.add(name);
    }

    /** WKB (little-endian) of a one-ring polygon with exactly these vertices: no closing, no checks. */
    static byte[] rawPolygon(double... xy) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 4 + 8 * xy.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putInt(3).putInt(1).putInt(xy.length / 2);
        for (double v : xy) {
            b.putDouble(v);
        }
        return b.array();
    }

    private static void countries(Path dir, List<String> names) throws IOException {
        geoParquet(dir, names, "good_countries.parquet", goodRows());
        byte[] good = Files.readAllBytes(dir.resolve("good_countries.parquet"));
        write(dir, names, "parquet_truncated.parquet", Arrays.copyOf(good, good.length - 30));
        write(dir, names, "parquet_magic_only.parquet", "PAR1".getBytes(StandardCharsets.US_ASCII));
        write(dir, names, "parquet_garbage_between_magics.parquet",
                "PAR1 not a row group, not a footer \u0000\u0001\u0002\u0003 PAR1".getBytes(StandardCharsets.ISO_8859_1));
        geoParquet(dir, names, "parquet_invalid_wkb.parquet", List.of(new Row("LS", new byte[] {1, 3, 0, 0, 0, 9})));
        geoParquet(dir, names, "parquet_wkb_point.parquet", List.of(Row.of("LS", GeoParquetFixtures.wkt("POINT(28 -29)"))));
        geoParquet(dir, names, "parquet_wkb_linestring.parquet",
                List.of(Row.of("LS", GeoParquetFixtures.wkt("LINESTRING(27 -30, 29 -30, 29 -29)"))));
        geoParquet(dir, names, "parquet_nan_coordinate.parquet",
                List.of(new Row("LS", rawPolygon(27, -30, 29, -30, Double.NaN, -29, 27, -29, 27, -30))));
        geoParquet(dir, names, "parquet_infinite_coordinate.parquet",
                List.of(new Row("LS", rawPolygon(27, -30, 29, -30, 29, Double.POSITIVE_INFINITY, 27, -29, 27, -30))));
        geoParquet(dir, names, "parquet_unclosed_ring.parquet",
                List.of(new Row("LS", rawPolygon(27, -30, 29, -30, 29, -29, 27, -29))));
        geoParquet(dir, names, "parquet_ring_two_distinct_points.parquet",
                List.of(new Row("LS", rawPolygon(27, -30, 29, -30, 27, -30))));
        geoParquet(dir, names, "parquet_self_intersection.parquet",
                List.of(new Row("LS", rawPolygon(27, -30, 29, -29, 29, -30, 27, -29, 27, -30))));
        geoParquet(dir, names, "parquet_duplicate_iso.parquet", List.of(Row.of("LS", GeoParquetFixtures.wkt(LS)),
                Row.of("SM", GeoParquetFixtures.wkt(SM)), Row.of("LS", GeoParquetFixtures.wkt(SM))));
        geoParquet(dir, names, "parquet_unknown_iso.parquet", List.of(Row.of("KV", GeoParquetFixtures.wkt(LS))));
        geoParquet(dir, names, "parquet_null_iso.parquet", List.of(Row.of(null, GeoParquetFixtures.wkt(LS))));
        geoParquet(dir, names, "parquet_null_geometry.parquet", List.of(Row.of("LS", null)));
        GeoParquetFixtures.write(dir.resolve("parquet_projected_crs.parquet"), goodRows(), GeoParquetFixtures.ISO_COLUMN,
                GeoParquetFixtures.GEOMETRY_COLUMN, Map.of("geo", GeoParquetFixtures.geoMetadata(GeoParquetFixtures.GEOMETRY_COLUMN,
                        GeoParquetFixtures.PROJJSON_EPSG_3857)));
        names.add("parquet_projected_crs.parquet");
        GeoParquetFixtures.write(dir.resolve("parquet_no_geo_metadata.parquet"), goodRows(), GeoParquetFixtures.ISO_COLUMN,
                GeoParquetFixtures.GEOMETRY_COLUMN, Map.of());
        names.add("parquet_no_geo_metadata.parquet");
        GeoParquetFixtures.write(dir.resolve("parquet_geo_names_missing_column.parquet"), goodRows(), GeoParquetFixtures.ISO_COLUMN,
                GeoParquetFixtures.GEOMETRY_COLUMN, Map.of("geo", GeoParquetFixtures.geoMetadata("geom", null)));
        names.add("parquet_geo_names_missing_column.parquet");
        GeoParquetFixtures.write(dir.resolve("parquet_geo_metadata_not_json.parquet"), goodRows(), GeoParquetFixtures.ISO_COLUMN,
                GeoParquetFixtures.GEOMETRY_COLUMN, Map.of("geo", "{\"version\": \"1.1.0\", \"primary_column\": "));
        names.add("parquet_geo_metadata_not_json.parquet");
        // wrongly typed columns: the ISO code as an integer, the geometry as a double
        MessageType typed = Types.buildMessage()
                .required(PrimitiveTypeName.INT64).named("country_iso")
                .required(PrimitiveTypeName.DOUBLE).named("geometry")
                .named("countries");
        writeParquet(dir.resolve("parquet_columns_wrong_types.parquet"), typed,
                Map.of("geo", GeoParquetFixtures.geoMetadata("geometry", null)), List.<Object[]>of(new Object[] {426L, 1.5}));
        names.add("parquet_columns_wrong_types.parquet");
    }

    // ---- ISO tables as Parquet

    private static void isoTables(Path dir, List<String> names) throws IOException {
        GeoParquetFixtures.writeStrings(dir.resolve("iso_good.parquet"), "country_iso", List.of("LS", "SM", "ZA"));
        names.add("iso_good.parquet");
        byte[] good = Files.readAllBytes(dir.resolve("iso_good.parquet"));
        write(dir, names, "iso_truncated.parquet", Arrays.copyOf(good, good.length / 2));
        GeoParquetFixtures.writeStrings(dir.resolve("iso_null_code.parquet"), "country_iso", Arrays.asList("LS", null, "ZA"));
        names.add("iso_null_code.parquet");
        MessageType ints = Types.buildMessage().required(PrimitiveTypeName.INT32).named("country_iso").named("iso3166");
        writeParquet(dir.resolve("iso_column_is_integer.parquet"), ints, Map.of(), List.<Object[]>of(new Object[] {426}));
        names.add("iso_column_is_integer.parquet");
    }

    private static void writeParquet(Path file, MessageType schema, Map<String, String> kv, List<Object[]> rows) throws IOException {
        Files.deleteIfExists(file);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withExtraMetaData(kv)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (Object[] r : rows) {
                Group g = groups.newGroup();
                for (int i = 0; i < r.length; i++) {
                    switch (r[i]) {
                        case Long l -> g.add(i, l);
                        case Integer n -> g.add(i, n);
                        case Double d -> g.add(i, d);
                        case String s -> g.add(i, Binary.fromString(s));
                        default -> throw new IllegalArgumentException(String.valueOf(r[i]));
                    }
                }
                w.write(g);
            }
        }
    }

    private static void write(Path dir, List<String> names, String name, byte[] bytes) {
        try {
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.add(name);
    }
}
