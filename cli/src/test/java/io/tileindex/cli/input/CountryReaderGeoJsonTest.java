package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.tileindex.cli.input.InputFixtures.assertFails;
import static io.tileindex.cli.input.InputFixtures.resource;
import static io.tileindex.cli.input.InputFixtures.writeString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GeoJSON country files: what is accepted, and every way a file is refused (code, file, location). */
class CountryReaderGeoJsonTest {
    @TempDir
    Path dir;

    private static final String FEATURE_FI = """
            {"type": "Feature", "properties": {"country_iso": "FI"},
             "geometry": {"type": "Polygon", "coordinates": [[[20, 60], [30, 60], [30, 70], [20, 70], [20, 60]]]}}""";

    private Path collection(String... features) {
        return writeString(dir.resolve("c.geojson"),
                "{\"type\": \"FeatureCollection\", \"features\": [" + String.join(",\n", features) + "]}");
    }

    private static String feature(String iso, String geometry) {
        return "{\"type\": \"Feature\", \"properties\": {\"country_iso\": \"" + iso + "\"}, \"geometry\": " + geometry + "}";
    }

    // ---- accepted input

    @Test
    void edgeCasesAreAccepted() {
        // member order shuffled, crs given as CRS84, an unsplit ring across ±180, a ring
        // around the south pole, 3D positions, a hole, nested properties with the key name inside
        CountryReader.CountrySet set = CountryReader.read(resource("valid_edge_cases.geojson"));
        assertEquals(List.of("AQ", "FJ", "ZA"), set.countries().stream().map(CountryShape::iso).toList());
        CountryShape fj = set.countries().get(1);
        assertEquals(4, fj.vertexCount(), "closing vertex dropped");
        assertEquals(-179.0, fj.polygons().getFirst().shell().x(1));
        PolygonShape za = set.countries().get(2).polygons().getFirst();
        assertEquals(1, za.holes().size());
        assertEquals(4, za.shell().size(), "closing vertex dropped, z ignored");
    }

    @Test
    void isoColumnCanBeRenamed() {
        Path f = writeString(dir.resolve("iso2.geojson"), """
                {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"ISO_A2": "FI"},
                 "geometry": {"type": "Polygon", "coordinates": [[[20, 60], [30, 60], [30, 70], [20, 60]]]}}]}""");
        assertEquals("FI", CountryReader.read(f, "ISO_A2").countries().getFirst().iso());
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(f), "features[0]", "country_iso");
    }

    @Test
    void anEmptyCollectionIsE001() {
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(collection()), "has no features");
    }

    @Test
    void bytesReadIsTheFileSize() throws IOException {
        Path f = collection(FEATURE_FI);
        assertEquals(Files.size(f), CountryReader.read(f).bytesRead());
    }

    // ---- files that are not what they should be

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.geojson");
        assertFails(ErrorCode.E010_IO, () -> CountryReader.read(f), f.toString(), "does not exist");
    }

    @Test
    void emptyFile() {
        Path f = writeString(dir.resolve("empty.geojson"), "");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), f.toString(), "empty");
        Path blank = writeString(dir.resolve("blank.geojson"), " \n\t\n");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(blank), blank.toString(), "no JSON content");
    }

    @Test
    void truncatedGeoJson() throws IOException {
        byte[] all = Files.readAllBytes(InputFixtures.world());
        Path f = dir.resolve("truncated.geojson");
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        TileIndexException e = assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f),
                f.toString(), "not valid JSON (truncated or malformed)", "end-of-input");
        assertNotNull(e.getCause(), "the parser's exception is kept as the cause");
    }

    @Test
    void malformedJson() {
        Path f = resource("malformed.geojson");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), f.toString(), "line 3");
    }

    @Test
    void notAFeatureCollection() {
        Path feature = resource("not_feature_collection.geojson");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(feature),
                feature.toString(), "not a GeoJSON FeatureCollection", "\"Feature\"");
        Path array = writeString(dir.resolve("array.json"), "[" + FEATURE_FI + "]");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(array), "not a GeoJSON FeatureCollection", "array");
        Path noFeatures = writeString(dir.resolve("nofeatures.json"), "{\"type\": \"FeatureCollection\"}");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(noFeatures), "without a \"features\" array");
        Path trailing = writeString(dir.resolve("trailing.json"), "{\"type\": \"FeatureCollection\", \"features\": []} {}");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(trailing), "after the top-level object");
    }

    @Test
    void neitherJsonNorParquet(@TempDir Path d) throws IOException {
        Path f = d.resolve("grid.tif");
        Files.copy(InputFixtures.bundledData().resolve("worldpop_1km_grid.tif"), f);
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), f.toString(), "not a supported country file format");
    }

    @Test
    void featureThatIsNotAFeature() {
        Path f = collection(FEATURE_FI, "{\"type\": \"Polygon\", \"coordinates\": []}");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), "features[1] is not a Feature");
    }

    // ---- keys

    @Test
    void missingIsoProperty() {
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(resource("missing_iso.geojson")),
                "features[1]", "no \"country_iso\" property");
    }

    @Test
    void isoPropertyNotAStringOrInteger() {
        Path f = collection(FEATURE_FI.replace("\"FI\"", "24.6"));
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(f), "features[0]", "number, not a string or integer");
        Path b = collection(FEATURE_FI.replace("\"FI\"", "true"));
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(b), "features[0]", "not a string or integer");
        Path empty = collection(FEATURE_FI.replace("\"FI\"", "\"\""));
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(empty), "features[0]", "empty ISO code");
    }

    /** SPEC §3: several features with one code are one country, the union of their polygons. */
    @Test
    void severalFeaturesWithOneCodeAreOneCountry() {
        List<CountryShape> c = CountryReader.read(resource("duplicate_iso.geojson")).countries();
        CountryShape de = c.stream().filter(s -> s.iso().equals("DE")).findFirst().orElseThrow();
        assertTrue(de.notes().contains("2 features merged (the union of their polygons)"), de.notes().toString());
    }

    // ---- geometry health

    @Test
    void pointGeometry() {
        TileIndexException e = assertFails(ErrorCode.E001_GEO_INVALID,
                () -> CountryReader.read(resource("point_geometry.geojson")),
                "country PT", "geometry type Point is not supported");
        assertEquals("PT", e.countryIso());
    }

    @Test
    void otherUnusableGeometries() {
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(collection(
                feature("GC", "{\"type\": \"GeometryCollection\", \"geometries\": []}"))), "country GC", "GeometryCollection");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(collection(
                feature("NG", "null"))), "country NG", "no geometry");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(collection(
                feature("EP", "{\"type\": \"Polygon\", \"coordinates\": []}"))), "country EP", "empty Polygon");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(collection(
                feature("SH", "{\"type\": \"MultiPolygon\", \"coordinates\": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}"))),
                "country SH", "nested too shallow");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(collection(
                feature("P1", "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1], [1, 1], [0, 0]]]}"))),
                "features[0]: position 1 has fewer than 2 numbers");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(collection(
                feature("P2", "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [\"1\", 0], [1, 1], [0, 0]]]}"))),
                "string");
    }

    @Test
    void nanCoordinate() {
        TileIndexException e = assertFails(ErrorCode.E001_GEO_INVALID,
                () -> CountryReader.read(resource("nan_coordinate.geojson")),
                "country NA", "non-finite coordinate lon/lat (16.0 NaN) at vertex 2", "after lon/lat (16.0 -20.0)");
        assertEquals("NA", e.countryIso());
    }

    @Test
    void bowtieSelfIntersection() {
        // AB (a figure-eight touching at one vertex) is first in the file, BT a true bowtie
        TileIndexException e = assertFails(ErrorCode.E001_GEO_INVALID,
                () -> CountryReader.read(resource("bowtie.geojson")), "country AB", "lon/lat (12.0 12.0)");
        assertEquals("AB", e.countryIso());
        Path bowtie = collection(feature("BT",
                "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}"));
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(bowtie),
                "country BT", "Self-intersection at lon/lat (0.5 0.5)");
    }

    @Test
    void bowtieAcrossTheAntimeridianIsReportedInTheFilesFrame() {
        // unwrapped: 179 → 181 → 181 → 179 crossing itself at (180, -17)
        Path f = collection(feature("FJ",
                "{\"type\": \"Polygon\", \"coordinates\": [[[179, -16], [-179, -18], [-179, -16], [179, -18], [179, -16]]]}"));
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f),
                "country FJ", "Self-intersection at lon/lat (180.0 -17.0)", "crosses the antimeridian");
    }

    @Test
    void ringWithTwoDistinctPoints() {
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(resource("ring_two_points.geojson")),
                "country TP", "polygon 2 shell", "fewer than 3 distinct points at lon/lat (5.0 5.0)");
    }

    @Test
    void holeOutsideShell() {
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(resource("hole_outside_shell.geojson")),
                "country HO", "polygon 1", "Hole lies outside shell", "lon/lat (10.0 10.0)");
    }

    @Test
    void firstFailureInFileOrderWins() {
        Path f = collection(FEATURE_FI,
                feature("ZZ", "{\"type\": \"Point\", \"coordinates\": [0, 0]}"),
                feature("AA", "{\"type\": \"Point\", \"coordinates\": [0, 0]}"));
        for (int i = 0; i < 5; i++) {
            assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), "country ZZ");
        }
    }

    // ---- CRS

    @Test
    void projectedCrsMember() {
        Path f = resource("projected_crs.geojson");
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(f), f.toString(), "EPSG::3857", "not WGS84 lon/lat");
    }

    @Test
    void projectedCoordinatesWithoutCrs() {
        TileIndexException e = assertFails(ErrorCode.E007_CRS_MISMATCH,
                () -> CountryReader.read(resource("projected_no_crs.geojson")),
                "country FI", "coordinate (2226389.8 8399737.9)", "looks projected");
        assertEquals("FI", e.countryIso());
    }

    @Test
    void wgs84CrsSpellingsAreAccepted() {
        for (String name : List.of("EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "OGC:CRS84", "CRS84",
                "urn:ogc:def:crs:OGC::CRS84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84")) {
            Path f = writeString(dir.resolve("crs.geojson"), "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", "
                    + "\"properties\": {\"name\": \"" + name + "\"}}, \"features\": [" + FEATURE_FI + "]}");
            assertEquals(1, CountryReader.read(f).countries().size(), name);
        }
        Path link = writeString(dir.resolve("link.geojson"), "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"link\", "
                + "\"properties\": {\"href\": \"http://example.com/crs/42\"}}, \"features\": [" + FEATURE_FI + "]}");
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(link), "link");
    }

    @Test
    void failuresKeepTheirCause() {
        TileIndexException e = assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(resource("malformed.geojson")));
        assertInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class, e.getCause());
    }
}
