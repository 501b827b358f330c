package io.tileindex.writer;

import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.CoverageFractions;
import io.tileindex.writer.ring.OrderedHandoff;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Stage 3: workers take row groups in sequence order, fill columns with the SIMD kernel and encode
 * pages, and publish them to the handoff, at most its window ahead of the writer. {@link #run} is
 * called once per worker thread; the per-worker counters are read after all of them ended.
 */
final class EncodeWorkers {
    private final Grid grid;
    private final ScannedCountry[] countries;
    private final RowGroupPlan plan;
    private final OrderedHandoff<EncodedRowGroup> handoff;
    private final AtomicReference<Throwable> failure;
    private final long runStart;
    private final CachedCountries cached; // null without a cache
    private final boolean coverage; // walk each row group's rows for its coverage fractions
    private final AtomicLong next = new AtomicLong();
    private final long[] idleNanos, busyNanos, columnsNanos, encodeNanos;
    private final AtomicLong offHeapBytes = new AtomicLong(), rescannedRows = new AtomicLong();

    EncodeWorkers(int workers, Grid grid, ScannedCountry[] countries, RowGroupPlan plan, OrderedHandoff<EncodedRowGroup> handoff,
                  AtomicReference<Throwable> failure, long runStart, CachedCountries cached, boolean coverage) {
        this.cached = cached;
        this.coverage = coverage;
        this.grid = grid;
        this.countries = countries;
        this.plan = plan;
        this.handoff = handoff;
        this.failure = failure;
        this.runStart = runStart;
        idleNanos = new long[workers];
        busyNanos = new long[workers];
        columnsNanos = new long[workers];
        encodeNanos = new long[workers];
    }

    void run(int w, RowGroupEncoder enc, List<PipelineStats.Span> spans) {
        CountryScanner scanner = new CountryScanner(grid);
        try (enc) {
            offHeapBytes.addAndGet(enc.slabBytes());
            BooleanSupplier failed = () -> failure.get() != null;
            long s;
            while (!failed.getAsBoolean() && (s = next.getAndIncrement()) < plan.rowGroups().size()) {
                long waited = handoff.awaitTurn(s, failed);
                if (waited < 0) {
                    return;
                }
                idleNanos[w] += waited;
                PlannedRowGroup u = plan.rowGroups().get((int) s);
                long b0 = System.nanoTime();
                EncodedRowGroup rg = cached == null ? null : cached.rowGroup(u);
                String stage = rg != null ? "cache" : "encode";
                if (rg == null) {
                    rg = encode(enc, scanner, u);
                }
                long b1 = System.nanoTime();
                busyNanos[w] += b1 - b0;
                spans.add(new PipelineStats.Span(w, stage, u.iso(), (b0 - runStart) / 1e9, (b1 - runStart) / 1e9, u.rowCount()));
                handoff.publish(s, rg, failed);
            }
            columnsNanos[w] = enc.columnsNanos();
            encodeNanos[w] = enc.encodeNanos();
        }
    }

    /** From the retained runs, or from the group's rows scanned again (the same cells either way). */
    private EncodedRowGroup encode(RowGroupEncoder enc, CountryScanner scanner, PlannedRowGroup u) {
        ScannedCountry c = countries[u.countryIndex()];
        RowGroupCuts cuts = c.cuts();
        int g = u.rowGroupIndex();
        int first = cuts.firstRow(g), last = cuts.lastRow(g, c.prepared().rowHi());
        CoverageFractions fractions = coverage ? scanner.coverage(c.prepared(), first, last) : null;
        if (c.runsComplete()) {
            return enc.encode(u, c.cells().runs(), plan.cellsBefore()[u.countryIndex()], fractions);
        }
        CountryCells rows = scanner.scanRows(c.prepared(), first, last);
        rescannedRows.addAndGet(last - first + 1);
        return enc.encode(u, rows.runs(), RowGroupPlan.prefix(rows.runs(), cuts.cellsBeforeRow(g)), fractions);
    }

    long idleNanos(int w) { return idleNanos[w]; }
    long busyNanos(int w) { return busyNanos[w]; }
    long columnsNanos(int w) { return columnsNanos[w]; }
    long encodeNanos(int w) { return encodeNanos[w]; }
    long offHeapBytes() { return offHeapBytes.get(); }
    /** Rows scanned again for row groups of countries whose runs were not retained. */
    long rescannedRows() { return rescannedRows.get(); }
}
