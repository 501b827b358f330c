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
}
