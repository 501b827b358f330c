package io.tileindex.validator;

import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.relateng.RelateNG;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One country's area as SPEC §3 defines it, decided by JTS alone: the union of its polygons, interior
 * rings removed; a ring with a longitude jump over 180° unwrapped into one seamless shape (closed
 * through the pole when it encircles one); parts reaching past ±180° also present shifted by ±360° so
 * every grid column sees them. Shared read-only between threads once built; {@link BoxTester}s,
 * which hold JTS's prepared relate state, are per thread.
 */
final class CountryShape {
    private static final GeometryFactory GF = new GeometryFactory();

    /** One polygon (or a ±360° copy of one) with its point locator. */
    private record Part(Polygon polygon, Envelope env, IndexedPointInAreaLocator locator) {}

    private final List<Part> parts = new ArrayList<>();
    private final STRtree partIndex = new STRtree();
    private final STRtree segments = new STRtree();
    private final Envelope env = new Envelope();
    private final boolean unwrapped;

    CountryShape(Geometry country, double gridWest, double gridEast) {
        boolean anyUnwrap = false;
        List<Polygon> polys = new ArrayList<>();
        for (int i = 0; i < country.getNumGeometries(); i++) {
            Geometry g = country.getGeometryN(i);
            if (g instanceof Polygon p && !p.isEmpty()) {
                polys.add(p);
            } else if (g.getNumGeometries() > 1 || g instanceof org.locationtech.jts.geom.GeometryCollection) {
                for (int j = 0; j < g.getNumGeometries(); j++) {
                    if (g.getGeometryN(j) instanceof Polygon p && !p.isEmpty()) {
                        polys.add(p);
                    }
                }
            }
        }
        for (Polygon p : polys) {
            Polygon q = p;
            if (crossesSeam(p)) {
                q = unwrap(p);
                anyUnwrap = true;
            }
            for (int k = -2; k <= 2; k++) {
                double dx = 360.0 * k;
                Envelope e = q.getEnvelopeInternal();
                if (k == 0 || e.getMaxX() + dx >= gridWest && e.getMinX() + dx <= gridEast) {
                    add(k == 0 ? q : shift(q, dx));
                }
            }
        }
        unwrapped = anyUnwrap;
        partIndex.build();
        segments.build();
    }

    boolean unwrapped() { return unwrapped; }

    boolean isEmpty() { return parts.isEmpty(); }

    /** Envelope of all parts, copies included. */
    Envelope envelope() { return env; }

    /** The x-ranges covered by parts, merged, as {min, max} pairs in ascending order. */
    List<double[]> xRanges() {
        List<double[]> r = new ArrayList<>();
        for (Part p : parts) {
            r.add(new double[] {p.env.getMinX(), p.env.getMaxX()});
        }
        r.sort((a, b) -> Double.compare(a[0], b[0]));
        List<double[]> merged = new ArrayList<>();
        for (double[] x : r) {
            if (!merged.isEmpty() && x[0] <= merged.getLast()[1]) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], x[1]);
            } else {
                merged.add(x.clone());
            }
        }
        return merged;
    }

    private void add(Polygon p) {
        IndexedPointInAreaLocator loc = new IndexedPointInAreaLocator(p);
        loc.locate(new Coordinate(0, 0)); // builds the index now, so later concurrent reads only read
        Part part = new Part(p, p.getEnvelopeInternal(), loc);
        parts.add(part);
        partIndex.insert(part.env, part);
        env.expandToInclude(part.env);
        addSegments(p.getExteriorRing().getCoordinates());
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
            addSegments(p.getInteriorRingN(h).getCoordinates());
        }
    }

    private void addSegments(Coordinate[] cs) {
        for (int i = 0; i + 1 < cs.length; i++) {
            segments.insert(new Envelope(cs[i], cs[i + 1]), new Coordinate[] {cs[i], cs[i + 1]});
        }
    }

    /**
     * SPEC §3 centre rule: the point lies in the closed shell of some polygon and in none of that
     * polygon's closed holes.
     */
    boolean containsCentre(double x, double y) {
        if (x < env.getMinX() || x > env.getMaxX() || y < env.getMinY() || y > env.getMaxY()) {
            return false;
        }
        Coordinate c = new Coordinate(x, y);
        for (Object o : candidates(new Envelope(x, x, y, y))) {
            Part p = (Part) o;
            if (!p.env.contains(x, y)) {
                continue;
            }
            int loc = p.locator.locate(c);
            if (loc == Location.INTERIOR) {
                return true;
            }
            if (loc == Location.BOUNDARY && !onHoleBoundary(p.polygon, c)) {
                return true; // on the outer boundary
            }
        }
        return false;
    }

    private List<?> candidates(Envelope e) {
        return parts.size() <= 4 ? parts : partIndex.query(e);
    }

    private static boolean onHoleBoundary(Polygon p, Coordinate c) {
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
            LinearRing ring = p.getInteriorRingN(h);
            if (ring.getEnvelopeInternal().contains(c)
                    && PointLocation.locateInRing(c, ring.getCoordinates()) == Location.BOUNDARY) {
                return true;
            }
        }
        return false;
    }

    /** Per-thread any_overlap tester (JTS's prepared relate keeps mutable caches). */
    BoxTester boxTester() { return new BoxTester(); }

    final class BoxTester {
        private final Map<Part, RelateNG> prepared = new HashMap<>();

        /** SPEC §3 any_overlap: the closed box and the country share interior, i.e. positive area. */
        boolean overlaps(double w, double e, double s, double n) {
            Envelope box = new Envelope(w, e, s, n);
            if (!box.intersects(env)) {
                return false;
            }
            if (!anySegmentTouches(box)) {
                // no boundary reaches the box: it lies wholly inside or wholly outside, like its centre
                return containsCentre(0.5 * (w + e), 0.5 * (s + n));
            }
            Geometry g = GF.toGeometry(box);
            for (Object o : candidates(box)) {
                Part p = (Part) o;
                if (p.env.intersects(box)
                        && prepared.computeIfAbsent(p, q -> RelateNG.prepare(q.polygon)).evaluate(g, "T********")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Per-thread coverage measurer (prepared geometries keep mutable caches). */
    CellCoverage cellCoverage() { return new CellCoverage(); }

    /** The coverage_fraction contract measured by JTS on one cell box at a time. */
    final class CellCoverage {
        private final Map<Part, PreparedGeometry> prepared = new HashMap<>();
        private final Map<Part, QuadCut> cuts = new HashMap<>();

        /**
         * Whether the country covers the closed box, decided with exact predicates on the input
         * polygons (no constructed points): some part alone covers it. A box covered only by several
         * parts together (a cell on a seam between polygons) answers false; its overlay area is then
         * compared within the tolerance instead.
         */
        boolean covers(Envelope box) {
            Geometry g = GF.toGeometry(box);
            for (Object o : candidates(box)) {
                Part p = (Part) o;
                if (p.env.covers(box) && prepared.computeIfAbsent(p, q -> PreparedGeometryFactory.prepare(q.polygon)).covers(g)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * area(box ∩ country) / area(box) in the lon/lat plane: each part (±360° copies included) that
         * meets the box intersected with it by {@link OverlayNGRobust} (through its {@link QuadCut}), the
         * pieces united when there are several (the country is the union of its polygons, which may overlap).
         */
        double fraction(Envelope box) {
            Geometry cell = GF.toGeometry(box);
            List<Geometry> pieces = new ArrayList<>();
            for (Object o : candidates(box)) {
                Part p = (Part) o;
                if (p.env.intersects(box)) {
                    cuts.computeIfAbsent(p, q -> new QuadCut(q.polygon)).intersections(cell, box, pieces);
                }
            }
            if (pieces.isEmpty()) {
                return 0.0;
            }
            Geometry covered = pieces.size() == 1 ? pieces.getFirst() : OverlayNGRobust.union(pieces);
            return covered.getArea() / cell.getArea();
        }
    }

    /**
     * Whether a boundary segment (shell or hole) may meet the closed horizontal segment from
     * {@code (x0, y)} to {@code (x1, y)}, {@code x0 <= x1}. Conservative: true whenever a segment's
     * envelope meets it, so false proves that the segment's points all lie inside or all outside.
     */
    boolean boundaryMeets(double x0, double x1, double y) {
        return anySegmentTouches(new Envelope(x0, x1, y, y));
    }

    /** Whether a boundary segment may meet the closed box (conservative: it only picks the slow path). */
    private boolean anySegmentTouches(Envelope box) {
        for (Object o : segments.query(box)) {
            Coordinate[] s = (Coordinate[]) o;
            if (box.intersects(s[0], s[1])) {
                return true;
            }
        }
        return false;
    }

    // ---- antimeridian (SPEC §3)

    private static boolean crossesSeam(Polygon p) {
        if (jumps(p.getExteriorRing().getCoordinates())) {
            return true;
        }
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
            if (jumps(p.getInteriorRingN(h).getCoordinates())) {
                return true;
            }
        }
        return false;
    }

    private static boolean jumps(Coordinate[] cs) {
        for (int i = 0; i + 1 < cs.length; i++) {
            if (Math.abs(cs[i + 1].x - cs[i].x) > 180.0) {
                return true;
            }
        }
        return false;
    }

    private static Polygon unwrap(Polygon p) {
        Coordinate[] shell = unwrapRing(p.getExteriorRing().getCoordinates());
        double shellMid = mid(shell);
        LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
        for (int h = 0; h < holes.length; h++) {
            Coordinate[] u = unwrapRing(p.getInteriorRingN(h).getCoordinates());
            double k = Math.rint((shellMid - mid(u)) / 360.0);
            holes[h] = GF.createLinearRing(shiftCoords(u, 360.0 * k));
        }
        return GF.createPolygon(GF.createLinearRing(shell), holes);
    }

    private static double mid(Coordinate[] cs) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Coordinate c : cs) {
            lo = Math.min(lo, c.x);
            hi = Math.max(hi, c.x);
        }
        return 0.5 * (lo + hi);
    }

    /**
     * Continuous longitudes along a closed ring. If the ring gains a full turn it encircles a pole:
     * it is restarted at its most poleward vertex and closed along that vertex's meridian through the
     * pole (no edge reaches further poleward, so the closing path crosses none).
     */
    static Coordinate[] unwrapRing(Coordinate[] closed) {
        int n = closed.length - 1; // distinct vertices; closed[n] repeats closed[0]
        int turns = 0;
        for (int i = 1; i <= n; i++) {
            turns += step(closed[i - 1].x, closed[i].x);
        }
        int start = 0;
        double poleLat = 0;
        if (turns != 0) {
            double sumLat = 0;
            for (int i = 0; i < n; i++) {
                sumLat += closed[i].y;
            }
            boolean south = sumLat < 0;
            poleLat = south ? -90.0 : 90.0;
            for (int i = 1; i < n; i++) {
                if (south ? closed[i].y < closed[start].y : closed[i].y > closed[start].y) {
                    start = i;
                }
            }
        }
        List<Coordinate> out = new ArrayList<>(n + 4);
        int k = 0;
        out.add(new Coordinate(closed[start].x, closed[start].y));
        for (int i = 1; i <= n; i++) {
            Coordinate prev = closed[(start + i - 1) % n], cur = closed[(start + i) % n];
            k += step(prev.x, cur.x);
            out.add(new Coordinate(cur.x + 360.0 * k, cur.y));
        }
        if (turns != 0) {
            Coordinate first = out.getFirst(), last = out.getLast();
            out.add(new Coordinate(last.x, poleLat));
            out.add(new Coordinate(first.x, poleLat));
            out.add(new Coordinate(first.x, first.y));
        }
        return out.toArray(Coordinate[]::new);
    }

    /** -1, 0 or +1 turns for one edge: a jump over 180° is a crossing of the seam. */
    private static int step(double fromX, double toX) {
        double d = toX - fromX;
        return d > 180.0 ? -1 : d < -180.0 ? 1 : 0;
    }

    private static Polygon shift(Polygon p, double dx) {
        LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
        for (int h = 0; h < holes.length; h++) {
            holes[h] = GF.createLinearRing(shiftCoords(p.getInteriorRingN(h).getCoordinates(), dx));
        }
        return GF.createPolygon(GF.createLinearRing(shiftCoords(p.getExteriorRing().getCoordinates(), dx)), holes);
    }

    private static Coordinate[] shiftCoords(Coordinate[] cs, double dx) {
        Coordinate[] out = new Coordinate[cs.length];
        for (int i = 0; i < cs.length; i++) {
            out[i] = new Coordinate(cs[i].x + dx, cs[i].y);
        }
        return out;
    }
}
