package io.tileindex.kernel.oracle;

import io.tileindex.kernel.grid.Grid;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

import java.util.ArrayList;
import java.util.List;

/**
 * Coverage fractions from JTS alone, for tests: {@code cell.intersection(country).getArea() / cell.getArea()}
 * with the cell at its written bounds (SPEC §2 shift applied here, by {@link JtsOracle#shift}) and the
 * country with its ±360° copies. To stay fast on large countries the country is clipped to halves of a
 * box of cells, recursively (intersection is associative: (country ∩ box) ∩ cell = country ∩ cell for
 * a cell in the box); a box the clip leaves empty or whole has every cell at 0 or 1.
 */
public final class JtsCoverageOracle {
    /** The production values to check: {@code included} and {@code fraction} of a cell. */
    public interface Actual {
        boolean included(int row, int col);

        double fraction(int row, int col);
    }

    private final Grid g;
    private final JtsOracle base;
    private final GeometryFactory gf = new GeometryFactory();
    private final List<String> mismatches = new ArrayList<>();
    private Actual actual;
    private double tolerance;
    private long checked, partial;
    private double maxDeviation;

    public JtsCoverageOracle(Grid grid, Geometry given) {
        this.g = grid;
        this.base = new JtsOracle(grid, given);
    }

    /** JTS's fraction of one cell. */
    public double fraction(int row, int col) {
        Geometry cell = cell(row, col, col);
        return intersection(cell, base.country()).getArea() / cell.getArea();
    }

    /**
     * Every included cell of rows {@code [r0, r1]}, columns {@code [c0, c1]} compared with JTS; returns up to
     * 20 mismatches (row, col, production, JTS).
     */
    public List<String> compare(int r0, int r1, int c0, int c1, Actual actual, double tolerance) {
        this.actual = actual;
        this.tolerance = tolerance;
        mismatches.clear();
        checked = 0;
        partial = 0;
        maxDeviation = 0;
        int s = c0;
        for (int c = c0 + 1; c <= c1 + 1; c++) {
            if (c == c1 + 1 || base.shift(c) != base.shift(s)) { // a box never spans a change of shift
                box(base.country(), r0, r1, s, c - 1);
                s = c;
            }
        }
        return List.copyOf(mismatches);
    }

    /** Cells compared in the last {@link #compare}, and how many of them JTS found partly covered. */
    public long checked() { return checked; }

    public long partial() { return partial; }

    /** The largest |production − JTS| in the last {@link #compare}. */
    public double maxDeviation() { return maxDeviation; }

    private void box(Geometry clipped, int r0, int r1, int c0, int c1) {
        Geometry box = cell(r0, r1, c0, c1);
        Geometry in = intersection(clipped, box);
        double a = in.getArea(), whole = box.getArea();
        if (r0 == r1 && c0 == c1) {
            partial++;
            check(r0, c0, a / whole);
        } else if (a == 0 || in.isEmpty()) {
            uniform(r0, r1, c0, c1, 0.0);
        } else if (Math.abs(whole - a) <= 1e-13 * whole) {
            uniform(r0, r1, c0, c1, 1.0);
        } else if (r1 - r0 >= c1 - c0) {
            int m = (r0 + r1) >>> 1;
            box(in, r0, m, c0, c1);
            box(in, m + 1, r1, c0, c1);
        } else {
            int m = (c0 + c1) >>> 1;
            box(in, r0, r1, c0, m);
            box(in, r0, r1, m + 1, c1);
        }
    }

    private void uniform(int r0, int r1, int c0, int c1, double value) {
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                check(r, c, value);
            }
        }
    }

    private void check(int r, int c, double expected) {
        if (!actual.included(r, c)) {
            return;
        }
        checked++;
        double got = actual.fraction(r, c);
        maxDeviation = Math.max(maxDeviation, Math.abs(got - expected));
        if (!(Math.abs(got - expected) <= tolerance) && mismatches.size() < 20) {
            mismatches.add("cell (" + r + ", " + c + "): production " + got + ", JTS " + expected);
        }
    }

    /**
     * OverlayNG with its snapping fallbacks (the classic overlay fails on some seam shapes), polygons only:
     * the lines and points where shapes touch a box's side have no area and would stop the next overlay.
     */
    private Geometry intersection(Geometry a, Geometry b) {
        Geometry r = OverlayNGRobust.overlay(a, b, OverlayNG.INTERSECTION);
        if (r instanceof Polygonal) {
            return r;
        }
        return gf.buildGeometry(PolygonExtracter.getPolygons(r));
    }

    private Geometry cell(int row, int c0, int c1) { return cell(row, row, c0, c1); }

    private Geometry cell(int r0, int r1, int c0, int c1) {
        double s = base.shift(c0);
        return gf.toGeometry(new Envelope(g.minLon(c0) + s, g.maxLon(c1) + s, g.minLat(r1), g.maxLat(r0)));
    }
}
