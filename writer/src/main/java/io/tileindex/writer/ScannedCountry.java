package io.tileindex.writer;

import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.PreparedCountry;

/**
 * Stage 1's result for one country: its totals, where its row groups start, and its runs when they fit
 * the retained-runs budget. A country whose runs were not retained is scanned again, one row group's
 * rows at a time, by the encode stage ({@link RowGroupCuts}); its {@code cells.runs()} then keep every
 * {@code runsRowStride}-th row only, enough to draw it.
 *
 * @param cells         counters of all rows; {@code runs()} complete iff {@code runsComplete}
 * @param runsRowStride 1 when complete; else the runs hold rows {@code r} with {@code r % runsRowStride == 0}
 * @param tileIdMin     first included tile, -1 when none
 * @param tileIdMax     last included tile, -1 when none
 * @param areaM2        sum of {@code pixel_area_m2} over the included tiles
 * @param coveredAreaM2 sum of {@code coverage_fraction × pixel_area_m2} over the included tiles, NaN unless the
 *                      build writes coverage fractions (which are walked again, a row group's rows at a time, to encode)
 */
public record ScannedCountry(CountryCells cells, boolean runsComplete, int runsRowStride, long tileIdMin, long tileIdMax,
                             double areaM2, RowGroupCuts cuts, PreparedCountry prepared, double coveredAreaM2) {

    public String iso() { return cells.iso(); }

    public long cellsIncluded() { return cells.cellsIncluded(); }
}
