package io.tileindex.writer;

import io.tileindex.kernel.columns.ColumnKernel;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CoverageFractions;
import io.tileindex.writer.parquet.BitPackedIndices;
import io.tileindex.writer.parquet.ByteSink;
import io.tileindex.writer.parquet.DeltaBinaryPacked;
import io.tileindex.writer.parquet.EncodedChunk;
import io.tileindex.writer.parquet.PageCompressor;
import io.tileindex.writer.parquet.RleDictionaryIndices;
import io.tileindex.writer.parquet.TileSchemas;
import io.tileindex.writer.slab.ColumnSlab;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.PrimitiveType;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A worker's encoder: turns one {@link PlannedRowGroup} into the encoded column chunks of both datasets.
 * The SIMD kernel fills the off-heap slab with the per-cell columns; this class cuts pages from it.
 * Encodings follow the data's structure: constant strings and per-row constants (row, latitudes,
 * area) as one-entry-per-row dictionaries with RLE indices, ids and columns as DELTA_BINARY_PACKED,
 * longitudes as a dictionary of the unit's column span (computed by the SIMD kernel) with one
 * bit-packed index stream shared by all three longitude columns. Columns shared by both datasets
 * are encoded once. Longitudes are the written ones: SPEC §2 shifts a column whose formula centre lies
 * outside [-180, 180) by ±360°, so on an overhanging or 0..360 grid a dictionary need not be sorted.
 */
public final class RowGroupEncoder implements AutoCloseable {
    /**
     * Rows per data page: a whole row group, so one page per column chunk: fewer pages keep the
     * writer thread's per-page work small (figures in docs/PERFORMANCE.md). A page is at most ~2 MB
     * before compression; row-group statistics already narrow to 2^20 rows.
     */
    public static final int PAGE_ROWS = 1 << 20;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private static final List<PrimitiveType> INDEX_TYPES = types(TileSchemas.TILE_INDEX_COVERAGE);
    private static final List<PrimitiveType> BOUNDS_TYPES = types(TileSchemas.TILE_BOUNDS);

    private final Grid g;
    private final Grid.ColumnRange[] ranges; // columns of equal SPEC §2 shift: one range unless the grid overhangs ±180
    private final double[] rowArea;
    private final ColumnKernel kernel;
    private final ColumnSlab slab;
    private final ColumnSlab dictSlab; // longitudes of a unit's column span: its dictionary pages
    private final byte[] ruleBytes;
    private final boolean coverage; // tile_index gets its ninth column, coverage_fraction
    private final ByteSink sink = new ByteSink(1 << 20);
    private final PageCompressor compressor = new PageCompressor();
    private final DeltaBinaryPacked delta = new DeltaBinaryPacked();

    // the unit's runs, trimmed to the unit, with each run's element offset and dictionary index
    private int[] uRow = new int[64], uStart = new int[64], uEnd = new int[64], uDict = new int[64];
    private long[] uOff = new long[65];
    private int nRuns;
    private int uColMin, uColMax; // the unit's column span, gathered with its runs
    private int[] dictRows = new int[64];
    private int nDict;

    private long columnsNanos, encodeNanos;

    public RowGroupEncoder(Grid grid, double[] rowArea, ColumnKernel kernel, int rowGroupRows, String ruleName) {
        this(grid, rowArea, kernel, rowGroupRows, ruleName, false);
    }

    public RowGroupEncoder(Grid grid, double[] rowArea, ColumnKernel kernel, int rowGroupRows, String ruleName,
                           boolean coverage) {
        this.coverage = coverage;
        this.g = grid;
        this.ranges = grid.columnRanges().toArray(Grid.ColumnRange[]::new);
        this.rowArea = rowArea;
        this.kernel = kernel;
        this.slab = new ColumnSlab(rowGroupRows);
        this.dictSlab = new ColumnSlab(grid.ncols());
        this.ruleBytes = ruleName.getBytes(StandardCharsets.UTF_8);
    }

    private static List<PrimitiveType> types(org.apache.parquet.schema.MessageType m) {
        List<PrimitiveType> t = new ArrayList<>();
        m.getColumns().forEach(c -> t.add(c.getPrimitiveType()));
        return List.copyOf(t);
    }

    /** Encodes a small throw-away unit (loads native zstd, compiles the hot paths), then resets the counters. */
    public void warmUp() {
        int n = Math.min(Math.min(g.ncols(), 4096), (int) slab.capacity());
        CellRuns r = new CellRuns(1);
        r.add(0, 0, n);
        encode(new PlannedRowGroup(-1, -1, "ZZ", 0, 0, true, true, 0, n), r, new long[] {0, n}, CoverageFractions.NONE);
        columnsNanos = 0;
        encodeNanos = 0;
    }

    public long columnsNanos() { return columnsNanos; }
    public long encodeNanos() { return encodeNanos; }
    public long slabBytes() { return slab.bytes() + dictSlab.bytes(); }

    /** The off-heap bytes one encoder holds for {@code grid} and {@code rowGroupRows}, before it is built. */
    public static long slabBytesFor(Grid grid, int rowGroupRows) {
        return ColumnSlab.bytesFor(rowGroupRows) + ColumnSlab.bytesFor(grid.ncols());
    }

    /**
     * Encodes a unit. {@code runPrefix[i]} is the number of the country's cells before run i.
     */
    public EncodedRowGroup encode(PlannedRowGroup u, CellRuns runs, long[] runPrefix) {
        return encode(u, runs, runPrefix, null);
    }

    /**
     * Encodes a unit; {@code fractions}: the country's boundary cells when this encoder writes
     * coverage_fraction (ignored otherwise).
     */
    public EncodedRowGroup encode(PlannedRowGroup u, CellRuns runs, long[] runPrefix, CoverageFractions fractions) {
        // thread CPU time, not wall time: stage costs must not include waiting for a core
        long t0 = CPU.getCurrentThreadCpuTime();
        collectRuns(u, runs, runPrefix);
        ColumnKernel.Columns cols = slab.columns();
        fillIds(cols);
        int cmin = uColMin, cmax = uColMax;
        ColumnKernel.Columns dict = dictSlab.columns();
        kernel.fillLongitudes(g, cmin, cmax + 1, dict, 0);
        long t1 = CPU.getCurrentThreadCpuTime();
        byte[] iso = u.iso().getBytes(StandardCharsets.UTF_8);
        int n = u.rowCount();
        EncodedChunk isoChunk = constantString(iso, n);
        EncodedChunk tileId = deltaLongs(cols.tileId(), INDEX_TYPES.get(1), true, n);
        EncodedChunk row = rowDictionary(INDEX_TYPES.get(2), null, n);
        EncodedChunk col = deltaLongs(cols.rasterCol(), INDEX_TYPES.get(3), false, n);
        List<long[]> pageSpans = new ArrayList<>();
        List<EncodedChunk.Page> lonIndexPages = longitudeIndexPages(cmin, cmax - cmin + 1, n, pageSpans);
        EncodedChunk lon = longitudeDictionary(dict.centroidLon(), cmax - cmin + 1, lonIndexPages, pageSpans,
                INDEX_TYPES.get(4), g::shiftedCentroidLon);
        EncodedChunk lat = rowDictionary(INDEX_TYPES.get(5), r -> g.centroidLat(r), n);
        EncodedChunk area = rowDictionary(INDEX_TYPES.get(6), r -> rowArea[r], n);
        EncodedChunk rule = constantString(ruleBytes, n);
        EncodedChunk minLat = rowDictionary(BOUNDS_TYPES.get(2), r -> g.minLat(r), n);
        EncodedChunk maxLat = rowDictionary(BOUNDS_TYPES.get(3), r -> g.maxLat(r), n);
        EncodedChunk minLon = longitudeDictionary(dict.minLon(), cmax - cmin + 1, lonIndexPages, pageSpans,
                BOUNDS_TYPES.get(4), g::shiftedMinLon);
        EncodedChunk maxLon = longitudeDictionary(dict.maxLon(), cmax - cmin + 1, lonIndexPages, pageSpans,
                BOUNDS_TYPES.get(5), g::shiftedMaxLon);
        long first = (long) uRow[0] * g.ncols() + uStart[0];
        long last = (long) uRow[nRuns - 1] * g.ncols() + uEnd[nRuns - 1] - 1;
        EncodedChunk[] index = coverage
                ? new EncodedChunk[] {isoChunk, tileId, row, col, lon, lat, area, rule,
                        coverageFractions(fractions == null ? CoverageFractions.NONE : fractions, n)}
                : new EncodedChunk[] {isoChunk, tileId, row, col, lon, lat, area, rule};
        EncodedRowGroup out = new EncodedRowGroup(u, first, last, index,
                new EncodedChunk[] {isoChunk, tileId, minLat, maxLat, minLon, maxLon, lat, lon});
        long t2 = CPU.getCurrentThreadCpuTime();
        columnsNanos += t1 - t0;
        encodeNanos += t2 - t1;
        return out;
    }

    /**
     * The kernel over every run of the unit. A loop of its own: a unit has up to tens of thousands of
     * runs, and a hot loop inside {@link #encode} made C2 compile (OSR, then again normally) all of
     * encode with everything it inlines, about 0.6 s of the one C2 thread's time on a 2-core machine.
     */
    private void fillIds(ColumnKernel.Columns cols) {
        for (int i = 0; i < nRuns; i++) {
            kernel.fillIds(g, uRow[i], uStart[i], uEnd[i], cols, uOff[i]);
        }
    }

    private void collectRuns(PlannedRowGroup u, CellRuns runs, long[] runPrefix) {
        long from = u.cellOffset(), to = from + u.rowCount();
        int k = Arrays.binarySearch(runPrefix, 0, runs.size() + 1, from);
        if (k < 0) {
            k = -k - 2;
        }
        while (k + 1 <= runs.size() && runPrefix[k + 1] <= from) {
            k++; // skip empty positions (never happens: runs are non-empty)
        }
        nRuns = 0;
        nDict = 0;
        uColMin = Integer.MAX_VALUE;
        uColMax = -1;
        long off = 0;
        for (int i = k; i < runs.size() && runPrefix[i] < to; i++) {
            long rs = Math.max(from, runPrefix[i]), re = Math.min(to, runPrefix[i + 1]);
            int s = runs.start(i) + (int) (rs - runPrefix[i]);
            int e = s + (int) (re - rs);
            ensureRuns(nRuns + 1);
            int row = runs.row(i);
            if (nDict == 0 || dictRows[nDict - 1] != row) {
                if (nDict == dictRows.length) {
                    dictRows = Arrays.copyOf(dictRows, nDict * 2);
                }
                dictRows[nDict++] = row;
            }
            uRow[nRuns] = row;
            uStart[nRuns] = s;
            uEnd[nRuns] = e;
            uDict[nRuns] = nDict - 1;
            uOff[nRuns] = off;
            uColMin = Math.min(uColMin, s);
            uColMax = Math.max(uColMax, e - 1);
            off += e - s;
            nRuns++;
        }
        uOff[nRuns] = off;
        if (off != u.rowCount()) {
            throw new IllegalStateException("unit " + u + " covers " + off + " cells");
        }
    }

    private void ensureRuns(int n) {
        if (n > uRow.length) {
            int c = Math.max(n, uRow.length * 2);
            uRow = Arrays.copyOf(uRow, c);
            uStart = Arrays.copyOf(uStart, c);
            uEnd = Arrays.copyOf(uEnd, c);
            uDict = Arrays.copyOf(uDict, c);
            uOff = Arrays.copyOf(uOff, c + 1);
        }
    }

    /** Index of the run holding element {@code e}. */
    private int runAt(long e) {
        int k = Arrays.binarySearch(uOff, 0, nRuns + 1, e);
        return k >= 0 ? k : -k - 2;
    }

    // ------------------------------------------------------------------------------- columns

    private EncodedChunk constantString(byte[] value, int n) {
        sink.reset();
        sink.putIntLE(value.length);
        sink.putBytes(value);
        byte[] dict = sink.toArray();
        List<EncodedChunk.Page> pages = new ArrayList<>();
        Statistics<?> stats = stats(INDEX_TYPES.get(0), value, value);
        for (int p0 = 0; p0 < n; p0 += PAGE_ROWS) {
            int cnt = Math.min(PAGE_ROWS, n - p0);
            sink.reset();
            RleDictionaryIndices idx = new RleDictionaryIndices(sink, 1);
            idx.repeat(0, cnt);
            idx.finish();
            pages.add(new EncodedChunk.Page(sink.toArray(), sink.size(), cnt, Encoding.RLE_DICTIONARY, stats));
        }
        return new EncodedChunk(CompressionCodecName.UNCOMPRESSED, new EncodedChunk.Dict(dict, dict.length, 1), pages);
    }

    /** Per-row constant: dictionary of the unit's rows, RLE indices. {@code value == null} means the row number itself. */
    private EncodedChunk rowDictionary(PrimitiveType type, IntToDoubleFunction value, int n) {
        sink.reset();
        for (int i = 0; i < nDict; i++) {
            if (value == null) {
                sink.putLongLE(dictRows[i]);
            } else {
                sink.putDoubleLE(value.applyAsDouble(dictRows[i]));
            }
        }
        byte[] dict = sink.toArray();
        List<EncodedChunk.Page> pages = new ArrayList<>();
        for (int p0 = 0; p0 < n; p0 += PAGE_ROWS) {
            int cnt = Math.min(PAGE_ROWS, n - p0);
            long p1 = p0 + cnt;
            sink.reset();
            RleDictionaryIndices idx = new RleDictionaryIndices(sink, nDict);
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            long minRow = Long.MAX_VALUE, maxRow = Long.MIN_VALUE;
            for (int k = runAt(p0); k < nRuns && uOff[k] < p1; k++) {
                long s = Math.max(p0, uOff[k]), e = Math.min(p1, uOff[k + 1]);
                idx.repeat(uDict[k], e - s);
                if (value == null) {
                    minRow = Math.min(minRow, uRow[k]);
                    maxRow = Math.max(maxRow, uRow[k]);
                } else {
                    double v = value.applyAsDouble(uRow[k]);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            idx.finish();
            Statistics<?> st = value == null ? stats(type, le(minRow), le(maxRow)) : stats(type, le(min), le(max));
            pages.add(new EncodedChunk.Page(sink.toArray(), sink.size(), cnt, Encoding.RLE_DICTIONARY, st));
        }
        return new EncodedChunk(CompressionCodecName.UNCOMPRESSED, new EncodedChunk.Dict(dict, dict.length, nDict), pages);
    }

    /**
     * coverage_fraction: a dictionary of 1.0 (every cell no boundary edge passes through) followed by
     * the unit's boundary cells' values in tile order, RLE indices (long runs of 1.0), then ZSTD.
     */
    private EncodedChunk coverageFractions(CoverageFractions f, int n) {
        int k = f.firstAtOrAfter((long) uRow[0] * g.ncols() + uStart[0]);
        int last = f.firstAtOrAfter((long) uRow[nRuns - 1] * g.ncols() + uEnd[nRuns - 1]);
        double[] dict = new double[1 + last - k];
        dict[0] = 1.0;
        int size = 1;
        sink.reset();
        RleDictionaryIndices idx = new RleDictionaryIndices(sink, dict.length);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nRuns; i++) {
            long t = (long) uRow[i] * g.ncols() + uStart[i], end = (long) uRow[i] * g.ncols() + uEnd[i];
            for (; k < last && f.tileId(k) < end; k++) {
                if (f.tileId(k) < t) {
                    continue; // a boundary cell the predicate left out
                }
                if (f.tileId(k) > t) {
                    idx.repeat(0, f.tileId(k) - t);
                    min = Math.min(min, 1.0);
                    max = Math.max(max, 1.0);
                }
                idx.repeat(size, 1);
                dict[size++] = f.fraction(k);
                min = Math.min(min, f.fraction(k));
                max = Math.max(max, f.fraction(k));
                t = f.tileId(k) + 1;
            }
            if (end > t) {
                idx.repeat(0, end - t);
                min = Math.min(min, 1.0);
                max = Math.max(max, 1.0);
            }
        }
        idx.finish();
        byte[] body = compressor.compress(CompressionCodecName.ZSTD, sink.array(), sink.size());
        int uncompressed = sink.size();
        sink.reset();
        for (int i = 0; i < size; i++) {
            sink.putDoubleLE(dict[i]);
        }
        byte[] dictBytes = compressor.compress(CompressionCodecName.ZSTD, sink.array(), sink.size());
        EncodedChunk.Page page = new EncodedChunk.Page(body, uncompressed, n, Encoding.RLE_DICTIONARY,
                stats(INDEX_TYPES.get(8), le(min), le(max)));
        return new EncodedChunk(CompressionCodecName.ZSTD, new EncodedChunk.Dict(dictBytes, size * 8, size), List.of(page));
    }

    /** tile_id (ascending) or raster_col, DELTA_BINARY_PACKED, then ZSTD over the block headers. */
    private EncodedChunk deltaLongs(MemorySegment seg, PrimitiveType type, boolean isTileId, int n) {
        List<EncodedChunk.Page> pages = new ArrayList<>();
        for (int p0 = 0; p0 < n; p0 += PAGE_ROWS) {
            int cnt = Math.min(PAGE_ROWS, n - p0);
            long p1 = p0 + cnt;
            sink.reset();
            delta.encode(seg, p0, cnt, sink);
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            for (int k = runAt(p0); k < nRuns && uOff[k] < p1; k++) {
                long s = Math.max(p0, uOff[k]), e = Math.min(p1, uOff[k + 1]);
                long c0 = uStart[k] + (s - uOff[k]), c1 = uStart[k] + (e - uOff[k]) - 1;
                long lo = isTileId ? (long) uRow[k] * g.ncols() + c0 : c0;
                long hi = isTileId ? (long) uRow[k] * g.ncols() + c1 : c1;
                min = Math.min(min, lo);
                max = Math.max(max, hi);
            }
            byte[] body = compressor.compress(CompressionCodecName.ZSTD, sink.array(), sink.size());
            pages.add(new EncodedChunk.Page(body, sink.size(), cnt, Encoding.DELTA_BINARY_PACKED, stats(type, le(min), le(max))));
        }
        return new EncodedChunk(CompressionCodecName.ZSTD, null, pages);
    }

    /**
     * The index pages shared by the three longitude columns: {@code col - cmin} per cell, bit-packed,
     * then ZSTD (consecutive rows repeat the same index sequence, which ZSTD turns into long matches).
     * Statistics are left null here; {@code spans} gets, per page, the least and greatest column the
     * page holds in each column range ({@link #ranges}), from which {@link #longitudeDictionary} takes
     * each column's min and max (longitudes grow with the column within a range, not across ranges).
     */
    private List<EncodedChunk.Page> longitudeIndexPages(int cmin, int dictSize, int n, List<long[]> spans) {
        List<EncodedChunk.Page> pages = new ArrayList<>();
        for (int p0 = 0; p0 < n; p0 += PAGE_ROWS) {
            int cnt = Math.min(PAGE_ROWS, n - p0);
            long p1 = p0 + cnt;
            sink.reset();
            BitPackedIndices idx = new BitPackedIndices(sink, dictSize, cnt);
            long[] span = new long[2 * ranges.length];
            for (int j = 0; j < ranges.length; j++) {
                span[2 * j] = Long.MAX_VALUE;
                span[2 * j + 1] = Long.MIN_VALUE;
            }
            for (int k = runAt(p0); k < nRuns && uOff[k] < p1; k++) {
                long s = Math.max(p0, uOff[k]), e = Math.min(p1, uOff[k + 1]);
                int c0 = uStart[k] + (int) (s - uOff[k]);
                idx.addAscending(c0 - cmin, (int) (e - s));
                addSpan(span, c0, c0 + (int) (e - s));
            }
            idx.finish();
            byte[] body = compressor.compress(CompressionCodecName.ZSTD, sink.array(), sink.size());
            pages.add(new EncodedChunk.Page(body, sink.size(), cnt, Encoding.RLE_DICTIONARY, null));
            spans.add(span);
        }
        return pages;
    }

    /** Widens each range's {least, greatest} column in {@code span} by the columns {@code [c0, c1)} it holds. */
    private void addSpan(long[] span, int c0, int c1) {
        for (int j = 0; j < ranges.length; j++) {
            int a = Math.max(c0, ranges[j].start()), b = Math.min(c1, ranges[j].end());
            if (a < b) {
                span[2 * j] = Math.min(span[2 * j], a);
                span[2 * j + 1] = Math.max(span[2 * j + 1], b - 1);
            }
        }
    }

    /** One longitude column: its dictionary (cut from the kernel's dictionary slab) and the shared index pages. */
    private EncodedChunk longitudeDictionary(MemorySegment dictValues, int dictSize, List<EncodedChunk.Page> indexPages,
                                             List<long[]> spans, PrimitiveType type,
                                             java.util.function.LongToDoubleFunction ofCol) {
        sink.reset();
        sink.putSegment(dictValues, 0, dictSize * 8);
        byte[] dictBytes = compressor.compress(CompressionCodecName.ZSTD, sink.array(), sink.size());
        List<EncodedChunk.Page> pages = new ArrayList<>(indexPages.size());
        for (int i = 0; i < indexPages.size(); i++) {
            EncodedChunk.Page p = indexPages.get(i);
            long[] span = spans.get(i);
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < span.length; j += 2) {
                if (span[j] <= span[j + 1]) {
                    min = Math.min(min, ofCol.applyAsDouble(span[j]));
                    max = Math.max(max, ofCol.applyAsDouble(span[j + 1]));
                }
            }
            pages.add(new EncodedChunk.Page(p.bytes(), p.uncompressedSize(), p.valueCount(), p.encoding(),
                    stats(type, le(min), le(max))));
        }
        return new EncodedChunk(CompressionCodecName.ZSTD, new EncodedChunk.Dict(dictBytes, dictSize * 8, dictSize), pages);
    }

    private static Statistics<?> stats(PrimitiveType type, byte[] min, byte[] max) {
        return Statistics.getBuilderForReading(type).withMin(min).withMax(max).withNumNulls(0).build();
    }

    private static byte[] le(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static byte[] le(double v) { return le(Double.doubleToRawLongBits(v)); }

    @Override
    public void close() {
        slab.close();
        dictSlab.close();
        compressor.close();
    }
}
