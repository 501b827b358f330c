package io.tileindex.kernel.scan;

import io.tileindex.kernel.geom.CountryShape;

import java.util.List;

/**
 * A country ready to be scanned a range of rows at a time ({@link CountryScanner#scanRows}): its shape
 * in the grid's longitudes (antimeridian-normalised once) and each polygon's window on each column axis.
 * A row's cells do not depend on which range it is scanned in, so any split of {@code [rowLo, rowHi]}
 * gives the same cells as one scan. Immutable; shared by the threads that scan its rows.
 *
 * @param windows per polygon i and axis a, at {@code i * axes + a}: {@code [row0, row1, col0, col1]}
 *                of the cells whose closed extent meets the polygon's bounding box, or null
 * @param rowLo   first row of any window; {@code rowHi < rowLo} when the country misses the grid
 */
public record PreparedCountry(String iso, Predicate predicate, CountryShape shape, int[][] windows,
                              int rowLo, int rowHi) {

    public boolean empty() { return rowHi < rowLo; }

    /** What normalising the shape had to say (copies across ±180°), for the country's notes. */
    public List<String> notes() { return shape.notes(); }
}
