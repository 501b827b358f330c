package io.tileindex.kernel.geom;

import java.math.BigDecimal;

/**
 * Exact sign of the 2-D orientation determinant. A floating-point evaluation is accepted when it is
 * farther from zero than Shewchuk's a-priori error bound (ccwerrboundA); otherwise the determinant is
 * recomputed exactly with {@link BigDecimal} (every double converts to BigDecimal without rounding,
 * and sums and products of BigDecimals are exact). The slow path runs only for points within a few
 * ulps of the line, so its cost is invisible; its answer never depends on floating-point luck.
 */
public final class Orientation {
    private Orientation() {}

    private static final double EPS = 0x1p-53;
    /** Shewchuk, "Adaptive Precision Floating-Point Arithmetic", ccwerrboundA = (3 + 16ε)ε. */
    private static final double CCW_ERRBOUND_A = (3.0 + 16.0 * EPS) * EPS;

    /** Counts of exact fallbacks, for tests and the curious (not synchronised: approximate). */
    static long exactEvaluations;

    /**
     * Sign of {@code (bx-ax)*(cy-ay) - (by-ay)*(cx-ax)}: +1 if c lies left of the directed line a→b
     * (counter-clockwise turn), -1 if right, 0 if collinear.
     */
    public static int orient(double ax, double ay, double bx, double by, double cx, double cy) {
        double detLeft = (bx - ax) * (cy - ay);
        double detRight = (by - ay) * (cx - ax);
        double det = detLeft - detRight;
        double bound = CCW_ERRBOUND_A * (Math.abs(detLeft) + Math.abs(detRight));
        if (det > bound) {
            return 1;
        }
        if (-det > bound) {
            return -1;
        }
        return orientExact(ax, ay, bx, by, cx, cy);
    }

    static int orientExact(double ax, double ay, double bx, double by, double cx, double cy) {
        exactEvaluations++;
        BigDecimal axd = new BigDecimal(ax), ayd = new BigDecimal(ay);
        BigDecimal l = new BigDecimal(bx).subtract(axd).multiply(new BigDecimal(cy).subtract(ayd));
        BigDecimal r = new BigDecimal(by).subtract(ayd).multiply(new BigDecimal(cx).subtract(axd));
        return l.compareTo(r);
    }

    /**
     * Exact sign of {@code x - X(y)} where X(y) is the abscissa of the non-horizontal line through
     * (x1,y1),(x2,y2) at ordinate y: -1 if (x,y) lies west of the line, 0 on it, +1 east.
     */
    public static int compareToLine(double x, double y, double x1, double y1, double x2, double y2) {
        // x - X(y) = -orient / (y2 - y1)
        int o = orient(x1, y1, x2, y2, x, y);
        return y2 > y1 ? -o : o;
    }
}
