package io.tileindex.validator;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;

/**
 * SPEC §2 written out once more, in exactly the prescribed IEEE-754 form, from the validator's own
 * reading of the grid, including the reference cell area: GeographicLib's geodesic polygon through
 * the cell's four corners on WGS84, computed here, not taken from the build.
 */
final class GridFormulas {
    final long nrows, ncols;
    final double gt0, gt1, gt3, gt5;
    private final double[] rowArea;

    GridFormulas(GridHeader h) {
        this.nrows = h.nrows();
        this.ncols = h.ncols();
        this.gt0 = h.gt()[0];
        this.gt1 = h.gt()[1];
        this.gt3 = h.gt()[3];
        this.gt5 = h.gt()[5];
        rowArea = new double[Math.toIntExact(nrows)];
        for (int r = 0; r < rowArea.length; r++) {
            double a = geodesicCellArea(minLat(r), maxLat(r), minLon(0), maxLon(0));
            rowArea[r] = a > 0 ? a : Double.NaN; // a degenerate row: no positive reference, so any value fails
        }
    }

    /**
     * The area in m² of the geodesic quadrangle through the corners (south, west), (south, east),
     * (north, east), (north, west) on the WGS84 ellipsoid, counter-clockwise so that it is positive.
     * Every cell of a row has its row's area.
     */
    static double geodesicCellArea(double south, double north, double west, double east) {
        PolygonArea p = new PolygonArea(Geodesic.WGS84, false);
        p.AddPoint(south, west);
        p.AddPoint(south, east);
        p.AddPoint(north, east);
        p.AddPoint(north, west);
        return p.Compute().area;
    }

    /**
     * Whether a written area is the reference: equal within 1e-12 relative, so that a last-bit
     * difference in summation order passes and any other area formula (the authalic quadrangle is
     * 1e-9..1e-8 off at 1 km, a sphere 0.2-0.9 %) fails.
     */
    boolean areaMatches(double written, long row) {
        double ref = area(row);
        return Math.abs(written - ref) <= 1e-12 * ref;
    }

    double centroidLon(long col) { return gt0 + (col + 0.5) * gt1; }
    double centroidLat(long row) { return gt3 + (row + 0.5) * gt5; }
    double minLon(long col) { return gt0 + col * gt1; }
    double maxLon(long col) { return gt0 + (col + 1) * gt1; }
    double maxLat(long row) { return gt3 + row * gt5; }
    double minLat(long row) { return gt3 + (row + 1) * gt5; }

    double area(long row) { return rowArea[(int) row]; }

    long cells() { return nrows * ncols; }

    /**
     * SPEC §2 ranges: lon in [-180, 180], lat in [-90, 90]. A grid may start a fraction of a cell
     * beyond ±180 (WorldPop's column 0 begins at -180.00125); an edge of such a grid is accepted when
     * it is bit-equal to the formula and within one cell of the seam, since the build accepted the grid
     * on exactly that rule.
     */
    boolean lonInRange(double lon, double formula) {
        if (lon >= -180.0 && lon <= 180.0) {
            return true;
        }
        return Double.doubleToRawLongBits(lon) == Double.doubleToRawLongBits(formula) && Math.abs(lon) <= 180.0 + gt1;
    }

    static boolean latInRange(double lat) { return lat >= -90.0 && lat <= 90.0; }
}
