package io.tileindex.spark;

import io.tileindex.cli.Json;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.writer.PartFileWriter;
import io.tileindex.writer.PipelineStats;
import io.tileindex.writer.RowGroupEncoder;
import io.tileindex.writer.TileIndexPipeline;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The distributed part of a build: the files in bins of about equal cost, one Spark task per bin,
 * then, on the driver, the staged files checked against the plan and the receipts computed. The receipt is a
 * single SHA-256 over every tile_index byte in name order, so it is serial: {@link Outcome#receiptSeconds()}.
 */
final class SparkJob {
    private final JavaSparkContext sc;
    private final TargetFileSystem target;
    private final FsPublisher.Staging staging;

    SparkJob(JavaSparkContext sc, TargetFileSystem target, FsPublisher.Staging staging) {
        this.sc = sc;
        this.target = target;
        this.staging = staging;
    }

    /**
     * What the job did.
     *
     * @param jobSeconds     wall time of the Spark job (tasks scheduled, run and committed)
     * @param receiptSeconds wall time of both receipts on the driver (every staged byte read once)
     */
    record Outcome(List<FileWritten> files, long rows, String tileIndexReceipt, String tileBoundsReceipt, double jobSeconds,
                   double receiptSeconds, int executors) {

        /** The local build's result record, filled from the tasks' reports (one worker per executor). */
        TileIndexPipeline.Result result(TileIndexPipeline.Scan scan, Grid grid, boolean coverageFraction) {
            long bytes = files.stream().mapToLong(FileWritten::bytes).sum();
            var overlaps = coverageFraction
                    ? io.tileindex.writer.CoverageOverlaps.of(grid, scan.cells(), io.tileindex.kernel.grid.CellArea.allRows(grid)) : null;
            return new TileIndexPipeline.Result(List.of(scan.cells()), rows, tileIndexReceipt, tileBoundsReceipt, bytes,
                    2 * files.size(), SparkStats.of(files, scan, jobSeconds, receiptSeconds, grid), java.util.Set.of(), null,
                    overlaps);
        }

        /** The run report's {@code engine} section: what only a distributed run has. */
        Map<String, Object> engineSection(String master) {
            Map<String, Object> e = Json.obj();
            e.put("name", "spark");
            e.put("master", master);
            e.put("executors_used", executors);
            e.put("file_tasks", files.size());
            e.put("files_committed_by_a_retried_attempt", files.stream().filter(f -> f.attempt() > 0).count());
            e.put("job_seconds", Math.round(jobSeconds * 1000) / 1000.0);
            e.put("receipt_seconds", Math.round(receiptSeconds * 1000) / 1000.0);
            return e;
        }
    }

    Outcome run(JobSpec spec, List<PartFileWriter.PartFile> plan, Map<String, Double> stages) throws IOException {
        long j0 = System.nanoTime();
        List<FileWritten> written = List.of();
        if (!plan.isEmpty()) {
            List<List<PartFileWriter.PartFile>> bins = bins(plan, 4 * sc.defaultParallelism());
            Broadcast<JobSpec> bc = sc.broadcast(spec);
            written = sc.parallelize(bins, bins.size()).mapPartitions(new FileTasks(bc)).collect();
            bc.destroy();
        }
        double jobSeconds = SparkRun.sec(System.nanoTime() - j0);
        stages.put("spark_job_seconds", jobSeconds);
        target.fs().delete(staging.attempts(), true); // attempts of tasks that died: never part of a partition
        checkAgainstPlan(plan);
        long r0 = System.nanoTime();
        // the two datasets' digests on two threads; each is serial by definition (one SHA-256 over its bytes in order)
        CompletableFuture<String> bounds = CompletableFuture.supplyAsync(() -> receipt(staging.tileBounds()));
        String index = receipt(staging.tileIndex());
        String boundsReceipt = bounds.join();
        double receiptSeconds = SparkRun.sec(System.nanoTime() - r0);
        stages.put("receipt_seconds", receiptSeconds);
        long rows = plan.stream().mapToLong(PartFileWriter.PartFile::rows).sum();
        int executors = (int) written.stream().map(FileWritten::executorId).distinct().count();
        return new Outcome(written, rows, index, boundsReceipt, jobSeconds, receiptSeconds, executors);
    }

    private String receipt(org.apache.hadoop.fs.Path dir) {
        try {
            return target.receipt(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A file's fixed cost (open, fsync, commit), in rows: small countries' files share a task. */
    static final long FILE_COST_ROWS = 1 << 18;

    /**
     * The files in at most {@code maxBins} bins of about equal cost, largest files first (greedy: each file to the
     * cheapest bin), the bins in decreasing cost; a bin is one Spark task. Scheduling only: names and bytes are
     * the files' own.
     */
    static List<List<PartFileWriter.PartFile>> bins(List<PartFileWriter.PartFile> files, int maxBins) {
        List<PartFileWriter.PartFile> byCost = new ArrayList<>(files);
        byCost.sort(Comparator.comparingLong(PartFileWriter.PartFile::rows).reversed().thenComparing(PartFileWriter.PartFile::fileName));
        int n = Math.max(1, Math.min(maxBins, files.size()));
        List<List<PartFileWriter.PartFile>> bins = new ArrayList<>();
        long[] cost = new long[n];
        for (int b = 0; b < n; b++) {
            bins.add(new ArrayList<>());
        }
        for (PartFileWriter.PartFile f : byCost) {
            int cheapest = 0;
            for (int b = 1; b < n; b++) {
                cheapest = cost[b] < cost[cheapest] ? b : cheapest;
            }
            bins.get(cheapest).add(f);
            cost[cheapest] += f.rows() + FILE_COST_ROWS;
        }
        return bins;
    }

    /** Each staged dataset holds exactly the planned file names, each committed once: else E011. */
    private void checkAgainstPlan(List<PartFileWriter.PartFile> plan) throws IOException {
        TreeSet<String> expected = new TreeSet<>();
        plan.forEach(f -> expected.add(f.fileName()));
        for (var dir : List.of(staging.tileIndex(), staging.tileBounds())) {
            List<String> found = target.relativeFiles(dir);
            if (!new TreeSet<>(found).equals(expected) || found.size() != expected.size()) {
                TreeSet<String> extra = new TreeSet<>(found), missing = new TreeSet<>(expected);
                extra.removeAll(expected);
                missing.removeAll(found);
                throw new TileIndexException(ErrorCode.E011_INTEGRITY, "staged " + dir + " does not match the plan: missing "
                        + missing + ", unexpected " + extra);
            }
        }
    }

    /** The run report's counters from the tasks' reports: executors are the workers. */
    static final class SparkStats {
        private SparkStats() {}

        static PipelineStats of(List<FileWritten> files, TileIndexPipeline.Scan scan, double jobSeconds, double receiptSeconds,
                                Grid grid) {
            Map<String, Integer> worker = new TreeMap<>();
            files.forEach(f -> worker.putIfAbsent(f.executorId(), worker.size()));
            int n = Math.max(1, worker.size());
            double[] busy = new double[n];
            double encodeCpu = 0;
            long first = files.stream().mapToLong(FileWritten::startMillis).min().orElse(0);
            List<PipelineStats.Span> spans = new ArrayList<>();
            for (FileWritten f : files) {
                int w = worker.get(f.executorId());
                busy[w] += (f.endMillis() - f.startMillis()) / 1e3;
                encodeCpu += f.cpuNanos() / 1e9;
                spans.add(new PipelineStats.Span(w, "encode", f.iso(), (f.startMillis() - first) / 1e3,
                        (f.endMillis() - first) / 1e3, f.rows()));
            }
            List<Double> busyList = new ArrayList<>(), idleList = new ArrayList<>();
            for (double b : busy) {
                busyList.add(b);
                idleList.add(Math.max(0, jobSeconds - b));
            }
            long rows = files.stream().mapToLong(FileWritten::rows).sum();
            double scanCpu = java.util.Arrays.stream(scan.scanNanos()).sum() / 1e9;
            return new PipelineStats(n, TileIndexPipeline.ROW_GROUP_ROWS,
                    new PipelineStats.StageTimes((scan.endNanos() - scan.startNanos()) / 1e9, jobSeconds, scanCpu, 0, encodeCpu),
                    new PipelineStats.WriterTimes(receiptSeconds, receiptSeconds, 0), new PipelineStats.WorkerTimes(idleList, busyList),
                    new PipelineStats.Throughput(rows / Math.max(1e-9, jobSeconds), List.of()),
                    (long) n * RowGroupEncoder.slabBytesFor(grid, TileIndexPipeline.ROW_GROUP_ROWS), PipelineStats.Span.coalesce(spans),
                    new PipelineStats.ScanMemory(0, 0, (int) files.stream().map(FileWritten::iso).distinct().count(), 0));
        }
    }
}
