package io.tileindex.cli.input;

import io.tileindex.cli.input.GeoParquet11Fixtures.Coordinates;
import io.tileindex.kernel.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tileindex.cli.input.FormatFixtures.reference;
import static io.tileindex.cli.input.InputFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GeoParquet 1.1 as writers produce it: covering columns, native encodings, Parquet's GEOMETRY type. */
class GeoParquet11Test {
    @TempDir
    Path dir;

    private static List<RawCountry> all() {
        return List.copyOf(reference().values());
    }

    /** LS and SM: one polygon each, so they fit the single-polygon encoding. */
    private static List<RawCountry> singlePolygons() {
        return List.of(reference().get("LS"), reference().get("SM"));
    }

    @Test
    void coveringBboxColumnIsIgnored() {
        Path f = GeoParquet11Fixtures.wkbWithCovering(dir.resolve("c.parquet"), all());
        assertEquals(5, CountryReader.read(f).countries().size());
    }

    @Test
    void nativePolygonEncodingInBothCoordinateForms() {
        for (Coordinates form : Coordinates.values()) {
            Path f = GeoParquet11Fixtures.nativeEncoding(dir.resolve(form + ".parquet"), singlePolygons(), false, form);
            List<RawCountry> raw = GeoParquetCountries.read(CountryFormatsOracleTest.counting(f), f, "country_iso");
            assertEquals(List.of("Polygon", "Polygon"), raw.stream().map(RawCountry::geometryType).toList());
            for (int i = 0; i < 2; i++) {
                assertEquals(FormatFixtures.normalised(singlePolygons().get(i)), FormatFixtures.normalised(raw.get(i)), form.name());
            }
            assertEquals(2, CountryReader.read(f).countries().size());
        }
    }

    @Test
    void nativeEncodingOnABinaryColumnOrAnUnsupportedEncodingIsRefused() {
        Path f = GeoParquetFixtures.write(dir.resolve("bin.parquet"), List.of(GeoParquetFixtures.Row.of("FI",
                GeoParquetFixtures.wkt("POLYGON ((0 0, 1 0, 1 1, 0 0))"))), "country_iso", "geometry",
                Map.of("geo", GeoParquetFixtures.geoMetadata("geometry", null).replace("\"WKB\"", "\"multipolygon\"")));
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), f.toString(), "encoding \"multipolygon\"",
                "no nested list column");
        Path p = GeoParquetFixtures.write(dir.resolve("pt.parquet"), List.of(), "country_iso", "geometry",
                Map.of("geo", GeoParquetFixtures.geoMetadata("geometry", null).replace("\"WKB\"", "\"point\"")));
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(p), "encoding \"point\"", "supported: WKB, polygon");
    }

    @Test
    void geometryLogicalTypeWithoutGeoKey() {
        Path plain = GeoParquet11Fixtures.geometryLogicalType(dir.resolve("a.parquet"), all(), null, Map.of());
        assertEquals(5, CountryReader.read(plain).countries().size());
        for (String crs : List.of("OGC:CRS84", "EPSG:4326", "srid:4326")) {
            Path f = GeoParquet11Fixtures.geometryLogicalType(dir.resolve("b.parquet"), all(), crs, Map.of());
            assertEquals(5, CountryReader.read(f).countries().size(), crs);
        }
        Path viaKey = GeoParquet11Fixtures.geometryLogicalType(dir.resolve("c.parquet"), all(), "projjson:crs_wgs84",
                Map.of("crs_wgs84", GeoParquetFixtures.PROJJSON_EPSG_4326));
        assertEquals(5, CountryReader.read(viaKey).countries().size());
    }

    @Test
    void geometryLogicalTypeInAnotherCrsIsACrsMismatch() {
        Path f = GeoParquet11Fixtures.geometryLogicalType(dir.resolve("m.parquet"), all(), "EPSG:3857", Map.of());
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(f), f.toString(), "GEOMETRY column \"geom\"",
                "EPSG:3857");
        Path viaKey = GeoParquet11Fixtures.geometryLogicalType(dir.resolve("k.parquet"), all(), "projjson:crs",
                Map.of("crs", GeoParquetFixtures.PROJJSON_EPSG_3857));
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(viaKey), "projjson:crs");
    }
}
