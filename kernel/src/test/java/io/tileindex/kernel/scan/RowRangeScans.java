package io.tileindex.kernel.scan;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.oracle.Shapes;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Asserts that scanning a country in random ranges of rows gives exactly the cells and counters of one scan. */
final class RowRangeScans {
    private RowRangeScans() {}

    static void assertSplitsEqualWholeScan(CountryScanner scanner, CountryShape shape, SplittableRandom rnd) {
        for (Predicate predicate : Predicate.values()) {
            CountryCells whole = scanner.scan(shape, predicate);
            PreparedCountry p = scanner.prepare(shape, predicate);
            CellRuns joined = new CellRuns();
            long visited = 0, included = 0, outside = 0, hole = 0;
            // ranges of 1..5 rows, some starting before the country's first row and ending after its last
            for (int from = p.rowLo() - 2; from <= p.rowHi() + 2; ) {
                int to = from + rnd.nextInt(5);
                CountryCells part = scanner.scanRows(p, from, to);
                for (int i = 0; i < part.runs().size(); i++) {
                    joined.add(part.runs().row(i), part.runs().start(i), part.runs().end(i));
                }
                visited += part.cellsVisited();
                included += part.cellsIncluded();
                outside += part.cellsExcludedOutside();
                hole += part.cellsExcludedHole();
                from = to + 1;
            }
            String what = predicate + " " + shape.iso();
            assertEquals(Shapes.runs(whole.runs()), Shapes.runs(joined), what);
            assertEquals(whole.cellsVisited(), visited, what);
            assertEquals(whole.cellsIncluded(), included, what);
            assertEquals(whole.cellsExcludedOutside(), outside, what);
            assertEquals(whole.cellsExcludedHole(), hole, what);
        }
    }
}
