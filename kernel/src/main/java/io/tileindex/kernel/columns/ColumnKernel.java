package io.tileindex.kernel.columns;

import io.tileindex.kernel.grid.Grid;

import java.lang.foreign.MemorySegment;

/**
 * Generates columns across whole runs of a mask row, as little-endian 8-byte values (the Parquet
 * PLAIN layout, so pages and dictionary pages are cut straight out of the buffers):
 * {@link #fillIds} writes each cell's tile id and raster column; {@link #fillLongitudes} writes the
 * centre, west and east longitudes of a span of columns, which is exactly the dictionary of a
 * unit's longitude columns. Per-row constants (row, latitudes, area) are not materialised: the
 * encoder writes them as dictionary runs.
 *
 * <p>Two implementations produce bit-identical output: {@link ScalarColumnKernel} (always available)
 * and the Vector API twin loaded by {@link ColumnKernels} when {@code jdk.incubator.vector} is present.
 */
public interface ColumnKernel {

    /** Column buffers of one unit; element {@code i} lives at byte offset {@code 8 * i}. */
    record Columns(MemorySegment tileId, MemorySegment rasterCol, MemorySegment centroidLon,
                   MemorySegment minLon, MemorySegment maxLon) {
        public long capacity() { return tileId.byteSize() / 8; }
    }

    /** Tile ids and raster columns of cells {@code c0..c1-1} of {@code row}, at elements {@code offset...}. */
    void fillIds(Grid grid, int row, int c0, int c1, Columns out, long offset);

    /**
     * Centre, west and east longitudes of columns {@code c0..c1-1} as written, at elements
     * {@code offset...}: the SPEC §2 formulas, shifted by ±360° for columns whose formula centre lies
     * outside [-180, 180) ({@link Grid#shiftedCentroidLon} and friends).
     */
    void fillLongitudes(Grid grid, int c0, int c1, Columns out, long offset);

    /** Short name for logs and reports: {@code scalar} or {@code vector-512} etc. */
    String name();
}
