package io.tileindex.kernel.columns;

import io.tileindex.kernel.grid.Grid;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The reference implementation: the SPEC §2 formulas, one cell at a time; longitudes of columns whose
 * formula centre lies outside [-180, 180) get the ±360° shift added after the formula.
 */
public final class ScalarColumnKernel extends ShiftAwareColumnKernel {
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public void fillIds(Grid g, int row, int c0, int c1, Columns out, long offset) {
        long base = (long) row * g.ncols();
        MemorySegment tid = out.tileId(), col = out.rasterCol();
        long b = offset * 8;
        for (int c = c0; c < c1; c++, b += 8) {
            tid.set(LONG_LE, b, base + c);
            col.set(LONG_LE, b, c);
        }
    }

    /** The SPEC §2 formulas: the loop of every unshifted grid, kept on its own. */
    @Override
    void fillFormula(Grid g, int c0, int c1, Columns out, long offset) {
        double gt0 = g.gt0(), gt1 = g.gt1();
        MemorySegment lon = out.centroidLon(), west = out.minLon(), east = out.maxLon();
        long b = offset * 8;
        for (int c = c0; c < c1; c++, b += 8) {
            lon.set(DOUBLE_LE, b, gt0 + (c + 0.5) * gt1);
            west.set(DOUBLE_LE, b, gt0 + c * gt1);
            east.set(DOUBLE_LE, b, gt0 + (c + 1) * gt1);
        }
    }

    /** Columns {@code c0..c1-1} sharing a SPEC §2 shift: the formula, then {@code + shift}. */
    @Override
    void fillShifted(Grid g, int c0, int c1, double shift, Columns out, long offset) {
        double gt0 = g.gt0(), gt1 = g.gt1();
        MemorySegment lon = out.centroidLon(), west = out.minLon(), east = out.maxLon();
        long b = offset * 8;
        for (int c = c0; c < c1; c++, b += 8) {
            lon.set(DOUBLE_LE, b, gt0 + (c + 0.5) * gt1 + shift);
            west.set(DOUBLE_LE, b, gt0 + c * gt1 + shift);
            east.set(DOUBLE_LE, b, gt0 + (c + 1) * gt1 + shift);
        }
    }

    @Override
    public String name() { return "scalar"; }
}
