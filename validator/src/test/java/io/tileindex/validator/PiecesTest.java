package io.tileindex.validator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Values become arithmetic pieces: runs and progressions merge, anything else stands alone. */
class PiecesTest {
    @Test
    void progressionsAndRunsMerge() {
        Pieces p = new Pieces();
        for (long v = 10; v < 20; v++) {
            p.add(v);
        }
        p.addRun(20, 1, 5);     // continues 10..19
        p.addRun(7, 0, 3);      // a constant run
        p.add(7);               // continues it
        p.add(3);
        p.add(100);             // a pair is a progression of its own
        assertEquals(3, p.size());
        assertEquals(15, p.len(0));
        assertEquals(1, p.step(0));
        assertEquals(4, p.len(1));
        assertEquals(0, p.step(1));
        assertEquals(97, p.step(2));
        assertEquals(21, p.rows());
    }
}
