package io.tileindex.validator;

import org.locationtech.jts.algorithm.Area;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Polygons from the flat ring list of a shapefile polygon record. The shapefile's rule: a clockwise
 * ring is an outer ring, a counter-clockwise one a hole; each hole belongs to the smallest outer ring
 * that covers it, found by trying the outer rings from the smallest area up with JTS's prepared
 * {@code covers} (so a hole may touch its shell); a hole no outer ring covers becomes a polygon of its
 * own. Orientation is JTS's signed ring area.
 */
final class ShapefilePolygons {
    private ShapefilePolygons() {}

    /** One record's rings as a Polygon (one outer ring) or a MultiPolygon, outer rings in record order. */
    static Geometry assemble(List<LinearRing> rings, GeometryFactory gf) {
        int n = rings.size();
        if (n == 1) {
            return gf.createPolygon(rings.getFirst());
        }
        boolean[] shell = new boolean[n];
        List<Integer> bySize = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shell[i] = Area.ofRingSigned(rings.get(i).getCoordinateSequence()) >= 0; // JTS: positive when clockwise
            if (shell[i]) {
                bySize.add(i);
            }
        }
        bySize.sort(Comparator.comparingDouble(i -> Area.ofRing(rings.get(i).getCoordinateSequence())));
        List<PreparedGeometry> prepared = new ArrayList<>();
        for (int i : bySize) {
            prepared.add(PreparedGeometryFactory.prepare(gf.createPolygon(rings.get(i))));
        }
        List<List<LinearRing>> holesOf = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            holesOf.add(new ArrayList<>());
        }
        for (int h = 0; h < n; h++) {
            int owner = shell[h] ? -1 : owner(rings.get(h), prepared);
            if (owner >= 0) {
                holesOf.get(bySize.get(owner)).add(rings.get(h));
            }
            shell[h] |= owner < 0; // an outer ring, or a hole no outer ring covers: a polygon of its own
        }
        List<Polygon> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (shell[i]) {
                out.add(gf.createPolygon(rings.get(i), holesOf.get(i).toArray(LinearRing[]::new)));
            }
        }
        return out.size() == 1 ? out.getFirst() : gf.createMultiPolygon(out.toArray(Polygon[]::new));
    }

    /** The index in {@code shells} (smallest first) of the first shell covering {@code hole}; -1 when none does. */
    private static int owner(LinearRing hole, List<PreparedGeometry> shells) {
        for (int k = 0; k < shells.size(); k++) {
            PreparedGeometry s = shells.get(k);
            if (s.getGeometry().getEnvelopeInternal().covers(hole.getEnvelopeInternal()) && s.covers(hole)) {
                return k;
            }
        }
        return -1;
    }
}
