package io.tileindex.cli.input;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.relateng.RelateNG;

import java.util.ArrayList;
import java.util.List;

/**
 * A country is the union of its polygons (SPEC §3), but the coverage walk adds its polygons up, so
 * polygons whose interiors overlap (two features of one code, or a ring closed through a pole over the
 * parts drawn beside it) are replaced by their union, computed by JTS in the frame the kernel scans
 * (each polygon unwrapped across the antimeridian). Eligibility is unchanged (the union has the same
 * points). A country whose polygons do not overlap is returned as it is, vertex for vertex. Stateless.
 */
final class OverlappingPolygons {
    private static final GeometryFactory JTS = new GeometryFactory();

    private OverlappingPolygons() {}

    /** {@code c}, or its overlapping polygons merged (noted), each group at its first member's place. */
    static CountryShape merged(CountryShape c) {
        int n = c.polygons().size();
        if (n < 2) {
            return c;
        }
        Polygon[] flat = new Polygon[n];
        for (int i = 0; i < n; i++) {
            flat[i] = GeometryHealth.jtsPolygon(GeometryHealth.seamless(c.polygons().get(i), c.iso(), "country " + c.iso()));
        }
        Groups g = new Groups(flat);
        List<PolygonShape> out = new ArrayList<>();
        int merged = 0;
        for (int i = 0; i < n; i++) {
            List<Geometry> members = g.membersInRootFrame(i);
            if (members == null) {
                continue; // a later member of a group: its union was placed at the first member
            }
            if (members.size() == 1) {
                out.add(c.polygons().get(i));
            } else {
                merged += members.size();
                out.addAll(shapes(OverlayNGRobust.union(JTS.buildGeometry(members)), c.iso()));
            }
        }
        if (merged == 0) {
            return c;
        }
        List<String> notes = new ArrayList<>(c.notes());
        notes.add("overlapping polygons: " + merged + " merged into their union");
        return new CountryShape(c.iso(), out, notes);
    }

    /**
     * Polygons linked by overlapping interiors, on the circle: a polygon unwrapped past ±180° overlaps
     * another one shifted by ±360° (Antarctica closed through the pole over the parts drawn beside it).
     * A union-find whose links carry the shift that brings a member into its root's frame.
     */
    private static final class Groups {
        private final Polygon[] p;
        private final int[] parent;
        private final double[] shift; // to the parent's frame

        Groups(Polygon[] p) {
            this.p = p;
            this.parent = new int[p.length];
            this.shift = new double[p.length];
            STRtree index = new STRtree();
            for (int i = 0; i < p.length; i++) {
                parent[i] = i;
                index.insert(p[i].getEnvelopeInternal(), i);
            }
            for (int i = 0; i < p.length; i++) {
                for (double k : new double[] {0, -360, 360}) {
                    Envelope e = new Envelope(p[i].getEnvelopeInternal());
                    e.translate(k, 0);
                    for (Object o : index.query(e)) {
                        int j = (Integer) o;
                        if (j != i && (k != 0 || j > i) && overlap(p[i], k, p[j])) {
                            link(j, i, -k); // p[j] - k overlaps p[i]
                        }
                    }
                }
            }
        }

        /** p[i] shifted by k overlaps p[j] in area. */
        private static boolean overlap(Polygon a, double k, Polygon b) {
            return RelateNG.relate(k == 0 ? a : shifted(a, k), b, "T********");
        }

        private int root(int i) {
            while (parent[i] != i) {
                i = parent[i];
            }
            return i;
        }

        /** The shift that brings p[i] into its root's frame. */
        private double toRoot(int i) {
            double s = 0;
            while (parent[i] != i) {
                s += shift[i];
                i = parent[i];
            }
            return s;
        }

        /** p[j] + k lies in p[i]'s frame. */
        private void link(int j, int i, double k) {
            int ri = root(i), rj = root(j);
            if (ri != rj) {
                double s = k + toRoot(i) - toRoot(j); // rj's frame into ri's
                int lo = Math.min(ri, rj), hi = Math.max(ri, rj);
                parent[hi] = lo;
                shift[hi] = hi == rj ? s : -s;
            }
        }

        /** The group's members in its root's frame if {@code i} is its first member, else null. */
        List<Geometry> membersInRootFrame(int i) {
            int r = root(i);
            for (int j = 0; j < i; j++) {
                if (root(j) == r) {
                    return null;
                }
            }
            List<Geometry> out = new ArrayList<>();
            for (int j = i; j < p.length; j++) {
                if (root(j) == r) {
                    double s = toRoot(j);
                    out.add(s == 0 ? p[j] : shifted(p[j], s));
                }
            }
            return out;
        }
    }

    private static Geometry shifted(Geometry g, double dx) {
        return AffineTransformation.translationInstance(dx, 0).transform(g);
    }

    private static List<PolygonShape> shapes(Geometry union, String iso) {
        List<PolygonShape> out = new ArrayList<>();
        for (Object o : PolygonExtracter.getPolygons(union)) {
            Polygon p = (Polygon) o;
            List<Ring> holes = new ArrayList<>();
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                holes.add(ring(p.getInteriorRingN(h), iso));
            }
            out.add(new PolygonShape(ring(p.getExteriorRing(), iso), holes));
        }
        return out;
    }

    private static Ring ring(LineString r, String iso) {
        Coordinate[] cs = r.getCoordinates();
        double[] x = new double[cs.length], y = new double[cs.length];
        for (int i = 0; i < cs.length; i++) {
            x[i] = cs[i].x;
            y[i] = cs[i].y;
        }
        return new Ring(x, y, iso);
    }
}
