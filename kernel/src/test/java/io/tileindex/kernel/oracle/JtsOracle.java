package io.tileindex.kernel.oracle;

import io.tileindex.kernel.grid.Grid;
import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
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
 * <p>SPEC §2 shift, applied here on its own: a cell whose formula centre lies outside [-180, 180) is
 * tested at its centre (and box) moved by ±360°. The country is a set on the circle: the geometry as
 * given plus its copies moved by ±360° (only those reaching the grid's written frame), so a centre at
 * -180 sees a polygon ending at 180 and a box straddling ±180 sees both sides.
 *
 * <p>Runs are returned as {@code int[]{row, start, end}} (end exclusive), sorted; runs touching across
 * a change of shift are merged, as the production scan's are.
 */
public final class JtsOracle {
    private static final double MARGIN = 1e-7; // degrees: far above float error, far below a cell
    private final Grid g;
    private final Geometry country;
    private final IndexedPointInAreaLocator locator;
    private final STRtree segments = new STRtree();
    private final List<Polygon> polygons = new ArrayList<>();
    private final GeometryFactory gf = new GeometryFactory();
    private final List<double[]> pieces = new ArrayList<>(); // {startCol, endCol, shift}: columns of equal shift
    private RelateNG prepared;

    public JtsOracle(Grid grid, Geometry given) {
        this.g = grid;
        for (int c = 0; c < grid.ncols(); c++) {
            double s = shift(c);
            if (pieces.isEmpty() || pieces.getLast()[2] != s) {
                pieces.add(new double[] {c, c + 1, s});
            } else {
                pieces.getLast()[1] = c + 1;
            }
        }
        double frameW = -180 - 2 * grid.gt1(), frameE = 180 + 2 * grid.gt1();
        List<Polygon> parts = new ArrayList<>();
        for (int i = 0; i < given.getNumGeometries(); i++) {
            Polygon p = (Polygon) given.getGeometryN(i);
            for (double dx : new double[] {0, -360, 360}) {
                Envelope e = p.getEnvelopeInternal();
                if (dx == 0 || (e.getMaxX() + dx >= frameW && e.getMinX() + dx <= frameE)) {
                    parts.add(dx == 0 ? p : translate(p, dx));
                }
            }
        }
        this.country = gf.createMultiPolygon(parts.toArray(Polygon[]::new));
        this.locator = new IndexedPointInAreaLocator(country);
        for (Polygon p : parts) {
            polygons.add(p);
            addRing(p.getExteriorRing().getCoordinates());
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                addRing(p.getInteriorRingN(h).getCoordinates());
            }
        }
        segments.build();
    }

    /** The country as a set on the circle: the given polygons and their ±360° copies that reach the grid. */
    public Geometry country() { return country; }

    /** SPEC §2, written out here: +360 for a formula centre west of -180, -360 at or east of 180. */
    public double shift(int col) {
        double c = g.centroidLon(col);
        return c < -180.0 ? 360.0 : c >= 180.0 ? -360.0 : 0.0;
    }

    private static Polygon translate(Polygon p, double dx) {
        Polygon q = (Polygon) p.copy();
        q.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) { seq.setOrdinate(i, 0, seq.getX(i) + dx); }
            @Override
            public boolean isDone() { return false; }
            @Override
            public boolean isGeometryChanged() { return true; }
        });
        return q;
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

    /** SPEC §3 any_overlap for one cell, its box shifted as SPEC §2 says: box and country share interior. */
    public boolean boxIncluded(int row, int col) {
        if (prepared == null) {
            prepared = RelateNG.prepare(country);
        }
        double s = shift(col);
        double w = g.minLon(col) + s, e = g.maxLon(col) + s, so = g.minLat(row), n = g.maxLat(row);
        return prepared.evaluate(gf.toGeometry(new Envelope(w, e, so, n)), "T********");
    }

    /** One cell under either rule, at its shifted position (for sampled comparisons). */
    public boolean included(int row, int col, boolean centreRule) {
        return centreRule ? centreIncluded(g.centroidLon(col) + shift(col), g.centroidLat(row)) : boxIncluded(row, col);
    }

    public List<int[]> centerRuns() { return runs(true, new int[][] {{0, g.ncols()}}); }

    public List<int[]> anyOverlapRuns() { return runs(false, new int[][] {{0, g.ncols()}}); }

    /** Only the columns of {@code bands} ({@code {start, end}} pairs, ascending, disjoint). */
    public List<int[]> centerRuns(int[][] bands) { return runs(true, bands); }

    public List<int[]> anyOverlapRuns(int[][] bands) { return runs(false, bands); }

    private List<int[]> runs(boolean centreRule, int[][] bands) {
        Envelope env = country.getEnvelopeInternal();
        List<int[]> runs = new ArrayList<>();
        for (int r = 0; r < g.nrows(); r++) {
            double n = centreRule ? g.centroidLat(r) : g.maxLat(r), s = centreRule ? n : g.minLat(r);
            if (s > env.getMaxY() || n < env.getMinY()) {
                continue;
            }
            for (int[] band : bands) {
                for (double[] pc : pieces) {
                    int a = Math.max(band[0], (int) pc[0]), b = Math.min(band[1], (int) pc[1]);
                    if (a < b) {
                        classifySpan(r, a, b, pc[2], env, centreRule, runs);
                    }
                }
            }
        }
        return runs;
    }

    /** Columns [a, b) of row r, all with shift {@code sh}: critical x ranges from the segments, then gaps. */
    private void classifySpan(int r, int a, int b, double sh, Envelope env, boolean centreRule, List<int[]> runs) {
        double pad = centreRule ? 0 : g.gt1();
        int c0 = Math.max(a, (int) Math.floor((env.getMinX() - sh - g.gt0()) / g.gt1()) - 2);
        int c1 = Math.min(b - 1, (int) Math.ceil((env.getMaxX() - sh - g.gt0()) / g.gt1()) + 2);
        if (c0 > c1) {
            return;
        }
        double n = centreRule ? g.centroidLat(r) : g.maxLat(r), s = centreRule ? n : g.minLat(r);
        double xw = g.minLon(c0) + sh - pad, xe = g.maxLon(c1) + sh + pad;
        List<double[]> critical = new ArrayList<>();
        for (Object o : segments.query(new Envelope(xw, xe, s, n))) {
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
        classifyRow(r, c0, c1, sh, critical, centreRule, runs);
    }

    private static double xAt(Coordinate[] s, double y) {
        double t = (y - s[0].y) / (s[1].y - s[0].y);
        t = Math.max(0, Math.min(1, t));
        return s[0].x + t * (s[1].x - s[0].x);
    }

    private void classifyRow(int r, int c0, int c1, double sh, List<double[]> critical, boolean centreRule, List<int[]> runs) {
        // horizontal segments give a critical range of x; for boxes extend each range by a cell
        double pad = centreRule ? 0 : g.gt1();
        critical.sort((p, q) -> Double.compare(p[0], q[0]));
        int ci = 0;
        Boolean gapState = null;
        int runStart = -1;
        double y = g.centroidLat(r);
        for (int c = c0; c <= c1; c++) {
            double cx = g.centroidLon(c) + sh;
            double x = centreRule ? cx : g.minLon(c) + sh;
            double xe = centreRule ? x : g.maxLon(c) + sh;
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
                in = centreRule ? centreIncluded(cx, y) : boxIncluded(r, c);
                gapState = null;
            } else {
                if (gapState == null) {
                    gapState = centreIncluded(cx, y);
                }
                in = gapState;
            }
            if (in && runStart < 0) {
                runStart = c;
            } else if (!in && runStart >= 0) {
                addRun(runs, r, runStart, c);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            addRun(runs, r, runStart, c1 + 1);
        }
    }

    /** Appends run [s, e) of row r, merging it with the last run when they touch. */
    public static void addRun(List<int[]> runs, int r, int s, int e) {
        if (!runs.isEmpty() && runs.getLast()[0] == r && runs.getLast()[2] == s) {
            runs.getLast()[2] = e;
        } else {
            runs.add(new int[] {r, s, e});
        }
    }
}
