package io.tileindex.kernel.scan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link IntervalList} against a {@link BitSet} of columns. Every list the centre scan combines must
 * be normalized (sorted, disjoint, non-touching, non-empty intervals); that is checked as "emitting
 * it gives as many maximal runs as it has intervals" plus equality of the covered columns.
 */
class IntervalListTest {

    /** The columns the list covers; asserts its intervals are exactly the maximal runs of those columns. */
    static BitSet cells(IntervalList l) {
        RowIntervalAccumulator acc = new RowIntervalAccumulator(0, 1);
        l.emit(0, acc);
        CellRuns runs = acc.toRuns();
        assertEquals(runs.size(), l.size(), "intervals overlap, touch or are empty");
        BitSet b = new BitSet();
        for (int i = 0; i < runs.size(); i++) {
            b.set(runs.start(i), runs.end(i));
        }
        return b;
    }

    static List<String> runs(IntervalList l) {
        RowIntervalAccumulator acc = new RowIntervalAccumulator(0, 1);
        l.emit(0, acc);
        CellRuns r = acc.toRuns();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            out.add(r.start(i) + "-" + r.end(i));
        }
        return out;
    }

    static IntervalList of(int... bounds) {
        IntervalList l = new IntervalList();
        for (int i = 0; i < bounds.length; i += 2) {
            l.addInterval(bounds[i], bounds[i + 1]);
        }
        l.normalize();
        return l;
    }

    /** Refills {@code l} with random intervals in [0, width), possibly overlapping, touching, empty or reversed; normalized. */
    static IntervalList randomNormalized(IntervalList l, SplittableRandom rnd, int width, BitSet model) {
        l.clear();
        int n = rnd.nextInt(0, 30);
        for (int i = 0; i < n; i++) {
            int s = rnd.nextInt(width), e = rnd.nextInt(8) == 0 ? s - rnd.nextInt(3) : Math.min(width, s + rnd.nextInt(1, 25));
            l.addInterval(s, e);
            if (e > s) {
                model.set(s, e);
            }
        }
        l.normalize();
        return l;
    }

    /** Refills {@code l} from random ascending toggles (pairs may repeat a column); the model flips each pair's span. */
    static IntervalList randomParity(IntervalList l, SplittableRandom rnd, int width, BitSet model) {
        int n = 2 * rnd.nextInt(0, 20);
        int[] t = rnd.ints(n, 0, width).sorted().toArray();
        l.clear();
        for (int i = 0; i < n; i++) {
            l.toggleAt(t[i]);
        }
        for (int i = 0; i < n; i += 2) {
            model.flip(t[i], t[i + 1]);
        }
        return l;
    }

    @Test
    void togglesPairIntoIntervalsAndEqualPairsCancel() {
        IntervalList l = new IntervalList();
        for (int c : new int[] {2, 5, 7, 7, 9, 12, 12, 15}) {
            l.toggleAt(c);
        }
        // [2,5), nothing for 7 7, and [9,12) + [12,15) are one interval
        assertEquals(List.of("2-5", "9-15"), runs(l));
        assertEquals(2, l.size());
    }

    @Test
    void clearDropsIntervalsAndAPendingToggle() {
        IntervalList l = new IntervalList();
        l.toggleAt(1);
        l.toggleAt(4);
        l.toggleAt(6); // left pending, as after an odd row the scanner rejects
        l.clear();
        l.toggleAt(8);
        l.toggleAt(10);
        assertEquals(List.of("8-10"), runs(l));
    }

    @Test
    void addIntervalIgnoresEmptyAndReversed() {
        IntervalList l = of(5, 5, 9, 3);
        assertEquals(0, l.size());
        assertEquals(List.of(), runs(l));
    }

    @Test
    void normalizeSortsAndMergesOverlappingAndTouching() {
        IntervalList l = of(10, 12, 0, 3, 30, 31, 3, 5, 11, 20, 1, 2);
        assertEquals(List.of("0-5", "10-20", "30-31"), runs(l));
    }

    @Test
    void normalizeNearIntegerMaxValue() {
        // bounds are packed two to a long for sorting: the largest columns must still sort and merge
        IntervalList l = of(Integer.MAX_VALUE - 2, Integer.MAX_VALUE, 0, 1, Integer.MAX_VALUE - 5, Integer.MAX_VALUE - 2);
        assertEquals(List.of("0-1", (Integer.MAX_VALUE - 5) + "-" + Integer.MAX_VALUE), runs(l));
    }

    @Test
    void unionAndSubtractBoundaryCases() {
        IntervalList a = of(0, 10, 20, 30);
        a.unionWith(of());
        assertEquals(List.of("0-10", "20-30"), runs(a));
        a.unionWith(of(10, 20)); // touches both: one interval
        assertEquals(List.of("0-30"), runs(a));
        a.subtract(of(30, 40)); // touches only: nothing removed
        assertEquals(List.of("0-30"), runs(a));
        a.subtract(of(0, 1, 5, 6, 29, 30));
        assertEquals(List.of("1-5", "6-29"), runs(a));
        a.subtract(of(0, 100));
        assertEquals(List.of(), runs(a));
        IntervalList empty = of();
        empty.unionWith(of(3, 4));
        assertEquals(List.of("3-4"), runs(empty));
    }

    @Test
    void randomScannerRowsAgreeWithABitSet() {
        // the centre scan's row: parity from toggles, then (parity ∪ shellBoundary) \ holeBoundary,
        // with the same three lists reused row after row
        SplittableRandom rnd = new SplittableRandom(42);
        IntervalList parity = new IntervalList(), bShell = new IntervalList(), bHole = new IntervalList();
        for (int round = 0; round < 5_000; round++) {
            int width = rnd.nextInt(1, 400);
            BitSet p = new BitSet(), s = new BitSet(), h = new BitSet();
            randomParity(parity, rnd, width, p);
            assertEquals(p, cells(parity), "parity, round " + round);
            randomNormalized(bShell, rnd, width, s);
            randomNormalized(bHole, rnd, width, h);
            parity.unionWith(bShell);
            p.or(s);
            assertEquals(p, cells(parity), "union, round " + round);
            parity.subtract(bHole);
            p.andNot(h);
            assertEquals(p, cells(parity), "subtract, round " + round);
        }
    }

    static IntervalList random(IntervalList l, SplittableRandom rnd, BitSet model) {
        return rnd.nextBoolean() ? randomParity(l, rnd, 300, model) : randomNormalized(l, rnd, 300, model);
    }

    @Test
    void randomOperationSequencesAgreeWithABitSet() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 2_000; round++) {
            BitSet model = new BitSet();
            IntervalList l = random(new IntervalList(), rnd, model);
            assertEquals(model, cells(l), "start, round " + round);
            for (int op = 0; op < 6; op++) {
                BitSet other = new BitSet();
                IntervalList o = random(new IntervalList(), rnd, other);
                if (rnd.nextBoolean()) {
                    l.unionWith(o);
                    model.or(other);
                } else {
                    l.subtract(o);
                    model.andNot(other);
                }
                assertEquals(model, cells(l), "round " + round + " op " + op);
            }
        }
    }
}
