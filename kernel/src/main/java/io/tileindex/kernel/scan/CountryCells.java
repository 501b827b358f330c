package io.tileindex.kernel.scan;

import java.util.List;

/**
 * What the scan found for one country: its included cells and the counters of its summary line.
 * {@code cellsVisited} is the union of the country's polygon bounding-box windows on the grid;
 * {@code excludedHole} are cells whose centre lies in a closed outer ring but which are excluded
 * because of a hole; the rest of the window is {@code excludedOutside}.
 */
public record CountryCells(String iso, Predicate predicate, CellRuns runs, long cellsVisited,
                           long cellsIncluded, long cellsExcludedOutside, long cellsExcludedHole,
                           List<String> notes) {

    public long tileIdMin(long ncols) {
        return runs.size() == 0 ? -1 : (long) runs.row(0) * ncols + runs.start(0);
    }

    public long tileIdMax(long ncols) {
        int last = runs.size() - 1;
        return last < 0 ? -1 : (long) runs.row(last) * ncols + runs.end(last) - 1;
    }
}
