package io.tileindex.writer;

import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.columns.ColumnKernel;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.CellArea;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.cache.CountryCache;
import io.tileindex.writer.cache.CountryCacheKey;
import io.tileindex.writer.parquet.TileSchemas;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.ring.OrderedHandoff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The run: (1) workers scan countries, largest first, in bands of rows, keeping counts, row-group cuts
 * and the runs that fit a fixed budget; (2) the countries are cut into
 * fixed-size units (one row group each, a fixed number per file: data decides, not scheduling);
 * (3) workers fill columns with the SIMD kernel (from the kept runs, or from the row group's rows scanned
 * again) and encode pages, in sequence order bounded by the
 * handoff window; (4) the single writer thread assembles files in key order.
 */
public final class TileIndexPipeline {
    public static final int ROW_GROUP_ROWS = 1 << 20;
    public static final int ROW_GROUPS_PER_FILE = 8;

    /**
     * @param retainedRunsBytes heap for runs kept from the scan to the encode stage ({@link RetainedRuns});
     *                          0 scans every country again in the encode stage
     */
    public record Config(Grid grid, Predicate predicate, int workers, ColumnKernel kernel, int rowGroupRows,
                         Map<String, String> fileMetadata, FaultInjector faults, long retainedRunsBytes, CacheUse cache,
                         boolean coverageFraction) {

        public Config(Grid grid, Predicate predicate, int workers, ColumnKernel kernel, int rowGroupRows,
                      Map<String, String> fileMetadata, FaultInjector faults) {
            this(grid, predicate, workers, kernel, rowGroupRows, fileMetadata, faults, RetainedRuns.DEFAULT_BYTES, null, false);
        }

        public Config withRetainedRunsBytes(long bytes) {
            return new Config(grid, predicate, workers, kernel, rowGroupRows, fileMetadata, faults, bytes, cache, coverageFraction);
        }

        /** With the country cache ({@code null}: none). */
        public Config withCache(CacheUse use) {
            return new Config(grid, predicate, workers, kernel, rowGroupRows, fileMetadata, faults, retainedRunsBytes, use,
                    coverageFraction);
        }

        /** With or without tile_index's {@code coverage_fraction} column (SPEC §4). */
        public Config withCoverageFraction(boolean on) {
            return new Config(grid, predicate, workers, kernel, rowGroupRows, fileMetadata, faults, retainedRunsBytes, cache, on);
        }
    }

    /** The country cache and its keys' context. */
    public record CacheUse(CountryCache cache, CountryCacheKey keys) {}

    /**
     * @param cachedIsos the countries whose row groups came from the cache
     * @param cache      the cache's counters, null without a cache
     * @param overlaps   where countries' coverage fractions sum past one cell, null without coverage fractions
     */
    public record Result(List<ScannedCountry> countries, long rowsEmitted, String tileIndexReceipt, String tileBoundsReceipt,
                         long bytesWritten, int filesWritten, PipelineStats stats, java.util.Set<String> cachedIsos,
                         CountryCache.Stats cache, CoverageOverlaps.Result overlaps) {}

    /** Progress of a write: the total row count once row groups are planned (for an ETA), then rows written. */
    public interface Progress {
        Progress NONE = new Progress() {
            @Override
            public void total(long rows) { }

            @Override
            public void written(long rowsWritten) { }
        };

        void total(long rows);

        /** Called on the writer thread as it advances. */
        void written(long rowsWritten);
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private final Config cfg;

    public TileIndexPipeline(Config cfg) { this.cfg = cfg; }

    /** Scanned countries with the time it took, ready for {@link #write}. */
    public record Scan(ScannedCountry[] cells, long startNanos, long[] scanNanos, List<List<PipelineStats.Span>> spans,
                       long endNanos, CompletableFuture<Prepared> prepared, RetainedRuns retained, String[] cacheKeys) {}

    /**
     * What the encode stage needs besides the cells, built while the scan runs: per-row areas and
     * one warmed-up encoder per worker (off-heap slabs allocated, zstd's native library loaded,
     * encoding paths compiled). Without this the first unit started about a second after the scan.
     */
    public record Prepared(double[] rowArea, AtomicReference<RowGroupEncoder[]> encoders) {}

    /** The row areas come first (the scan sums them per country), the warmed-up encoders after them. */
    private record Preparation(CompletableFuture<double[]> rowArea, CompletableFuture<Prepared> prepared) {}

    private Preparation preparing;

    /**
     * Starts building the encode stage's needs in the background (idempotent). Callers that know the
     * grid before the countries (the CLI reads the GeoTIFF header first) call it early, so the
     * preparation hides behind input parsing; {@link #scan} starts it otherwise.
     */
    public synchronized void startPreparing() {
        if (preparing == null) {
            CompletableFuture<double[]> areas = new CompletableFuture<>();
            CompletableFuture<Prepared> f = new CompletableFuture<>();
            int workers = Math.max(1, cfg.workers());
            Thread t = new Thread(() -> {
                try {
                    double[] rowArea = CellArea.allRows(cfg.grid());
                    areas.complete(rowArea);
                    f.complete(prepare(workers, rowArea));
                } catch (Throwable e) {
                    areas.completeExceptionally(e);
                    f.completeExceptionally(e);
                }
            }, "tileindex-prepare");
            t.setDaemon(true);
            t.start();
            preparing = new Preparation(areas, f);
        }
    }

    /** The preparation for one scan (started now if nobody started it); the next scan prepares afresh. */
    private synchronized Preparation takePrepared() {
        startPreparing();
        Preparation f = preparing;
        preparing = null;
        return f;
    }

    private Prepared prepare(int workers, double[] rowArea) {
        RowGroupEncoder[] encoders = new RowGroupEncoder[workers];
        for (int w = 0; w < workers; w++) {
            encoders[w] = newEncoder(rowArea);
            encoders[w].warmUp();
        }
        return new Prepared(rowArea, new AtomicReference<>(encoders));
    }

    private RowGroupEncoder newEncoder(double[] rowArea) {
        return new RowGroupEncoder(cfg.grid(), rowArea, cfg.kernel(), cfg.rowGroupRows(), cfg.predicate().wireName(),
                cfg.coverageFraction());
    }

    public Result run(List<CountryShape> countries, Path indexDir, Path boundsDir, Progress progress) throws IOException {
        return write(scan(countries), indexDir, boundsDir, progress);
    }

    /** Stage 1: every country scanned in bands of rows (counts, cuts, runs that fit the budget), largest first. */
    public Scan scan(List<CountryShape> countries) throws IOException {
        long t0 = System.nanoTime();
        int workers = Math.max(1, cfg.workers());
        Preparation prep = takePrepared();
        List<List<PipelineStats.Span>> spans = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            spans.add(new ArrayList<>());
        }
        // largest countries first, so no worker is left holding Russia at the end
        ScannedCountry[] cells = new ScannedCountry[countries.size()];
        Integer[] order = new Integer[countries.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> countries.get(i).vertexCount()).reversed()
                .thenComparing(i -> countries.get(i).iso()));
        AtomicInteger nextScan = new AtomicInteger();
        long[] scanNanos = new long[workers];
        RetainedRuns budget = new RetainedRuns(cfg.retainedRunsBytes());
        String[] cacheKeys = cfg.cache() == null ? null : new String[countries.size()];
        runWorkers(workers, "scan", w -> {
            BandedCountryScan scanner = new BandedCountryScan(cfg.grid(), budget, cfg.rowGroupRows(), () -> join(prep.rowArea()),
                    cfg.coverageFraction());
            int k;
            while ((k = nextScan.getAndIncrement()) < order.length) {
                int i = order[k];
                long s = System.nanoTime(), c0 = CPU.getCurrentThreadCpuTime();
                cells[i] = scanner.scan(countries.get(i), cfg.predicate());
                if (cfg.cache() != null) {
                    cacheKeys[i] = cfg.cache().keys().of(countries.get(i));
                }
                long e = System.nanoTime();
                scanNanos[w] += CPU.getCurrentThreadCpuTime() - c0;
                spans.get(w).add(new PipelineStats.Span(w, "scan", countries.get(i).iso(), sec(s - t0), sec(e - t0),
                        cells[i].cellsIncluded()));
            }
        });
        return new Scan(cells, t0, scanNanos, spans, System.nanoTime(), prep.prepared(), budget, cacheKeys);
    }

    /**
     * Stages 2-4 on scanned countries: plan row groups, encode on workers, write in order. Also the
     * write-only floor of the benchmark (same code, rows already in memory).
     */
    public Result write(Scan scan, Path indexDir, Path boundsDir, Progress progress) throws IOException {
        long writeStart = System.nanoTime();
        int workers = Math.max(1, cfg.workers());
        Prepared prep = join(scan.prepared());
        // the warmed-up encoders serve the first write of this scan; a repeated write builds new ones
        RowGroupEncoder[] warmed = prep.encoders().getAndSet(null);
        RowGroupPlan plan = RowGroupPlan.of(scan.cells(), cfg.rowGroupRows(), ROW_GROUPS_PER_FILE);
        progress.total(plan.totalRows());

        CompletableFuture<CoverageOverlaps.Result> overlaps = !cfg.coverageFraction() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> CoverageOverlaps.of(cfg.grid(), scan.cells(), prep.rowArea()),
                        r -> Thread.ofPlatform().name("tileindex-overlaps").daemon().start(r));
        OrderedHandoff<EncodedRowGroup> handoff = new OrderedHandoff<>(Math.max(2, 2 * workers));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CachedCountries cached = cfg.cache() == null ? null
                : new CachedCountries(cfg.cache().cache(), scan.cacheKeys(), scan.cells(), plan);
        CacheFiller filler = cached == null ? null : new CacheFiller(cached);
        OrderedParquetWriter writer = new OrderedParquetWriter(indexDir, boundsDir, cfg.fileMetadata(), cfg.faults(),
                TileSchemas.tileIndex(cfg.coverageFraction()));
        WriterLoop writerLoop = new WriterLoop(writer, handoff, plan.rowGroups().size(), failure, progress,
                scan.startNanos(), writeStart, filler, plan.totalRows());
        Thread writerThread = Thread.ofPlatform().name("tileindex-writer").start(writerLoop);
        EncodeWorkers encode = new EncodeWorkers(workers, cfg.grid(), scan.cells(), plan, handoff, failure, scan.startNanos(),
                cached, cfg.coverageFraction());
        runWorkers(workers, "encode", w -> encode.run(w, warmed != null && w < warmed.length ? warmed[w]
                : newEncoder(prep.rowArea()), scan.spans().get(w)), failure);
        try {
            writerThread.join();
            if (filler != null) {
                if (failure.get() == null) {
                    filler.finish();
                } else {
                    filler.abort();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        }
        rethrow(failure.get(), "pipeline");
        PipelineStats stats = stats(scan, encode, writerLoop, workers, System.nanoTime() - writeStart);
        java.util.Set<String> fromCache = new java.util.TreeSet<>();
        if (cached != null) {
            for (int i = 0; i < scan.cells().length; i++) {
                if (cached.hit(i)) {
                    fromCache.add(scan.cells()[i].iso());
                }
            }
        }
        return new Result(List.of(scan.cells()), plan.totalRows(), writer.receiptHex(), writer.boundsReceiptHex(),
                writer.bytesWritten(), writer.filesWritten(), stats, fromCache, cached == null ? null : cached.cache().stats(),
                join(overlaps));
    }

    private PipelineStats stats(Scan scan, EncodeWorkers encode, WriterLoop writerLoop, int workers, long writeNanos) {
        List<Double> idle = new ArrayList<>(), busy = new ArrayList<>();
        double scanCpu = 0, colCpu = 0, encCpu = 0;
        for (int w = 0; w < workers; w++) {
            idle.add(sec(encode.idleNanos(w)));
            busy.add(sec(encode.busyNanos(w) + scan.scanNanos()[w]));
            scanCpu += sec(scan.scanNanos()[w]);
            colCpu += sec(encode.columnsNanos(w));
            encCpu += sec(encode.encodeNanos(w));
        }
        List<PipelineStats.Span> spans = new ArrayList<>();
        scan.spans().forEach(spans::addAll);
        PipelineStats.StageTimes stages = new PipelineStats.StageTimes(sec(scan.endNanos() - scan.startNanos()),
                sec(writeNanos), scanCpu, colCpu, encCpu);
        return new PipelineStats(workers, cfg.rowGroupRows(), stages, writerLoop.times(), new PipelineStats.WorkerTimes(idle, busy),
                writerLoop.throughput(), encode.offHeapBytes(), PipelineStats.Span.coalesce(spans), scanMemory(scan, encode));
    }

    private static PipelineStats.ScanMemory scanMemory(Scan scan, EncodeWorkers encode) {
        int rescanned = (int) Arrays.stream(scan.cells()).filter(c -> !c.runsComplete()).count();
        return new PipelineStats.ScanMemory(scan.retained().usedBytes(), scan.retained().capacityBytes(), rescanned,
                encode.rescannedRows());
    }

    private static <T> T join(CompletableFuture<T> prepared) {
        try {
            return prepared.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** Rethrows a worker's failure as it was: coded failures and I/O errors keep their type. */
    private static void rethrow(Throwable f, String stage) throws IOException {
        if (f instanceof TileIndexException te) {
            throw te;
        }
        if (f instanceof IOException io) {
            throw io;
        }
        if (f != null) {
            throw new IllegalStateException(stage + " failed: " + f, f);
        }
    }

    private interface WorkerBody {
        void run(int worker) throws Exception;
    }

    private static void runWorkers(int n, String stage, WorkerBody body) throws IOException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runWorkers(n, stage, body, failure);
        rethrow(failure.get(), stage);
    }

    private static void runWorkers(int n, String stage, WorkerBody body, AtomicReference<Throwable> failure) {
        Thread[] ts = new Thread[n];
        for (int w = 0; w < n; w++) {
            int id = w;
            ts[w] = new Thread(() -> {
                try {
                    body.run(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "tileindex-" + stage + "-" + w);
            ts[w].start();
        }
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            }
        }
    }

    private static double sec(long nanos) { return nanos / 1e9; }
}
