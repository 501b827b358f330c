package io.tileindex.kernel.grid;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

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
        double ix = Math.min(1, overlap(minX, maxX, w - 360, e - 360) + overlap(minX, maxX, w, e)
                + overlap(minX, maxX, w + 360, e + 360));
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

    /** Validates the grid lies within WGS84 lon/lat (with one cell of slack for grids straddling ±180). */
    public void checkGeographicExtent() {
        if (northLat() > 90.0 + 1e-9 || southLat() < -90.0 - 1e-9) {
            throw new TileIndexException(ErrorCode.E004_BOUNDS,
                    "grid latitude extent [" + southLat() + ", " + northLat() + "] leaves [-90, 90]");
        }
        if (westLon() < -180.0 - gt1 || eastLon() > 180.0 + gt1) {
            throw new TileIndexException(ErrorCode.E004_BOUNDS,
                    "grid longitude extent [" + westLon() + ", " + eastLon() + "] leaves [-180, 180] by more than a cell");
        }
    }
}
