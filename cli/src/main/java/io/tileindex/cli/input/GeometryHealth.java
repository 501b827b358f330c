package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
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
import java.util.Arrays;
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
 * <p>A polygon with an edge jumping more than 180° in longitude crosses the antimeridian and the
 * kernel unwraps it. Seen flat it is a band around the globe that JTS would call self-intersecting
 * (or validate as the wrong shape), so such a polygon is validated in the kernel's unwrapped form:
 * same unwrapping and hole placement as {@code AntimeridianNormalizer}, pole closure see {@link #unwrap}.
 */
final class GeometryHealth {
    private static final GeometryFactory JTS = new GeometryFactory();

    private GeometryHealth() {}

    static CountryShape check(RawCountry c, Path file) {
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
        for (int pi = 0; pi < c.polygons().size(); pi++) {
            RawCountry.Polygon p = c.polygons().get(pi);
            if (p.rings().isEmpty()) {
                throw fail(iso, who + ": polygon " + (pi + 1) + " has no rings");
            }
            for (int ri = 0; ri < p.rings().size(); ri++) {
                checkRing(p.rings().get(ri), iso, who + ", " + ringName(pi, ri));
            }
            checkTopology(p, iso, who + ", polygon " + (pi + 1));
            Ring shell = toRing(p.rings().getFirst(), iso);
            List<Ring> holes = new ArrayList<>(p.rings().size() - 1);
            for (int ri = 1; ri < p.rings().size(); ri++) {
                holes.add(toRing(p.rings().get(ri), iso));
            }
            shapes.add(new PolygonShape(shell, holes));
        }
        return new CountryShape(iso, shapes);
    }

    private static String ringName(int pi, int ri) {
        return "polygon " + (pi + 1) + (ri == 0 ? " shell" : " hole " + ri);
    }

    /** Vertex-level checks, first offending vertex wins. */
    private static void checkRing(RawCountry.Ring r, String iso, String who) {
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
        if (io.tileindex.kernel.geom.Ring.distinctUpTo3(x, y, openLength(x, y)) < 3) {
            throw fail(iso, who + ": ring with fewer than 3 distinct points at " + lonLat(x[0], y[0]));
        }
        // RFC 7946 and OGC simple features both require closed rings; guessing the closing edge of a
        // truncated ring would silently change the country's shape
        int n = x.length;
        if (x[0] != x[n - 1] || y[0] != y[n - 1]) {
            throw fail(iso, who + ": ring is not closed: starts at " + lonLat(x[0], y[0]) + " but ends at "
                    + lonLat(x[n - 1], y[n - 1]));
        }
    }

    /** Number of vertices without the closing one (if present). */
    private static int openLength(double[] x, double[] y) {
        int n = x.length;
        return n > 1 && x[0] == x[n - 1] && y[0] == y[n - 1] ? n - 1 : n;
    }

    private static void checkTopology(RawCountry.Polygon p, String iso, String who) {
        boolean crossing = false;
        for (RawCountry.Ring r : p.rings()) {
            crossing |= hasJump(r.x(), openLength(r.x(), r.y()));
        }
        Polygon poly;
        if (!crossing) {
            LinearRing shell = linearRing(p.rings().getFirst().x(), p.rings().getFirst().y(),
                    openLength(p.rings().getFirst().x(), p.rings().getFirst().y()));
            LinearRing[] holes = new LinearRing[p.rings().size() - 1];
            for (int i = 1; i < p.rings().size(); i++) {
                RawCountry.Ring h = p.rings().get(i);
                holes[i - 1] = linearRing(h.x(), h.y(), openLength(h.x(), h.y()));
            }
            poly = JTS.createPolygon(shell, holes);
        } else {
            double[][] shell = unwrap(p.rings().getFirst());
            double shellMid = mid(shell[0]);
            LinearRing[] holes = new LinearRing[p.rings().size() - 1];
            for (int i = 1; i < p.rings().size(); i++) {
                double[][] h = unwrap(p.rings().get(i));
                double k = Math.rint((shellMid - mid(h[0])) / 360.0);
                if (k != 0) {
                    for (int j = 0; j < h[0].length; j++) {
                        h[0][j] += 360.0 * k;
                    }
                }
                holes[i - 1] = linearRing(h[0], h[1], h[0].length);
            }
            poly = JTS.createPolygon(linearRing(shell[0], shell[1], shell[0].length), holes);
        }
        TopologyValidationError err = new IsValidOp(poly).getValidationError();
        if (err != null) {
            Coordinate at = err.getCoordinate() != null ? err.getCoordinate() : poly.getExteriorRing().getCoordinateN(0);
            // report in the file's frame, not the unwrapped one
            double lon = at.x;
            while (crossing && lon > 180.0) {
                lon -= 360.0;
            }
            while (crossing && lon < -180.0) {
                lon += 360.0;
            }
            throw fail(iso, who + ": " + err.getMessage() + " at " + lonLat(lon, at.y)
                    + (crossing ? " (polygon crosses the antimeridian; checked unwrapped)" : ""));
        }
    }

    private static boolean hasJump(double[] x, int n) {
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            if (Math.abs(x[j] - x[i]) > 180.0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Continuous longitudes for an open ring, as the kernel's AntimeridianNormalizer.unwrap computes
     * them (raw longitude plus a whole number of turns); returns {x, y}. A ring that gains a full turn
     * encircles a pole and is closed through it. Unlike the kernel, which closes along the start
     * vertex's meridian, the closure here runs along the meridian of the vertex nearest that pole: no
     * edge can cross that meridian segment, so JTS judges the ring itself, not an artefact of where
     * the file happens to start it.
     */
    private static double[][] unwrap(RawCountry.Ring r) {
        double[] sx = r.x(), sy = r.y();
        int n = openLength(sx, sy);
        int turns = 0;
        for (int i = 0; i < n; i++) {
            turns += turn(sx[i], sx[(i + 1) % n]);
        }
        if (turns == 0) {
            return unwrapFrom(sx, sy, n, 0);
        }
        double sumLat = 0;
        for (int i = 0; i < n; i++) {
            sumLat += sy[i];
        }
        double poleLat = sumLat >= 0 ? 90.0 : -90.0;
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (poleLat > 0 ? sy[i] > sy[start] : sy[i] < sy[start]) {
                start = i;
            }
        }
        double[][] u = unwrapFrom(sx, sy, n, start);
        double x0 = u[0][0], y0 = u[1][0];
        double endX = x0 + 360.0 * turns;
        double[] px = Arrays.copyOf(u[0], n + 3);
        double[] py = Arrays.copyOf(u[1], n + 3);
        px[n] = endX; py[n] = y0;
        px[n + 1] = endX; py[n + 1] = poleLat;
        px[n + 2] = x0; py[n + 2] = poleLat;
        return new double[][] {px, py};
    }

    /** The open ring rotated to begin at vertex {@code start}, longitudes made continuous. */
    private static double[][] unwrapFrom(double[] sx, double[] sy, int n, int start) {
        double[] x = new double[n], y = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int j = (start + i) % n;
            if (i > 0) {
                k += turn(sx[(j + n - 1) % n], sx[j]);
            }
            x[i] = k == 0 ? sx[j] : sx[j] + 360.0 * k;
            y[i] = sy[j];
        }
        return new double[][] {x, y};
    }

    /** +1 / -1 when the edge from longitude a to b jumps more than 180° (crosses the antimeridian). */
    private static int turn(double a, double b) {
        double d = b - a;
        return d > 180.0 ? -1 : d < -180.0 ? 1 : 0;
    }

    private static double mid(double[] x) {
        double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            mn = Math.min(mn, v);
            mx = Math.max(mx, v);
        }
        return 0.5 * (mn + mx);
    }

    /** A closed JTS ring from the first n (open) vertices. */
    private static LinearRing linearRing(double[] x, double[] y, int n) {
        Coordinate[] cs = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            cs[i] = new Coordinate(x[i], y[i]);
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
