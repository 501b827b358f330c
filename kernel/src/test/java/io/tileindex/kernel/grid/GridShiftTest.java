package io.tileindex.kernel.grid;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §2, grids that overhang or wrap the antimeridian: which columns shift, by how much, what is
 * written for them, and which grids are rejected.
 */
class GridShiftTest {
    /** WorldPop's 3-arc-second mosaics: the 1 km origin, 1/1200° cells, 360° wide: column 0 overhangs by 1.5 cells. */
    static final Grid ARCSEC3 = new Grid(167550, 432000, -180.0012493, 1.0 / 1200, 0, 84.0, 0, -1.0 / 1200);
    static final Grid ZERO_360 = new Grid(720, 1440, 0.0, 0.25, 0, 90.0, 0, -0.25);
    static final Grid WORLDPOP_1KM = new Grid(16755, 43199, -180.0012492999999921, 0.0083333333000000, 0,
            83.6329165016826985, 0, -0.0083333333000000);

    @Test
    void threeArcSecondGridShiftsOnlyItsFirstColumn() {
        assertEquals(List.of(new Grid.ColumnRange(0, 1, 360.0), new Grid.ColumnRange(1, 432000, 0.0)), ARCSEC3.columnRanges());
        ARCSEC3.checkGeographicExtent();
        // column 0: formula centre -180.00083..., written whole at +360
        assertTrue(ARCSEC3.centroidLon(0) < -180);
        assertEquals(ARCSEC3.centroidLon(0) + 360.0, ARCSEC3.shiftedCentroidLon(0));
        assertEquals(ARCSEC3.minLon(0) + 360.0, ARCSEC3.shiftedMinLon(0));
        assertEquals(ARCSEC3.maxLon(0) + 360.0, ARCSEC3.shiftedMaxLon(0));
        assertEquals(179.99916736666665, ARCSEC3.shiftedCentroidLon(0));
        assertEquals(179.9987507, ARCSEC3.shiftedMinLon(0));
        // column 1: centre -179.9999993 lies inside, so its bounds stay the formula's, the west one beyond -180
        assertEquals(0.0, ARCSEC3.lonShift(1));
        assertEquals(ARCSEC3.minLon(1), ARCSEC3.shiftedMinLon(1));
        assertTrue(ARCSEC3.shiftedMinLon(1) < -180 && ARCSEC3.shiftedMinLon(1) > -180 - ARCSEC3.gt1());
        assertEquals(0.0, ARCSEC3.lonShift(431999));
        assertEquals(ARCSEC3.shiftedMinLon(1), ARCSEC3.shiftedWestLon());
        assertEquals(ARCSEC3.shiftedMaxLon(0), ARCSEC3.shiftedEastLon());
        assertTrue(!ARCSEC3.unshifted());
        // 360° wide: no longitude lies outside it (no rounding crumbs in the "clipped" note)
        assertEquals(0.0, ARCSEC3.fractionOutside(-180, 180, -20, -10));
        assertTrue(WORLDPOP_1KM.fractionOutside(-180, 180, -20, -10) > 0, "the 1 km grid is 359.99° wide");
    }

    @Test
    void zeroTo360GridShiftsItsEasternHalf() {
        assertEquals(List.of(new Grid.ColumnRange(0, 720, 0.0), new Grid.ColumnRange(720, 1440, -360.0)), ZERO_360.columnRanges());
        ZERO_360.checkGeographicExtent();
        assertEquals(179.875, ZERO_360.shiftedCentroidLon(719));
        assertEquals(-179.875, ZERO_360.shiftedCentroidLon(720));
        assertEquals(-180.0, ZERO_360.shiftedMinLon(720));
        assertEquals(-0.125, ZERO_360.shiftedCentroidLon(1439));
        assertEquals(0.0, ZERO_360.shiftedMaxLon(1439));
        assertEquals(-180.0, ZERO_360.shiftedWestLon());
        assertEquals(180.0, ZERO_360.shiftedEastLon());
    }

    @Test
    void aCentreExactlyAt180ShiftsToMinus180AndKeepsItsWholeCell() {
        Grid g = new Grid(1, 8, 135.0, 10.0, 0, 10.0, 0, -10.0); // centres 140, 150, ..., 210
        assertEquals(List.of(new Grid.ColumnRange(0, 4, 0.0), new Grid.ColumnRange(4, 8, -360.0)), g.columnRanges());
        assertEquals(-180.0, g.shiftedCentroidLon(4));
        assertEquals(-185.0, g.shiftedMinLon(4)); // half a cell beyond -180: SPEC §2 allows less than one cell
        assertEquals(-175.0, g.shiftedMaxLon(4));
        assertEquals(175.0, g.shiftedMaxLon(3));
        g.checkGeographicExtent();
    }

    @Test
    void theBundledGridShiftsNothing() {
        Grid g = WORLDPOP_1KM;
        assertTrue(g.unshifted());
        assertEquals(List.of(new Grid.ColumnRange(0, 43199, 0.0)), g.columnRanges());
        assertEquals(Double.doubleToRawLongBits(g.westLon()), Double.doubleToRawLongBits(g.shiftedWestLon()));
        assertEquals(Double.doubleToRawLongBits(g.eastLon()), Double.doubleToRawLongBits(g.shiftedEastLon()));
        for (int c : new int[] {0, 1, 21599, 43198}) {
            assertEquals(Double.doubleToRawLongBits(g.centroidLon(c)), Double.doubleToRawLongBits(g.shiftedCentroidLon(c)));
            assertEquals(Double.doubleToRawLongBits(g.minLon(c)), Double.doubleToRawLongBits(g.shiftedMinLon(c)));
            assertEquals(Double.doubleToRawLongBits(g.maxLon(c)), Double.doubleToRawLongBits(g.shiftedMaxLon(c)));
        }
        g.checkGeographicExtent();
    }

    @Test
    void gridsWiderThan360AreE002() {
        for (Grid g : List.of(new Grid(720, 1441, 0.0, 0.25, 0, 90.0, 0, -0.25),
                new Grid(167550, 432001, -180.0012493, 1.0 / 1200, 0, 84.0, 0, -1.0 / 1200),
                new Grid(10, 361, -180.5, 1.0, 0, 10.0, 0, -1.0))) {
            TileIndexException e = assertThrows(TileIndexException.class, g::checkGeographicExtent);
            assertEquals(ErrorCode.E002_RASTER_MISMATCH, e.code());
            assertTrue(e.getMessage().contains("more than 360"), e.getMessage());
        }
    }

    @Test
    void centresMoreThanOneTurnOutAreE004() {
        for (Grid g : List.of(new Grid(10, 100, 500.0, 1.0, 0, 10.0, 0, -1.0), new Grid(10, 100, -700.0, 1.0, 0, 10.0, 0, -1.0))) {
            assertEquals(ErrorCode.E004_BOUNDS, assertThrows(TileIndexException.class, g::checkGeographicExtent).code());
        }
        Grid south = new Grid(10, 100, 0.0, 1.0, 0, -85.0, 0, -1.0); // leaves -90
        assertEquals(ErrorCode.E004_BOUNDS, assertThrows(TileIndexException.class, south::checkGeographicExtent).code());
    }

    /**
     * Random grids at most 360° wide, origins from -540 to 180: every column's written centre lies in
     * [-180, 180) and its written bounds less than a cell beyond ±180; the ranges agree with the per-column
     * shift; the written frame is the extreme written bounds.
     */
    @Test
    void everyWrittenCentreLiesInTheFrameOnRandomGrids() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            double gt1 = rnd.nextBoolean() ? 1.0 / rnd.nextInt(1, 400) : rnd.nextDouble(0.01, 5);
            int ncols = (int) Math.max(1, Math.floor(rnd.nextDouble(0.2, 0.999) * 360 / gt1));
            double gt0 = rnd.nextDouble(-539, 180 - ncols * gt1 / 2);
            Grid g = new Grid(1, ncols, gt0, gt1, 0, 1.0, 0, -1.0);
            if (g.centroidLon(0) < -540 || g.centroidLon(ncols - 1) >= 540) {
                continue;
            }
            g.checkGeographicExtent();
            double west = Double.POSITIVE_INFINITY, east = Double.NEGATIVE_INFINITY;
            List<Grid.ColumnRange> ranges = g.columnRanges();
            assertTrue(ranges.size() <= 2, ranges::toString);
            int k = 0;
            for (int c = 0; c < ncols; c++) {
                double x = g.shiftedCentroidLon(c);
                if (!(x >= -180 && x < 180) || !(Math.abs(g.shiftedMinLon(c)) < 180 + gt1 && Math.abs(g.shiftedMaxLon(c)) < 180 + gt1)) {
                    throw new AssertionError(g + " col " + c + ": " + x);
                }
                k += c == ranges.get(k).end() ? 1 : 0;
                if (ranges.get(k).start() > c || g.lonShift(c) != ranges.get(k).shift()) {
                    throw new AssertionError(g + " col " + c + " not in " + ranges.get(k));
                }
                west = Math.min(west, g.shiftedMinLon(c));
                east = Math.max(east, g.shiftedMaxLon(c));
            }
            assertEquals(ncols, ranges.getLast().end());
            assertEquals(west, g.shiftedWestLon());
            assertEquals(east, g.shiftedEastLon());
        }
    }
}
