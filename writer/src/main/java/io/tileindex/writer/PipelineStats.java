package io.tileindex.writer;

import java.util.List;

/**
 * Measured counters of one pipeline run (SPEC §6 {@code pat}): per-worker busy and idle time,
 * per-stage CPU time, the writer thread's wall-busy and CPU time (they differ when cores are
 * oversubscribed), and the peak tiles/s seen by the ordered writer over 1-second windows.
 */
public record PipelineStats(int workers, int unitRows, double scanWallSeconds, double writeWallSeconds,
                            double scanCpuSeconds, double columnsCpuSeconds, double encodeCpuSeconds,
                            double writerBusySeconds, double writerCpuSeconds, double writerIdleSeconds,
                            List<Double> workerIdleSeconds, List<Double> workerBusySeconds,
                            double tilesPerSecondPeak, long offHeapBytesPeak, List<double[]> throughputTimeline,
                            List<UnitSpan> unitSpans) {

    /** One unit of work on one worker: for the timeline in the report. */
    public record UnitSpan(int worker, String stage, String iso, double startSeconds, double endSeconds, long rows) {}

    /** Coefficient of variation of worker idle time (the envelope asks for ≤ 10 %). */
    public double idleVariance() {
        if (workerIdleSeconds.size() < 2) {
            return 0;
        }
        double total = 0;
        for (double v : workerBusySeconds) {
            total += v;
        }
        double mean = 0;
        for (double v : workerIdleSeconds) {
            mean += v;
        }
        mean /= workerIdleSeconds.size();
        double max = 0;
        for (double v : workerIdleSeconds) {
            max = Math.max(max, Math.abs(v - mean));
        }
        // spread of idle time relative to each worker's share of the wall time
        double perWorker = (total + mean * workerIdleSeconds.size()) / workerIdleSeconds.size();
        return perWorker <= 0 ? 0 : max / perWorker;
    }
}
