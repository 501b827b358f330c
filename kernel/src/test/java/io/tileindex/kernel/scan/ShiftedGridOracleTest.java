package io.tileindex.kernel.scan;

import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsOracle;
import io.tileindex.kernel.oracle.Shapes;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §2 on grids whose end columns shift by ±360°: the production scan equals the JTS oracle (which
 * shifts each cell itself and tests it against the country and its ±360° copies), cell for cell, for
 * both predicates, on a 0..360 grid, grids overhanging -180 and 180 (with centres exactly on ±180) and
 * a slice of WorldPop's 3-arc-second grid.
 */
class ShiftedGridOracleTest {
    /** 0..360 in 5° cells: columns 36..71 (formula centres 182.5..357.5) shift by -360. */
    static final Grid ZERO_360 = new Grid(36, 72, 0.0, 5.0, 0, 90.0, 0, -5.0);
    /** Column 0 (centre -185) shifts to 175; column 1's centre is exactly -180: it stays, bounds [-182.5, -177.5]. */
    static final Grid WEST_OVERHANG = new Grid(36, 72, -187.5, 5.0, 0, 90.0, 0, -5.0);
    /** Column 70's centre is exactly 180: it shifts to -180, bounds [-182.5, -177.5]; column 71 to -175. */
    static final Grid EAST_OVERHANG = new Grid(36, 72, -172.5, 5.0, 0, 90.0, 0, -5.0);
    /** 3-arc-second WorldPop columns, 60 rows around 66°N: column 0 shifts to 179.99917. */
    static final Grid ARCSEC3_SLICE = new Grid(60, 432000, -180.0012493, 1.0 / 1200, 0, 66.025, 0, -1.0 / 1200);

    static final List<String> SEAM_SHAPES = List.of(
            // split at ±180 as Natural Earth draws it, with a hole on the east piece
            "MULTIPOLYGON(((170 50, 180 50, 180 70, 170 60, 170 50), (174 55, 178 55, 178 58, 174 55)), ((-180 50, -170 55, -175 70, -180 70, -180 50)))",
            // one ring across the seam (unwrapped by the scan, pre-split for the oracle below)
            "POLYGON((167.5 -20, -172.5 -20, -177.5 10, 177.5 25, 167.5 -20))",
            // vertices and edges on cell centres and edges near the seam
            "POLYGON((172.5 -32.5, 180 -32.5, 180 -12.5, 175 -2.5, 172.5 -12.5, 172.5 -32.5))",
            "POLYGON((-180 -32.5, -177.5 -32.5, -172.5 -12.5, -180 -2.5, -180 -32.5))",
            // far from the seam: in a 0..360 grid these are the shifted half, with coordinates that do not round-trip +-360 exactly
            "POLYGON((-100.123456789 30.2, -80.987654321 31.7, -85.5 48.1, -110.4 45.3, -100.123456789 30.2), (-98.1 38.3, -92.2 38.9, -95.7 42.4, -98.1 38.3))",
            "POLYGON((0 -10, 2.5 -10, 2.5 -2.5, 0 -2.5, 0 -10))",
            "POLYGON((-2.5 62.5, 0 62.5, 0 67.5, -2.5 67.5, -2.5 62.5))");

    static void assertScanEqualsOracle(Grid g, Geometry given, Geometry forOracle) {
        CountryScanner scanner = new CountryScanner(g);
        JtsOracle oracle = new JtsOracle(g, forOracle);
        var shape = Shapes.fromJts("ZZ", given);
        assertEquals(Shapes.runs(oracle.centerRuns()), Shapes.runs(scanner.scan(shape, Predicate.CENTER).runs()),
                "center on " + g + ": " + given);
        assertEquals(Shapes.runs(oracle.anyOverlapRuns()), Shapes.runs(scanner.scan(shape, Predicate.ANY_OVERLAP).runs()),
                "any_overlap on " + g + ": " + given);
    }

    @Test
    void seamShapesEqualTheOracleOnEveryShiftedGrid() {
        for (Grid g : List.of(ZERO_360, WEST_OVERHANG, EAST_OVERHANG)) {
            g.checkGeographicExtent();
            for (String wkt : SEAM_SHAPES) {
                Geometry given = Shapes.wkt(wkt);
                assertScanEqualsOracle(g, given, preSplit(given));
            }
        }
    }

    @Test
    void seamShapesScannedInRowRangesJoinToTheWholeScan() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (Grid g : List.of(ZERO_360, WEST_OVERHANG, EAST_OVERHANG)) {
            for (String wkt : SEAM_SHAPES) {
                RowRangeScans.assertSplitsEqualWholeScan(new CountryScanner(g), Shapes.fromJts("ZZ", Shapes.wkt(wkt)), rnd);
            }
        }
    }

    @Test
    void shiftedCellsAreEvaluatedAtTheirShiftedPosition() {
        CountryScanner s = new CountryScanner(WEST_OVERHANG);
        // [172, 178] x [0, 10]: column 0 (written centre 175) holds it; nothing west of -180 is needed
        CountryCells c = s.scan(Shapes.fromWkt("ZZ", "POLYGON((172 0, 178 0, 178 10, 172 10, 172 0))"), Predicate.CENTER);
        assertEquals(List.of("16:0-1", "17:0-1"), Shapes.runs(c.runs()));
        // a centre exactly at -180 (column 1) lies on a polygon's edge at 180: included (the same meridian)
        CountryCells e = s.scan(Shapes.fromWkt("ZZ", "POLYGON((174 0, 180 0, 180 10, 174 10, 174 0))"), Predicate.CENTER);
        assertEquals(List.of("16:0-2", "17:0-2"), Shapes.runs(e.runs()));
        // 0..360: the USA-like shape sits in shifted columns (formula 250..280)
        CountryCells us = new CountryScanner(ZERO_360).scan(
                Shapes.fromWkt("US", "POLYGON((-110 30, -80 30, -80 45, -110 45, -110 30))"), Predicate.CENTER);
        assertTrue(us.cellsIncluded() > 0);
        for (int i = 0; i < us.runs().size(); i++) {
            assertTrue(us.runs().start(i) >= 50 && us.runs().end(i) <= 56, Shapes.runs(us.runs()).toString());
        }
    }

    /**
     * Why shifted cells are moved rather than the polygons: on a 0..360 grid, column 1000's formula centre
     * 250.125 is written at -109.875, exactly on an edge of a polygon whose vertices carry bits a +360
     * copy cannot hold (250.x has half the precision of -109.x). The copy's edge misses the formula centre
     * (the old way would have dropped the cell); the cell moved to -109.875 lies on the original edge, on
     * the outer boundary: included, as the oracle says.
     */
    @Test
    void aCentreOnAnEdgeWhoseCopyWouldRoundIsDecidedExactly() {
        Grid g = new Grid(720, 1440, 0.0, 0.25, 0, 90.0, 0, -0.25);
        int row = 200, col = 1000;
        double x0 = g.shiftedCentroidLon(col), y0 = g.centroidLat(row);
        assertEquals(-109.875, x0);
        long m = Math.round(0.1 * 0x1p46);
        double a = (m - (m & 3) + 1) * 0x1p-46; // an odd multiple of 2^-46, = 1 mod 4: x0 - a rounds up in a copy
        double ax = x0 - a, ay = y0 - 0.5, bx = x0 + 2 * a, by = y0 + 1.0; // (x0, y0) a third of the way from A to B
        assertEquals(0, io.tileindex.kernel.geom.Orientation.compareToLine(x0, y0, ax, ay, bx, by));
        assertTrue(io.tileindex.kernel.geom.Orientation.compareToLine(g.centroidLon(col), y0, ax + 360, ay, bx + 360, by) != 0,
                "the fixture's point: a +360 copy of the edge misses the formula centre");
        String wkt = "POLYGON((" + ax + " " + ay + ", " + (x0 + 5) + " " + ay + ", " + (x0 + 5) + " " + by + ", "
                + bx + " " + by + ", " + ax + " " + ay + "))";
        CountryCells c = new CountryScanner(g).scan(Shapes.fromWkt("US", wkt), Predicate.CENTER);
        assertTrue(c.runs().contains(row, col), "centre on the outer boundary, at its written position");
        assertScanEqualsOracle(g, Shapes.wkt(wkt), Shapes.wkt(wkt));
    }

    @Test
    void threeArcSecondSliceAroundTheSeam() {
        String[] shapes = {
                // Chukotka-like: split at ±180, the east piece narrower than a cell at its tip
                "MULTIPOLYGON(((179.9 66.0, 180 66.0, 180 66.02, 179.99 66.015, 179.9 66.0)), ((-180 66.0, -179.9995 66.001, -179.998 66.02, -180 66.02, -180 66.0)))",
                // exactly on column 0's shifted edges and centre
                "POLYGON((179.9987507 65.99, 179.99916736666665 65.995, 179.99958403333332 66.0, 180 66.02, 179.99 66.02, 179.9987507 65.99))",
                "POLYGON((-180.0 66.0, -179.9999993 66.0, -179.9999993 66.01, -180.0 66.01, -180.0 66.0))"};
        for (String wkt : shapes) {
            Geometry g = Shapes.wkt(wkt);
            assertScanEqualsOracle(ARCSEC3_SLICE, g, g);
        }
        CountryCells c = new CountryScanner(ARCSEC3_SLICE).scan(Shapes.fromWkt("RU", shapes[1]), Predicate.CENTER);
        assertTrue(c.runs().size() > 0 && c.runs().start(0) == 0, "column 0, shifted to 179.99917, is inside");
    }

    /**
     * Random star polygons snapped to half-cells, centred near both ends of the grids and elsewhere, some
     * reaching past ±180 (a shape the scan copies by ±360°): scan = oracle for both predicates.
     */
    @Test
    void randomSnappedPolygonsEqualTheOracle() {
        SplittableRandom rnd = new SplittableRandom(20261201);
        GeometryFactory gf = new GeometryFactory();
        int compared = 0;
        for (int i = 0; i < 240; i++) {
            Grid g = List.of(ZERO_360, WEST_OVERHANG, EAST_OVERHANG).get(i % 3);
            double cx = List.of(-177.5, 177.5, 0.0, -90.0, 90.0, 180.0).get(rnd.nextInt(6)) + 2.5 * rnd.nextInt(-2, 3);
            double cy = 2.5 * rnd.nextInt(-20, 21);
            int n = 3 + rnd.nextInt(10);
            double[] angles = rnd.doubles(n, 0, 2 * Math.PI).sorted().toArray();
            Coordinate[] cs = new Coordinate[n + 1];
            for (int k = 0; k < n; k++) {
                double r = (0.3 + 0.7 * rnd.nextDouble()) * 25;
                cs[k] = new Coordinate(snap(cx + r * Math.cos(angles[k])), Math.max(-87.5, Math.min(87.5, snap(cy + r * Math.sin(angles[k])))));
            }
            cs[n] = new Coordinate(cs[0]);
            Geometry p;
            try {
                p = gf.createPolygon(cs);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!p.isValid()) {
                continue;
            }
            assertScanEqualsOracle(g, p, p);
            compared++;
        }
        assertTrue(compared > 120, "compared " + compared);
    }

    private static double snap(double v) { return Math.rint(v / 2.5) * 2.5; }

    /** The shape with rings crossing ±180 cut there into pieces within [-180, 180], for the oracle. */
    static Geometry preSplit(Geometry given) {
        GeometryFactory gf = given.getFactory();
        List<Geometry> parts = new ArrayList<>();
        for (int i = 0; i < given.getNumGeometries(); i++) {
            Geometry p = given.getGeometryN(i);
            Coordinate[] cs = p.getCoordinates();
            boolean jumps = false;
            for (int k = 0; k + 1 < cs.length; k++) {
                jumps |= Math.abs(cs[k + 1].x - cs[k].x) > 180;
            }
            if (!jumps) {
                parts.add(p);
                continue;
            }
            // unwrap east of 180 (single shell, no holes in these fixtures), then cut and move the east part back
            Coordinate[] u = new Coordinate[cs.length];
            for (int k = 0; k < cs.length; k++) {
                u[k] = new Coordinate(cs[k].x < 0 ? cs[k].x + 360 : cs[k].x, cs[k].y);
            }
            Geometry whole = gf.createPolygon(u);
            Geometry west = whole.intersection(gf.toGeometry(new org.locationtech.jts.geom.Envelope(0, 180, -90, 90)));
            Geometry east = whole.intersection(gf.toGeometry(new org.locationtech.jts.geom.Envelope(180, 360, -90, 90)));
            east.apply((Coordinate c) -> c.x -= 360);
            east.geometryChanged();
            parts.add(west);
            parts.add(east);
        }
        List<org.locationtech.jts.geom.Polygon> polys = new ArrayList<>();
        for (Geometry g : parts) {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                polys.add((org.locationtech.jts.geom.Polygon) g.getGeometryN(i));
            }
        }
        return gf.createMultiPolygon(polys.toArray(org.locationtech.jts.geom.Polygon[]::new));
    }
}
