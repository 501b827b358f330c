package io.tileindex.kernel.columns;

import io.tileindex.kernel.grid.Grid;

import java.lang.foreign.MemorySegment;

/**
 * Generates the per-cell columns of one run of cells {@code [c0, c1)} on row {@code row}: tile ids,
 * raster columns, centre longitudes and the west/east bounds, as little-endian 8-byte values (the
 * Parquet PLAIN layout, so pages can be cut straight out of the buffers). Per-row constants (row,
 * latitudes, area) are not materialised: the encoder writes them as dictionary runs.
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

    /** Writes cells {@code c0..c1-1} of {@code row} at elements {@code offset..offset+(c1-c0)-1}. */
    void fillRun(Grid grid, int row, int c0, int c1, Columns out, long offset);

    /** Short name for logs and reports: {@code scalar} or {@code vector-512} etc. */
    String name();
}
