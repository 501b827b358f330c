package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKBReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import static io.tileindex.cli.input.FormatFixtures.formats;
import static io.tileindex.cli.input.InputFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GeoPackage: layers, SRS, key types, geometry blobs, damaged files. */
class GeoPackageCountriesTest {
    @TempDir
    Path dir;

    private Path copy() throws IOException {
        return Files.copy(formats("countries.gpkg"), dir.resolve("countries.gpkg"));
    }

    private static void sql(Path gpkg, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    private static List<String> isos(Path gpkg, String column, String layer) {
        return GeoPackageCountries.read(gpkg, column, layer).raw().stream().map(RawCountry::iso).toList();
    }

    @Test
    void readsTheOnlyLayerWithTextAndIntegerKeys() {
        Path f = formats("countries.gpkg");
        assertEquals(List.of("FJ", "LS", "MT", "SM", "ZA"), isos(f, "country_iso", null));
        assertEquals(List.of("242", "426", "470", "674", "710"), isos(f, "iso_n3", null));
        assertEquals("layer countries, fid 1", GeoPackageCountries.read(f, "country_iso", null).raw().getFirst().where());
    }

    @Test
    void realKeysThatAreWholeReadAsPlainIntegers() throws Exception {
        Path f = copy();
        sql(f, "ALTER TABLE countries ADD COLUMN code REAL", "UPDATE countries SET code = iso_n3 * 1.0",
                "UPDATE countries SET code = 1.5 WHERE country_iso = 'ZA'");
        assertEquals(List.of("242", "426", "470", "674", "1.5"), isos(f, "code", null));
    }

    @Test
    void anEmptyLayerIsE001() throws Exception {
        Path f = copy();
        sql(f, "DELETE FROM countries");
        TileIndexException e = org.junit.jupiter.api.Assertions.assertThrows(TileIndexException.class, () -> CountryReader.read(f));
        assertEquals(ErrorCode.E001_GEO_INVALID, e.code());
        org.junit.jupiter.api.Assertions.assertTrue(e.detail().contains("has no features"), e.detail());
    }

    @Test
    void severalLayersNeedAName() throws Exception {
        Path f = copy();
        sql(f, "CREATE TABLE islands AS SELECT * FROM countries WHERE country_iso = 'MT'",
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('islands', 'features', 'islands', 4326)",
                "INSERT INTO gpkg_geometry_columns SELECT 'islands', column_name, geometry_type_name, srs_id, z, m"
                        + " FROM gpkg_geometry_columns WHERE table_name = 'countries'");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), f.toString(), "2 feature layers",
                "[countries, islands]", "--layer");
        assertEquals(List.of("MT"), isos(f, "country_iso", "islands"));
        assertEquals(5, CountryReader.read(f, "country_iso", "countries").countries().size());
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f, "country_iso", "lakes"), f.toString(),
                "no feature layer \"lakes\"", "[countries, islands]");
    }

    @Test
    void otherSrsIsACrsMismatchNamingFileAndLayer() throws Exception {
        Path f = copy();
        sql(f, "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition)"
                + " VALUES ('WGS 84 / Pseudo-Mercator', 3857, 'EPSG', 3857, 'PROJCS[\"WGS 84 / Pseudo-Mercator\","
                + "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],"
                + "UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Mercator_1SP\"],UNIT[\"metre\",1]]')",
                "UPDATE gpkg_geometry_columns SET srs_id = 3857");
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(f), f.toString(), "layer \"countries\"",
                "EPSG:3857", "projected");
        sql(f, "UPDATE gpkg_geometry_columns SET srs_id = -1");
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(f), "layer \"countries\"", "undefined Cartesian");
        sql(f, "UPDATE gpkg_geometry_columns SET srs_id = 0");
        assertEquals(5, CountryReader.read(f).countries().size(), "undefined geographic: lon/lat, range-checked later");
    }

    @Test
    void truncatedFileNamesIt() throws IOException {
        byte[] all = Files.readAllBytes(formats("countries.gpkg"));
        Path f = Files.write(dir.resolve("cut.gpkg"), Arrays.copyOf(all, all.length / 3));
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), f.toString(), "GeoPackage");
    }

    @Test
    void sqliteDatabaseThatIsNoGeoPackage() throws Exception {
        Path f = dir.resolve("plain.sqlite");
        sql(f, "CREATE TABLE t (a TEXT)");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), f.toString(), "not a GeoPackage");
    }

    @Test
    void missingKeyColumnListsTheColumns() {
        Path f = formats("countries.gpkg");
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(f, "ISO_A2"), f.toString(), "no column \"ISO_A2\"",
                "country_iso", "iso_n3");
    }

    @Test
    void nullKeyAndNullGeometryAreReportedPerFeature() throws Exception {
        Path f = copy();
        sql(f, "UPDATE countries SET country_iso = NULL WHERE fid = 2");
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(f), "fid 2", "is null");
        sql(f, "UPDATE countries SET country_iso = 'LS', geom = NULL WHERE fid = 2");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), "country LS", "geometry is null");
    }

    @Test
    void geometryBlobHeaders() {
        WKBReader wkb = new WKBReader();
        byte[] polygon = GeoParquetFixtures.wkb(GeoParquetFixtures.wkt("POLYGON ((0 0, 1 0, 1 1, 0 0))"));
        for (int envelope : new int[] {0, 1, 2, 3, 4}) {
            int size = new int[] {0, 32, 48, 48, 64}[envelope];
            ByteBuffer b = ByteBuffer.allocate(8 + size + polygon.length).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) (envelope << 1 | 1)).putInt(4326);
            b.position(8 + size);
            b.put(polygon);
            RawCountry c = GeoPackageCountries.fromBlob("f", "AB", null, b.array(), wkb);
            assertEquals("Polygon", c.geometryType(), "envelope kind " + envelope);
            assertEquals(4, c.polygons().getFirst().rings().getFirst().x().length);
        }
        byte[] empty = {'G', 'P', 0, 0x11, 0, 0, 0, 0};
        assertEquals("empty geometry", GeoPackageCountries.fromBlob("f", "AB", null, empty, wkb).geometryProblem());
        assertTrue(GeoPackageCountries.fromBlob("f", "AB", null, polygon, wkb).geometryProblem().contains("no \"GP\" header"));
        byte[] badEnvelope = {'G', 'P', 0, 0x0B, 0, 0, 0, 0, 1, 2, 3, 4, 5};
        assertTrue(GeoPackageCountries.fromBlob("f", "AB", null, badEnvelope, wkb).geometryProblem().contains("envelope"));
    }
}
