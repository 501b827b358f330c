package io.tileindex.cli.input;

import org.locationtech.jts.algorithm.RayCrossingCounter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds polygons from a shapefile polygon record, which is a flat list of rings. ESRI's convention:
 * clockwise rings are outer rings, counter-clockwise rings are holes. Each hole belongs to the smallest
 * outer ring containing it, decided as GDAL/OGR's shapefile driver does (organizePolygons, ONLY_CCW):
 * containment is tested with a vertex of the hole that is not on the shell's boundary, with JTS's
 * robust ray-crossing locator. A hole that no outer ring contains is kept as an outer ring of its own.
 * So an island in a lake in an island comes out as its own polygon, not as a hole's hole.
 */
final class ShapefileRings {
    private ShapefileRings() {}

    /** Polygons in the order of their outer rings in the record; each polygon's holes in record order. */
    static List<RawCountry.Polygon> assemble(List<RawCountry.Ring> rings) {
        if (rings.size() == 1) {
            return List.of(new RawCountry.Polygon(rings));
        }
        int n = rings.size();
        double[] area = new double[n];
        boolean[] shell = new boolean[n];
        for (int i = 0; i < n; i++) {
            area[i] = signedArea(rings.get(i));
            shell[i] = area[i] <= 0; // clockwise (or degenerate: the health check reports it as a ring)
        }
        int[] owner = new int[n];
        Coordinate[][] coords = new Coordinate[n][];
        Envelope[] env = new Envelope[n];
        for (int i = 0; i < n; i++) {
            env[i] = envelope(rings.get(i));
        }
        for (int h = 0; h < n; h++) {
            owner[h] = shell[h] ? h : smallestContainingShell(h, rings, shell, area, env, coords);
        }
        List<RawCountry.Polygon> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            if (owner[s] != s) {
                continue;
            }
            List<RawCountry.Ring> members = new ArrayList<>();
            members.add(rings.get(s));
            for (int h = 0; h < n; h++) {
                if (h != s && owner[h] == s) {
                    members.add(rings.get(h));
                }
            }
            out.add(new RawCountry.Polygon(members));
        }
        return out;
    }

    /** The index of the smallest outer ring containing hole {@code h}, or {@code h} itself when none does. */
    private static int smallestContainingShell(int h, List<RawCountry.Ring> rings, boolean[] shell, double[] area,
                                               Envelope[] env, Coordinate[][] coords) {
        int best = h;
        for (int s = 0; s < rings.size(); s++) {
            if (!shell[s] || !env[s].contains(env[h]) || best != h && Math.abs(area[s]) >= Math.abs(area[best])) {
                continue;
            }
            if (coords[s] == null) {
                coords[s] = coordinates(rings.get(s));
            }
            if (contains(coords[s], rings.get(h))) {
                best = s;
            }
        }
        return best;
    }

    /**
     * Whether the ring {@code shell} contains {@code hole}: the first hole vertex off the shell's boundary
     * decides. A hole lying entirely on the boundary (a degenerate copy) counts as inside.
     */
    private static boolean contains(Coordinate[] shell, RawCountry.Ring hole) {
        Coordinate p = new Coordinate();
        for (int i = 0; i < hole.x().length; i++) {
            p.x = hole.x()[i];
            p.y = hole.y()[i];
            int loc = RayCrossingCounter.locatePointInRing(p, shell);
            if (loc != Location.BOUNDARY) {
                return loc == Location.INTERIOR;
            }
        }
        return true;
    }

    /** Shoelace area: negative for clockwise rings (y up), the shapefile's outer rings. */
    static double signedArea(RawCountry.Ring r) {
        double[] x = r.x(), y = r.y();
        int n = x.length;
        if (n < 3) {
            return 0;
        }
        double sum = 0;
        // relative to the first vertex: keeps the products small, so the sign survives for tiny rings
        for (int i = 1; i < n - 1; i++) {
            sum += (x[i] - x[0]) * (y[i + 1] - y[0]) - (x[i + 1] - x[0]) * (y[i] - y[0]);
        }
        return sum / 2;
    }

    private static Envelope envelope(RawCountry.Ring r) {
        Envelope e = new Envelope();
        for (int i = 0; i < r.x().length; i++) {
            e.expandToInclude(r.x()[i], r.y()[i]);
        }
        return e;
    }

    /** The ring as JTS coordinates, closed (the locator needs the closing vertex). */
    private static Coordinate[] coordinates(RawCountry.Ring r) {
        int n = r.x().length;
        boolean closed = n > 0 && r.x()[0] == r.x()[n - 1] && r.y()[0] == r.y()[n - 1];
        Coordinate[] c = new Coordinate[closed ? n : n + 1];
        for (int i = 0; i < n; i++) {
            c[i] = new Coordinate(r.x()[i], r.y()[i]);
        }
        if (!closed && n > 0) {
            c[n] = c[0].copy();
        }
        return c;
    }
}
