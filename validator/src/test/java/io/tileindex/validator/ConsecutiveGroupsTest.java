package io.tileindex.validator;

import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group that continues the previous one by eight is recognised; any other group is not, at every width. */
class ConsecutiveGroupsTest {
    @Test
    void onlyTheExactContinuationIsRecognised() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int width = 4; width <= 32; width++) {
            BytePacker packer = Packer.LITTLE_ENDIAN.newBytePacker(width);
            long limit = 1L << width;
            for (int trial = 0; trial < 300; trial++) {
                int e = (int) rnd.nextLong(limit - 15); // e + 15 fits the width
                byte[] page = new byte[3 * width + (trial % 2 == 0 ? 0 : 9)]; // groups at the page's end, or not
                packer.pack8Values(run(e), 0, page, 0);
                int[] next = run(e + 8);
                boolean changed = trial % 3 == 0;
                if (changed) {
                    int k = rnd.nextInt(8);
                    next[k] = (int) ((next[k] + 1 + rnd.nextLong(limit - 1)) % limit); // any other value in the field
                }
                packer.pack8Values(next, 0, page, width);
                packer.pack8Values(run(e + 16), 0, page, 2 * width);
                ConsecutiveGroups groups = new ConsecutiveGroups(width);
                groups.remember(page, 0);
                if (changed) {
                    assertFalse(groups.continues(page, width), "width " + width + ", e " + e);
                } else {
                    assertTrue(groups.continues(page, width), "width " + width + ", e " + e);
                    if (e + 23 < limit) {
                        assertTrue(groups.continues(page, 2 * width), "the one after, width " + width);
                    }
                }
            }
        }
    }

    private static int[] run(int e) {
        int[] v = new int[8];
        for (int k = 0; k < 8; k++) {
            v[k] = e + k;
        }
        return v;
    }
}
