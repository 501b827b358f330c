package io.tileindex.validator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridFormulasTest {
    static final GridHeader WORLDPOP = new GridHeader(16755, 43199,
            new double[] {-180.0012493, 0.0083333333, 0, 83.6329165016827, 0, -0.0083333333}, false);

    /** Snyder 1987 p. 16: the parallel-bounded quadrangle on the ellipsoid, an independent closed form. */
    static double authalicQuadrangle(double south, double north, double dLon) {
        double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f), e = Math.sqrt(e2);
        return a * a * (1 - e2) / 2 * Math.toRadians(dLon) * (q(Math.sin(Math.toRadians(north)), e) - q(Math.sin(Math.toRadians(south)), e));
    }

    static double q(double s, double e) {
        return s / (1 - e * e * s * s) + 0.5 * Math.log((1 + e * s) / (1 - e * s)) / e;
    }

    @Test
    void geodesicCellAreaAgreesWithTheAuthalicQuadrangleAt1Km() {
        GridFormulas g = new GridFormulas(WORLDPOP);
        for (long row : new long[] {0, 1000, 8000, 16754}) {
            double ref = authalicQuadrangle(g.minLat(row), g.maxLat(row), g.gt1);
            assertEquals(ref, g.area(row), 1e-8 * ref, "row " + row);
        }
    }

    @Test
    void areaMatchesAcceptsTheLastBitsAndRejectsAnotherFormula() {
        GridFormulas g = new GridFormulas(WORLDPOP);
        double a = g.area(5000);
        assertTrue(g.areaMatches(a, 5000));
        assertTrue(g.areaMatches(Math.nextUp(a), 5000));
        assertFalse(g.areaMatches(authalicQuadrangle(g.minLat(5000), g.maxLat(5000), g.gt1) * (1 + 2e-9), 5000));
        assertFalse(g.areaMatches(a * (1 + 1e-10), 5000));
    }

    @Test
    void formulasAreSpec2sIeeeForm() {
        GridFormulas g = new GridFormulas(WORLDPOP);
        assertEquals(-180.0012493 + (7 + 0.5) * 0.0083333333, g.centroidLon(7));
        assertEquals(83.6329165016827 + (3 + 1) * -0.0083333333, g.minLat(3));
    }

    static final GridHeader ARCSEC3 = new GridHeader(167550, 432000, new double[] {-180.0012493, 1.0 / 1200, 0, 84.0, 0, -1.0 / 1200}, false);
    static final GridHeader ZERO_360 = new GridHeader(720, 1440, new double[] {0.0, 0.25, 0, 90.0, 0, -0.25}, false);

    /** SPEC §2: a formula centre outside [-180, 180) moves the whole cell by ±360°; one inside keeps its bounds. */
    @Test
    void shiftMovesTheWholeCellWhoseCentreLiesOutside() {
        GridFormulas g = new GridFormulas(ARCSEC3);
        assertEquals(360.0, g.shift(0));
        assertEquals(179.99916736666665, g.writtenCentroidLon(0));
        assertEquals(-180.0012493 + 360.0, g.writtenMinLon(0));
        assertEquals(0.0, g.shift(1));
        assertEquals(g.minLon(1), g.writtenMinLon(1)); // -180.000416: beyond -180 by a third of a cell
        assertEquals(0.0, g.shift(431999));
        GridFormulas z = new GridFormulas(ZERO_360);
        assertEquals(0.0, z.shift(719));
        assertEquals(-360.0, z.shift(720));
        assertEquals(-179.875, z.writtenCentroidLon(720));
        assertEquals(-180.0, z.writtenLonExtent()[0]);
        assertEquals(180.0, z.writtenLonExtent()[1]);
        assertEquals(360.0, z.width());
        for (GridFormulas f : new GridFormulas[] {g, z, new GridFormulas(WORLDPOP)}) {
            for (long c = 0; c < f.ncols; c++) {
                if (f.shiftOf(c) != f.shift(c)) {
                    throw new AssertionError("column " + c + ": by number " + f.shiftOf(c) + ", by centre " + f.shift(c));
                }
            }
        }
    }

    /** A bound beyond ±180 passes only as the expected value of its cell and less than one cell out. */
    @Test
    void boundsBeyond180PassOnlyAsTheRuleSays() {
        GridFormulas g = new GridFormulas(ARCSEC3);
        double west1 = g.writtenMinLon(1);
        assertTrue(g.lonInRange(west1, west1));
        assertFalse(g.lonInRange(Math.nextDown(west1), west1), "not the expected value");
        assertFalse(g.lonInRange(-180.0 - g.gt1, -180.0 - g.gt1), "a whole cell beyond");
        assertFalse(g.lonInRange(g.minLon(0), g.minLon(0)), "column 0 unshifted: 1.5 cells beyond");
        assertTrue(GridFormulas.centreLonInRange(-180.0));
        assertFalse(GridFormulas.centreLonInRange(180.0));
        assertFalse(GridFormulas.centreLonInRange(g.centroidLon(0)), "column 0's formula centre is not a written centre");
    }
}
