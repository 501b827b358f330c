package io.tileindex.kernel.scan;

import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsOracle;
import io.tileindex.kernel.oracle.Shapes;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random star-shaped polygons (some with a hole) whose vertices are snapped to half-cells, so many
 * centres fall exactly on edges and many edges pass exactly through grid corners: the production
 * scan must agree with the JTS oracle cell for cell, for both predicates.
 */
class RandomPolygonsOracleTest {
    static final Grid G = new Grid(40, 40, 0, 1, 0, 40, 0, -1);
    static final GeometryFactory gf = new GeometryFactory();

    @Test
    void productionScanEqualsJtsOracleOnSnappedRandomPolygons() {
        SplittableRandom rnd = new SplittableRandom(20261124);
        CountryScanner scanner = new CountryScanner(G);
        int compared = 0;
        for (int i = 0; i < 300; i++) {
            Geometry poly = randomPolygon(rnd);
            if (poly == null || !poly.isValid()) {
                continue;
            }
            JtsOracle oracle = new JtsOracle(G, poly);
            var shape = Shapes.fromJts("ZZ", poly);
            assertEquals(Shapes.runs(oracle.centerRuns()), Shapes.runs(scanner.scan(shape, Predicate.CENTER).runs()),
                    "center: " + poly);
            assertEquals(Shapes.runs(oracle.anyOverlapRuns()), Shapes.runs(scanner.scan(shape, Predicate.ANY_OVERLAP).runs()),
                    "any_overlap: " + poly);
            compared++;
        }
        assertTrue(compared > 150, "compared " + compared);
    }

    /** The encode stage scans a row group's rows again: any split of the rows must give the same cells. */
    @Test
    void scansOfRowRangesJoinToTheWholeScan() {
        SplittableRandom rnd = new SplittableRandom(20261202);
        CountryScanner scanner = new CountryScanner(G);
        int compared = 0;
        for (int i = 0; i < 150; i++) {
            Geometry poly = randomPolygon(rnd);
            if (poly != null && poly.isValid()) {
                RowRangeScans.assertSplitsEqualWholeScan(scanner, Shapes.fromJts("ZZ", poly), rnd);
                compared++;
            }
        }
        assertTrue(compared > 75, "compared " + compared);
    }

    static Geometry randomPolygon(SplittableRandom rnd) {
        double cx = 8 + rnd.nextInt(24), cy = 8 + rnd.nextInt(24);
        int n = 3 + rnd.nextInt(12);
        double step = rnd.nextBoolean() ? 0.5 : 0.25;
        Coordinate[] shell = star(rnd, cx, cy, n, 2 + rnd.nextDouble() * 10, step, 1.0);
        LinearRing outer = gf.createLinearRing(shell);
        LinearRing[] holes = new LinearRing[0];
        if (rnd.nextInt(3) == 0) {
            Coordinate[] h = new Coordinate[shell.length];
            for (int i = 0; i < shell.length; i++) {
                h[i] = new Coordinate(snap(cx + (shell[i].x - cx) * 0.4, step), snap(cy + (shell[i].y - cy) * 0.4, step));
            }
            try {
                holes = new LinearRing[] {gf.createLinearRing(reverse(h))};
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        Polygon p = gf.createPolygon(outer, holes);
        return p;
    }

    private static Coordinate[] reverse(Coordinate[] c) {
        Coordinate[] r = new Coordinate[c.length];
        for (int i = 0; i < c.length; i++) {
            r[i] = c[c.length - 1 - i];
        }
        return r;
    }

    private static Coordinate[] star(SplittableRandom rnd, double cx, double cy, int n, double rmax, double step, double scale) {
        Coordinate[] cs = new Coordinate[n + 1];
        double[] angles = new double[n];
        for (int i = 0; i < n; i++) {
            angles[i] = rnd.nextDouble() * 2 * Math.PI;
        }
        java.util.Arrays.sort(angles);
        for (int i = 0; i < n; i++) {
            double r = (0.3 + 0.7 * rnd.nextDouble()) * rmax * scale;
            cs[i] = new Coordinate(snap(cx + r * Math.cos(angles[i]), step), snap(cy + r * Math.sin(angles[i]), step));
        }
        cs[n] = new Coordinate(cs[0]);
        return cs;
    }

    private static double snap(double v, double step) {
        return Math.rint(v / step) * step;
    }
}
