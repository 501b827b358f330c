package io.tileindex.cli.input;

import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --repair-geometry} (SPEC §3): an invalid country is replaced by JTS {@link GeometryFixer#fix}
 * of all its polygons together (so overlapping parts come out unioned, the same point set the union
 * semantics define), taken in the frame the kernel scans (polygons crossing the antimeridian
 * unwrapped). Only polygonal parts of the result are kept. The country's summary line gets a note
 * with what was wrong, where, and the geodesic area before and after. Stateless and thread-safe.
 */
final class GeometryRepair {
    private static final GeometryFactory JTS = new GeometryFactory();

    private GeometryRepair() {}

    static final String NOTE_PREFIX = "repaired with --repair-geometry: ";

    /** Whether {@code s} is the result of {@link #fix}. */
    static boolean repaired(CountryShape s) {
        return s.notes().stream().anyMatch(n -> n.startsWith(NOTE_PREFIX));
    }

    static CountryShape fix(RawCountry c, GeometryHealth.Problem first, String who) {
        Geometry before = JTS.buildGeometry(polygons(c, who));
        Geometry fixed = GeometryFixer.fix(before);
        List<PolygonShape> shapes = new ArrayList<>();
        for (int i = 0; i < fixed.getNumGeometries(); i++) {
            addPolygons(fixed.getGeometryN(i), c.iso(), shapes);
        }
        String note = String.format(Locale.ROOT, NOTE_PREFIX + "%s; geodesic area %.3f km² before, "
                + "%.3f km² after", first.describe(), GeodesicArea.km2(before), GeodesicArea.km2(fixed));
        return new CountryShape(c.iso(), shapes, List.of(note));
    }

    /** The country's polygons as JTS polygons in the scan's frame; rings too short for JTS are left out. */
    private static List<Geometry> polygons(RawCountry c, String who) {
        List<Geometry> out = new ArrayList<>();
        for (RawCountry.Polygon p : c.polygons()) {
            PolygonShape shape = constructible(p, c.iso());
            if (shape != null) {
                out.add(GeometryHealth.jtsPolygon(GeometryHealth.seamless(shape, c.iso(), who)));
                continue;
            }
            LinearRing shell = jtsRing(p.rings().getFirst());
            if (shell == null) {
                continue; // a degenerate shell encloses nothing
            }
            List<LinearRing> holes = new ArrayList<>();
            for (RawCountry.Ring r : p.rings().subList(1, p.rings().size())) {
                LinearRing h = jtsRing(r);
                if (h != null) {
                    holes.add(h);
                }
            }
            out.add(JTS.createPolygon(shell, holes.toArray(LinearRing[]::new)));
        }
        return out;
    }

    /** The kernel's polygon, or null when a ring has fewer than three distinct points. */
    private static PolygonShape constructible(RawCountry.Polygon p, String iso) {
        try {
            List<Ring> holes = new ArrayList<>();
            for (RawCountry.Ring r : p.rings().subList(1, p.rings().size())) {
                holes.add(new Ring(r.x(), r.y(), iso));
            }
            return new PolygonShape(new Ring(p.rings().getFirst().x(), p.rings().getFirst().y(), iso), holes);
        } catch (TileIndexException e) {
            return null;
        }
    }

    private static LinearRing jtsRing(RawCountry.Ring r) {
        if (r.x().length < 4) {
            return null;
        }
        Coordinate[] cs = new Coordinate[r.x().length];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = new Coordinate(r.x()[i], r.y()[i]);
        }
        return JTS.createLinearRing(cs);
    }

    private static void addPolygons(Geometry g, String iso, List<PolygonShape> out) {
        if (g instanceof Polygon p && !p.isEmpty()) {
            List<Ring> holes = new ArrayList<>();
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                holes.add(ring(p.getInteriorRingN(h).getCoordinates(), iso));
            }
            out.add(new PolygonShape(ring(p.getExteriorRing().getCoordinates(), iso), holes));
        } else {
            for (int i = 0; i < g.getNumGeometries() && g.getNumGeometries() > 1; i++) {
                addPolygons(g.getGeometryN(i), iso, out);
            }
        }
    }

    private static Ring ring(Coordinate[] cs, String iso) {
        double[] x = new double[cs.length], y = new double[cs.length];
        for (int i = 0; i < cs.length; i++) {
            x[i] = cs[i].x;
            y[i] = cs[i].y;
        }
        return new Ring(x, y, iso);
    }
}
