package io.tileindex.writer;

import io.tileindex.writer.parquet.EncodedChunk;

/** A unit after encoding: both datasets' column chunks, ready for the ordered writer. */
public record EncodedRowGroup(WorkUnit unit, long firstTileId, long lastTileId,
                              EncodedChunk[] tileIndex, EncodedChunk[] tileBounds) {}
