package io.tileindex.kernel.scan;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsCoverageOracle;
import io.tileindex.kernel.oracle.Shapes;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage fractions ({@link CoverageWalker}) against hand-computed values and against JTS
 * ({@code cell ∩ country} area over cell area) on every included cell, for both predicates: synthetic
 * fixtures (holes, slivers, touching parts, edges on grid lines, GeometryFixer's repairs), snapped random
 * polygons and the shifted grids at the antimeridian (including a ring across it, unwrapped).
 */
class CoverageFractionsTest {
    static final Grid G = RandomPolygonsOracleTest.G; // 40 x 40 cells of 1°, north-west corner (0, 40)
    static final double TOL = 1e-9;

    static CoverageFractions fractions(Grid g, CountryShape shape) {
        CountryScanner s = new CountryScanner(g);
        return s.coverage(s.prepare(shape, Predicate.ANY_OVERLAP));
    }

    /** The production fractions of every included cell equal JTS's, under both predicates. */
    static void assertEqualsJts(Grid g, Geometry given, Geometry forOracle) {
        CountryShape shape = Shapes.fromJts("ZZ", given);
        CountryScanner s = new CountryScanner(g);
        CoverageFractions f = s.coverage(s.prepare(shape, Predicate.ANY_OVERLAP));
        for (Predicate p : Predicate.values()) {
            CellRuns runs = s.scan(shape, p).runs();
            if (runs.size() == 0) {
                continue;
            }
            JtsCoverageOracle oracle = new JtsCoverageOracle(g, forOracle);
            List<String> bad = oracle.compare(runs.row(0), runs.row(runs.size() - 1), 0, g.ncols() - 1,
                    new JtsCoverageOracle.Actual() {
                        public boolean included(int row, int col) { return runs.contains(row, col); }
                        public double fraction(int row, int col) { return f.fractionOf(g.tileId(row, col)); }
                    }, TOL);
            assertEquals(List.of(), bad, p + " on " + g + ": " + given);
            assertEquals(runs.cellCount(), oracle.checked(), "every included cell compared");
        }
    }

    @Test
    void handComputedFractionsOfARectangleAndATriangle() {
        // x in [0.5, 2.5], y in [30.25, 32]: rows 8..9 (lat 32..30), columns 0..2
        CoverageFractions r = fractions(G, Shapes.fromWkt("ZZ", "POLYGON((0.5 30.25, 2.5 30.25, 2.5 32, 0.5 32, 0.5 30.25))"));
        assertEquals(0.5, r.fractionOf(G.tileId(8, 0)));
        assertEquals(1.0, r.fractionOf(G.tileId(8, 1)));
        assertEquals(0.5, r.fractionOf(G.tileId(8, 2)));
        assertEquals(0.375, r.fractionOf(G.tileId(9, 0)));
        assertEquals(0.75, r.fractionOf(G.tileId(9, 1)));
        assertEquals(0.375, r.fractionOf(G.tileId(9, 2)));
        assertEquals(5, r.size(), "row 8's middle cell has no edge through it: not listed");
        // the lower-left half of cell (10, 0) = [0, 1] x [29, 30]
        CoverageFractions t = fractions(G, Shapes.fromWkt("ZZ", "POLYGON((0 29, 1 29, 0 30, 0 29))"));
        assertEquals(1, t.size());
        assertEquals(0.5, t.fraction(0), 1e-15);
    }

    @Test
    void edgesOnGridLinesLeaveWholeCellsAtExactlyOne() {
        CoverageFractions f = fractions(G, Shapes.fromWkt("ZZ", "POLYGON((3 20, 9 20, 9 25, 3 25, 3 20))"));
        assertEquals(0, f.size(), "no edge passes through an open cell interior");
        assertEquals(1.0, f.fractionOf(G.tileId(17, 5)));
    }

    @Test
    void clockwiseShellsAndHolesCountTheSame() {
        CoverageFractions ccw = fractions(G, Shapes.fromWkt("ZZ", "POLYGON((0.5 10.5, 5.5 10.5, 5.5 15.5, 0.5 15.5, 0.5 10.5), (1.5 11.5, 1.5 13.25, 3.25 13.25, 3.25 11.5, 1.5 11.5))"));
        CoverageFractions cw = fractions(G, Shapes.fromWkt("ZZ", "POLYGON((0.5 10.5, 0.5 15.5, 5.5 15.5, 5.5 10.5, 0.5 10.5), (1.5 11.5, 3.25 11.5, 3.25 13.25, 1.5 13.25, 1.5 11.5))"));
        assertEquals(ccw.size(), cw.size());
        for (int i = 0; i < ccw.size(); i++) {
            assertEquals(ccw.tileId(i), cw.tileId(i));
            assertEquals(ccw.fraction(i), cw.fraction(i), 1e-15);
        }
        assertEquals(1 - 0.25 * 0.25, ccw.fractionOf(G.tileId(26, 3)), 1e-15, "hole corner in cell [3, 4] x [13, 14]");
    }

    @Test
    void syntheticFixturesEqualJts() {
        List<String> fixtures = List.of(
                // hole touching its shell at a point, slivers narrower than a cell, an edge along a row line
                "POLYGON((2 2, 20 2, 20 20, 2 20, 2 2), (5 5, 11 2, 15 9, 5 5))",
                "POLYGON((1.1 1.1, 30.7 1.13, 30.7 1.1300001, 1.1 1.1))",
                "POLYGON((10.25 30, 10.2500001 5.5, 10.2500002 30, 10.25 30))",
                // parts touching at a point, and parts 1e-7° apart
                "MULTIPOLYGON(((3.5 3.5, 8.5 3.5, 8.5 8.25, 3.5 8.25, 3.5 3.5)), ((8.5 8.25, 12.75 8.25, 12.75 12, 8.5 12, 8.5 8.25)), ((12.75 6, 15 6, 15 8, 12.75 6)), ((12.7500001 8.25, 13.6 8.25, 13.6 9, 12.7500001 8.25)))",
                // GeometryFixer's repair of a bow-tie: two triangles meeting at a point
                "MULTIPOLYGON(((0.3 0.3, 6.1 3.2, 0.3 6.1, 0.3 0.3)), ((6.1 3.2, 11.9 0.3, 11.9 6.1, 6.1 3.2)))",
                // a comb: many edges in one cell column, with vertices on cell corners and centres
                "POLYGON((1 30, 1.2 38.5, 1.4 30, 1.6 38.5, 1.8 30, 2 38.5, 2.5 38.5, 2.5 29.5, 1 29.5, 1 30))",
                // reaching past the grid's north and east edges (clipped by the grid)
                "POLYGON((35.5 35.5, 45 36.2, 44 47, 33.3 44.4, 35.5 35.5))");
        for (String wkt : fixtures) {
            Geometry g = Shapes.wkt(wkt);
            assertTrue(g.isValid(), wkt);
            assertEqualsJts(G, g, g);
        }
    }

    /** Invalid input repaired by JTS GeometryFixer (what --repair-geometry does), then walked. */
    @Test
    void geometryFixersRepairsEqualJts() {
        for (String invalid : List.of(
                "POLYGON((1.3 1.3, 12.7 9.1, 12.7 1.3, 1.3 9.1, 1.3 1.3))", // a bow-tie: two triangles
                "POLYGON((2.5 2.5, 15.5 2.5, 15.5 15.5, 2.5 15.5, 2.5 2.5), (18.2 3.3, 22.7 3.3, 22.7 8.8, 18.2 3.3))", // hole outside
                "POLYGON((3.1 20.2, 9.9 20.2, 9.9 26.6, 6.5 20.2, 3.1 26.6, 3.1 20.2))")) { // a ring touching itself
            Geometry fixed = org.locationtech.jts.geom.util.GeometryFixer.fix(Shapes.wkt(invalid));
            assertTrue(fixed.isValid() && fixed.getArea() > 0, invalid);
            assertEqualsJts(G, fixed, fixed);
        }
    }

    @Test
    void snappedRandomPolygonsEqualJts() {
        SplittableRandom rnd = new SplittableRandom(20261202);
        int compared = 0;
        for (int i = 0; i < 200; i++) {
            Geometry poly = RandomPolygonsOracleTest.randomPolygon(rnd);
            if (poly != null && poly.isValid()) {
                assertEqualsJts(G, poly, poly);
                compared++;
            }
        }
        assertTrue(compared > 100, "compared " + compared);
    }

    @Test
    void seamShapesOnShiftedGridsEqualJts() {
        for (Grid g : List.of(ShiftedGridOracleTest.ZERO_360, ShiftedGridOracleTest.WEST_OVERHANG,
                ShiftedGridOracleTest.EAST_OVERHANG)) {
            for (String wkt : ShiftedGridOracleTest.SEAM_SHAPES) {
                Geometry given = Shapes.wkt(wkt);
                assertEqualsJts(g, given, ShiftedGridOracleTest.preSplit(given));
            }
        }
    }

    /** The encode stage walks a row group's rows only: any split of the rows gives the whole walk's cells and bits. */
    @Test
    void bandsOfRowsGiveTheWholeWalksBits() {
        SplittableRandom rnd = new SplittableRandom(11);
        CountryScanner s = new CountryScanner(G);
        for (int i = 0; i < 120; i++) {
            Geometry poly = RandomPolygonsOracleTest.randomPolygon(rnd);
            if (poly == null || !poly.isValid()) {
                continue;
            }
            PreparedCountry p = s.prepare(Shapes.fromJts("ZZ", poly), Predicate.ANY_OVERLAP);
            CoverageFractions whole = s.coverage(p);
            List<String> joined = new java.util.ArrayList<>();
            for (int r = p.rowLo(); r <= p.rowHi(); ) {
                int to = Math.min(p.rowHi(), r + rnd.nextInt(4));
                CoverageFractions band = s.coverage(p, r, to);
                for (int k = 0; k < band.size(); k++) {
                    joined.add(band.tileId(k) + "=" + Double.doubleToRawLongBits(band.fraction(k)));
                }
                r = to + 1;
            }
            List<String> expected = new java.util.ArrayList<>();
            for (int k = 0; k < whole.size(); k++) {
                expected.add(whole.tileId(k) + "=" + Double.doubleToRawLongBits(whole.fraction(k)));
            }
            assertEquals(expected, joined, poly.toString());
        }
    }

    @Test
    void theSameFractionsOnEveryRun() {
        CountryShape s = Shapes.fromJts("ZZ", RandomPolygonsOracleTest.randomPolygon(new SplittableRandom(5)));
        CoverageFractions a = fractions(G, s), b = fractions(G, s);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(a.fraction(i)), Double.doubleToRawLongBits(b.fraction(i)));
        }
    }
}
