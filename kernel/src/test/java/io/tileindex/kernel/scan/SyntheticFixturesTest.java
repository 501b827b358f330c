package io.tileindex.kernel.scan;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsOracle;
import io.tileindex.kernel.oracle.Shapes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-made edge cases on a 10 x 10 grid of 1° cells with origin (0, 10): cell (row r, col c) has its
 * centre at (c + 0.5, 9.5 - r), so vertices on half-degrees put centres exactly on edges.
 */
class SyntheticFixturesTest {
    static final Grid G = new Grid(10, 10, 0, 1, 0, 10, 0, -1);
    final CountryScanner scanner = new CountryScanner(G);

    CountryCells scan(String wkt, Predicate predicate) {
        return scanner.scan(Shapes.fromWkt("ZZ", wkt), predicate);
    }

    static boolean hasCentre(CountryCells c, double x, double y) {
        return c.runs().contains((int) (9.5 - y), (int) (x - 0.5));
    }

    void assertMatchesOracle(String wkt) {
        JtsOracle oracle = new JtsOracle(G, Shapes.wkt(wkt));
        assertEquals(Shapes.runs(oracle.centerRuns()), Shapes.runs(scan(wkt, Predicate.CENTER).runs()), "center " + wkt);
        assertEquals(Shapes.runs(oracle.anyOverlapRuns()), Shapes.runs(scan(wkt, Predicate.ANY_OVERLAP).runs()), "any_overlap " + wkt);
    }

    @Test
    void centreInsideHoleAndOnHoleBoundaryAreExcluded() {
        String wkt = "POLYGON((1 1, 9 1, 9 9, 1 9, 1 1), (3.5 3.5, 6.5 3.5, 6.5 6.5, 3.5 6.5, 3.5 3.5))";
        CountryCells c = scan(wkt, Predicate.CENTER);
        assertFalse(hasCentre(c, 5.5, 5.5), "inside the hole");
        assertFalse(hasCentre(c, 3.5, 4.5), "on the hole's west edge");
        assertFalse(hasCentre(c, 3.5, 3.5), "on the hole's corner");
        assertFalse(hasCentre(c, 6.5, 5.5), "on the hole's east edge");
        assertTrue(hasCentre(c, 2.5, 5.5));
        assertEquals(48, c.cellsIncluded());
        assertEquals(16, c.cellsExcludedHole());
        assertEquals(c.cellsVisited(), c.cellsIncluded() + c.cellsExcludedHole() + c.cellsExcludedOutside());
        assertMatchesOracle(wkt);
    }

    @Test
    void centresOnOuterBoundaryAreIncluded() {
        // vertical, horizontal and diagonal edges through centres; every vertex is a centre
        String wkt = "POLYGON((1.5 1.5, 8.5 1.5, 1.5 8.5, 1.5 1.5))";
        CountryCells c = scan(wkt, Predicate.CENTER);
        assertTrue(hasCentre(c, 1.5, 1.5), "vertex");
        assertTrue(hasCentre(c, 8.5, 1.5), "vertex");
        assertTrue(hasCentre(c, 1.5, 8.5), "vertex");
        assertTrue(hasCentre(c, 4.5, 1.5), "horizontal edge");
        assertTrue(hasCentre(c, 1.5, 4.5), "vertical edge");
        assertTrue(hasCentre(c, 5.5, 4.5), "diagonal edge");
        assertFalse(hasCentre(c, 5.5, 5.5));
        assertEquals(36, c.cellsIncluded());
        assertMatchesOracle(wkt);
    }

    @Test
    void multipolygonPartsTouchingAlongAnEdgeUnite() {
        String wkt = "MULTIPOLYGON(((1 1, 5.5 1, 5.5 4, 1 4, 1 1)), ((5.5 1, 9 1, 9 4, 5.5 4, 5.5 1)))";
        CountryCells c = scan(wkt, Predicate.CENTER);
        assertTrue(hasCentre(c, 5.5, 2.5), "on the shared edge");
        assertEquals(24, c.cellsIncluded());
        assertEquals(3, c.runs().size(), "one run per row: the parts are one shape");
        assertMatchesOracle(wkt);
    }

    @Test
    void sliverThinnerThanACell() {
        String wkt = "POLYGON((2.1 5.2, 7.9 5.2, 7.9 5.3, 2.1 5.3, 2.1 5.2))";
        assertEquals(0, scan(wkt, Predicate.CENTER).cellsIncluded());
        CountryCells any = scan(wkt, Predicate.ANY_OVERLAP);
        assertEquals(java.util.List.of("4:2-8"), Shapes.runs(any.runs()));
        assertMatchesOracle(wkt);
    }

    @Test
    void edgeAlongCellSidesDoesNotPullInTheOutsideNeighbour() {
        String wkt = "POLYGON((2 2, 5 2, 5 5, 2 5, 2 2))";
        CountryCells any = scan(wkt, Predicate.ANY_OVERLAP);
        assertEquals(java.util.List.of("5:2-5", "6:2-5", "7:2-5"), Shapes.runs(any.runs()));
        assertMatchesOracle(wkt);
    }

    @Test
    void touchingACellOnlyAtACornerExcludesIt() {
        String square = "POLYGON((6 6, 8 6, 8 8, 6 8, 6 6))";
        CountryCells sq = scan(square, Predicate.ANY_OVERLAP);
        assertEquals(4, sq.cellsIncluded());
        assertFalse(sq.runs().contains(4, 5), "cell [5,6]x[5,6] touches only at (6,6)");
        // the hypotenuse passes exactly through the grid corner (7,7)
        String triangle = "POLYGON((6 6, 8 6, 8 8, 6 6))";
        CountryCells tri = scan(triangle, Predicate.ANY_OVERLAP);
        assertEquals(java.util.List.of("2:7-8", "3:6-8"), Shapes.runs(tri.runs()));
        assertMatchesOracle(square);
        assertMatchesOracle(triangle);
    }

    @Test
    void firstAndLastRowsAndColumns() {
        String all = "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))";
        for (Predicate predicate : Predicate.values()) {
            CountryCells c = scan(all, predicate);
            assertEquals(100, c.cellsIncluded(), predicate.name());
            assertEquals(0, c.tileIdMin(10));
            assertEquals(99, c.tileIdMax(10));
        }
        String corner = "POLYGON((9.2 0.3, 9.8 0.3, 9.8 0.8, 9.2 0.8, 9.2 0.3))";
        assertEquals(java.util.List.of("9:9-10"), Shapes.runs(scan(corner, Predicate.CENTER).runs()));
        assertEquals(java.util.List.of("9:9-10"), Shapes.runs(scan(corner, Predicate.ANY_OVERLAP).runs()));
        String firstCell = "POLYGON((0 10, 0.7 10, 0.7 9.2, 0 9.2, 0 10))";
        assertEquals(java.util.List.of("0:0-1"), Shapes.runs(scan(firstCell, Predicate.CENTER).runs()));
        assertMatchesOracle(all);
        assertMatchesOracle(corner);
        assertMatchesOracle(firstCell);
    }

    @Test
    void countryWithNoCellsStillHasASummary() {
        CountryCells outside = scan("POLYGON((20 20, 30 20, 30 30, 20 20))", Predicate.CENTER);
        assertEquals(0, outside.cellsIncluded());
        assertEquals(0, outside.cellsVisited());
        assertEquals(-1, outside.tileIdMin(10));
        CountryCells between = scan("POLYGON((1.6 1.6, 1.9 1.6, 1.9 1.9, 1.6 1.6))", Predicate.CENTER);
        assertEquals(0, between.cellsIncluded());
        assertEquals(1, between.cellsVisited());
        assertEquals(1, between.cellsExcludedOutside());
    }

    @Test
    void ringCrossingTheAntimeridianEqualsTheSameShapePreSplit() {
        Grid world = new Grid(180, 360, -180, 1, 0, 90, 0, -1);
        CountryScanner s = new CountryScanner(world);
        // one ring, jumping from 170 to -170 (unwrapped: 190); crossings of 180 at y=20 and y=45 are exact
        String crossing = "POLYGON((170 10, -170 30, -170 50, 170 40, 170 10))";
        String preSplit = "MULTIPOLYGON(((170 10, 180 20, 180 45, 170 40, 170 10)), ((-180 20, -170 30, -170 50, -180 45, -180 20)))";
        for (Predicate predicate : Predicate.values()) {
            CountryCells a = s.scan(Shapes.fromWkt("FJ", crossing), predicate);
            CountryCells b = s.scan(Shapes.fromWkt("FJ", preSplit), predicate);
            assertEquals(Shapes.runs(b.runs()), Shapes.runs(a.runs()), predicate.name());
            assertTrue(a.cellsIncluded() > 300, "not a band around the globe, not empty: " + a.cellsIncluded());
            assertTrue(a.notes().stream().anyMatch(n -> n.startsWith("antimeridian")));
        }
        JtsOracle oracle = new JtsOracle(world, Shapes.wkt(preSplit));
        assertEquals(Shapes.runs(oracle.centerRuns()),
                Shapes.runs(s.scan(Shapes.fromWkt("FJ", crossing), Predicate.CENTER).runs()));
        assertEquals(Shapes.runs(oracle.anyOverlapRuns()),
                Shapes.runs(s.scan(Shapes.fromWkt("FJ", crossing), Predicate.ANY_OVERLAP).runs()));
    }

    /**
     * Regression: the -360° copy of a polygon reaching past 180° moves 110 and the next double up to one
     * value (-250), collapsing a valid sliver hole to two points, and the copy's re-validation threw E001
     * at scan time (naming the country, not the file). A copy is a translation of a checked ring: it may
     * carry zero-length edges, never an error.
     */
    @Test
    void ringsCollapsingInTheirShiftedCopyStillScan() {
        Grid world = new Grid(180, 360, -180, 1, 0, 90, 0, -1);
        CountryScanner s = new CountryScanner(world);
        String hole = "(110 0, 110.00000000000001 0, 120 5, 110 0)";
        String reaching = "POLYGON((100 -10, 190 -10, 190 10, 100 10, 100 -10), " + hole + ")";
        String preSplit = "MULTIPOLYGON(((100 -10, 180 -10, 180 10, 100 10, 100 -10), " + hole + "),"
                + " ((-180 -10, -170 -10, -170 10, -180 10, -180 -10)))";
        JtsOracle oracle = new JtsOracle(world, Shapes.wkt(preSplit));
        assertEquals(Shapes.runs(oracle.centerRuns()),
                Shapes.runs(s.scan(Shapes.fromWkt("ZZ", reaching), Predicate.CENTER).runs()));
        assertEquals(Shapes.runs(oracle.anyOverlapRuns()),
                Shapes.runs(s.scan(Shapes.fromWkt("ZZ", reaching), Predicate.ANY_OVERLAP).runs()));
        assertEquals(90 * 20, s.scan(Shapes.fromWkt("ZZ", reaching), Predicate.CENTER).cellsIncluded());
    }

    @Test
    void ringAroundThePoleIsClosedThroughThePole() {
        Grid world = new Grid(18, 36, -180, 10, 0, 90, 0, -10);
        CountryShape aq = Shapes.fromWkt("AQ", "POLYGON((-180 -65, -90 -70, 0 -65, 90 -70, 180 -65, -180 -65))");
        CountryCells c = new CountryScanner(world).scan(aq, Predicate.CENTER);
        // centres at -85 and -75 lie south of the coast everywhere
        assertEquals(72, c.cellsIncluded());
    }
}
