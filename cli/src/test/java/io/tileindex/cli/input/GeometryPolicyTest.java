package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsOracle;
import io.tileindex.kernel.oracle.Shapes;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §3 geometry policy on synthetic countries, each against the JTS oracle: self-touching rings
 * are valid and evaluated as given; other invalid geometry is E001 (every invalid country listed)
 * unless {@code --repair-geometry}, whose result equals JTS GeometryFixer's; several features are
 * one country. Cell centres lie on multiples of 0.25 + 0.125, so vertices at such values are hit
 * exactly by a centre.
 */
class GeometryPolicyTest {
    static final Grid GRID = Grid.of(40, 40, new double[] {0, 0.25, 0, 10, 0, -0.25});

    /** The shell's inner loop (an inverted hole, clockwise) touches the outer loop at (5.125 8.875), a cell centre. */
    static final String SHELL_TOUCHING_ITSELF = "POLYGON((1.125 1.125, 9.125 1.125, 9.125 9.125, 5.125 8.875, "
            + "7.125 5.875, 5.125 3.125, 3.125 5.875, 5.125 8.875, 1.125 9.125, 1.125 1.125))";
    /** One hole ring touching itself at (5.125 5.125): two triangular holes meeting at a cell centre. */
    static final String HOLE_TOUCHING_ITSELF = "POLYGON((1 1, 9 1, 9 9, 1 9, 1 1), "
            + "(3.125 3.125, 7.125 3.125, 5.125 5.125, 7.125 7.125, 3.125 7.125, 5.125 5.125, 3.125 3.125))";
    static final String BOW_TIE = "POLYGON((1 1, 9 9, 9 1, 1 9, 1 1))";
    static final String HOLE_OUTSIDE_SHELL = "POLYGON((1 1, 5 1, 5 5, 1 5, 1 1), (6 6, 8 6, 8 8, 6 8, 6 6))";

    @TempDir
    Path tmp;

    /** A FeatureCollection: {code, wkt} pairs, one feature each, keyed by {@code key}. */
    Path geojson(String key, String... codeWkt) throws IOException {
        GeoJsonWriter w = new GeoJsonWriter();
        w.setEncodeCRS(false);
        List<String> features = new ArrayList<>();
        for (int i = 0; i < codeWkt.length; i += 2) {
            features.add("{\"type\":\"Feature\",\"properties\":{\"" + key + "\":\"" + codeWkt[i] + "\"},\"geometry\":"
                    + w.write(Shapes.wkt(codeWkt[i + 1])) + "}");
        }
        return Files.writeString(tmp.resolve("c" + System.nanoTime() + ".geojson"),
                "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
    }

    static CountryShape read(Path f, boolean repair) {
        List<CountryShape> c = CountryReader.read(f, new CountryOptions("country_iso", null, null, repair, false)).countries();
        assertEquals(1, c.size());
        return c.getFirst();
    }

    /** Both predicates: the scan equals the JTS oracle on {@code truth}. */
    static void assertOracle(CountryShape shape, Geometry truth) {
        JtsOracle oracle = new JtsOracle(GRID, truth);
        CountryScanner scanner = new CountryScanner(GRID);
        assertEquals(Shapes.runs(oracle.centerRuns()), Shapes.runs(scanner.scan(shape, Predicate.CENTER).runs()), "center");
        assertEquals(Shapes.runs(oracle.anyOverlapRuns()), Shapes.runs(scanner.scan(shape, Predicate.ANY_OVERLAP).runs()),
                "any_overlap");
    }

    @ParameterizedTest
    @ValueSource(strings = {SHELL_TOUCHING_ITSELF, HOLE_TOUCHING_ITSELF})
    void selfTouchingRingsAreValidAndEvaluatedAsGiven(String wkt) throws IOException {
        CountryShape s = read(geojson("country_iso", "LS", wkt), false);
        assertTrue(s.notes().isEmpty(), s.notes().toString());
        assertOracle(s, Shapes.wkt(wkt));
    }

    @Test
    void aCentreExactlyOnTheSelfTouchVertexIsIncludedAndTheEnclosedHoleIsNot() throws IOException {
        CountryCells c = new CountryScanner(GRID).scan(read(geojson("country_iso", "LS", SHELL_TOUCHING_ITSELF), false),
                Predicate.CENTER);
        assertTrue(includes(c, 4, 20), "(5.125 8.875) lies on the shell: closed shell, included");
        assertFalse(includes(c, 18, 20), "(5.125 5.625) lies in the enclosed hole");
        assertTrue(includes(c, 18, 8), "(2.125 5.625) lies in the shell");
    }

    static boolean includes(CountryCells c, int row, int col) {
        for (int i = 0; i < c.runs().size(); i++) {
            if (c.runs().row(i) == row && c.runs().start(i) <= col && col < c.runs().end(i)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(strings = {BOW_TIE, HOLE_OUTSIDE_SHELL})
    void invalidGeometryIsE001StrictAndGeometryFixersResultRepaired(String wkt) throws IOException {
        Path f = geojson("country_iso", "LS", wkt);
        TileIndexException e = assertThrows(TileIndexException.class, () -> read(f, false));
        assertEquals(ErrorCode.E001_GEO_INVALID, e.code());
        assertEquals("LS", e.countryIso());
        CountryShape repaired = read(f, true);
        assertTrue(repaired.notes().getFirst().startsWith("repaired with --repair-geometry: "), repaired.notes().toString());
        assertTrue(repaired.notes().getFirst().contains("km² before"), repaired.notes().toString());
        assertOracle(repaired, GeometryFixer.fix(Shapes.wkt(wkt)));
    }

    @Test
    void aCountryInThreeOverlappingFeaturesIsTheirUnion() throws IOException {
        String a = "POLYGON((1 1, 5 1, 5 5, 1 5, 1 1))", b = "POLYGON((4 4, 8 4, 8 8, 4 8, 4 4))",
                c = "POLYGON((2.125 6, 3.125 6, 3.125 9.125, 2.125 9.125, 2.125 6))";
        CountryShape s = read(geojson("country_iso", "LS", a, "LS", b, "LS", c), false);
        assertTrue(s.notes().contains("3 features merged (the union of their polygons)"), s.notes().toString());
        assertOracle(s, Shapes.wkt(a).union(Shapes.wkt(b)).union(Shapes.wkt(c)));
    }

    @Test
    void e001ListsEveryInvalidCountryAndNamesTheRepairOption() throws IOException {
        Path f = geojson("country_iso", "CV", BOW_TIE, "NO", "POLYGON((1 1, 2 1, 2 2, 1 2, 1 1))", "SE", HOLE_OUTSIDE_SHELL,
                "FI", BOW_TIE);
        TileIndexException e = assertThrows(TileIndexException.class,
                () -> CountryReader.read(f, CountryOptions.keyedBy("country_iso")));
        assertEquals(ErrorCode.E001_GEO_INVALID, e.code());
        assertTrue(e.detail().contains("3 countries have invalid geometry"), e.detail());
        assertTrue(e.detail().contains("--repair-geometry"), e.detail());
        for (String iso : List.of("CV", "SE", "FI")) {
            assertTrue(e.detail().contains("country " + iso), iso + ": " + e.detail());
        }
        assertFalse(e.detail().contains("country NO"), e.detail());
    }

    /** --only reads and checks only the selected countries: an invalid one elsewhere does not fail the run. */
    @Test
    void onlyIsolatesFromInvalidFeaturesElsewhere() throws IOException {
        Path f = geojson("country_iso", "CV", BOW_TIE, "NO", "POLYGON((1 1, 2 1, 2 2, 1 2, 1 1))", "SE", BOW_TIE,
                "NO", "POLYGON((3 3, 4 3, 4 4, 3 4, 3 3))");
        List<CountryShape> c = CountryReader.read(f, new CountryOptions("country_iso", null, List.of("NO"), false, false))
                .countries();
        assertEquals(List.of("NO"), c.stream().map(CountryShape::iso).toList());
        assertEquals(2, c.getFirst().polygons().size());
    }

    @Test
    void alpha3AndNumericKeysMapToAlpha2ThroughTheIsoTable() throws IOException {
        IsoTable iso = IsoTable.read(io.tileindex.cli.BundledData.iso());
        String sq = "POLYGON((1 1, 2 1, 2 2, 1 2, 1 1))";
        Path a3 = geojson("A3", "NOR", sq, "FIN", sq);
        Path num = geojson("num", "578", sq, "246", sq);
        for (Path f : List.of(a3, num)) {
            String key = f == a3 ? "A3" : "num";
            List<String> codes = CountryReader.read(f, new CountryOptions(key, iso, null, false, false)).countries().stream()
                    .map(CountryShape::iso).toList();
            assertEquals(List.of("FI", "NO"), codes, key);
        }
    }

    @Test
    void anUnknownCodeIsE005NamingItUnlessSkipped() throws IOException {
        IsoTable iso = IsoTable.read(io.tileindex.cli.BundledData.iso());
        Path f = geojson("A3", "NOR", "POLYGON((1 1, 2 1, 2 2, 1 2, 1 1))", "XKX", "POLYGON((3 3, 4 3, 4 4, 3 4, 3 3))");
        TileIndexException e = assertThrows(TileIndexException.class,
                () -> CountryReader.read(f, new CountryOptions("A3", iso, null, false, false)));
        assertEquals(ErrorCode.E005_ISO_FK, e.code());
        assertTrue(e.detail().contains("\"XKX\"") && e.detail().contains("--skip-unknown-codes"), e.detail());
        CountryReader.CountrySet set = CountryReader.read(f, new CountryOptions("A3", iso, null, false, true));
        assertEquals(List.of("NO"), set.countries().stream().map(CountryShape::iso).toList());
        assertEquals(1, set.skipped().size());
        assertTrue(set.skipped().getFirst().contains("XKX"), set.skipped().toString());
    }

    @Test
    void aGeoJsonFeaturesIdMemberCanBeTheKey() throws IOException {
        Path f = Files.writeString(tmp.resolve("id.geojson"), """
                {"type":"FeatureCollection","features":[{"type":"Feature","id":"NOR","properties":{"name":"Norway"},
                 "geometry":{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,2],[1,1]]]}}]}""");
        IsoTable iso = IsoTable.read(io.tileindex.cli.BundledData.iso());
        assertEquals("NO", CountryReader.read(f, new CountryOptions("id", iso, null, false, false)).countries().getFirst().iso());
    }
}
