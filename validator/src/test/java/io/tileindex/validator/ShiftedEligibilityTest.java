package io.tileindex.validator;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The eligibility check on a 0..360 grid: cells of the eastern half are tested at their SPEC §2 shifted
 * position (-180..0), so the exact set of a western-hemisphere country passes and a set computed at the
 * formula position (where the country has no cells at all) fails, naming a shifted cell.
 */
class ShiftedEligibilityTest {
    static final GridFormulas GRID = new GridFormulas(new GridHeader(720, 1440, new double[] {0.0, 0.25, 0, 90.0, 0, -0.25}, false));

    static Findings check(Geometry country, CellRuns indexed) {
        double[] frame = GRID.writtenLonExtent();
        Eligibility e = new Eligibility("US", new CountryShape(country, frame[0], frame[1]), GRID, "center", "00".repeat(32));
        assertTrue(e.exhaustive(), "a small box is scanned cell by cell");
        for (int i = 0; i < indexed.runs(); i++) {
            for (long t = indexed.start(i); t < indexed.end(i); t++) {
                e.accept(t / GRID.ncols, t % GRID.ncols, t % GRID.ncols + 1);
            }
        }
        Findings f = new Findings();
        e.tasks().forEach(t -> f.merge(t.call()));
        return f;
    }

    @Test
    void cellsAreTestedWhereTheyAreWritten() throws Exception {
        // [-110.1, -90.1] x [30.1, 40.1]: shifted centres -110 + 0.125 + 0.25 k, formula columns 1000..1079
        Geometry us = new WKTReader().read("POLYGON((-110.1 30.1, -90.1 30.1, -90.1 40.1, -110.1 40.1, -110.1 30.1))");
        CellRuns exact = new CellRuns();
        for (long r = 0; r < GRID.nrows; r++) {
            for (long c = 0; c < GRID.ncols; c++) {
                double x = GRID.centroidLon(c) - (GRID.centroidLon(c) >= 180 ? 360 : 0), y = GRID.centroidLat(r);
                if (x >= -110.1 && x <= -90.1 && y >= 30.1 && y <= 40.1) {
                    exact.add(r * GRID.ncols + c);
                }
            }
        }
        exact.normalize();
        assertEquals(80L * 40, exact.count());
        assertFalse(check(us, exact).failed(Check.ELIGIBILITY));

        Findings f = check(us, new CellRuns()); // what an unshifted evaluation finds: nothing
        assertTrue(f.failed(Check.ELIGIBILITY));
        @SuppressWarnings("unchecked")
        Map<String, Object> ex = (Map<String, Object>) f.example(Check.ELIGIBILITY);
        assertTrue((Long) ex.get("raster_col") >= 720, ex.toString());
        assertTrue((Double) ex.get("centroid_lon") < 0, ex.toString());
    }
}
