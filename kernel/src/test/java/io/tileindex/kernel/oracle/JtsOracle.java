package io.tileindex.kernel.oracle;

import io.tileindex.kernel.grid.Grid;
import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.relateng.RelateNG;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent implementation of SPEC §3 built only on JTS, for tests. It shares no code with
 * the production scan: every in/out decision is JTS's ({@link IndexedPointInAreaLocator} for centres,
 * {@link RelateNG} "interiors intersect" for cell boxes). To stay fast on Russia-sized countries it
 * evaluates one representative cell per gap between boundary crossings of a row (all centres in such
 * a gap share their location) and every cell within a safety margin of a crossing individually.
 *
 * <p>Runs are returned as {@code int[]{row, start, end}} (end exclusive), sorted.
 */
public final class JtsOracle {
    private static final double MARGIN = 1e-7; // degrees: far above float error, far below a cell
    private final Grid g;
    private final Geometry country;
    private final IndexedPointInAreaLocator locator;
    private final STRtree segments = new STRtree();
    private final List<Polygon> polygons = new ArrayList<>();
    private final GeometryFactory gf = new GeometryFactory();
    private RelateNG prepared;

    public JtsOracle(Grid grid, Geometry country) {
        this.g = grid;
        this.country = country;
        this.locator = new IndexedPointInAreaLocator(country);
        for (int i = 0; i < country.getNumGeometries(); i++) {
            Polygon p = (Polygon) country.getGeometryN(i);
            polygons.add(p);
            addRing(p.getExteriorRing().getCoordinates());
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                addRing(p.getInteriorRingN(h).getCoordinates());
            }
        }
        segments.build();
    }

    private void addRing(Coordinate[] cs) {
        for (int i = 0; i + 1 < cs.length; i++) {
            Coordinate[] seg = {cs[i], cs[i + 1]};
            segments.insert(new Envelope(cs[i], cs[i + 1]), seg);
        }
    }

    /** SPEC §3 centre rule for one point: in some polygon's closed shell and in none of its closed holes. */
    public boolean centreIncluded(double x, double y) {
        Coordinate c = new Coordinate(x, y);
        int loc = locator.locate(c);
        if (loc == Location.INTERIOR) {
            return true;
        }
        if (loc == Location.EXTERIOR) {
            return false;
        }
        for (Polygon p : polygons) {
            if (PointLocation.locateInRing(c, p.getExteriorRing().getCoordinates()) == Location.EXTERIOR) {
                continue;
            }
            boolean inHole = false;
            for (int h = 0; h < p.getNumInteriorRing() && !inHole; h++) {
                inHole = PointLocation.locateInRing(c, p.getInteriorRingN(h).getCoordinates()) != Location.EXTERIOR;
            }
            if (!inHole) {
                return true;
            }
        }
        return false;
    }

    /** SPEC §3 any_overlap for one cell: the cell box and the country share interior (positive area). */
    public boolean boxIncluded(int row, int col) {
        if (prepared == null) {
            prepared = RelateNG.prepare(country);
        }
        double w = g.minLon(col), e = g.maxLon(col), s = g.minLat(row), n = g.maxLat(row);
        if (prepared.evaluate(box(w, e, s, n), "T********")) {
            return true;
        }
        // a cell reaching past ±180 also covers the same place on the other side of the seam
        if (w < -180 && prepared.evaluate(box(w + 360, e + 360, s, n), "T********")) {
            return true;
        }
        return e > 180 && prepared.evaluate(box(w - 360, e - 360, s, n), "T********");
    }

    private Geometry box(double w, double e, double s, double n) {
        return gf.toGeometry(new Envelope(w, e, s, n));
    }

    public List<int[]> centerRuns() {
        Envelope env = country.getEnvelopeInternal();
        List<int[]> runs = new ArrayList<>();
        for (int r = 0; r < g.nrows(); r++) {
            double y = g.centroidLat(r);
            if (y < env.getMinY() || y > env.getMaxY()) {
                continue;
            }
            List<double[]> critical = new ArrayList<>();
            for (Object o : segments.query(new Envelope(env.getMinX(), env.getMaxX(), y, y))) {
                Coordinate[] s = (Coordinate[]) o;
                double y1 = s[0].y, y2 = s[1].y;
                if (y < Math.min(y1, y2) || y > Math.max(y1, y2)) {
                    continue;
                }
                if (y1 == y2) {
                    critical.add(new double[] {Math.min(s[0].x, s[1].x) - MARGIN, Math.max(s[0].x, s[1].x) + MARGIN});
                } else {
                    double x = s[0].x + (y - y1) * (s[1].x - s[0].x) / (y2 - y1);
                    critical.add(new double[] {x - MARGIN, x + MARGIN});
                }
            }
            classifyRow(r, critical, env, true, runs);
        }
        return runs;
    }

    public List<int[]> anyOverlapRuns() {
        Envelope env = country.getEnvelopeInternal();
        List<int[]> runs = new ArrayList<>();
        for (int r = 0; r < g.nrows(); r++) {
            double n = g.maxLat(r), s = g.minLat(r);
            if (s > env.getMaxY() || n < env.getMinY()) {
                continue;
            }
            // every cell whose closed box a segment may touch is decided by RelateNG on its box
            List<double[]> critical = new ArrayList<>();
            for (Object o : segments.query(new Envelope(env.getMinX(), env.getMaxX(), s, n))) {
                Coordinate[] seg = (Coordinate[]) o;
                double ylo = Math.max(s, Math.min(seg[0].y, seg[1].y));
                double yhi = Math.min(n, Math.max(seg[0].y, seg[1].y));
                if (ylo > yhi) {
                    continue;
                }
                if (seg[0].y == seg[1].y) {
                    critical.add(new double[] {Math.min(seg[0].x, seg[1].x) - MARGIN, Math.max(seg[0].x, seg[1].x) + MARGIN});
                    continue;
                }
                double xa = xAt(seg, ylo), xb = xAt(seg, yhi);
                critical.add(new double[] {Math.min(xa, xb) - MARGIN, Math.max(xa, xb) + MARGIN});
            }
            classifyRow(r, critical, env, false, runs);
        }
        return runs;
    }

    private static double xAt(Coordinate[] s, double y) {
        double t = (y - s[0].y) / (s[1].y - s[0].y);
        t = Math.max(0, Math.min(1, t));
        return s[0].x + t * (s[1].x - s[0].x);
    }

    private void classifyRow(int r, List<double[]> critical, Envelope env, boolean centreRule, List<int[]> runs) {
        int c0 = Math.max(0, (int) Math.floor((env.getMinX() - g.gt0()) / g.gt1()) - 2);
        int c1 = Math.min(g.ncols() - 1, (int) Math.ceil((env.getMaxX() - g.gt0()) / g.gt1()) + 2);
        if (env.getMaxX() >= 180.0 || env.getMinX() <= -180.0) {
            c0 = 0; // cells straddling the seam see the other side too
            c1 = g.ncols() - 1;
        }
        if (c0 > c1) {
            return;
        }
        // horizontal segments give a critical range of x; for boxes extend each range by a cell
        double pad = centreRule ? 0 : g.gt1();
        critical.sort((a, b) -> Double.compare(a[0], b[0]));
        int ci = 0;
        Boolean gapState = null;
        int runStart = -1;
        double y = g.centroidLat(r);
        for (int c = c0; c <= c1; c++) {
            double x = centreRule ? g.centroidLon(c) : g.minLon(c);
            double xe = centreRule ? x : g.maxLon(c);
            while (ci < critical.size() && critical.get(ci)[1] + pad < x) {
                ci++;
                gapState = null; // passed a crossing: the next gap must be re-evaluated
            }
            boolean isCritical = false;
            for (int k = ci; k < critical.size() && critical.get(k)[0] - pad <= xe; k++) {
                if (critical.get(k)[1] + pad >= x) {
                    isCritical = true;
                    break;
                }
            }
            boolean in;
            if (isCritical) {
                in = centreRule ? centreIncluded(g.centroidLon(c), y) : boxIncluded(r, c);
                gapState = null;
            } else {
                if (gapState == null) {
                    gapState = centreIncluded(g.centroidLon(c), y);
                }
                in = gapState;
            }
            if (in && runStart < 0) {
                runStart = c;
            } else if (!in && runStart >= 0) {
                runs.add(new int[] {r, runStart, c});
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            runs.add(new int[] {r, runStart, c1 + 1});
        }
    }
}
