package io.tileindex.kernel.columns;

import io.tileindex.kernel.grid.Grid;

/**
 * The longitude fill both kernel twins share: on a grid whose cells never shift (every 1 km and
 * 100 m WorldPop-style grid) straight to the formula loop; otherwise one call per column range of
 * equal shift (SPEC §2), at most two beside the unshifted middle. The twins supply the two loops.
 */
abstract class ShiftAwareColumnKernel implements ColumnKernel {
    @Override
    public final void fillLongitudes(Grid g, int c0, int c1, Columns out, long offset) {
        if (g.unshifted()) {
            fillFormula(g, c0, c1, out, offset);
            return;
        }
        for (Grid.ColumnRange r : g.columnRanges()) {
            int a = Math.max(c0, r.start()), b = Math.min(c1, r.end());
            if (a < b && r.shift() == 0.0) {
                fillFormula(g, a, b, out, offset + (a - c0));
            } else if (a < b) {
                fillShifted(g, a, b, r.shift(), out, offset + (a - c0));
            }
        }
    }

    /** Columns {@code [c0, c1)} by the SPEC §2 formulas. */
    abstract void fillFormula(Grid g, int c0, int c1, Columns out, long offset);

    /** Columns {@code [c0, c1)} by the formulas, then {@code + shift}. */
    abstract void fillShifted(Grid g, int c0, int c1, double shift, Columns out, long offset);
}
