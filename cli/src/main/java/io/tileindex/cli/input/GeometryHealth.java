package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.AntimeridianNormalizer;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SPEC §3 geometry health for one country, then conversion to the kernel's {@link CountryShape}.
 * Checks run in a fixed order so the reported "first offending location" is deterministic:
 * structural problems, geometry type, then per polygon and ring in file order: non-finite
 * coordinates (E001), coordinates outside lon/lat range (E007), fewer than three distinct points
 * (E001), then JTS validity of the polygon (E001).
 *
 * <p>A ring must end on its first vertex (RFC 7946, OGC simple features): an open ring is E001,
 * never closed by guessing.
 *
 * <p>Validity is JTS's, with one relaxation SPEC §3 makes: a ring that only touches itself at points
 * (the ESRI model's way to enclose a hole) is valid ({@code setSelfTouchingRingFormingHoleValid}), and
 * the kernel evaluates it exactly as given. With {@code repair}, a country that fails a topology check
 * (or has a ring with fewer than three distinct points) is replaced by {@link GeometryRepair#fix} of it,
 * with a note; problems of the file itself (non-finite or projected coordinates, open rings, wrong
 * types) are never repaired.
 *
 * <p>A polygon with an edge jumping more than 180° in longitude crosses the antimeridian and the
 * kernel unwraps it. Seen flat it is a band around the globe that JTS would call self-intersecting
 * (or validate as the wrong shape), so such a polygon is validated in the frame the kernel scans,
 * built by the kernel's own {@link AntimeridianNormalizer#seamless}.
 */
final class GeometryHealth {
    private static final GeometryFactory JTS = new GeometryFactory();

    private GeometryHealth() {}

    static CountryShape check(RawCountry c, Path file) {
        return check(c, file, false);
    }

    /**
     * A problem the repair can take: JTS's reason and where, in the file's frame.
     *
     * @param ring    the ring it was found on, for a ring-level problem, else null
     * @param context said after the location (e.g. that the polygon was checked unwrapped), or ""
     */
    record Problem(String ring, String reason, double lon, double lat, String context) {
        String describe() { return (ring == null ? "" : ring + ": ") + reason + " at " + lonLat(lon, lat) + context; }
    }

    static CountryShape check(RawCountry c, Path file, boolean repair) {
        String iso = c.iso();
        String who = file + ": country " + iso + " (" + c.where() + ")";
        if (c.geometryProblem() != null) {
            throw fail(iso, who + ": " + c.geometryProblem());
        }
        if (!"Polygon".equals(c.geometryType()) && !"MultiPolygon".equals(c.geometryType())) {
            throw fail(iso, who + ": geometry type " + (c.geometryType() == null ? "missing" : c.geometryType())
                    + " is not supported (Polygon or MultiPolygon required)");
        }
        if (c.polygons().isEmpty()) {
            throw fail(iso, who + ": empty " + c.geometryType());
        }
        List<PolygonShape> shapes = new ArrayList<>(c.polygons().size());
        Problem first = null;
        for (int pi = 0; pi < c.polygons().size(); pi++) {
            RawCountry.Polygon p = c.polygons().get(pi);
            if (p.rings().isEmpty()) {
                throw fail(iso, who + ": polygon " + (pi + 1) + " has no rings");
            }
            Problem problem = null;
            for (int ri = 0; ri < p.rings().size() && problem == null; ri++) {
                problem = checkRing(p.rings().get(ri), iso, who + ", " + ringName(pi, ri));
            }
            PolygonShape shape = problem == null ? toShape(p, iso) : null;
            if (problem == null) {
                problem = topologyProblem(shape, iso, who + ", polygon " + (pi + 1));
            }
            if (problem != null && !repair) {
                throw fail(iso, who + (problem.ring() != null ? ", " : ", polygon " + (pi + 1) + ": ") + problem.describe());
            }
            first = first == null ? problem : first;
            shapes.add(shape);
        }
        return OverlappingPolygons.merged(first == null ? new CountryShape(iso, shapes) : GeometryRepair.fix(c, first, who));
    }

    private static PolygonShape toShape(RawCountry.Polygon p, String iso) {
        Ring shell = toRing(p.rings().getFirst(), iso);
        List<Ring> holes = new ArrayList<>(p.rings().size() - 1);
        for (int ri = 1; ri < p.rings().size(); ri++) {
            holes.add(toRing(p.rings().get(ri), iso));
        }
        return new PolygonShape(shell, holes);
    }

    private static String ringName(int pi, int ri) {
        return "polygon " + (pi + 1) + (ri == 0 ? " shell" : " hole " + ri);
    }

    /**
     * Vertex-level checks, first offending vertex wins. Failures of the file itself throw; a ring with
     * fewer than three distinct points is returned as a (repairable) problem.
     */
    private static Problem checkRing(RawCountry.Ring r, String iso, String who) {
        double[] x = r.x(), y = r.y();
        if (x.length == 0) {
            throw fail(iso, who + ": ring has no positions");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw fail(iso, who + ": non-finite coordinate " + lonLat(x[i], y[i]) + " at vertex " + i
                        + (i > 0 ? " (after " + lonLat(x[i - 1], y[i - 1]) + ")" : ""));
            }
            // |lon| up to 540 is legal: unwrapped rings crossing the antimeridian reach past ±180
            if (Math.abs(y[i]) > 90.0 || Math.abs(x[i]) > 540.0) {
                throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, who + ": coordinate (" + x[i] + " " + y[i] + ")"
                        + " at vertex " + i + " is outside lon/lat range; the data looks projected, not WGS84 lon/lat",
                        iso, null, null, null);
            }
        }
        if (Ring.distinctUpTo3(x, y, openLength(x, y)) < 3) {
            return new Problem(who.substring(who.lastIndexOf(", ") + 2), "ring with fewer than 3 distinct points", x[0], y[0], "");
        }
        // RFC 7946 and OGC simple features both require closed rings; guessing the closing edge of a
        // truncated ring would silently change the country's shape
        int n = x.length;
        if (x[0] != x[n - 1] || y[0] != y[n - 1]) {
            throw fail(iso, who + ": ring is not closed: starts at " + lonLat(x[0], y[0]) + " but ends at "
                    + lonLat(x[n - 1], y[n - 1]));
        }
        return null;
    }

    /** Number of vertices without the closing one (if present). */
    private static int openLength(double[] x, double[] y) {
        int n = x.length;
        return n > 1 && x[0] == x[n - 1] && y[0] == y[n - 1] ? n - 1 : n;
    }

    /**
     * JTS validity of one polygon (self-touching rings allowed), or null. A polygon crossing the
     * antimeridian is checked in the kernel's own seamless frame ({@link AntimeridianNormalizer#seamless}):
     * seen flat it is a band around the globe that JTS would call self-intersecting, and the kernel scans
     * exactly the unwrapped shape.
     */
    private static Problem topologyProblem(PolygonShape shape, String iso, String who) {
        PolygonShape seamless = seamless(shape, iso, who);
        Polygon poly = jtsPolygon(seamless);
        IsValidOp op = new IsValidOp(poly);
        op.setSelfTouchingRingFormingHoleValid(true);
        TopologyValidationError err = op.getValidationError();
        if (err == null) {
            return null;
        }
        Coordinate at = err.getCoordinate() != null ? err.getCoordinate() : poly.getExteriorRing().getCoordinateN(0);
        boolean crossing = seamless != shape;
        return new Problem(null, err.getMessage(), crossing ? fileFrame(at.x) : at.x, at.y,
                crossing ? " (polygon crosses the antimeridian; checked unwrapped)" : "");
    }

    /** The polygon as the kernel scans it; a ring that collapses when unwrapped is E001 naming the file. */
    static PolygonShape seamless(PolygonShape shape, String iso, String who) {
        try {
            return AntimeridianNormalizer.seamless(shape, iso);
        } catch (TileIndexException e) {
            // unwrapping moves vertices by whole turns, so a ring valid in the file's frame can collapse
            // (e.g. 152° and 512° are one meridian); the kernel's message knows the country, not the file
            String prefix = "country " + iso + ": ";
            String detail = e.detail().startsWith(prefix) ? e.detail().substring(prefix.length()) : e.detail();
            throw new TileIndexException(e.code(), who + ": after unwrapping across the antimeridian (an edge spans"
                    + " more than 180° of longitude): " + detail, iso, null, null, e);
        }
    }

    static Polygon jtsPolygon(PolygonShape p) {
        LinearRing[] holes = new LinearRing[p.holes().size()];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = linearRing(p.holes().get(i));
        }
        return JTS.createPolygon(linearRing(p.shell()), holes);
    }

    /** A longitude of the unwrapped frame, back in [-180, 180]. */
    private static double fileFrame(double lon) {
        while (lon > 180.0) {
            lon -= 360.0;
        }
        while (lon < -180.0) {
            lon += 360.0;
        }
        return lon;
    }

    /** A closed JTS ring from a kernel ring (which stores no closing vertex). */
    private static LinearRing linearRing(Ring r) {
        int n = r.size();
        Coordinate[] cs = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            cs[i] = new Coordinate(r.x(i), r.y(i));
        }
        cs[n] = cs[0].copy();
        return JTS.createLinearRing(cs);
    }

    private static Ring toRing(RawCountry.Ring r, String iso) {
        return new Ring(r.x(), r.y(), iso);
    }

    static String lonLat(double lon, double lat) {
        return "lon/lat (" + lon + " " + lat + ")";
    }

    private static TileIndexException fail(String iso, String detail) {
        return TileIndexException.forCountry(ErrorCode.E001_GEO_INVALID, iso, detail);
    }
}
