package io.tileindex.cli.input;

import io.tileindex.cli.input.GeoParquet11Fixtures.Coordinates;
import io.tileindex.kernel.geom.CountryShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tileindex.cli.input.FormatFixtures.assertSamePolygons;
import static io.tileindex.cli.input.FormatFixtures.formats;
import static io.tileindex.cli.input.FormatFixtures.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The oracle for every reader: the same countries read from each format give exactly the polygons
 * the GeoJSON reader gives (same vertex doubles; ring order, start and orientation may differ).
 */
class CountryFormatsOracleTest {
    @TempDir
    Path dir;

    @Test
    void geoPackageGivesTheGeoJsonPolygons() {
        assertSamePolygons(GeoPackageCountries.read(formats("countries.gpkg"), "country_iso", null).raw(), "GeoPackage");
    }

    @Test
    void shapefileGivesTheGeoJsonPolygons() {
        assertSamePolygons(ShapefileCountries.read(formats("countries.shp"), "ISO_A2").raw(), "Shapefile");
    }

    @Test
    void flatGeobufGivesTheGeoJsonPolygons() {
        assertSamePolygons(FlatGeobufCountries.read(formats("countries.fgb"), "country_iso").raw(), "FlatGeobuf");
    }

    @Test
    void geoParquetVariantsGiveTheGeoJsonPolygons() {
        List<RawCountry> ref = List.copyOf(reference().values());
        for (Map.Entry<String, Path> f : Map.of(
                "WKB + covering", GeoParquet11Fixtures.wkbWithCovering(dir.resolve("covering.parquet"), ref),
                "native multipolygon", GeoParquet11Fixtures.nativeEncoding(dir.resolve("native.parquet"), ref, true,
                        Coordinates.SEPARATED),
                "native interleaved", GeoParquet11Fixtures.nativeEncoding(dir.resolve("interleaved.parquet"), ref, true,
                        Coordinates.INTERLEAVED),
                "GEOMETRY type", GeoParquet11Fixtures.geometryLogicalType(dir.resolve("typed.parquet"), ref, null, Map.of())
        ).entrySet()) {
            assertSamePolygons(GeoParquetCountries.read(counting(f.getValue()), f.getValue(), "country_iso"), f.getKey());
        }
    }

    /** Through CountryReader: every format is recognised by content and yields the same kernel shapes. */
    @Test
    void countryReaderRecognisesEveryFormatAndAgrees() {
        List<RawCountry> ref = List.copyOf(reference().values());
        Path parquet = GeoParquet11Fixtures.nativeEncoding(dir.resolve("countries.bin"), ref, true, Coordinates.SEPARATED);
        Map<String, CountryReader.CountrySet> sets = Map.of(
                CountryReader.FORMAT_GEOPACKAGE, CountryReader.read(formats("countries.gpkg")),
                CountryReader.FORMAT_SHAPEFILE, CountryReader.read(formats("countries.shp"), "ISO_A2"),
                CountryReader.FORMAT_FLATGEOBUF, CountryReader.read(formats("countries.fgb")),
                CountryReader.FORMAT_GEOPARQUET, CountryReader.read(parquet));
        for (Map.Entry<String, CountryReader.CountrySet> e : sets.entrySet()) {
            assertEquals(e.getKey(), e.getValue().format());
            assertEquals(List.of("FJ", "LS", "MT", "SM", "ZA"),
                    e.getValue().countries().stream().map(CountryShape::iso).toList(), e.getKey());
            assertEquals(64, e.getValue().digest().sha256().length(), e.getKey());
        }
    }

    static CountingInputFile counting(Path p) {
        try {
            return new CountingInputFile(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
