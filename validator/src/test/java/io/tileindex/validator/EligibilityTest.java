package io.tileindex.validator;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.util.Map;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sampled mode of the eligibility check (boxes above 2 M cells), on a synthetic square country
 * whose eligible cells are known in closed form: the check passes on the exact set and catches a
 * missing row, a missing cell inside a run and an extra cell, whatever the random sample hits.
 */
class EligibilityTest {
    static final GridFormulas GRID = new GridFormulas(new GridHeader(18000, 36000, new double[] {-180, 0.01, 0, 90, 0, -0.01}, false));
    static final double LO = 0.004, HI = 30.004;
    /** 30 x 30 degrees on a 0.01 degree grid: 9 M cells in its box, so it is sampled. */
    static final Geometry SQUARE = new GeometryFactory().createPolygon(new Coordinate[] {new Coordinate(LO, LO),
            new Coordinate(HI, LO), new Coordinate(HI, HI), new Coordinate(LO, HI), new Coordinate(LO, LO)});

    /** Cells whose centre lies in the square: columns 18000..20999, rows 6000..8999 (centres end in 5 thousandths). */
    static boolean eligible(long tile) {
        long r = tile / GRID.ncols, c = tile % GRID.ncols;
        double x = GRID.centroidLon(c), y = GRID.centroidLat(r);
        return x >= LO && x <= HI && y >= LO && y <= HI;
    }

    static CellRuns runs(LongPredicate keep) {
        CellRuns t = new CellRuns();
        for (long r = 5990; r < 9010; r++) {
            for (long c = 17990; c < 21010; c++) {
                long tile = r * GRID.ncols + c;
                if (keep.test(tile)) {
                    t.add(tile);
                }
            }
        }
        return t;
    }

    static Findings check(CellRuns indexed) {
        Eligibility e = new Eligibility("ZZ", new CountryShape(SQUARE, -180, 180), indexed, GRID, "center");
        assertFalse(e.exhaustive(), "the box is sampled, not scanned: " + e.boxCells());
        Findings f = new Findings();
        e.tasks("00".repeat(32)).forEach(t -> f.merge(t.call()));
        assertTrue(e.tested.get() >= Eligibility.SAMPLE_CELLS, "at least 1 M cells tested");
        return f;
    }

    @Test
    void theExactSetPasses() {
        CellRuns exact = runs(EligibilityTest::eligible);
        assertEquals(3000L * 3000, exact.count());
        assertFalse(check(exact).failed(Check.ELIGIBILITY));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> example(Findings f) {
        assertTrue(f.failed(Check.ELIGIBILITY));
        return (Map<String, Object>) f.example(Check.ELIGIBILITY);
    }

    @Test
    void aMissingRowIsFoundFromItsNeighbours() {
        Findings f = check(runs(t -> eligible(t) && t / GRID.ncols != 7000));
        assertEquals(7000L, example(f).get("raster_row"));
        assertEquals(true, example(f).get("eligible"));
    }

    @Test
    void aMissingCellInsideARunIsFound() {
        long hole = 7500 * GRID.ncols + 19500;
        Findings f = check(runs(t -> eligible(t) && t != hole));
        assertEquals(hole, example(f).get("tile_id"));
        assertTrue(f.count(Check.ELIGIBILITY) >= 1); // tests, not cells: both runs around the hole probe it
    }

    @Test
    void anExtraCellOutsideIsFound() {
        long extra = 9005 * GRID.ncols + 17995;
        Findings f = check(runs(t -> eligible(t) || t == extra));
        assertEquals(extra, example(f).get("tile_id"));
        assertEquals(false, example(f).get("eligible"));
    }
}
