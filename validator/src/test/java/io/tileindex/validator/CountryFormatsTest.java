package io.tileindex.validator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every country format the build accepts gives the validator the same geometries per code as the
 * GeoJSON they were made from: the committed GDAL fixtures (GeoPackage, Shapefile, FlatGeobuf, see
 * cli/src/test/resources/formats/README.md) and GeoParquet 1.1 files written here. Polygons are
 * compared vertex for vertex after JTS normalisation (ring start and orientation may differ; a
 * one-part MultiPolygon may come back as a Polygon).
 */
class CountryFormatsTest {
    static final Set<String> FIVE = Set.of("FJ", "LS", "MT", "SM", "ZA");
    static Map<String, Geometry> reference;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readGeoJson() throws IOException {
        reference = CountryFile.read(Fixtures.repoRoot().resolve("data/world_countries_ne10m.geojson"), "country_iso", FIVE);
        assertEquals(FIVE, reference.keySet());
    }

    /** The polygons of {@code g}, each normalised, in a canonical order. */
    static List<Geometry> polygons(Geometry g) {
        List<Geometry> out = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon) {
                out.add(part.norm());
            } else {
                out.addAll(polygons(part));
            }
        }
        out.sort(Geometry::compareTo);
        return out;
    }

    static void assertSameCountries(Map<String, Geometry> read) {
        assertEquals(reference.keySet(), read.keySet());
        reference.forEach((code, g) -> {
            List<Geometry> want = polygons(g), got = polygons(read.get(code));
            assertEquals(want.size(), got.size(), code + ": polygon count");
            for (int i = 0; i < want.size(); i++) {
                assertTrue(want.get(i).equalsExact(got.get(i)), code + ": polygon " + i + " differs");
            }
        });
    }

    static Map<String, Geometry> read(Path file, String key) throws IOException {
        return CountryFile.read(file, key, FIVE);
    }

    @Test
    void geoPackageGivesTheGeoJsonGeometries() throws IOException {
        assertSameCountries(read(Fixtures.formats().resolve("countries.gpkg"), "country_iso"));
    }

    @Test
    void flatGeobufGivesTheGeoJsonGeometries() throws IOException {
        assertSameCountries(read(Fixtures.formats().resolve("countries.fgb"), "country_iso"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"countries.shp", "countries.shx"})
    void shapefileGivesTheGeoJsonGeometries(String given) throws IOException {
        assertSameCountries(read(Fixtures.formats().resolve(given), "ISO_A2"));
        assertSameCountries(read(Fixtures.formats().resolve(given), "iso_a2")); // dBASE names ignore case
    }

    @Test
    void aZippedShapefileGivesTheGeoJsonGeometries() throws IOException {
        Path zip = tmp.resolve("countries.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String ext : List.of("shp", "shx", "dbf", "prj", "cpg")) {
                z.putNextEntry(new ZipEntry("borders/countries." + ext));
                z.write(Files.readAllBytes(Fixtures.formats().resolve("countries." + ext)));
                z.closeEntry();
            }
        }
        assertSameCountries(read(zip, "ISO_A2"));
    }

    /** Numeric keys (a GeoPackage integer column, a dBASE numeric field) map through the ISO table. */
    @Test
    void numericKeysMapThroughTheIsoTable() throws IOException {
        IsoCodes iso = IsoCodes.read(Fixtures.repoRoot().resolve("data/iso3166.csv"), "country_iso");
        assertSameCountries(CountryFile.read(Fixtures.formats().resolve("countries.gpkg"), "iso_n3", FIVE, iso, false, null));
        assertSameCountries(CountryFile.read(Fixtures.formats().resolve("countries.shp"), "ISO_N3", FIVE, iso, false, null));
        assertSameCountries(CountryFile.read(Fixtures.formats().resolve("countries.fgb"), "iso_n3", FIVE, iso, false, null));
    }

    /** A GeoPackage with two feature layers needs the layer named; named, it reads that one. */
    @Test
    void aSecondLayerNeedsLayer() throws IOException, SQLException {
        Path gpkg = Files.copy(Fixtures.formats().resolve("countries.gpkg"), tmp.resolve("two.gpkg"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE lakes (fid INTEGER PRIMARY KEY, geom BLOB, country_iso TEXT)");
            s.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('lakes', 'features', 'lakes', 4326)");
            s.execute("INSERT INTO gpkg_geometry_columns VALUES ('lakes', 'geom', 'POLYGON', 4326, 0, 0)");
        }
        IOException e = assertThrows(IOException.class, () -> read(gpkg, "country_iso"));
        assertTrue(e.getMessage().contains("[countries, lakes]"), e.getMessage());
        assertSameCountries(CountryFile.read(gpkg, "country_iso", FIVE, null, false, "countries"));
        assertTrue(CountryFile.read(gpkg, "country_iso", FIVE, null, false, "lakes").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WKB_COVERING", "GEOMETRY_TYPE", "MULTIPOLYGON_SEPARATED", "MULTIPOLYGON_INTERLEAVED",
            "MULTIPOLYGON_TWO_LEVEL"})
    void geoParquet11GivesTheGeoJsonGeometries(String shape) throws IOException {
        Path file = GeoParquet11Writer.write(tmp.resolve(shape + ".parquet"), GeoParquet11Writer.Shape.valueOf(shape), reference);
        assertSameCountries(read(file, "country_iso"));
    }

    /** The native {@code polygon} encoding holds one polygon a row: one row per part, grouped back by code. */
    @Test
    void geoParquet11PolygonEncodingGivesTheGeoJsonGeometries() throws IOException {
        Path file = GeoParquet11Writer.write(tmp.resolve("polygon.parquet"), GeoParquet11Writer.Shape.POLYGON, reference);
        assertSameCountries(read(file, "country_iso"));
    }

    /** Anything but the known magics is read as GeoJSON, whose parser refuses it. */
    @Test
    void anUnknownFormatIsRefused() throws IOException {
        Path f = tmp.resolve("x.bin");
        try (OutputStream o = Files.newOutputStream(f)) {
            o.write(new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
        }
        assertThrows(IOException.class, () -> read(f, "country_iso"));
    }
}
