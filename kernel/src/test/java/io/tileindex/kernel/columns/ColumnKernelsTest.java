package io.tileindex.kernel.columns;

import io.tileindex.kernel.grid.Grid;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnKernelsTest {
    static final Grid G = new Grid(16755, 43199, -180.0012492999999921, 0.0083333333000000, 0,
            83.6329165016826985, 0, -0.0083333333000000);

    static ColumnKernel.Columns alloc(Arena a, int n) {
        return new ColumnKernel.Columns(a.allocate(8L * n), a.allocate(8L * n), a.allocate(8L * n),
                a.allocate(8L * n), a.allocate(8L * n));
    }

    static byte[][] bytes(ColumnKernel.Columns c) {
        return new byte[][] {c.tileId().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                c.rasterCol().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                c.centroidLon().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                c.minLon().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                c.maxLon().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)};
    }

    @Test
    void vectorKernelIsSelectedWhenTheIncubatorModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "tests run with --add-modules");
        assertTrue(ColumnKernels.vector().isPresent());
        assertTrue(ColumnKernels.get().name().startsWith("vector"), ColumnKernels.reason());
    }

    @Test
    void vectorAndScalarAgreeBitForBit() {
        ColumnKernel scalar = ColumnKernels.scalar();
        ColumnKernel vector = ColumnKernels.vector().orElseThrow();
        SplittableRandom rnd = new SplittableRandom(1);
        try (Arena a = Arena.ofConfined()) {
            int n = 50_000;
            ColumnKernel.Columns cs = alloc(a, n), cv = alloc(a, n);
            long off = 0;
            // runs of every short length (tails), then long random runs, including the first and last columns
            int[][] runs = new int[200][];
            for (int i = 0; i < 40; i++) {
                runs[i] = new int[] {i, i, 2 * i + 1};
            }
            runs[40] = new int[] {0, 0, G.ncols() > 20000 ? 20000 : G.ncols()};
            runs[41] = new int[] {G.nrows() - 1, G.ncols() - 17, G.ncols()};
            for (int i = 42; i < runs.length; i++) {
                int c0 = rnd.nextInt(G.ncols() - 200);
                runs[i] = new int[] {rnd.nextInt(G.nrows()), c0, c0 + rnd.nextInt(1, 150)};
            }
            for (int[] r : runs) {
                if (off + (r[2] - r[1]) > n) {
                    break;
                }
                scalar.fillIds(G, r[0], r[1], r[2], cs, off);
                vector.fillIds(G, r[0], r[1], r[2], cv, off);
                scalar.fillLongitudes(G, r[1], r[2], cs, off);
                vector.fillLongitudes(G, r[1], r[2], cv, off);
                off += r[2] - r[1];
            }
            byte[][] bs = bytes(cs), bv = bytes(cv);
            for (int k = 0; k < bs.length; k++) {
                assertArrayEquals(bs[k], bv[k], "column " + k);
            }
            // and the scalar kernel is the SPEC formula, element by element
            off = 0;
            for (int[] r : runs) {
                if (off + (r[2] - r[1]) > n) {
                    break;
                }
                for (int c = r[1]; c < r[2]; c++, off++) {
                    assertEquals(G.tileId(r[0], c), cs.tileId().get(ScalarColumnKernel.LONG_LE, off * 8));
                    assertEquals(c, cs.rasterCol().get(ScalarColumnKernel.LONG_LE, off * 8));
                    assertEquals(G.centroidLon(c), cs.centroidLon().get(ScalarColumnKernel.DOUBLE_LE, off * 8));
                    assertEquals(G.minLon(c), cs.minLon().get(ScalarColumnKernel.DOUBLE_LE, off * 8));
                    assertEquals(G.maxLon(c), cs.maxLon().get(ScalarColumnKernel.DOUBLE_LE, off * 8));
                }
            }
        }
    }

    /**
     * SPEC §2 shift on grids whose ends overhang ±180 (3-arc-second WorldPop, a 0..360 grid, a grid with a
     * centre exactly at 180): runs inside, across and at the shift boundaries, every short length (tails).
     * Both kernels write the shifted values, bit for bit the same, equal to the grid's shifted formulas.
     */
    @Test
    void vectorAndScalarAgreeOnShiftedColumns() {
        ColumnKernel scalar = ColumnKernels.scalar();
        ColumnKernel vector = ColumnKernels.vector().orElseThrow();
        List<Grid> grids = List.of(new Grid(167550, 432000, -180.0012493, 1.0 / 1200, 0, 84.0, 0, -1.0 / 1200),
                new Grid(720, 1440, 0.0, 0.25, 0, 90.0, 0, -0.25),
                new Grid(18, 36, -172.5, 10.0, 0, 90.0, 0, -10.0));
        for (Grid g : grids) {
            List<int[]> spans = new ArrayList<>();
            int n = g.ncols();
            for (Grid.ColumnRange r : g.columnRanges()) {
                for (int len = 1; len <= 40; len++) {
                    spans.add(new int[] {Math.max(0, r.start() - len / 2), Math.min(n, r.start() - len / 2 + len)});
                    spans.add(new int[] {Math.max(0, r.end() - len), r.end()});
                }
            }
            spans.add(new int[] {0, Math.min(n, 5000)});
            spans.add(new int[] {Math.max(0, n - 5000), n});
            spans.add(new int[] {0, n <= 5000 ? n : 1});
            try (Arena a = Arena.ofConfined()) {
                int total = spans.stream().mapToInt(s -> s[1] - s[0]).sum();
                ColumnKernel.Columns cs = alloc(a, total), cv = alloc(a, total);
                long off = 0;
                for (int[] s : spans) {
                    scalar.fillLongitudes(g, s[0], s[1], cs, off);
                    vector.fillLongitudes(g, s[0], s[1], cv, off);
                    off += s[1] - s[0];
                }
                byte[][] bs = bytes(cs), bv = bytes(cv);
                for (int k = 2; k < bs.length; k++) {
                    assertArrayEquals(bs[k], bv[k], g + " column " + k);
                }
                off = 0;
                int shifted = 0;
                for (int[] s : spans) {
                    for (int c = s[0]; c < s[1]; c++, off++) {
                        double x = cs.centroidLon().get(ScalarColumnKernel.DOUBLE_LE, off * 8);
                        assertEquals(g.shiftedCentroidLon(c), x, g + " col " + c);
                        assertEquals(g.shiftedMinLon(c), cs.minLon().get(ScalarColumnKernel.DOUBLE_LE, off * 8));
                        assertEquals(g.shiftedMaxLon(c), cs.maxLon().get(ScalarColumnKernel.DOUBLE_LE, off * 8));
                        assertTrue(x >= -180 && x < 180, g + " col " + c + ": " + x);
                        shifted += g.lonShift(c) != 0 ? 1 : 0;
                    }
                }
                assertTrue(shifted > 0, g.toString());
            }
        }
    }
}
