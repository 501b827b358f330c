package io.tileindex.validator;

import org.locationtech.jts.algorithm.Area;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.RingClipper;

import java.util.ArrayList;
import java.util.List;

/**
 * A polygon cut into quadrants, recursively, until each piece has at most {@link #LEAF_POINTS} points,
 * the cuts made only where cells ask; a cell's intersection is then JTS's overlay of the cell with the
 * few small pieces it meets. Why: the overlay of a cell with a whole polygon costs in the polygon's
 * size (about 1 ms a cell for Canada's mainland, 20 k points), and cutting with the overlay costs as
 * much again. The cuts are JTS's {@link RingClipper} (Sutherland-Hodgman against the quadrant): each
 * ring clipped on its own, in linear time. A clipped ring may run back and forth along the quadrant's
 * edge (zero-area spikes), as the rings OverlayNG clips internally do, which its noding and labelling
 * are built to take; but OverlayNG reads a ring's orientation from the ring itself, which such a run can
 * mislead, so a cut that would change how a ring reads is not made ({@link #clip(Polygon, Envelope)}).
 * Checked on the whole bundled world (75,840 cells along every country's boundary): the same fractions
 * as the overlay with the whole country, to 8e-13, in half its time (a sixth for Canada's and Russia's
 * cells). Not thread-safe: one per thread ({@link CountryShape.CellCoverage}).
 */
final class QuadCut {
    static final int LEAF_POINTS = 256;
    /** A bound on the recursion where points crowd a tiny area: such a piece is overlaid as it is. */
    private static final int MAX_DEPTH = 24;
    private static final GeometryFactory GF = new GeometryFactory();

    private final Envelope cut;
    /** The polygon within {@link #cut}; null when nothing of it is there. */
    private final Polygon piece;
    private final int depth;
    private QuadCut[] quadrants;
    /** Set when a cut would leave a ring that JTS reads with the other orientation: this piece is overlaid whole. */
    private boolean uncut;

    QuadCut(Polygon polygon) { this(polygon.getEnvelopeInternal(), polygon, 0); }

    private QuadCut(Envelope cut, Polygon piece, int depth) {
        this.cut = cut;
        this.piece = piece;
        this.depth = depth;
    }

    /** Adds to {@code out} the non-empty polygonal intersections of {@code cell} (the box {@code box}) with the pieces it meets. */
    void intersections(Geometry cell, Envelope box, List<Geometry> out) {
        if (piece == null || !cut.intersects(box)) {
            return;
        }
        if (piece.getNumPoints() <= LEAF_POINTS || depth >= MAX_DEPTH || quadrants() == null) {
            Geometry g = polygonal(OverlayNGRobust.overlay(cell, piece, OverlayNG.INTERSECTION));
            if (!g.isEmpty()) {
                out.add(g);
            }
            return;
        }
        for (QuadCut q : quadrants()) {
            q.intersections(cell, box, out);
        }
    }

    /** The four quadrants, cut on first use; null when this piece cannot be cut (see {@link #uncut}). */
    private QuadCut[] quadrants() {
        if (quadrants == null && !uncut) {
            double mx = 0.5 * (cut.getMinX() + cut.getMaxX()), my = 0.5 * (cut.getMinY() + cut.getMaxY());
            Envelope[] e = {new Envelope(cut.getMinX(), mx, cut.getMinY(), my), new Envelope(mx, cut.getMaxX(), cut.getMinY(), my),
                    new Envelope(cut.getMinX(), mx, my, cut.getMaxY()), new Envelope(mx, cut.getMaxX(), my, cut.getMaxY())};
            QuadCut[] q = new QuadCut[4];
            for (int i = 0; i < 4; i++) {
                Polygon p = clip(piece, e[i]);
                if (p == LOST) {
                    uncut = true;
                    return null;
                }
                q[i] = new QuadCut(e[i], p, depth + 1);
            }
            quadrants = q;
        }
        return quadrants;
    }

    /** What the clips answer when a ring would lose its orientation (compared by identity). */
    static final Polygon LOST = GF.createPolygon();
    private static final LinearRing LOST_RING = GF.createLinearRing();

    /**
     * The polygon within {@code box}, ring by ring; null when its shell keeps no area there; {@link #LOST}
     * when a clipped ring's orientation, as JTS reads it ({@link Orientation#isCCW}, from the highest
     * point), differs from its ring's: OverlayNG would then take the piece's outside for its inside, so
     * such a piece is not cut (the clipper's back-and-forth runs along the box edge can mislead it).
     */
    static Polygon clip(Polygon p, Envelope box) {
        if (box.covers(p.getEnvelopeInternal())) {
            return p;
        }
        LinearRing shell = clip(p.getExteriorRing(), box);
        if (shell == null || shell == LOST_RING) {
            return shell == null ? null : LOST;
        }
        List<LinearRing> holes = new ArrayList<>();
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
            LinearRing hole = clip(p.getInteriorRingN(h), box);
            if (hole == LOST_RING) {
                return LOST;
            }
            if (hole != null) {
                holes.add(hole);
            }
        }
        return GF.createPolygon(shell, holes.toArray(LinearRing[]::new));
    }

    /** A ring within {@code box}; null when it keeps no area there (what is dropped has none); {@link #LOST_RING} when its orientation would read otherwise. */
    private static LinearRing clip(LinearRing ring, Envelope box) {
        if (!box.intersects(ring.getEnvelopeInternal())) {
            return null;
        }
        if (box.covers(ring.getEnvelopeInternal())) {
            return ring;
        }
        Coordinate[] c = new RingClipper(box).clip(ring.getCoordinates());
        if (c.length < 4 || !c[0].equals2D(c[c.length - 1]) || Area.ofRing(c) == 0.0) {
            return null;
        }
        boolean kept = Orientation.isCCW(c) == Orientation.isCCW(ring.getCoordinates());
        return kept ? GF.createLinearRing(c) : LOST_RING;
    }

    /** The polygons of an overlay result (where areas only touch, it may also hold lines and points, of no area). */
    static Geometry polygonal(Geometry g) {
        if (g instanceof Polygon || g instanceof MultiPolygon) {
            return g;
        }
        @SuppressWarnings("unchecked")
        List<Polygon> polys = PolygonExtracter.getPolygons(g);
        return GF.buildGeometry(polys);
    }
}
