package io.tileindex.validator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-country tally behind the coverage_fraction check: its sample is the same however the rows
 * reach it (split across files and blocks, merged in any order), a smaller sample is part of the larger,
 * runs of 1.0 offer their two ends only, and the covered area is the sum of value × pixel area.
 */
class CoverageTallyTest {
    static final long SEED = CoverageTally.seed("00".repeat(32), "AD");

    /** 2,000 cells in 20 rows: a run of 1.0 between two partial cells per row. */
    static void addRow(CoverageTally t, long row) {
        long first = row * 1000;
        t.addRun(first, 1, 0.25, 1e6);
        t.addRun(first + 1, 98, 1.0, 1e6);
        t.addRun(first + 99, 1, 0.75, 1e6);
    }

    @Test
    void theSampleDoesNotDependOnHowTheRowsAreSplitOrMerged() {
        CoverageTally whole = new CoverageTally(SEED, "part-a.parquet");
        for (long r = 0; r < 400; r++) {
            addRow(whole, r);
        }
        CoverageTally a = new CoverageTally(SEED, "part-a.parquet"), b = new CoverageTally(SEED, "part-a.parquet");
        for (long r = 0; r < 400; r++) {
            addRow(r % 3 == 0 ? a : b, r);
        }
        b.merge(a); // the other way round from the file order
        assertEquals(whole.sample(256, 64), b.sample(256, 64));
        assertEquals(800, whole.partialCells);
        assertEquals(400 * (0.25 + 98 + 0.75), whole.coveredKm2(), 1e-9);
        assertEquals(whole.coveredKm2(), b.coveredKm2(), 1e-12 * whole.coveredKm2());
    }

    @Test
    void aSmallerSampleIsPartOfTheLargerAndRunsOfOneOfferTheirEnds() {
        CoverageTally t = new CoverageTally(SEED, "part-a.parquet");
        for (long r = 0; r < 400; r++) {
            addRow(t, r);
        }
        List<CoverageTally.Cell> large = t.sample(256, 64), small = t.sample(100, 10);
        assertEquals(256 + 64, large.size());
        assertEquals(110, small.size());
        assertTrue(large.containsAll(small));
        for (CoverageTally.Cell c : large) {
            long inRow = c.tile() % 1000;
            // partial cells at 0 and 99, the ends of the 1.0 run at 1 and 98: nothing from inside the run
            assertTrue(c.value() == 1.0 ? inRow == 1 || inRow == 98 : inRow == 0 || inRow == 99, c.toString());
        }
    }
}
