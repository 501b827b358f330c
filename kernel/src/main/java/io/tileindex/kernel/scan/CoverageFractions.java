package io.tileindex.kernel.scan;

import java.util.Arrays;

/**
 * A country's boundary cells and their coverage fractions: for each cell whose open interior a boundary
 * edge passes through, area(cell ∩ country) / area(cell), both in the longitude/latitude plane, in
 * [0, 1]. Every other cell lies wholly inside or wholly outside the country, so an included cell that is
 * not listed here has the fraction 1.0 exactly ({@link #fractionOf}). Sorted by tile id. Immutable and
 * thread-safe.
 */
public final class CoverageFractions {
    public static final CoverageFractions NONE = new CoverageFractions(new long[0], new double[0]);

    private final long[] tileIds;
    private final double[] fractions;

    CoverageFractions(long[] tileIds, double[] fractions) {
        if (tileIds.length != fractions.length) {
            throw new IllegalArgumentException("tile ids and fractions differ in length");
        }
        this.tileIds = tileIds;
        this.fractions = fractions;
    }

    /** Boundary cells listed. */
    public int size() { return tileIds.length; }

    public long tileId(int i) { return tileIds[i]; }

    public double fraction(int i) { return fractions[i]; }

    /** Index of the first listed cell with tile id {@code >= tileId} ({@link #size()} when none). */
    public int firstAtOrAfter(long tileId) {
        int k = Arrays.binarySearch(tileIds, tileId);
        return k >= 0 ? k : -k - 1;
    }

    /** The fraction of an included cell: its listed value, or 1.0 when it is not a boundary cell. */
    public double fractionOf(long tileId) {
        int k = Arrays.binarySearch(tileIds, tileId);
        return k >= 0 ? fractions[k] : 1.0;
    }
}
