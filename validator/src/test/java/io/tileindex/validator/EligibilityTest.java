package io.tileindex.validator;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The eligibility check fed as the partition streams: a synthetic square country whose eligible cells
 * are known in closed form. Sampled mode (a box above 2 M cells): the sample is deterministic, holds at
 * least 1 M cells inside and outside the country, passes the exact set and catches a wrong cell in
 * it; exhaustive mode (a small box) catches a wrong cell anywhere; cells outside the box always fail.
 */
class EligibilityTest {
    static final GridFormulas GRID = new GridFormulas(new GridHeader(18000, 36000, new double[] {-180, 0.01, 0, 90, 0, -0.01}, false));
    static final double LO = 0.004, HI = 30.004;
    static final String HASH = "00".repeat(32);
    /** 30 x 30 degrees on a 0.01 degree grid: 9 M cells in its box, so it is sampled. */
    static final Geometry SQUARE = square(LO, HI);
    /** 0.5 x 0.5 degrees: 2,500 cells, tested exhaustively. */
    static final Geometry SMALL = square(LO, 0.504);

    static Geometry square(double lo, double hi) {
        return new GeometryFactory().createPolygon(new Coordinate[] {new Coordinate(lo, lo), new Coordinate(hi, lo),
                new Coordinate(hi, hi), new Coordinate(lo, hi), new Coordinate(lo, lo)});
    }

    /** Cells whose centre lies in [LO, hi]^2 (centres end in 5 thousandths). */
    static boolean eligible(long tile, double hi) {
        long r = tile / GRID.ncols, c = tile % GRID.ncols;
        double x = GRID.centroidLon(c), y = GRID.centroidLat(r);
        return x >= LO && x <= hi && y >= LO && y <= hi;
    }

    static Eligibility plan(Geometry country, String hash) {
        return new Eligibility("ZZ", new CountryShape(country, -180, 180), GRID, "center", hash);
    }

    /** Streams the kept cells of the rows and columns around the square into the plan, one cell at a time. */
    static Findings check(Eligibility e, LongPredicate keep) {
        for (long r = 5990; r < 9010; r++) {
            for (long c = 17990; c < 21010; c++) {
                if (keep.test(r * GRID.ncols + c)) {
                    e.accept(r, c, c + 1);
                }
            }
        }
        Findings f = new Findings();
        e.tasks().forEach(t -> f.merge(t.call()));
        return f;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> example(Findings f) {
        assertTrue(f.failed(Check.ELIGIBILITY));
        return (Map<String, Object>) f.example(Check.ELIGIBILITY);
    }

    @Test
    void theSampleIsDeterministicAndCoversAMillionCellsInsideAndOutside() {
        Eligibility a = plan(SQUARE, HASH), b = plan(SQUARE, HASH), other = plan(SQUARE, "11".repeat(32));
        assertFalse(a.exhaustive(), "the box is sampled, not scanned: " + a.boxCells());
        assertArrayEquals(a.windows().toArray(long[][]::new), b.windows().toArray(long[][]::new));
        assertNotEquals(a.windows().get(0)[0] * GRID.ncols + a.windows().get(0)[1],
                other.windows().get(0)[0] * GRID.ncols + other.windows().get(0)[1]);
        assertTrue(a.plannedCells() >= Eligibility.SAMPLE_CELLS);
        long inside = 0, outside = 0;
        for (long[] w : a.windows()) {
            for (long c = w[1]; c < w[1] + w[2]; c++) {
                if (eligible(w[0] * GRID.ncols + c, HI)) {
                    inside++;
                } else {
                    outside++;
                }
            }
        }
        assertTrue(inside > 100_000 && outside > 1_000, inside + " inside, " + outside + " outside");
    }

    @Test
    void theExactSetPassesWithAMillionCellsTested() {
        Eligibility e = plan(SQUARE, HASH);
        assertFalse(check(e, t -> eligible(t, HI)).failed(Check.ELIGIBILITY));
        assertTrue(e.tested.get() >= Eligibility.SAMPLE_CELLS, "at least 1 M cells tested");
    }

    @Test
    void aWrongCellInTheSampleIsFound() {
        List<long[]> w = plan(SQUARE, HASH).windows();
        long hole = -1;
        for (long[] x : w) {
            long t = x[0] * GRID.ncols + x[1] + x[2] / 2;
            if (eligible(t, HI)) {
                hole = t;
                break;
            }
        }
        long missing = hole;
        Findings f = check(plan(SQUARE, HASH), t -> eligible(t, HI) && t != missing);
        assertEquals(missing, example(f).get("tile_id"));
        assertEquals(true, example(f).get("eligible"));
    }

    @Test
    void anExtraCellOutsideTheBoxIsFoundAndCounted() {
        long extra = 9005 * GRID.ncols + 17995, extra2 = 9006 * GRID.ncols + 17995;
        Findings f = check(plan(SQUARE, HASH), t -> eligible(t, HI) || t == extra || t == extra2);
        assertEquals(extra, example(f).get("tile_id"));
        assertEquals(false, example(f).get("eligible"));
        assertEquals(2, f.count(Check.ELIGIBILITY));
    }

    @Test
    void aSmallCountryIsTestedCellByCellAndAnyWrongCellIsFound() {
        Eligibility exact = plan(SMALL, HASH);
        assertTrue(exact.exhaustive());
        assertFalse(check(exact, t -> eligible(t, 0.504)).failed(Check.ELIGIBILITY));
        assertEquals(exact.boxCells(), exact.tested.get());
        long hole = 8990 * GRID.ncols + 18017;
        assertTrue(eligible(hole, 0.504));
        Findings f = check(plan(SMALL, HASH), t -> eligible(t, 0.504) && t != hole);
        assertEquals(hole, example(f).get("tile_id"));
        assertEquals(1, f.count(Check.ELIGIBILITY));
    }

    @Test
    void stretchesDecidedTogetherAgreeWithJtsCellByCell() throws Exception {
        // a small country with a hole and a slanted edge: the stretches meet boundaries at every angle
        Geometry ring = new org.locationtech.jts.io.WKTReader().read("POLYGON((0.004 0.004, 0.504 0.004, 0.3 0.504, "
                + "0.004 0.504, 0.004 0.004), (0.1 0.1, 0.2 0.1, 0.2 0.2, 0.1 0.2, 0.1 0.1))");
        CountryShape shape = new CountryShape(ring, -180, 180);
        LongPredicate jts = t -> shape.containsCentre(GRID.writtenCentroidLon(t % GRID.ncols), GRID.centroidLat(t / GRID.ncols));
        Eligibility exact = new Eligibility("ZZ", shape, GRID, "center", HASH);
        assertFalse(check(exact, jts).failed(Check.ELIGIBILITY));
        long edge = 8985 * GRID.ncols + 18020; // centre (0.205, 0.145): just east of the hole
        assertTrue(jts.test(edge) && !jts.test(edge - 1));
        Findings f = check(new Eligibility("ZZ", shape, GRID, "center", HASH), t -> jts.test(t) && t != edge);
        assertEquals(edge, example(f).get("tile_id"));
        assertEquals(1, f.count(Check.ELIGIBILITY));
    }
}
