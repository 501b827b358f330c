package io.tileindex.writer;

import io.tileindex.writer.parquet.EncodedChunk;

/** A planned row group after encoding: both datasets' column chunks, ready for the ordered writer. */
public record EncodedRowGroup(PlannedRowGroup planned, long firstTileId, long lastTileId,
                              EncodedChunk[] tileIndex, EncodedChunk[] tileBounds) {}
