package io.tileindex.spark;

import java.io.Serializable;

/**
 * One committed file of both datasets, as its task reports it to the driver (for the run report's timeline).
 *
 * @param bytes    tile_index and tile_bounds bytes together
 * @param attempt  Spark's attempt number of the task that committed it (0 unless it was retried)
 */
record FileWritten(String name, String iso, long rows, long bytes, String executorId, long startMillis, long endMillis,
                   long cpuNanos, int attempt) implements Serializable {}
