package io.tileindex.validator;

import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Envelope;

import java.util.List;
import java.util.Map;

import static io.tileindex.validator.Findings.ex;

/**
 * The coverage_fraction column (SPEC §4, {@code --coverage-fraction}) against its contract, after the
 * partition has streamed past ({@link FileScan} checks each value's range and keeps a
 * {@link CoverageTally} per country): each country's covered area against its summary line, and a
 * sample of its cells against JTS. The contract: coverage_fraction = area(cell ∩ country) / area(cell)
 * in the lon/lat plane, the cell at its written bounds (SPEC §2 shift included), the country the union
 * of its polygons with the ±360° copies the grid needs ({@link CountryShape}); exact in double, and
 * exactly 1.0 where the country covers the cell.
 */
final class CoverageCheck {
    /**
     * The contract's tolerance. JTS's overlay is far inside it: on the bundled countries it agrees with an
     * exact (BigDecimal) clip of the cell to ~2e-13.
     */
    static final double TOLERANCE = 1e-9;

    /**
     * Cells tested with JTS over the whole partition, at most about this many (each costs an overlay,
     * ~25 µs warm): a few countries get {@link CoverageTally#PARTIAL_SAMPLE} + {@link CoverageTally#FULL_SAMPLE}
     * each, a world of 237 about 170 each.
     */
    static final int OVERALL_SAMPLE = 40_000;

    private CoverageCheck() {}

    /** Per-country sample sizes {partial, full} when {@code countries} countries are sampled. */
    static int[] sampleSizes(int countries) {
        double share = Math.min(1.0, OVERALL_SAMPLE / ((double) Math.max(1, countries)
                * (CoverageTally.PARTIAL_SAMPLE + CoverageTally.FULL_SAMPLE)));
        return new int[] {(int) Math.ceil(share * CoverageTally.PARTIAL_SAMPLE), (int) Math.ceil(share * CoverageTally.FULL_SAMPLE)};
    }

    /** A value the column may hold: finite, in [0, 1], and positive under any_overlap (the cell has area in the country). */
    static boolean inRange(double v, boolean anyOverlap) {
        return v >= 0.0 && v <= 1.0 && (!anyOverlap || v > 0.0); // false for NaN
    }

    /**
     * Each summary line's {@code covered_area_km2} against Σ coverage_fraction × pixel_area_m2 / 1e6 of
     * the country's rows, within {@link #TOLERANCE} relative; a country without rows must record 0.
     */
    static Findings sums(Map<String, JsonNode> summaries, Map<String, CoverageTally> tallies, String summaryFile) {
        Findings f = new Findings();
        summaries.forEach((iso, line) -> {
            JsonNode recorded = line.path("covered_area_km2");
            double counted = tallies.containsKey(iso) ? tallies.get(iso).coveredKm2() : 0.0;
            if (!recorded.isNumber()) {
                f.fail(Check.COVERAGE_FRACTION, ex("file", summaryFile, "country_iso", iso, "covered_area_km2", recorded,
                        "reason", "the run wrote coverage fractions, so each summary line needs covered_area_km2"));
                return;
            }
            double difference = Math.abs(recorded.asDouble() - counted);
            double scale = Math.max(Math.abs(recorded.asDouble()), Math.abs(counted));
            if (!(difference <= TOLERANCE * scale)) {
                f.fail(Check.COVERAGE_FRACTION, ex("file", summaryFile, "country_iso", iso, "covered_area_km2",
                        recorded.asDouble(), "counted_km2", counted, "relative_difference", difference / scale,
                        "reason", "covered_area_km2 != Σ coverage_fraction × pixel_area_m2 / 1e6 over the country's rows"));
            }
        });
        return f;
    }

    /**
     * The country's sampled cells against JTS: a cell the country covers (exact predicates) must hold
     * exactly 1.0; any other must hold JTS's overlay fraction within {@link #TOLERANCE}. Returns the
     * failures in tile order (partial cells first), so the verdict's example does not depend on threads.
     */
    static Findings sample(String iso, CountryShape shape, GridFormulas g, List<CoverageTally.Cell> cells) {
        Findings f = new Findings();
        CountryShape.CellCoverage jts = shape.cellCoverage();
        for (CoverageTally.Cell c : cells) {
            long row = c.tile() / g.ncols, col = c.tile() % g.ncols;
            Envelope box = new Envelope(g.writtenMinLon(col), g.writtenMaxLon(col), g.minLat(row), g.maxLat(row));
            try {
                String why = disagreement(jts, box, c.value());
                if (why != null) {
                    f.fail(Check.COVERAGE_FRACTION, example(iso, c, row, col, jts.fraction(box), why));
                }
            } catch (RuntimeException e) {
                // a JTS failure on one cell must not hide the verdict on the others
                f.fail(Check.COVERAGE_FRACTION, example(iso, c, row, col, null, "JTS failed on the cell: " + e));
            }
        }
        return f;
    }

    /**
     * Why JTS disagrees with {@code value} for the cell {@code box}, or null. The exact covers test
     * decides cells written 1.0 (most are covered: no overlay needed) and cells whose overlay comes
     * close to 1 (a cell far below cannot be covered, so the costlier test is skipped for them).
     */
    private static String disagreement(CountryShape.CellCoverage jts, Envelope box, double value) {
        if (value == 1.0 && jts.covers(box)) {
            return null;
        }
        double expected = jts.fraction(box);
        if (expected > 1 - 1e-6 && value != 1.0 && jts.covers(box)) {
            return "the country covers the cell (JTS covers): coverage_fraction must be exactly 1.0";
        }
        return Math.abs(value - expected) <= TOLERANCE ? null
                : "coverage_fraction differs from JTS area(cell ∩ country) / area(cell) by more than " + TOLERANCE;
    }

    private static Map<String, Object> example(String iso, CoverageTally.Cell c, long row, long col, Object jts, String why) {
        return ex("file", c.file(), "country_iso", iso, "tile_id", c.tile(), "raster_row", row, "raster_col", col,
                "coverage_fraction", c.value(), "jts_fraction", jts, "reason", why);
    }
}
