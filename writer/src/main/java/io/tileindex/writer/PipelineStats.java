package io.tileindex.writer;

import java.util.List;

/**
 * Measured counters of one pipeline run (SPEC §6 {@code pat}).
 *
 * @param workers        worker threads used
 * @param rowGroupRows   rows per row group ({@code chunk_size} in the run report)
 * @param stages         wall and CPU seconds per stage
 * @param writer         the writer thread's busy, CPU and idle seconds (busy and CPU differ when cores are oversubscribed)
 * @param workerTimes    per-worker busy and idle seconds
 * @param throughput     tiles/s seen by the ordered writer over 1-second windows
 * @param offHeapBytes   off-heap column bytes of all workers together
 * @param spans          every scan and encode task, for the timeline
 * @param scanMemory     what the scan kept for the encode stage, and what the encode stage scanned again
 */
public record PipelineStats(int workers, int rowGroupRows, StageTimes stages, WriterTimes writer, WorkerTimes workerTimes,
                            Throughput throughput, long offHeapBytes, List<Span> spans, ScanMemory scanMemory) {

    /**
     * @param retainedRunsBytes  heap reserved for the countries' runs kept from the scan (at most the budget)
     * @param budgetBytes        the budget ({@link RetainedRuns})
     * @param countriesRescanned countries whose row groups were scanned again, row group by row group
     * @param rowsRescanned      rows those scans covered (a row shared by two row groups counts twice)
     */
    public record ScanMemory(long retainedRunsBytes, long budgetBytes, int countriesRescanned, long rowsRescanned) {}

    /** Wall seconds of the scan and of encode-and-write; CPU seconds of scan, column kernel and page encoding. */
    public record StageTimes(double scanWallSeconds, double writeWallSeconds, double scanCpuSeconds,
                             double columnsCpuSeconds, double encodeCpuSeconds) {}

    public record WriterTimes(double busySeconds, double cpuSeconds, double idleSeconds) {}

    /** The peak over windows of at least 0.25 s, and {time, tiles/s} per window. */
    public record Throughput(double peakTilesPerSecond, List<double[]> timeline) {}

    /** One task (a country's scan, a row group's encoding) on one worker. */
    public record Span(int worker, String stage, String iso, double startSeconds, double endSeconds, long rows) {
        /** The most spans a run keeps, whatever the grid: the run report and report.html stay small. */
        public static final int MAX_KEPT = 2000;

        /**
         * {@code spans} (in time order per worker) with consecutive spans of one worker merged until at
         * most {@link #MAX_KEPT} remain: first those of one stage and country, then those of one stage
         * (their country becomes "*"). Rows add up; a merged span runs from the first start to the last end.
         */
        public static List<Span> coalesce(List<Span> spans) {
            List<Span> out = spans.size() <= MAX_KEPT ? spans : merge(spans, true);
            return out.size() <= MAX_KEPT ? out : merge(out, false);
        }

        private static List<Span> merge(List<Span> spans, boolean sameCountry) {
            java.util.Map<Integer, Span> open = new java.util.TreeMap<>();
            List<Span> out = new java.util.ArrayList<>();
            for (Span s : spans) {
                Span o = open.get(s.worker());
                if (o != null && o.stage().equals(s.stage()) && (!sameCountry || o.iso().equals(s.iso()))) {
                    open.put(s.worker(), new Span(o.worker(), o.stage(), o.iso().equals(s.iso()) ? o.iso() : "*",
                            o.startSeconds(), Math.max(o.endSeconds(), s.endSeconds()), o.rows() + s.rows()));
                } else {
                    if (o != null) {
                        out.add(o);
                    }
                    open.put(s.worker(), s);
                }
            }
            out.addAll(open.values());
            return List.copyOf(out);
        }
    }

    /** Per-worker seconds, index = worker. */
    public record WorkerTimes(List<Double> idleSeconds, List<Double> busySeconds) {
        /**
         * How unevenly the workers idled: the largest deviation of one worker's idle time from the
         * mean, over a worker's share of the wall time (0 = all idled equally). SPEC §6's "workers
         * idle-time variance ≤ 10 %" is checked on this.
         */
        public double idleImbalance() {
            if (idleSeconds.size() < 2) {
                return 0;
            }
            double busy = 0, mean = 0, max = 0;
            for (double v : busySeconds) {
                busy += v;
            }
            for (double v : idleSeconds) {
                mean += v;
            }
            mean /= idleSeconds.size();
            for (double v : idleSeconds) {
                max = Math.max(max, Math.abs(v - mean));
            }
            double perWorker = (busy + mean * idleSeconds.size()) / idleSeconds.size();
            return perWorker <= 0 ? 0 : max / perWorker;
        }
    }
}
