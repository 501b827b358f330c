package io.tileindex.kernel.grid;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

import java.util.ArrayList;
import java.util.List;

/**
 * A north-up raster grid with GDAL's geotransform semantics (PixelIsArea). Every coordinate the
 * product writes is computed here, in exactly the IEEE-754 form SPEC §2 prescribes, so the kernel,
 * the writer and the validator cannot disagree by a rounding.
 */
public record Grid(int nrows, int ncols, double gt0, double gt1, double gt2, double gt3, double gt4, double gt5) {

    public Grid {
        if (nrows <= 0 || ncols <= 0) {
            throw new TileIndexException(ErrorCode.E002_RASTER_MISMATCH, "grid has no cells: " + nrows + " x " + ncols);
        }
        if (gt2 != 0.0 || gt4 != 0.0) {
            throw new TileIndexException(ErrorCode.E002_RASTER_MISMATCH,
                    "rotated grid (GT2=" + gt2 + ", GT4=" + gt4 + "): only north-up grids are supported");
        }
        if (!(gt1 > 0.0) || !(gt5 < 0.0) || !Double.isFinite(gt0) || !Double.isFinite(gt3)
                || !Double.isFinite(gt1) || !Double.isFinite(gt5)) {
            throw new TileIndexException(ErrorCode.E002_RASTER_MISMATCH,
                    "grid is not north-up with positive cell size: GT1=" + gt1 + ", GT5=" + gt5 + ", origin=(" + gt0 + ", " + gt3 + ")");
        }
        if (Math.multiplyHigh(nrows, ncols) != 0 || (long) nrows * ncols < 0) {
            throw new TileIndexException(ErrorCode.E002_RASTER_MISMATCH, "nrows*ncols overflows 64 bits");
        }
    }

    public static Grid of(int nrows, int ncols, double[] gt) {
        return new Grid(nrows, ncols, gt[0], gt[1], gt[2], gt[3], gt[4], gt[5]);
    }

    public double[] geoTransform() { return new double[] {gt0, gt1, gt2, gt3, gt4, gt5}; }

    public long cellCount() { return (long) nrows * ncols; }

    public long tileId(long row, long col) { return row * ncols + col; }

    /** SPEC §2: {@code GT0 + (col + 0.5) * GT1}. */
    public double centroidLon(long col) { return gt0 + (col + 0.5) * gt1; }

    /** SPEC §2: {@code GT3 + (row + 0.5) * GT5}. */
    public double centroidLat(long row) { return gt3 + (row + 0.5) * gt5; }

    /** West edge of column {@code col} (also the east edge of {@code col-1}). */
    public double colEdgeLon(long col) { return gt0 + col * gt1; }

    /** North edge of row {@code row} (also the south edge of {@code row-1}). */
    public double rowEdgeLat(long row) { return gt3 + row * gt5; }

    public double minLon(long col) { return colEdgeLon(col); }
    public double maxLon(long col) { return gt0 + (col + 1) * gt1; }
    public double maxLat(long row) { return rowEdgeLat(row); }
    public double minLat(long row) { return gt3 + (row + 1) * gt5; }

    /**
     * The fraction, in [0, 1], of the box {@code [minX, maxX] x [minY, maxY]} (degrees) that lies outside
     * the grid's extent, measured in the longitude/latitude plane; a degenerate box counts as a point or
     * a segment (what part of it lies outside). Longitudes count the grid's extent shifted by ±360° too,
     * as eligibility does. For the per-country "clipped by the grid" note.
     */
    public double fractionOutside(double minX, double maxX, double minY, double maxY) {
        double w = Math.min(westLon(), eastLon()), e = Math.max(westLon(), eastLon());
        // a grid 360° wide covers every longitude: summing the three overlaps would only add rounding
        double ix = (double) ncols * gt1 >= 360.0 ? 1 : Math.min(1, overlap(minX, maxX, w - 360, e - 360)
                + overlap(minX, maxX, w, e) + overlap(minX, maxX, w + 360, e + 360));
        double iy = overlap(minY, maxY, Math.min(southLat(), northLat()), Math.max(southLat(), northLat()));
        return 1 - ix * iy;
    }

    /** The fraction of [lo, hi] inside [a, b]: 0 or 1 for a degenerate interval. */
    private static double overlap(double lo, double hi, double a, double b) {
        if (hi <= lo) {
            return lo >= a && lo <= b ? 1 : 0;
        }
        return Math.max(0, Math.min(hi, b) - Math.max(lo, a)) / (hi - lo);
    }

    /** West edge of the whole grid. May lie slightly beyond -180 (WorldPop starts at -180.00125). */
    public double westLon() { return gt0; }
    public double eastLon() { return colEdgeLon(ncols); }
    public double northLat() { return gt3; }
    public double southLat() { return rowEdgeLat(nrows); }

    /**
     * Validates the grid against WGS84 lon/lat (SPEC §2): latitudes within [-90, 90] ({@code E004}); at
     * most 360° wide ({@code E002}); every cell's shifted centre within [-180, 180), i.e. no formula centre
     * needs more than one turn ({@code E004}). Overhanging and 0..360 grids pass: their outer cells shift.
     */
    public void checkGeographicExtent() {
        if (northLat() > 90.0 + 1e-9 || southLat() < -90.0 - 1e-9) {
            throw new TileIndexException(ErrorCode.E004_BOUNDS,
                    "grid latitude extent [" + southLat() + ", " + northLat() + "] leaves [-90, 90]");
        }
        if ((double) ncols * gt1 > 360.0) {
            throw new TileIndexException(ErrorCode.E002_RASTER_MISMATCH,
                    "grid is " + ((double) ncols * gt1) + "° wide (" + ncols + " x " + gt1 + "°): more than 360°");
        }
        if (!(centroidLon(0) >= -540.0) || !(centroidLon(ncols - 1L) < 540.0)) {
            throw new TileIndexException(ErrorCode.E004_BOUNDS,
                    "grid longitude extent [" + westLon() + ", " + eastLon() + "] lies more than one turn beyond [-180, 180)");
        }
    }

    // ---- SPEC §2 shift: a cell whose formula centre lies outside [-180, 180) moves by ±360° as a whole

    /**
     * The shift of column {@code col}: +360 when its formula centre is west of -180, -360 when it is at
     * or east of 180, else 0. Decided on the formula centre itself, so every module agrees to the bit.
     */
    public double lonShift(long col) {
        double c = centroidLon(col);
        return c < -180.0 ? 360.0 : c >= 180.0 ? -360.0 : 0.0;
    }

    /** The centre longitude written for column {@code col}: the formula centre plus {@link #lonShift}. */
    public double shiftedCentroidLon(long col) { return centroidLon(col) + lonShift(col); }

    /** The west bound written for column {@code col}: the formula bound moved with the centre. */
    public double shiftedMinLon(long col) { return minLon(col) + lonShift(col); }

    /** The east bound written for column {@code col}: the formula bound moved with the centre. */
    public double shiftedMaxLon(long col) { return maxLon(col) + lonShift(col); }

    /** Columns {@code [start, end)} sharing one shift; within a range longitudes grow with the column. */
    public record ColumnRange(int start, int end, double shift) {}

    /**
     * The grid's columns as at most three ranges of equal shift, in column order: formula centres west
     * of -180 (+360), within [-180, 180) (0), at or east of 180 (-360); empty ranges are left out.
     */
    public List<ColumnRange> columnRanges() {
        int w = firstColCentreAtOrAfter(-180.0), e = firstColCentreAtOrAfter(180.0);
        List<ColumnRange> out = new ArrayList<>(3);
        if (w > 0) {
            out.add(new ColumnRange(0, w, 360.0));
        }
        if (e > w) {
            out.add(new ColumnRange(w, e, 0.0));
        }
        if (ncols > e) {
            out.add(new ColumnRange(e, ncols, -360.0));
        }
        return out;
    }

    /** True when no column shifts (every formula centre within [-180, 180)): the common case. */
    public boolean unshifted() {
        return centroidLon(0) >= -180.0 && centroidLon(ncols - 1L) < 180.0;
    }

    /** West-most written cell bound: where the shifted grid starts. */
    public double shiftedWestLon() {
        double w = Double.POSITIVE_INFINITY;
        for (ColumnRange r : columnRanges()) {
            w = Math.min(w, minLon(r.start()) + r.shift());
        }
        return w;
    }

    /** East-most written cell bound: where the shifted grid ends. */
    public double shiftedEastLon() {
        double e = Double.NEGATIVE_INFINITY;
        for (ColumnRange r : columnRanges()) {
            e = Math.max(e, maxLon(r.end() - 1L) + r.shift());
        }
        return e;
    }

    /** Smallest column c in [0, ncols] with centroidLon(c) >= x (a monotone search on the exact formula). */
    private int firstColCentreAtOrAfter(double x) {
        int lo = 0, hi = ncols;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (centroidLon(mid) >= x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
