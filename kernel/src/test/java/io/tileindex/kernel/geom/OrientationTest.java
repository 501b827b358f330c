package io.tileindex.kernel.geom;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrientationTest {

    static int exactSign(double ax, double ay, double bx, double by, double cx, double cy) {
        BigDecimal l = new BigDecimal(bx).subtract(new BigDecimal(ax)).multiply(new BigDecimal(cy).subtract(new BigDecimal(ay)));
        BigDecimal r = new BigDecimal(by).subtract(new BigDecimal(ay)).multiply(new BigDecimal(cx).subtract(new BigDecimal(ax)));
        return l.compareTo(r);
    }

    @Test
    void agreesWithExactArithmeticOnNearlyCollinearPoints() {
        SplittableRandom rnd = new SplittableRandom(7);
        int fallbacks0 = (int) Orientation.exactEvaluations;
        for (int i = 0; i < 200_000; i++) {
            double ax = rnd.nextDouble(-180, 180), ay = rnd.nextDouble(-90, 90);
            double bx = rnd.nextDouble(-180, 180), by = rnd.nextDouble(-90, 90);
            double t = rnd.nextDouble();
            // a point on the segment up to rounding, then nudged by a few ulps
            double cx = ax + t * (bx - ax), cy = ay + t * (by - ay);
            int k = rnd.nextInt(7) - 3;
            cx = k == 0 ? cx : cx + k * Math.ulp(cx);
            assertEquals(exactSign(ax, ay, bx, by, cx, cy), Orientation.orient(ax, ay, bx, by, cx, cy));
        }
        // the filter must have sent close calls to the exact path
        assertEquals(true, Orientation.exactEvaluations - fallbacks0 > 1000);
    }

    @Test
    void exactlyCollinearIsZeroAndTheClassicFailureCaseIsRight() {
        assertEquals(0, Orientation.orient(0, 0, 1, 1, 0.5, 0.5));
        assertEquals(0, Orientation.orient(-179.5, 10.5, 170.5, 10.5, 0.5, 10.5));
        // Kettner et al.'s example family: naive evaluation gets signs wrong near (0.5, 0.5)
        double px = 0.5, py = 0.5;
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                double x = px + i * Math.ulp(px), y = py + j * Math.ulp(py);
                assertEquals(exactSign(12, 12, 24, 24, x, y), Orientation.orient(12, 12, 24, 24, x, y));
            }
        }
    }

    @Test
    void compareToLineSaysWestOnEast() {
        // line x = y (from (0,0) to (2,2)) at y=1 has X=1
        assertEquals(-1, Orientation.compareToLine(0.5, 1, 0, 0, 2, 2));
        assertEquals(0, Orientation.compareToLine(1, 1, 0, 0, 2, 2));
        assertEquals(1, Orientation.compareToLine(1.5, 1, 0, 0, 2, 2));
        // direction of the edge must not matter
        assertEquals(-1, Orientation.compareToLine(0.5, 1, 2, 2, 0, 0));
        assertEquals(1, Orientation.compareToLine(1.5, 1, 2, 2, 0, 0));
    }
}
