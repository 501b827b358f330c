package io.tileindex.cli.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Holes assigned to shells by containment (ESRI orientation, GDAL's rule), including nesting. */
class ShapefileRingsTest {
    /** A closed axis-aligned square; clockwise (an ESRI outer ring) or counter-clockwise (a hole). */
    static RawCountry.Ring square(double x0, double y0, double x1, double y1, boolean clockwise) {
        return clockwise
                ? new RawCountry.Ring(new double[] {x0, x0, x1, x1, x0}, new double[] {y0, y1, y1, y0, y0})
                : new RawCountry.Ring(new double[] {x0, x1, x1, x0, x0}, new double[] {y0, y0, y1, y1, y0});
    }

    @Test
    void orientationFollowsEsri() {
        assertTrue(ShapefileRings.signedArea(square(0, 0, 1, 1, true)) < 0, "clockwise is negative: an outer ring");
        assertTrue(ShapefileRings.signedArea(square(0, 0, 1, 1, false)) > 0);
    }

    @Test
    void islandInLakeInIslandInLakeInIsland() {
        // five nested squares alternating shell / hole, listed in a scrambled order
        RawCountry.Ring a = square(0, 0, 100, 100, true), b = square(10, 10, 90, 90, false),
                c = square(20, 20, 80, 80, true), d = square(30, 30, 70, 70, false), e = square(40, 40, 60, 60, true);
        List<RawCountry.Polygon> ps = ShapefileRings.assemble(List.of(d, a, e, b, c));
        assertEquals(3, ps.size(), "three islands, each its own polygon");
        // polygons in the order of their shells in the record: a, e, c
        assertSame(a, ps.get(0).rings().get(0));
        assertEquals(List.of(a, b), ps.get(0).rings(), "outer island with its lake");
        assertEquals(List.of(e), ps.get(1).rings(), "innermost island, no lake");
        assertEquals(List.of(c, d), ps.get(2).rings(), "middle island with the inner lake, not the outer one's");
    }

    @Test
    void holeGoesToTheSmallestContainingShellAmongSeveral() {
        RawCountry.Ring big = square(0, 0, 100, 100, true), left = square(110, 0, 150, 40, true),
                holeInLeft = square(120, 10, 130, 20, false), holeInBig = square(50, 50, 60, 60, false);
        List<RawCountry.Polygon> ps = ShapefileRings.assemble(List.of(holeInLeft, big, holeInBig, left));
        assertEquals(List.of(big, holeInBig), ps.get(0).rings());
        assertEquals(List.of(left, holeInLeft), ps.get(1).rings());
    }

    @Test
    void holeTouchingItsShellIsDecidedByAVertexOffTheBoundary() {
        RawCountry.Ring shell = square(0, 0, 10, 10, true);
        // a hole sharing the shell's bottom-left corner and part of its left edge
        RawCountry.Ring hole = new RawCountry.Ring(new double[] {0, 5, 5, 0, 0}, new double[] {0, 0, 5, 5, 0});
        List<RawCountry.Polygon> ps = ShapefileRings.assemble(List.of(shell, hole));
        assertEquals(1, ps.size());
        assertEquals(List.of(shell, hole), ps.getFirst().rings());
    }

    @Test
    void holeOutsideEveryShellBecomesItsOwnPolygon() {
        RawCountry.Ring shell = square(0, 0, 10, 10, true), stray = square(20, 20, 30, 30, false);
        List<RawCountry.Polygon> ps = ShapefileRings.assemble(List.of(shell, stray));
        assertEquals(2, ps.size());
        assertEquals(List.of(stray), ps.get(1).rings());
    }

    @Test
    void singleRingIsAPolygonWhateverItsOrientation() {
        RawCountry.Ring ccw = square(0, 0, 1, 1, false);
        assertEquals(List.of(ccw), ShapefileRings.assemble(List.of(ccw)).getFirst().rings());
    }
}
