package io.tileindex.cli.input;

import io.tileindex.cli.input.GeoParquetFixtures.Row;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.CountryShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.tileindex.cli.input.GeoParquetFixtures.GEOMETRY_COLUMN;
import static io.tileindex.cli.input.GeoParquetFixtures.ISO_COLUMN;
import static io.tileindex.cli.input.GeoParquetFixtures.geoMetadata;
import static io.tileindex.cli.input.GeoParquetFixtures.wkt;
import static io.tileindex.cli.input.InputFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GeoParquet country files: metadata, CRS, WKB content, damaged files, other writers' codecs. */
class CountryReaderGeoParquetTest {
    @TempDir
    Path dir;

    private static final String FI = "POLYGON ((20 60, 30 60, 30 70, 20 70, 20 60))";
    private static final String FJ = "MULTIPOLYGON (((177 -18, 179 -18, 179 -16, 177 -16, 177 -18)),"
            + " ((-180 -17, -179 -17, -179 -16, -180 -16, -180 -17)))";

    private Path file(String name, List<Row> rows) {
        return GeoParquetFixtures.write(dir.resolve(name), rows);
    }

    private Path withGeo(String name, String geo, List<Row> rows) {
        return GeoParquetFixtures.write(dir.resolve(name), rows, ISO_COLUMN, GEOMETRY_COLUMN,
                geo == null ? Map.of() : Map.of("geo", geo));
    }

    private static List<Row> valid() {
        return List.of(Row.of("FJ", wkt(FJ)), Row.of("FI", wkt(FI)));
    }

    @Test
    void readsPolygonsAndMultiPolygonsSortedByIso() throws IOException {
        Path f = file("ok.parquet", valid());
        CountryReader.CountrySet set = CountryReader.read(f);
        assertEquals(CountryReader.FORMAT_GEOPARQUET, set.format());
        assertEquals(List.of("FI", "FJ"), set.countries().stream().map(CountryShape::iso).toList());
        assertEquals(4, set.countries().get(0).vertexCount());
        assertEquals(2, set.countries().get(1).polygons().size());
        assertTrue(set.bytesRead() > 0 && set.bytesRead() <= Files.size(f) * 1.25,
                set.bytesRead() + " bytes read of " + Files.size(f));
    }

    @Test
    void formatIsSniffedNotTakenFromTheExtension() {
        Path f = file("countries.geojson", valid());
        assertEquals(CountryReader.FORMAT_GEOPARQUET, CountryReader.read(f).format());
    }

    @Test
    void isoColumnCanBeRenamed() {
        Path f = GeoParquetFixtures.write(dir.resolve("iso.parquet"), valid(), "iso_a2", "geom",
                Map.of("geo", geoMetadata("geom", null)));
        assertEquals(2, CountryReader.read(f, "iso_a2").countries().size());
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(f), f.toString(), "no column \"country_iso\"");
    }

    // ---- CRS

    @Test
    void wgs84CrsDeclarationsAreAccepted() {
        for (String crs : List.of(GeoParquetFixtures.PROJJSON_EPSG_4326,
                "{\"type\":\"GeographicCRS\",\"name\":\"WGS 84 (CRS84)\",\"id\":{\"authority\":\"OGC\",\"code\":\"CRS84\"}}",
                "{\"type\":\"GeographicCRS\",\"name\":\"WGS 84\",\"datum\":{\"name\":\"World Geodetic System 1984\"}}")) {
            Path f = withGeo("crs.parquet", geoMetadata(GEOMETRY_COLUMN, crs), valid());
            assertEquals(2, CountryReader.read(f).countries().size(), crs);
        }
    }

    @Test
    void projectedCrsInGeoMetadata() {
        Path f = withGeo("3857.parquet", geoMetadata(GEOMETRY_COLUMN, GeoParquetFixtures.PROJJSON_EPSG_3857), valid());
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(f), f.toString(),
                "WGS 84 / Pseudo-Mercator [EPSG:3857]");
    }

    @Test
    void unknownCrsIsRefused() {
        Path f = withGeo("null.parquet", geoMetadata(GEOMETRY_COLUMN, "null"), valid());
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(f), f.toString(), "unknown CRS");
    }

    @Test
    void sphericalEdgesAreRefused() {
        String geo = geoMetadata(GEOMETRY_COLUMN, null).replace("\"encoding\"", "\"edges\":\"spherical\",\"encoding\"");
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(withGeo("sph.parquet", geo, valid())),
                "spherical edges");
    }

    // ---- not GeoParquet

    @Test
    void parquetWithoutGeoMetadata() {
        Path f = withGeo("plain.parquet", null, valid());
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), f.toString(), "without GeoParquet \"geo\" metadata");
    }

    @Test
    void badGeoMetadata() {
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(withGeo("a.parquet", "{not json", valid())),
                "\"geo\" metadata is not valid JSON");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(withGeo("b.parquet", "{\"version\":\"1.1.0\"}", valid())),
                "lacks primary_column");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(withGeo("c.parquet",
                geoMetadata(GEOMETRY_COLUMN, null).replace("\"WKB\"", "\"point\""), valid())),
                "encoding \"point\"; supported: WKB, polygon, multipolygon");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(withGeo("d.parquet", geoMetadata("geom", null), valid())),
                "primary column \"geom\"", "no top-level binary (WKB) column");
    }

    @Test
    void truncatedParquet() throws IOException {
        Path whole = file("whole.parquet", valid());
        byte[] bytes = Files.readAllBytes(whole);
        Path f = Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        TileIndexException e = assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f),
                f.toString(), "unreadable Parquet file");
        assertNotNull(e.getCause());
        Path magicOnly = Files.write(dir.resolve("magic.parquet"), "PAR1".getBytes());
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(magicOnly), magicOnly.toString(), "unreadable Parquet");
    }

    // ---- rows

    @Test
    void nanCoordinateInWkb() {
        Polygon p = GeoParquetFixtures.JTS.createPolygon(new Coordinate[] {
                new Coordinate(20, 60), new Coordinate(30, 60), new Coordinate(Double.NaN, 70),
                new Coordinate(20, 70), new Coordinate(20, 60)});
        TileIndexException e = assertFails(ErrorCode.E001_GEO_INVALID,
                () -> CountryReader.read(file("nan.parquet", List.of(Row.of("FI", p)))),
                "country FI (row 0)", "non-finite coordinate lon/lat (NaN 70.0) at vertex 2");
        assertEquals("FI", e.countryIso());
    }

    @Test
    void bowtieInWkb() {
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(file("bowtie.parquet",
                        List.of(Row.of("FI", wkt(FI)), Row.of("BT", wkt("POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"))))),
                "country BT (row 1)", "Self-intersection at lon/lat (0.5 0.5)");
    }

    @Test
    void ringWithTwoDistinctPointsInWkb() {
        // WKBReader pads a short ring to four points; the distinct-point check still sees two
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(file("two.parquet",
                        List.of(Row.of("TP", wkt("POLYGON ((5 5, 6 6, 6 6, 5 5))"))))),
                "country TP", "fewer than 3 distinct points");
    }

    @Test
    void otherGeometryTypes() {
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(file("pt.parquet",
                List.of(Row.of("PT", wkt("POINT (-9.1 38.7)"))))), "country PT (row 0)", "geometry type Point");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(file("ls.parquet",
                List.of(Row.of("LS", wkt("LINESTRING (0 0, 1 1)"))))), "geometry type LineString");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(file("empty.parquet",
                List.of(Row.of("EM", wkt("MULTIPOLYGON EMPTY"))))), "country EM", "empty MultiPolygon");
    }

    @Test
    void malformedWkb() {
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(file("bad.parquet",
                List.of(new Row("FI", new byte[] {1, 3, 0, 0, 0, 1})))), "country FI (row 0)", "malformed WKB");
    }

    @Test
    void nullsInRows() {
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(file("nullgeom.parquet",
                List.of(new Row("FI", null)))), "country FI (row 0)", "geometry is null");
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(file("nulliso.parquet",
                List.of(Row.of("FI", wkt(FI)), Row.of(null, wkt(FI))))), "row 1", "\"country_iso\" is null");
    }

    @Test
    void severalRowsWithOneCodeAreOneCountry() {
        List<io.tileindex.kernel.geom.CountryShape> c = CountryReader.read(file("dup.parquet",
                List.of(Row.of("FI", wkt(FI)), Row.of("FJ", wkt(FJ)), Row.of("FI", wkt(FI))))).countries();
        assertEquals(List.of("FI", "FJ"), c.stream().map(io.tileindex.kernel.geom.CountryShape::iso).toList());
    }

    @Test
    void projectedCoordinatesInWkb() {
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(file("merc.parquet", List.of(Row.of("FI",
                wkt("POLYGON ((2226389.8 8399737.9, 3339584.7 8399737.9, 3339584.7 10162119.2, 2226389.8 8399737.9))"))))),
                "country FI", "looks projected");
    }

    // ---- files written by another implementation, with real codecs

    private static List<CountryShape> sample;

    private static synchronized List<CountryShape> sample() {
        if (sample == null) {
            Set<String> pick = Set.of("AQ", "CA", "FI", "FJ", "IS", "LS", "NZ", "RU", "US", "ZA");
            sample = CountryReader.read(InputFixtures.world()).countries().stream()
                    .filter(c -> pick.contains(c.iso())).toList();
        }
        return sample;
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "zstd", "gzip", "lz4_raw", "uncompressed"})
    void duckDbWrittenFilesWithEachCodec(String codec) throws SQLException, IOException {
        List<CountryShape> sample = sample();
        Path ours = GeoParquetFixtures.writeCountries(dir.resolve("ours.parquet"), sample);
        Path theirs = dir.resolve("duckdb_" + codec + ".parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM read_parquet('" + ours + "') ORDER BY country_iso DESC) TO '" + theirs
                    + "' (FORMAT parquet, COMPRESSION " + codec + ", KV_METADATA {geo: '"
                    + geoMetadata(GEOMETRY_COLUMN, GeoParquetFixtures.PROJJSON_EPSG_4326) + "'})");
        }
        CountryReader.CountrySet back = CountryReader.read(theirs);
        CountryReaderWorldTest.assertSameCountries(sample, back.countries());
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(theirs), GeoParquetCountries.readOptions())) {
            List<BlockMetaData> groups = r.getFooter().getBlocks();
            assertEquals(codec.toUpperCase(Locale.ROOT), groups.getFirst().getColumns().get(1).getCodec().name());
        }
    }
}
