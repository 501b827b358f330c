package io.tileindex.cli.validate;

import io.tileindex.kernel.grid.CellArea;
import io.tileindex.kernel.grid.Grid;

/**
 * SPEC §2 written out once more, in exactly the prescribed IEEE-754 form, from the validator's own
 * reading of the grid. Areas come from the kernel's {@link CellArea} (GeographicLib), the reference
 * the spec names; everything else is recomputed here.
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
        Grid g = Grid.of(Math.toIntExact(nrows), Math.toIntExact(ncols), h.gt());
        rowArea = new double[(int) nrows];
        for (int r = 0; r < rowArea.length; r++) {
            double a;
            try {
                a = CellArea.rowArea(g, r);
            } catch (RuntimeException e) {
                a = Double.NaN; // a degenerate row: no positive reference area, so any value fails
            }
            rowArea[r] = a;
        }
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
