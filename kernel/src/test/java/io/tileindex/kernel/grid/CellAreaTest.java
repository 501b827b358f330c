package io.tileindex.kernel.grid;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellAreaTest {
    /** The WorldPop 1 km grid (values as GDAL reports them for data/worldpop_1km_grid.tif). */
    static final Grid WORLDPOP = new Grid(16755, 43199, -180.0012492999999921, 0.0083333333000000, 0,
            83.6329165016826985, 0, -0.0083333333000000);

    @Test
    void geodesicAreaMatchesClosedFormQuadrangleAtSeveralLatitudes() {
        for (double lat : new double[] {0.004, -0.004, 45, 60, 83.6, -55.9}) {
            int row = (int) ((WORLDPOP.gt3() - lat) / -WORLDPOP.gt5());
            double geodesic = CellArea.rowArea(WORLDPOP, row);
            double closed = CellArea.quadrangleClosedForm(WORLDPOP.minLat(row), WORLDPOP.maxLat(row), WORLDPOP.gt1());
            double rel = Math.abs(geodesic - closed) / closed;
            assertTrue(rel <= 1e-8, "row " + row + " lat " + lat + ": " + geodesic + " vs " + closed + " rel " + rel);
        }
    }

    @Test
    void areaIsPositiveAndPlausibleAndDependsOnTheRowOnly() {
        double[] all = CellArea.allRows(WORLDPOP);
        assertEquals(WORLDPOP.nrows(), all.length);
        for (double a : all) {
            assertTrue(a > 0);
        }
        int equator = (int) (WORLDPOP.gt3() / -WORLDPOP.gt5());
        // ~0.926 km x 0.921 km at the equator
        assertEquals(8.55e5, all[equator], 0.01e5);
        // WGS84 at 60°N: 928.4 m (meridian) x 465.0 m = 4.3167e5 m²; a sphere would give ~4.293e5 (0.55 % off)
        double lat60 = CellArea.rowArea(WORLDPOP, (int) ((WORLDPOP.gt3() - 60) / -WORLDPOP.gt5()));
        assertEquals(4.3167e5, lat60, 0.0002e5);
    }
}
