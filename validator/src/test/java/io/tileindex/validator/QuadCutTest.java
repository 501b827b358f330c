package io.tileindex.validator;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.RingClipper;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cut the coverage sample overlays cells with: through the cut, a cell's fraction is the overlay
 * of the cell with the whole polygon, for rings that start anywhere, holes, and cells across the cut
 * lines; and a cut that would turn a ring inside out for JTS is refused.
 */
class QuadCutTest {
    static final GeometryFactory GF = new GeometryFactory();
    /** An arch ("∩", counter-clockwise): two legs joined by a bar above y = 1.5. */
    static final double[][] ARCH = {{0, 0}, {1, 0}, {1, 1.5}, {2, 1.5}, {2, 0}, {3, 0}, {3, 2}, {0, 2}};
    /** A comb of four legs under a bar, counter-clockwise: its lower quadrants, cut at y = 1 and x = 2, each hold two legs. */
    static final double[][] COMB = {{0, 0}, {0.5, 0}, {0.5, 1.5}, {1, 1.5}, {1, 0}, {1.5, 0}, {1.5, 1.5}, {2.5, 1.5},
            {2.5, 0}, {3, 0}, {3, 1.5}, {3.5, 1.5}, {3.5, 0}, {4, 0}, {4, 2}, {0, 2}};

    /** The ring through {@code corners} from corner {@code start}, each edge cut into {@code perEdge} pieces. */
    static Coordinate[] ring(double[][] corners, int start, int perEdge) {
        List<Coordinate> out = new ArrayList<>();
        for (int i = 0; i < corners.length; i++) {
            double[] a = corners[(start + i) % corners.length], b = corners[(start + i + 1) % corners.length];
            for (int k = 0; k < perEdge; k++) {
                double t = (double) k / perEdge;
                out.add(new Coordinate(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])));
            }
        }
        out.add(out.getFirst().copy());
        return out.toArray(Coordinate[]::new);
    }

    /** Every cell of a 0.07° grid over the polygon: its fraction through the cut equals the whole polygon's overlay. */
    static void assertCutMatchesOverlay(Polygon p) {
        CountryShape.CellCoverage cut = new CountryShape(p, -180, 180).cellCoverage();
        Envelope env = p.getEnvelopeInternal();
        int cells = 0;
        for (double x = env.getMinX() - 0.2; x < env.getMaxX() + 0.1; x += 0.07) {
            for (double y = env.getMinY() - 0.2; y < env.getMaxY() + 0.1; y += 0.07) {
                Envelope box = new Envelope(x, x + 0.07, y, y + 0.07);
                Geometry cell = GF.toGeometry(box);
                double whole = OverlayNGRobust.overlay(cell, p, OverlayNG.INTERSECTION).getArea() / cell.getArea();
                assertEquals(whole, cut.fraction(box), 1e-12, box.toString());
                cells++;
            }
        }
        assertTrue(cells > 1000);
    }

    @Test
    void throughTheCutACellsFractionIsItsOverlayWithTheWholePolygon() {
        for (int start = 0; start < COMB.length; start++) {
            Polygon comb = GF.createPolygon(ring(COMB, start, 20)); // 320 points: cut at least once
            assertTrue(comb.getNumPoints() > QuadCut.LEAF_POINTS);
            assertCutMatchesOverlay(comb);
        }
        double[][] square = {{0, 0}, {3, 0}, {3, 3}, {0, 3}};
        double[][] hole1 = {{0.5, 0.5}, {0.5, 2.0}, {1.6, 2.0}, {1.6, 0.5}}; // across x = 1.5
        double[][] hole2 = {{2.0, 1.2}, {2.0, 1.8}, {2.8, 1.8}, {2.8, 1.2}};  // across y = 1.5
        LinearRing[] holes = {GF.createLinearRing(ring(hole1, 1, 30)), GF.createLinearRing(ring(hole2, 2, 30))};
        assertCutMatchesOverlay(GF.createPolygon(GF.createLinearRing(ring(square, 3, 60)), holes));
    }

    /**
     * Regression: Canada's and Russia's coasts gave the complement of the right area (0.0000395 for
     * 0.0000245) where a quadrant's top edge bridged two legs of a ring: JTS reads a clipped ring's
     * orientation at its highest point, here a bridge the clipper runs back along, and OverlayNG then
     * takes the piece's outside for its inside.
     */
    @Test
    void aCutThatWouldTurnARingInsideOutIsRefused() {
        Envelope below = new Envelope(-1, 4, -1, 1);
        Envelope cell = new Envelope(0.5, 1.25, 0.25, 0.5); // 2/3 of it in the left leg
        Polygon arch = GF.createPolygon(ring(ARCH, 2, 1));
        Coordinate[] clipped = new RingClipper(below).clip(arch.getExteriorRing().getCoordinates());
        double misread = OverlayNGRobust.overlay(GF.toGeometry(cell), GF.createPolygon(clipped), OverlayNG.INTERSECTION).getArea();
        assertNotEquals(0.125, misread, 1e-12); // what an unchecked cut would have measured
        assertSame(QuadCut.LOST, QuadCut.clip(arch, below));
        assertEquals(2.0 / 3, new CountryShape(arch, -180, 180).cellCoverage().fraction(cell), 1e-12);
    }
}
