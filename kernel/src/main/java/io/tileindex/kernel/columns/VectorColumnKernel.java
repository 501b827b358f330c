package io.tileindex.kernel.columns;

import io.tileindex.kernel.grid.Grid;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Vector API twin of {@link ScalarColumnKernel}. Same operations in the same order (convert, add 0.5,
 * multiply, add, then the shift's add where there is one; no fused multiply-add), so every lane is
 * bit-identical to the scalar formula.
 * Loaded only reflectively by {@link ColumnKernels}: referencing it without the incubator module
 * throws NoClassDefFoundError.
 */
final class VectorColumnKernel extends ShiftAwareColumnKernel {
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private final LongVector iota;
    private final ScalarColumnKernel tail = new ScalarColumnKernel();

    VectorColumnKernel() {
        if (L.length() != D.length()) {
            throw new IllegalStateException("long and double species differ: " + L + " / " + D);
        }
        long[] ramp = new long[L.length()];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
        }
        iota = LongVector.fromArray(L, ramp, 0);
    }

    @Override
    public void fillIds(Grid g, int row, int c0, int c1, Columns out, long offset) {
        int lanes = L.length();
        long base = (long) row * g.ncols();
        MemorySegment tid = out.tileId(), col = out.rasterCol();
        int n = c1 - c0;
        int vecEnd = n - n % lanes;
        long b = offset * 8;
        for (int i = 0; i < vecEnd; i += lanes, b += 8L * lanes) {
            LongVector cv = iota.add(c0 + i);
            cv.add(base).intoMemorySegment(tid, b, LE);
            cv.intoMemorySegment(col, b, LE);
        }
        if (vecEnd < n) {
            tail.fillIds(g, row, c0 + vecEnd, c1, out, offset + vecEnd);
        }
    }

    /** The SPEC §2 formulas, lane by lane: the hot loop of every unshifted grid, kept on its own. */
    @Override
    void fillFormula(Grid g, int c0, int c1, Columns out, long offset) {
        int lanes = L.length();
        double gt0 = g.gt0(), gt1 = g.gt1();
        MemorySegment lon = out.centroidLon(), west = out.minLon(), east = out.maxLon();
        int n = c1 - c0;
        int vecEnd = n - n % lanes;
        long b = offset * 8;
        for (int i = 0; i < vecEnd; i += lanes, b += 8L * lanes) {
            DoubleVector cd = (DoubleVector) iota.add(c0 + i).convert(VectorOperators.L2D, 0);
            cd.add(0.5).mul(gt1).add(gt0).intoMemorySegment(lon, b, LE);
            cd.mul(gt1).add(gt0).intoMemorySegment(west, b, LE);
            cd.add(1.0).mul(gt1).add(gt0).intoMemorySegment(east, b, LE);
        }
        if (vecEnd < n) {
            tail.fillFormula(g, c0 + vecEnd, c1, out, offset + vecEnd);
        }
    }

    /** As {@link #fillFormula}, then {@code + shift} (the same operations as the scalar twin's). */
    @Override
    void fillShifted(Grid g, int c0, int c1, double shift, Columns out, long offset) {
        int lanes = L.length();
        double gt0 = g.gt0(), gt1 = g.gt1();
        MemorySegment lon = out.centroidLon(), west = out.minLon(), east = out.maxLon();
        int n = c1 - c0;
        int vecEnd = n - n % lanes;
        long b = offset * 8;
        for (int i = 0; i < vecEnd; i += lanes, b += 8L * lanes) {
            DoubleVector cd = (DoubleVector) iota.add(c0 + i).convert(VectorOperators.L2D, 0);
            cd.add(0.5).mul(gt1).add(gt0).add(shift).intoMemorySegment(lon, b, LE);
            cd.mul(gt1).add(gt0).add(shift).intoMemorySegment(west, b, LE);
            cd.add(1.0).mul(gt1).add(gt0).add(shift).intoMemorySegment(east, b, LE);
        }
        if (vecEnd < n) {
            tail.fillShifted(g, c0 + vecEnd, c1, shift, out, offset + vecEnd);
        }
    }

    @Override
    public String name() { return "vector-" + L.vectorBitSize(); }
}
