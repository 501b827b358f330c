package io.tileindex.kernel.geom;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

/**
 * A closed ring stored without its repeated closing vertex: edges are i → (i+1) mod n.
 * Construction rejects what makes point-in-polygon ambiguous: non-finite coordinates and fewer than
 * three distinct points (SPEC §3). Self-intersection is checked by the reader with JTS.
 */
public final class Ring {
    final double[] x;
    final double[] y;
    final double minX, maxX, minY, maxY;

    public Ring(double[] x, double[] y, String iso) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        int n = x.length;
        if (n > 1 && x[0] == x[n - 1] && y[0] == y[n - 1]) {
            n--; // drop the closing vertex
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw TileIndexException.forCountry(ErrorCode.E001_GEO_INVALID, iso,
                        "country " + iso + ": non-finite coordinate (" + x[i] + ", " + y[i] + ") at vertex " + i);
            }
        }
        if (distinctUpTo3(x, y, n) < 3) {
            throw TileIndexException.forCountry(ErrorCode.E001_GEO_INVALID, iso,
                    "country " + iso + ": ring with fewer than 3 distinct points"
                            + (n > 0 ? " near (" + x[0] + ", " + y[0] + ")" : ""));
        }
        this(n == x.length ? x : java.util.Arrays.copyOf(x, n), n == y.length ? y : java.util.Arrays.copyOf(y, n));
    }

    /** Distinct points among the first {@code n} vertices, counting stops at 3 (all a ring needs). */
    public static int distinctUpTo3(double[] x, double[] y, int n) {
        int distinct = 0;
        outer:
        for (int i = 0; i < n && distinct < 3; i++) {
            for (int j = 0; j < i; j++) {
                if (x[i] == x[j] && y[i] == y[j]) {
                    continue outer;
                }
            }
            distinct++;
        }
        return distinct;
    }

    public int size() { return x.length; }
    public double x(int i) { return x[i]; }
    public double y(int i) { return y[i]; }
    public double minX() { return minX; }
    public double maxX() { return maxX; }
    public double minY() { return minY; }
    public double maxY() { return maxY; }

    /** A ring already checked (above, or the ring a copy was made from): no closing vertex, every coordinate finite. */
    private Ring(double[] x, double[] y) {
        double mnx = Double.POSITIVE_INFINITY, mxx = Double.NEGATIVE_INFINITY;
        double mny = Double.POSITIVE_INFINITY, mxy = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            mnx = Math.min(mnx, x[i]); mxx = Math.max(mxx, x[i]);
            mny = Math.min(mny, y[i]); mxy = Math.max(mxy, y[i]);
        }
        this.x = x;
        this.y = y;
        this.minX = mnx; this.maxX = mxx; this.minY = mny; this.maxY = mxy;
    }

    /**
     * A copy translated by {@code dx} in longitude (the ±360° copies across the antimeridian). Not
     * validated again: {@code x + dx} rounds, so distinct vertices can meet (110 and the next double
     * both become -250) and leave zero-length edges, which cross no row and bound no area. The ring it
     * copies was checked; failing the run over its copy's rounding would be wrong.
     */
    public Ring shifted(double dx) {
        double[] nx = new double[x.length];
        for (int i = 0; i < nx.length; i++) {
            nx[i] = x[i] + dx;
        }
        return new Ring(nx, y.clone());
    }
}
