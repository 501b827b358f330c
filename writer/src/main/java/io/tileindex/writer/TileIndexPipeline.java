package io.tileindex.writer;

import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.columns.ColumnKernel;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.CellArea;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.InclusionRule;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.ring.OrderedHandoff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * The run: (1) workers scan countries, largest first, into cell runs; (2) the runs are cut into
 * fixed-size units (one row group each, a fixed number per file: data decides, not scheduling);
 * (3) workers fill columns with the SIMD kernel and encode pages, in sequence order bounded by the
 * handoff window; (4) the single writer thread assembles files in key order.
 */
public final class TileIndexPipeline {
    public static final int DEFAULT_UNIT_ROWS = 1 << 20;
    public static final int UNITS_PER_FILE = 8;

    public record Config(Grid grid, InclusionRule rule, int workers, ColumnKernel kernel, int unitRows,
                         Map<String, String> fileMetadata, FaultInjector faults) {}

    /** {@code rowAreas[row]} is the {@code pixel_area_m2} of every cell of that row (the report sums it per country). */
    public record Result(List<CountryCells> countries, long rowsEmitted, String tileIndexReceipt, String tileBoundsReceipt,
                         long bytesWritten, int filesWritten, PipelineStats stats, double[] rowAreas) {}

    /** A progress sink that also learns the total row count, known once units are planned (for an ETA). */
    public interface Progress extends LongConsumer {
        void total(long rows);
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private final Config cfg;

    public TileIndexPipeline(Config cfg) { this.cfg = cfg; }

    /** Scanned countries with the time it took, ready for {@link #write}. */
    public record Scan(CountryCells[] cells, long startNanos, long[] scanNanos, List<List<PipelineStats.UnitSpan>> spans,
                       long endNanos, java.util.concurrent.CompletableFuture<Prepared> prepared) {}

    /**
     * What the encode stage needs besides the cells, built while the scan runs: per-row areas and
     * one warmed-up encoder per worker (off-heap slabs allocated, zstd's native library loaded,
     * encoding paths compiled). Without this the first unit started about a second after the scan.
     */
    public record Prepared(double[] rowArea, AtomicReference<RowGroupEncoder[]> encoders) {}

    private java.util.concurrent.CompletableFuture<Prepared> preparing;

    /**
     * Starts building the encode stage's needs in the background (idempotent). Callers that know the
     * grid before the countries (the CLI reads the GeoTIFF header first) call it early, so the
     * preparation hides behind input parsing; {@link #scan} starts it otherwise.
     */
    public synchronized void startPreparing() {
        if (preparing == null) {
            java.util.concurrent.CompletableFuture<Prepared> f = new java.util.concurrent.CompletableFuture<>();
            int workers = Math.max(1, cfg.workers());
            Thread t = new Thread(() -> {
                try {
                    f.complete(prepare(workers));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            }, "tileindex-prepare");
            t.setDaemon(true);
            t.start();
            preparing = f;
        }
    }

    /** The preparation for one scan (started now if nobody started it); the next scan prepares afresh. */
    private synchronized java.util.concurrent.CompletableFuture<Prepared> takePrepared() {
        startPreparing();
        java.util.concurrent.CompletableFuture<Prepared> f = preparing;
        preparing = null;
        return f;
    }

    private Prepared prepare(int workers) {
        double[] rowArea = CellArea.allRows(cfg.grid());
        RowGroupEncoder[] encoders = new RowGroupEncoder[workers];
        for (int w = 0; w < workers; w++) {
            encoders[w] = newEncoder(rowArea);
            encoders[w].warmUp();
        }
        return new Prepared(rowArea, new AtomicReference<>(encoders));
    }

    private RowGroupEncoder newEncoder(double[] rowArea) {
        return new RowGroupEncoder(cfg.grid(), rowArea, cfg.kernel(), cfg.unitRows(), cfg.rule().wireName());
    }

    public Result run(List<CountryShape> countries, Path indexDir, Path boundsDir, LongConsumer progress) throws IOException {
        return write(scan(countries), indexDir, boundsDir, progress);
    }

    /** Stage 1: every country to cell runs, largest first. */
    public Scan scan(List<CountryShape> countries) throws IOException {
        long t0 = System.nanoTime();
        int workers = Math.max(1, cfg.workers());
        java.util.concurrent.CompletableFuture<Prepared> prepared = takePrepared();
        List<List<PipelineStats.UnitSpan>> spans = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            spans.add(new ArrayList<>());
        }

        // ---- 1. scan, largest countries first so no worker is left holding Russia at the end
        CountryCells[] cells = new CountryCells[countries.size()];
        Integer[] order = new Integer[countries.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> countries.get(i).vertexCount()).reversed()
                .thenComparing(i -> countries.get(i).iso()));
        AtomicInteger nextScan = new AtomicInteger();
        long[] scanNanos = new long[workers];
        runWorkers(workers, "scan", w -> {
            CountryScanner scanner = new CountryScanner(cfg.grid());
            int k;
            while ((k = nextScan.getAndIncrement()) < order.length) {
                int i = order[k];
                long s = System.nanoTime(), c0 = CPU.getCurrentThreadCpuTime();
                cells[i] = scanner.scan(countries.get(i), cfg.rule());
                long e = System.nanoTime();
                scanNanos[w] += CPU.getCurrentThreadCpuTime() - c0;
                spans.get(w).add(new PipelineStats.UnitSpan(w, "scan", countries.get(i).iso(), sec(s - t0), sec(e - t0),
                        cells[i].cellsIncluded()));
            }
        });
        return new Scan(cells, t0, scanNanos, spans, System.nanoTime(), prepared);
    }

    /**
     * Stages 2-4 on scanned countries: plan units, encode on workers, write in order. Also the
     * write-only floor of the benchmark (same code, rows already in memory).
     */
    public Result write(Scan scan, Path indexDir, Path boundsDir, LongConsumer progress) throws IOException {
        CountryCells[] cells = scan.cells();
        long t0 = scan.startNanos();
        long t1 = System.nanoTime();
        long[] scanNanos = scan.scanNanos();
        List<List<PipelineStats.UnitSpan>> spans = scan.spans();
        int workers = Math.max(1, cfg.workers());

        Prepared prep;
        try {
            prep = scan.prepared().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        double[] rowArea = prep.rowArea();
        // the warmed-up encoders serve the first write of this scan; a repeated write builds new ones
        RowGroupEncoder[] warmed = prep.encoders().getAndSet(null);

        // ---- 2. plan units: data-determined row groups and files
        List<WorkUnit> units = new ArrayList<>();
        long[][] prefixes = new long[cells.length][];
        long totalRows = 0;
        for (int i = 0; i < cells.length; i++) {
            CellRuns runs = cells[i].runs();
            long[] prefix = new long[runs.size() + 1];
            for (int r = 0; r < runs.size(); r++) {
                prefix[r + 1] = prefix[r] + (runs.end(r) - runs.start(r));
            }
            prefixes[i] = prefix;
            long n = prefix[runs.size()];
            totalRows += n;
            int groups = (int) ((n + cfg.unitRows() - 1) / cfg.unitRows());
            for (int gi = 0; gi < groups; gi++) {
                long off = (long) gi * cfg.unitRows();
                int rows = (int) Math.min(cfg.unitRows(), n - off);
                units.add(new WorkUnit(units.size(), i, cells[i].iso(), gi, gi / UNITS_PER_FILE,
                        gi % UNITS_PER_FILE == 0, gi % UNITS_PER_FILE == UNITS_PER_FILE - 1 || gi == groups - 1, off, rows));
            }
        }

        if (progress instanceof Progress p) {
            p.total(totalRows);
        }

        // ---- 3 + 4. encode on workers, assemble in order on the writer thread
        OrderedHandoff<EncodedRowGroup> handoff = new OrderedHandoff<>(Math.max(2, 2 * workers));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong nextUnit = new AtomicLong();
        long[] idleNanos = new long[workers], columnsNanos = new long[workers], encodeNanos = new long[workers];
        long[] busyNanos = new long[workers];
        long[] offHeap = new long[1];
        List<double[]> timeline = Collections.synchronizedList(new ArrayList<>());
        OrderedParquetWriter writer = new OrderedParquetWriter(indexDir, boundsDir, cfg.fileMetadata(), cfg.faults());
        long[] writerIdle = new long[1], writerBusy = new long[1], writerCpu = new long[1];
        double[] peak = new double[1];
        Thread writerThread = new Thread(() -> {
            try (writer) {
                long windowStart = System.nanoTime(), windowRows = 0;
                for (long s = 0; s < units.size(); s++) {
                    EncodedRowGroup rg = handoff.take(s, () -> failure.get() != null, writerIdle);
                    if (rg == null) {
                        return;
                    }
                    long b0 = System.nanoTime();
                    writer.write(rg);
                    long now = System.nanoTime();
                    writerBusy[0] += now - b0;
                    windowRows += rg.unit().rowCount();
                    if (now - windowStart >= 1_000_000_000L || s == units.size() - 1) {
                        double rate = windowRows / Math.max(1e-9, sec(now - windowStart));
                        if (now - windowStart >= 250_000_000L) {
                            peak[0] = Math.max(peak[0], rate);
                        }
                        timeline.add(new double[] {sec(now - t0), rate});
                        windowStart = now;
                        windowRows = 0;
                    }
                    progress.accept(writer.rowsWritten());
                }
                writer.finish();
                writerCpu[0] = CPU.getCurrentThreadCpuTime();
                if (peak[0] == 0 && writer.rowsWritten() > 0) {
                    peak[0] = writer.rowsWritten() / Math.max(1e-9, sec(System.nanoTime() - t1));
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "tileindex-writer");
        writerThread.start();
        runWorkers(workers, "encode", w -> {
            try (RowGroupEncoder enc = warmed != null && w < warmed.length ? warmed[w] : newEncoder(rowArea)) {
                synchronized (offHeap) {
                    offHeap[0] += enc.slabBytes();
                }
                long s;
                while (failure.get() == null && (s = nextUnit.getAndIncrement()) < units.size()) {
                    long waited = handoff.awaitTurn(s, () -> failure.get() != null);
                    if (waited < 0) {
                        return;
                    }
                    idleNanos[w] += waited;
                    WorkUnit u = units.get((int) s);
                    long b0 = System.nanoTime();
                    EncodedRowGroup rg = enc.encode(u, cells[u.countryIndex()].runs(), prefixes[u.countryIndex()]);
                    long b1 = System.nanoTime();
                    busyNanos[w] += b1 - b0;
                    spans.get(w).add(new PipelineStats.UnitSpan(w, "encode", u.iso(), sec(b0 - t0), sec(b1 - t0), u.rowCount()));
                    handoff.publish(s, rg, () -> failure.get() != null);
                }
                columnsNanos[w] = enc.columnsNanos();
                encodeNanos[w] = enc.encodeNanos();
            }
        }, failure);
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        }
        Throwable f = failure.get();
        if (f != null) {
            if (f instanceof TileIndexException te) {
                throw te;
            }
            if (f instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("pipeline failed: " + f, f);
        }
        long t2 = System.nanoTime();

        List<Double> idle = new ArrayList<>(), busy = new ArrayList<>();
        double scanCpu = 0, colCpu = 0, encCpu = 0;
        for (int w = 0; w < workers; w++) {
            idle.add(sec(idleNanos[w]));
            busy.add(sec(busyNanos[w] + scanNanos[w]));
            scanCpu += sec(scanNanos[w]);
            colCpu += sec(columnsNanos[w]);
            encCpu += sec(encodeNanos[w]);
        }
        List<PipelineStats.UnitSpan> allSpans = new ArrayList<>();
        spans.forEach(allSpans::addAll);
        PipelineStats stats = new PipelineStats(workers, cfg.unitRows(), sec(scan.endNanos() - t0), sec(t2 - t1), scanCpu, colCpu, encCpu,
                sec(writerBusy[0]), sec(writerCpu[0]), sec(writerIdle[0]), idle, busy, peak[0], offHeap[0], List.copyOf(timeline), allSpans);
        return new Result(List.of(cells), totalRows, writer.receiptHex(), writer.boundsReceiptHex(), writer.bytesWritten(), writer.filesWritten(), stats,
                rowArea);
    }

    private interface WorkerBody {
        void run(int worker) throws Exception;
    }

    private static void runWorkers(int n, String stage, WorkerBody body) throws IOException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runWorkers(n, stage, body, failure);
        Throwable f = failure.get();
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
