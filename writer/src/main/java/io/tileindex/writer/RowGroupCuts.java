package io.tileindex.writer;

import java.util.Arrays;

/**
 * Where each row group of one country starts: row group g holds the country's cells
 * {@code [g * rowGroupRows, (g + 1) * rowGroupRows)} (in tile_id order), its first cell lies in row
 * {@code firstRow(g)}, and {@code cellsBeforeRow(g)} of the country's cells precede that row. Built
 * from runs in order ({@link #accept}); two numbers per row group, so its size follows the country's
 * tiles / 2^20, not its runs.
 */
public final class RowGroupCuts {
    private final int rowGroupRows;
    private int[] firstRow = new int[4];
    private long[] cellsBeforeRow = new long[4];
    private int groups;
    private long cells, cellsBeforeCurrentRow;
    private int currentRow = -1;

    public RowGroupCuts(int rowGroupRows) { this.rowGroupRows = rowGroupRows; }

    /** The next run of the country, in tile_id order. */
    public void accept(int row, int start, int end) {
        if (row != currentRow) {
            currentRow = row;
            cellsBeforeCurrentRow = cells;
        }
        long after = cells + (end - start);
        while ((long) groups * rowGroupRows < after) {
            if (groups == firstRow.length) {
                firstRow = Arrays.copyOf(firstRow, groups * 2);
                cellsBeforeRow = Arrays.copyOf(cellsBeforeRow, groups * 2);
            }
            firstRow[groups] = row;
            cellsBeforeRow[groups] = cellsBeforeCurrentRow;
            groups++;
        }
        cells = after;
    }

    public int groups() { return groups; }
    public long cells() { return cells; }
    public int firstRow(int g) { return firstRow[g]; }
    public long cellsBeforeRow(int g) { return cellsBeforeRow[g]; }

    /** The last row whose cells row group g may need: the next group's first row, or {@code lastRow} for the last group. */
    public int lastRow(int g, int lastRow) { return g + 1 < groups ? firstRow[g + 1] : lastRow; }
}
