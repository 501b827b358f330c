package io.tileindex.validator;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * SPEC §2 written out once more, in exactly the prescribed IEEE-754 form, from the validator's own
 * reading of the grid, including the reference cell area: GeographicLib's geodesic polygon through
 * the cell's four corners on WGS84, computed here, not taken from the build.
 */
final class GridFormulas {
    final long nrows, ncols;
    final double gt0, gt1, gt3, gt5;
    private final double[] rowArea;
    private final Map<Object, double[]> columnTables = new ConcurrentHashMap<>();
    /** Columns before {@code westEnd} shift by +360, from {@code eastStart} on by -360 (from {@link #shift}, once). */
    private final long westEnd, eastStart;

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
        long w = 0, e = ncols;
        for (long c = 0; c < ncols; c++) {
            double s = shift(c);
            w = s > 0 ? c + 1 : w;
            e = s < 0 && e == ncols ? c : e;
        }
        westEnd = w;
        eastStart = e;
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

    /**
     * SPEC §2 for grids overhanging or wrapping ±180: a cell whose formula centre lies outside
     * [-180, 180) moves by ±360° as a whole, centre and bounds; this is the amount, decided on the
     * formula centre in double exactly as written.
     */
    double shift(long col) {
        double c = centroidLon(col);
        return c < -180.0 ? 360.0 : c >= 180.0 ? -360.0 : 0.0;
    }

    /**
     * {@link #shift} by column number: the formula centre grows with the column, so the shifted columns
     * are the first and last few; per-row checks ask this instead of evaluating the centre again.
     */
    double shiftOf(long col) { return col < westEnd ? 360.0 : col >= eastStart ? -360.0 : 0.0; }

    /** What a partition must hold for the column: formula plus shift. */
    double writtenCentroidLon(long col) { return centroidLon(col) + shiftOf(col); }
    double writtenMinLon(long col) { return minLon(col) + shiftOf(col); }
    double writtenMaxLon(long col) { return maxLon(col) + shiftOf(col); }

    /** The grid's width in degrees, {@code ncols * GT1}: more than 360 is a grid the build must reject. */
    double width() { return ncols * gt1; }

    /** West-most and east-most written bound over every column (a plain loop: once per validation). */
    double[] writtenLonExtent() {
        double w = Double.POSITIVE_INFINITY, e = Double.NEGATIVE_INFINITY;
        for (long c = 0; c < ncols; c++) {
            w = Math.min(w, writtenMinLon(c));
            e = Math.max(e, writtenMaxLon(c));
        }
        return new double[] {w, e};
    }

    double area(long row) { return rowArea[(int) row]; }

    /** A per-column table under {@code key}, built by {@code build} on first use and shared; thread-safe. */
    double[] columnTable(Object key, Supplier<double[]> build) {
        return columnTables.computeIfAbsent(key, k -> build.get());
    }

    long cells() { return nrows * ncols; }

    /**
     * SPEC §2 ranges: lon in [-180, 180], lat in [-90, 90]. A written centre always lies in [-180, 180)
     * (the shift sees to that); a written bound may lie beyond ±180 only as SPEC §2 allows: bit-equal
     * to the expected value, of a cell whose written centre is inside, and less than one cell beyond.
     */
    boolean lonInRange(double lon, double expected) {
        if (lon >= -180.0 && lon <= 180.0) {
            return true;
        }
        return Double.doubleToRawLongBits(lon) == Double.doubleToRawLongBits(expected) && Math.abs(lon) < 180.0 + gt1;
    }

    /** A written centre: [-180, 180), where the shift puts every centre of a grid the build accepts. */
    static boolean centreLonInRange(double lon) { return lon >= -180.0 && lon < 180.0; }

    static boolean latInRange(double lat) { return lat >= -90.0 && lat <= 90.0; }
}
