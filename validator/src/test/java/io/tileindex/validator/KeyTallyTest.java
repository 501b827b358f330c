package io.tileindex.validator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closed-form power sums against the sums themselves; split runs tally as one; a moved id shows. */
class KeyTallyTest {
    @Test
    void closedFormsAreTheSums() {
        for (long n : new long[] {0, 1, 2, 3, 7, 100, 12_345}) {
            long s1 = 0, s2 = 0, s3 = 0;
            for (long t = 0; t < n; t++) {
                s1 += t;
                s2 += t * t;
                s3 += t * t * t;
            }
            assertEquals(s1, KeyTally.sum1(n));
            assertEquals(s2, KeyTally.sum2(n));
            assertEquals(s3, KeyTally.sum3(n));
        }
    }

    @Test
    void howRunsAreSplitDoesNotMatterButTheIdsDo() {
        long base = 72_000_000_000L; // ids of a 1" world: the sums wrap around 2^64
        KeyTally whole = new KeyTally(), parts = new KeyTally(), moved = new KeyTally();
        whole.addRun(base, base + 1000);
        parts.addRun(base, base + 10);
        KeyTally file2 = new KeyTally();
        file2.addRun(base + 10, base + 1000);
        parts.add(file2);
        assertTrue(whole.sameKeys(parts));
        assertEquals(1000, parts.count);
        moved.addRun(base, base + 500);
        moved.addRun(base + 501, base + 1001);
        assertFalse(whole.sameKeys(moved));
        KeyTally dropped = new KeyTally();
        dropped.addRun(base, base + 499);
        dropped.addRun(base + 500, base + 1000);
        assertFalse(whole.sameKeys(dropped));
    }
}
