package io.tileindex.writer;

import io.tileindex.writer.ring.OrderedHandoff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stage 4, the body of the one writer thread: takes encoded row groups from the handoff in sequence
 * order, hands them to the {@link OrderedParquetWriter}, reports progress and measures throughput.
 * Any failure is stored in the shared {@code failure}, which also stops the workers.
 */
final class WriterLoop implements Runnable {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final long WINDOW_NANOS = 1_000_000_000L, MIN_PEAK_WINDOW_NANOS = 250_000_000L;

    private final OrderedParquetWriter writer;
    private final OrderedHandoff<EncodedRowGroup> handoff;
    private final int rowGroups;
    private final AtomicReference<Throwable> failure;
    private final TileIndexPipeline.Progress progress;
    private final long runStart, writeStart;
    private final CacheFiller filler; // null without a cache
    private final long totalRows;
    private final long[] idleNanos = new long[1];
    private final List<double[]> timeline = Collections.synchronizedList(new ArrayList<>());
    private long busyNanos, cpuNanos;
    private double peak;

    WriterLoop(OrderedParquetWriter writer, OrderedHandoff<EncodedRowGroup> handoff, int rowGroups,
               AtomicReference<Throwable> failure, TileIndexPipeline.Progress progress, long runStart, long writeStart,
               CacheFiller filler, long totalRows) {
        this.filler = filler;
        this.totalRows = totalRows;
        this.writer = writer;
        this.handoff = handoff;
        this.rowGroups = rowGroups;
        this.failure = failure;
        this.progress = progress;
        this.runStart = runStart;
        this.writeStart = writeStart;
    }

    @Override
    public void run() {
        try (writer) {
            long windowStart = System.nanoTime(), windowRows = 0;
            for (long s = 0; s < rowGroups; s++) {
                EncodedRowGroup rg = handoff.take(s, () -> failure.get() != null, idleNanos);
                if (rg == null) {
                    return;
                }
                long b0 = System.nanoTime();
                writer.write(rg);
                if (filler != null) {
                    filler.offer(rg, bytesToCome(totalRows)); // into the cache, behind the partition
                }
                long now = System.nanoTime();
                busyNanos += now - b0;
                windowRows += rg.planned().rowCount();
                if (now - windowStart >= WINDOW_NANOS || s == rowGroups - 1) {
                    recordWindow(now, windowStart, windowRows);
                    windowStart = now;
                    windowRows = 0;
                }
                progress.written(writer.rowsWritten());
            }
            writer.finish();
            cpuNanos = CPU.getCurrentThreadCpuTime();
            if (peak == 0 && writer.rowsWritten() > 0) {
                peak = writer.rowsWritten() / Math.max(1e-9, (System.nanoTime() - writeStart) / 1e9);
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    /** The partitions' remaining bytes at this run's bytes per row so far (both datasets; at least one row's worth). */
    private long bytesToCome(long totalRows) {
        long rows = Math.max(1, writer.rowsWritten());
        double perRow = Math.max(1.0, (double) writer.bytesWritten() / rows);
        return (long) ((totalRows - writer.rowsWritten()) * perRow * 1.25);
    }

    private void recordWindow(long now, long windowStart, long windowRows) {
        double rate = windowRows / Math.max(1e-9, (now - windowStart) / 1e9);
        if (now - windowStart >= MIN_PEAK_WINDOW_NANOS) {
            peak = Math.max(peak, rate);
        }
        timeline.add(new double[] {(now - runStart) / 1e9, rate});
    }

    /** Valid after the thread ended. */
    PipelineStats.WriterTimes times() {
        return new PipelineStats.WriterTimes(busyNanos / 1e9, cpuNanos / 1e9, idleNanos[0] / 1e9);
    }

    PipelineStats.Throughput throughput() {
        return new PipelineStats.Throughput(peak, List.copyOf(timeline));
    }
}
