package io.tileindex.writer;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.grid.Grid;

/**
 * How many encode workers fit the memory envelope (SPEC §6: RSS ≤ 1 GiB whatever {@code --workers}).
 * The heap is bounded by {@code -Xmx} in the flags file; each worker adds off-heap column slabs whose
 * size depends on the grid's row length and the unit size, so their sum is bounded here. Output bytes
 * do not depend on the worker count, so granting fewer workers than asked changes only the speed.
 *
 * @param requested the workers asked for
 * @param granted the workers that fit, 1..requested
 * @param perWorkerBytes off-heap bytes one worker holds
 * @param budgetBytes the off-heap budget all workers share
 */
public record WorkerBudget(int requested, int granted, long perWorkerBytes, long budgetBytes) {
    /** RSS 1 GiB = heap (-Xmx768m, .mvn/runtime-jvm.options) + this. */
    public static final long OFF_HEAP_BUDGET = 256L << 20;

    /**
     * @throws TileIndexException E009 before any work starts, when not even one worker fits
     */
    public static WorkerBudget of(Grid grid, int rowGroupRows, int requested, long budgetBytes) {
        long per = RowGroupEncoder.slabBytesFor(grid, rowGroupRows);
        if (per > budgetBytes) {
            throw new TileIndexException(ErrorCode.E009_PERF_BUDGET, String.format(java.util.Locale.ROOT,
                    "one worker needs %d MiB of off-heap columns for this grid (%d columns per row), more than the "
                            + "%d MiB the memory envelope (RSS <= 1 GiB) leaves beside the heap", per >> 20, grid.ncols(),
                    budgetBytes >> 20));
        }
        return new WorkerBudget(requested, (int) Math.max(1, Math.min(requested, budgetBytes / per)), per, budgetBytes);
    }

    public boolean capped() { return granted < requested; }

    /** One line for the log, saying why the workers were capped. */
    public String reason() {
        return String.format(java.util.Locale.ROOT, "--workers %d capped to %d: each worker holds %d MiB of off-heap "
                + "columns and the memory envelope (RSS <= 1 GiB) leaves %d MiB for them beside the heap; the output "
                + "does not depend on the worker count", requested, granted, perWorkerBytes >> 20, budgetBytes >> 20);
    }
}
