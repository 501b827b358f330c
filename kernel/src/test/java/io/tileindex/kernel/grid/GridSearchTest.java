package io.tileindex.kernel.grid;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleToIntFunction;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every {@link GridSearch} method against a linear scan of the grid formula its javadoc names, at
 * the grid's own coordinates, their neighbouring doubles, midpoints and points beyond the grid.
 */
class GridSearchTest {
    static final Grid WORLDPOP = CellAreaTest.WORLDPOP;
    static final Grid[] GRIDS = {
        new Grid(10, 10, 0, 1, 0, 10, 0, -1), // SyntheticFixturesTest's grid
        new Grid(180, 360, -180, 1, 0, 90, 0, -1),
        new Grid(1_000, 3_000, -180.0012492999999921, 0.0083333333, 0, 83.6329165016826985, 0, -0.0083333333),
        new Grid(37, 101, 179.9, 1.0 / 3, 0, -10.05, 0, -0.1), // reaching past +180, origin south of 0
        new Grid(5, 7, -0.5, 0.1, 0, 0.25, 0, -0.1), // 0.1 is inexact: formulas round
        new Grid(1, 1, 12.5, 30, 0, 45, 0, -30),
        // cells near or below the origin's ulp: many coordinates round together and the estimate
        // can land several lines off in either direction; only the exact walk gets these right
        new Grid(60, 60, 100.0, 3e-15, 0, 50.0, 0, -3e-15),
        new Grid(40, 40, 1e6 + 0.1, 1e-10, 0, -3e5, 0, -1.3e-10),
    };

    /** Smallest index i in [0, n] with pred(i), n if none: the literal reading of the contracts. */
    interface IntPred { boolean test(int i); }

    static int firstIndex(int n, IntPred pred) {
        for (int i = 0; i < n; i++) {
            if (pred.test(i)) {
                return i;
            }
        }
        return n;
    }

    /** Exact grid coordinates, their neighbouring doubles, midpoints, and points beyond both ends. */
    static List<Double> probes(int lines, IntToDoubleFunction coord, SplittableRandom rnd) {
        List<Double> out = new ArrayList<>();
        double lo = Math.min(coord.applyAsDouble(-3), coord.applyAsDouble(lines + 3));
        double hi = Math.max(coord.applyAsDouble(-3), coord.applyAsDouble(lines + 3));
        for (int k = -2; k <= lines + 2; k++) {
            if (lines > 500 && k > 5 && k < lines - 5 && rnd.nextInt(400) != 0) {
                continue; // big grids: the ends and a sample in between
            }
            double c = coord.applyAsDouble(k);
            out.add(c);
            out.add(Math.nextUp(c));
            out.add(Math.nextDown(c));
            out.add(0.5 * (c + coord.applyAsDouble(k + 1)));
        }
        for (int i = 0; i < 200; i++) {
            out.add(rnd.nextDouble(lo, hi));
        }
        out.add(Double.NEGATIVE_INFINITY);
        out.add(Double.POSITIVE_INFINITY);
        out.add(-Double.MAX_VALUE);
        out.add(Double.MAX_VALUE);
        out.add(0.0);
        out.add(-0.0);
        return out;
    }

    static void check(String name, List<Double> probes, DoubleToIntFunction actual, DoubleToIntFunction expected) {
        for (double v : probes) {
            assertEquals(expected.applyAsInt(v), actual.applyAsInt(v), name + "(" + v + ")");
        }
    }

    static void checkGrid(Grid g, SplittableRandom rnd) {
        GridSearch s = new GridSearch(g);
        int nr = g.nrows(), nc = g.ncols();
        String at = " on " + g + ": ";
        List<Double> lat = probes(nr, g::centroidLat, rnd);
        lat.addAll(probes(nr, g::rowEdgeLat, rnd));
        List<Double> lon = probes(nc, g::centroidLon, rnd);
        lon.addAll(probes(nc, g::colEdgeLon, rnd));
        check(at + "firstRowCentreAtOrBelow", lat, s::firstRowCentreAtOrBelow, y -> firstIndex(nr, r -> g.centroidLat(r) <= y));
        check(at + "firstRowCentreBelow", lat, s::firstRowCentreBelow, y -> firstIndex(nr, r -> g.centroidLat(r) < y));
        check(at + "rowWithCentreAt", lat, s::rowWithCentreAt, y -> {
            int r = firstIndex(nr, k -> g.centroidLat(k) == y);
            return r == nr ? -1 : r;
        });
        // edge lines 0..n; "none" is n + 1
        check(at + "firstRowEdgeBelow", lat, s::firstRowEdgeBelow, y -> firstIndex(nr + 1, k -> g.rowEdgeLat(k) < y));
        check(at + "firstRowEdgeAtOrBelow", lat, s::firstRowEdgeAtOrBelow, y -> firstIndex(nr + 1, k -> g.rowEdgeLat(k) <= y));
        check(at + "firstColCentreAtOrAfter", lon, s::firstColCentreAtOrAfter, x -> firstIndex(nc, c -> g.centroidLon(c) >= x));
        check(at + "firstColCentreAfter", lon, s::firstColCentreAfter, x -> firstIndex(nc, c -> g.centroidLon(c) > x));
        check(at + "firstColEdgeAtOrAfter", lon, s::firstColEdgeAtOrAfter, x -> firstIndex(nc + 1, k -> g.colEdgeLon(k) >= x));
        check(at + "firstColEdgeAfter", lon, s::firstColEdgeAfter, x -> firstIndex(nc + 1, k -> g.colEdgeLon(k) > x));
    }

    @Test
    void agreesWithALinearScanOnFixedGrids() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (Grid g : GRIDS) {
            checkGrid(g, rnd);
        }
    }

    @Test
    void agreesWithALinearScanOnTheWorldPopGrid() {
        checkGrid(WORLDPOP, new SplittableRandom(12));
    }

    @Test
    void agreesWithALinearScanOnRandomGrids() {
        // awkward cell sizes and origins: the estimate rounds one way or the other, the walk must fix it
        SplittableRandom rnd = new SplittableRandom(13);
        for (int i = 0; i < 100; i++) {
            int nr = rnd.nextInt(1, 120), nc = rnd.nextInt(1, 120);
            double cell = rnd.nextBoolean() ? 1.0 / rnd.nextInt(1, 1_000) : rnd.nextDouble(1e-6, 2);
            double cellY = rnd.nextBoolean() ? cell : rnd.nextDouble(1e-6, 2);
            Grid g = new Grid(nr, nc, rnd.nextDouble(-200, 200), cell, 0, rnd.nextDouble(-100, 100), 0, -cellY);
            checkGrid(g, rnd);
        }
    }

    @Test
    void rowWithCentreAtFindsEveryCentreAndNothingBetween() {
        Grid g = WORLDPOP;
        GridSearch s = new GridSearch(g);
        for (int r = 0; r < g.nrows(); r += 7) {
            double y = g.centroidLat(r);
            assertEquals(r, s.rowWithCentreAt(y));
            assertEquals(-1, s.rowWithCentreAt(Math.nextUp(y)));
            assertEquals(-1, s.rowWithCentreAt(Math.nextDown(y)));
        }
    }
}
