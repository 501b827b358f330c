package io.tileindex.validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coverage_fraction contract checked after the scan: a country's covered area against its summary
 * line (1e-9 relative), and sampled cells against JTS (1e-9, and exactly 1.0 where the country covers
 * the cell), on a square country whose fractions are known in closed form, and across the antimeridian.
 */
class CoverageCheckTest {
    static final GridFormulas GRID = EligibilityTest.GRID; // 0.01° cells from (-180, 90)
    /** [0.004, 0.504]²: edge cells hold 0.6 of their width or height, corner cells 0.36, the rest 1.0. */
    static final CountryShape SQUARE = new CountryShape(EligibilityTest.SMALL, -180, 180);

    static long row(double lat) { return Math.round((90 - lat) / 0.01 - 0.5); }
    static long col(double lon) { return Math.round((lon + 180) / 0.01 - 0.5); }

    /** The fraction of the square in the cell whose centre is (lon, lat), from the cell's bounds; 1.0 inside. */
    static double exact(double lon, double lat) {
        long r = row(lat), c = col(lon);
        return overlap(GRID.minLon(c), GRID.maxLon(c)) * overlap(GRID.minLat(r), GRID.maxLat(r));
    }

    private static double overlap(double lo, double hi) {
        double a = Math.max(lo, EligibilityTest.LO), b = Math.min(hi, 0.504);
        return a == lo && b == hi ? 1.0 : Math.max(0, b - a) / (hi - lo);
    }

    /** The tally of the given cells (lon, lat centres) with the exact fractions, one altered by {@code delta}. */
    static CoverageTally tally(double[][] centres, int altered, double delta) {
        CoverageTally t = new CoverageTally(CoverageTally.seed("00".repeat(32), "ZZ"), "part-ZZ.parquet");
        for (int i = 0; i < centres.length; i++) {
            long r = row(centres[i][1]), c = col(centres[i][0]);
            double v = exact(centres[i][0], centres[i][1]) + (i == altered ? delta : 0.0);
            t.addRun(r * GRID.ncols + c, 1, v, GRID.area(r));
        }
        return t;
    }

    static final double[][] CELLS = {{0.005, 0.005}, {0.005, 0.255}, {0.255, 0.005}, {0.255, 0.255}, {0.505, 0.305}, {0.125, 0.505}};

    static Findings sample(CoverageTally t) {
        return CoverageCheck.sample("ZZ", SQUARE, GRID, t.sample(256, 64));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> example(Findings f) {
        assertTrue(f.failed(Check.COVERAGE_FRACTION));
        return (Map<String, Object>) f.example(Check.COVERAGE_FRACTION);
    }

    @Test
    void exactFractionsPassAndTheClosedFormIsWhatJtsMeasures() {
        assertEquals(0.36, exact(0.005, 0.005), 1e-12);
        assertEquals(1.0, exact(0.255, 0.255));
        assertFalse(sample(tally(CELLS, -1, 0)).failed(Check.COVERAGE_FRACTION));
        assertFalse(sample(tally(CELLS, 4, 5e-10)).failed(Check.COVERAGE_FRACTION), "within the tolerance");
    }

    @Test
    void aBoundaryValueOffByTwiceTheToleranceIsCaught() {
        Findings f = sample(tally(CELLS, 1, 2e-9));
        assertEquals(1, f.count(Check.COVERAGE_FRACTION));
        assertEquals(row(0.255) * GRID.ncols + col(0.005), example(f).get("tile_id"));
        assertEquals(0.6, (Double) example(f).get("jts_fraction"), 1e-12);
        assertEquals("part-ZZ.parquet", example(f).get("file"));
    }

    @Test
    void aCoveredCellJustBelowOneIsCaught() {
        Findings f = sample(tally(CELLS, 3, -0x1p-53)); // Math.nextDown(1.0): within 1e-9, but not the exact 1.0
        assertEquals(1, f.count(Check.COVERAGE_FRACTION));
        assertEquals(Math.nextDown(1.0), example(f).get("coverage_fraction"));
        assertEquals(1.0, example(f).get("jts_fraction"));
    }

    @Test
    void aCellStraddlingTheAntimeridianCountsTheCountryAcrossIt() throws Exception {
        // a WorldPop-like overhang: column 0 spans [-180.25, -179.75], its centre -180.0 needs no shift
        GridFormulas g = new GridFormulas(new GridHeader(20, 720, new double[] {-180.25, 0.5, 0, 10, 0, -0.5}, false));
        Geometry east = new WKTReader().read("POLYGON((179 0, 180 0, 180 10, 179 10, 179 0))");
        double[] frame = g.writtenLonExtent();
        CountryShape shape = new CountryShape(east, frame[0], frame[1]);
        for (double v : new double[] {0.5, 0.25}) {
            CoverageTally t = new CoverageTally(1, "part-FJ.parquet");
            t.addRun(4 * g.ncols, 1, v, g.area(4));   // column 0: half of it lies west of -180, in the country's copy
            t.addRun(4 * g.ncols + 719, 1, 1.0, g.area(4)); // [179.25, 179.75]: inside
            Findings f = CoverageCheck.sample("FJ", shape, g, t.sample(256, 64));
            assertEquals(v != 0.5, f.failed(Check.COVERAGE_FRACTION), v + ": " + f.example(Check.COVERAGE_FRACTION));
        }
    }

    @Test
    void theCoveredAreaMustBeTheSummarysWithinOneBillionth() throws Exception {
        CoverageTally t = tally(CELLS, -1, 0);
        double km2 = t.coveredKm2();
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> lines = new TreeMap<>();
        lines.put("ZZ", json.readTree("{\"country_iso\":\"ZZ\",\"covered_area_km2\":" + km2 * (1 + 5e-10) + "}"));
        lines.put("ZY", json.readTree("{\"country_iso\":\"ZY\",\"covered_area_km2\":0.0}")); // no rows, no area
        assertFalse(CoverageCheck.sums(lines, Map.of("ZZ", t), "summaries").failed(Check.COVERAGE_FRACTION));

        lines.put("ZZ", json.readTree("{\"country_iso\":\"ZZ\",\"covered_area_km2\":" + km2 * (1 + 2e-9) + "}"));
        Findings f = CoverageCheck.sums(lines, Map.of("ZZ", t), "summaries");
        assertEquals("ZZ", example(f).get("country_iso"));
        assertEquals(km2, (Double) example(f).get("counted_km2"), 0.0);

        lines.put("ZZ", json.readTree("{\"country_iso\":\"ZZ\"}"));
        assertTrue(String.valueOf(example(CoverageCheck.sums(lines, Map.of("ZZ", t), "summaries")).get("reason"))
                .contains("needs covered_area_km2"));
    }

    @Test
    void theSampleShrinksWithTheNumberOfCountries() {
        assertEquals(List.of(256, 64), List.of(CoverageCheck.sampleSizes(6)[0], CoverageCheck.sampleSizes(6)[1]));
        int[] world = CoverageCheck.sampleSizes(237);
        assertTrue((world[0] + world[1]) * 237L <= CoverageCheck.OVERALL_SAMPLE + 2 * 237, world[0] + " + " + world[1]);
        assertTrue(world[0] >= 100 && world[1] >= 25, world[0] + " + " + world[1]);
    }
}
