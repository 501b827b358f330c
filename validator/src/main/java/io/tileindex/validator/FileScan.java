package io.tileindex.validator;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.tileindex.validator.Findings.ex;

/**
 * Reads one Parquet file of either dataset and checks every row against SPEC §4 and the grid formulas,
 * row group by row group, keeping nothing but a per-country {@link KeyTally} (and, for a tile_index
 * file with coverage_fraction, a per-country {@link CoverageTally}). Columns are decoded into
 * arithmetic {@link Pieces} and walked in lockstep a block at a time: a block of one run of cells of
 * one grid row is checked in O(1) per column (a dictionary longitude column through its entries), so
 * a structured file costs per run, not per row. Anything else falls back to the row-by-row checks,
 * which also describe every failure. What crosses file boundaries (order, the tallies) is returned
 * for {@link Validator} to join in file-name order.
 */
final class FileScan {
    enum Dataset { TILE_INDEX, TILE_BOUNDS }

    /** SPEC §4 column lists, written out here rather than taken from the writer's schema. */
    static final List<String> INDEX_COLUMNS = List.of("country_iso", "tile_id", "raster_row", "raster_col",
            "centroid_lon", "centroid_lat", "pixel_area_m2", "inclusion_rule");
    /** tile_index of a build with {@code --coverage-fraction}: a ninth column, DOUBLE. */
    static final List<String> INDEX_COLUMNS_WITH_COVERAGE = Stream.concat(INDEX_COLUMNS.stream(),
            Stream.of("coverage_fraction")).toList();
    static final List<String> BOUNDS_COLUMNS = List.of("country_iso", "tile_id", "min_lat_deg", "max_lat_deg",
            "min_lon_deg", "max_lon_deg", "centroid_lat_deg", "centroid_lon_deg");

    /** Where the scan reports each run of a country's cells, for the eligibility check. Thread-safe. */
    interface CellSink {
        /** Cells {@code [c0, c1)} of grid row {@code row} are indexed for {@code iso}. */
        void accept(String iso, long row, long c0, long c1);

        CellSink NONE = (iso, row, c0, c1) -> {};
    }

    final Path file;
    final String name;
    final Dataset dataset;
    final Findings findings = new Findings();
    /** Per country, in order of first appearance: count, least and greatest id, power sums. */
    final Map<String, KeyTally> tallies = new LinkedHashMap<>();
    /** Per country, what the coverage_fraction check keeps (tile_index files with the column only). */
    final Map<String, CoverageTally> coverage = new LinkedHashMap<>();
    /** Whether this tile_index file has the coverage_fraction column (known once its footer is read). */
    boolean coverageColumn;
    /** Whether the footer was read and the schema is a SPEC §4 schema (the rows were then checked). */
    boolean schemaRead;
    String firstIso, lastIso;
    long firstTile = -1, lastTile = -1, rows;

    private final GridFormulas grid;
    private final IsoCodes iso;
    private final String rule;
    private final boolean anyOverlap;
    private final Map<String, String> isoProblems = new HashMap<>();
    private final String parameterHash;
    private final CellSink sink;
    private final PageDecompression decompression;

    FileScan(Path file, Dataset dataset, GridFormulas grid, IsoCodes iso, String predicate, String parameterHash) {
        this(file, dataset, grid, iso, predicate, parameterHash, CellSink.NONE);
    }

    FileScan(Path file, Dataset dataset, GridFormulas grid, IsoCodes iso, String predicate, String parameterHash,
             CellSink sink) {
        this(file, dataset, grid, iso, predicate, parameterHash, sink, PageDecompression.INSTANCE);
    }

    FileScan(Path file, Dataset dataset, GridFormulas grid, IsoCodes iso, String predicate, String parameterHash,
             CellSink sink, PageDecompression decompression) {
        this.decompression = decompression;
        this.parameterHash = parameterHash;
        this.file = file;
        this.name = file.getFileName().toString();
        this.dataset = dataset;
        this.grid = grid;
        this.iso = iso;
        this.rule = predicate;
        this.anyOverlap = "any_overlap".equals(predicate);
        this.sink = sink;
    }

    FileScan run() {
        while (step()) {
            // one row group per step
        }
        return this;
    }

    /**
     * Scans a tile_index file and the tile_bounds file of the same name a row group of each in turn on
     * the calling thread: the writer shares their longitude pages, which the shared decompressed pages
     * then hold for the second file while they are fresh.
     */
    static void inLockstep(FileScan index, FileScan bounds) {
        boolean moreIndex = true, moreBounds = true;
        while (moreIndex || moreBounds) {
            moreIndex = moreIndex && index.step();
            moreBounds = moreBounds && bounds.step();
        }
    }

    private ParquetFileReader reader;
    private boolean done;
    private List<ColumnDescriptor> columns;
    private long expectedRows;

    /** Opens the file (first call), then scans one row group per call; false once the file is done. */
    boolean step() {
        if (done) {
            return false;
        }
        try {
            if (reader == null) {
                reader = ParquetFiles.open(file, decompression);
                if (!checkFooter()) {
                    close();
                    return false;
                }
                return true;
            }
            PageReadStore rg = reader.readNextRowGroup();
            if (rg == null) {
                if (rows != expectedRows) {
                    findings.fail(Check.READABLE, ex("file", where(), "reason", "footer declares " + expectedRows
                            + " rows, row groups hold " + rows));
                }
                close();
                return false;
            }
            scanRowGroup(rg);
            return true;
        } catch (Exception | LinkageError e) {
            // truncated, corrupt or not Parquet at all: the file cannot be trusted beyond this point
            findings.fail(Check.READABLE, ex("file", where(), "reason", String.valueOf(e)));
            close();
            return false;
        }
    }

    /** The embedded parameter hash and the schema; false when the rows cannot be checked. */
    private boolean checkFooter() {
        String embedded = reader.getFileMetaData().getKeyValueMetaData().get("tileindex.parameter_hash");
        if (!parameterHash.equals(embedded)) {
            // the same rows copied in from another build: the file does not belong to this partition
            findings.fail(Check.PARTITION_FILES, ex("file", where(), "embedded_parameter_hash", embedded,
                    "expected", parameterHash, "reason", "a file of another partition (foreign file)"));
        }
        MessageType schema = reader.getFileMetaData().getSchema();
        String bad = schemaProblem(schema, expectedColumns(schema));
        if (bad != null) {
            findings.fail(Check.SCHEMA, ex("file", where(), "reason", bad, "schema", schema.toString().trim()));
            return false;
        }
        expectedRows = reader.getRecordCount();
        columns = schema.getColumns();
        coverageColumn = columns.size() == INDEX_COLUMNS_WITH_COVERAGE.size();
        schemaRead = true;
        return true;
    }

    /** The columns SPEC §4 asks for: tile_index has eight, or nine with coverage_fraction (the run report says which). */
    private List<String> expectedColumns(MessageType schema) {
        if (dataset == Dataset.TILE_BOUNDS) {
            return BOUNDS_COLUMNS;
        }
        return schema.getFieldCount() > INDEX_COLUMNS.size() ? INDEX_COLUMNS_WITH_COVERAGE : INDEX_COLUMNS;
    }

    private void scanRowGroup(PageReadStore rg) throws java.io.IOException {
        Cursor[] c = new Cursor[columns.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = new Cursor(new PieceReader(rg, columns.get(i), decompression.pages()));
        }
        if (dataset == Dataset.TILE_BOUNDS) {
            // min, max and centre longitude: the writer may share one index stream between them
            c[5].reader.twin(c[4].reader);
            c[7].reader.twin(c[5].reader);
        }
        scanRowGroup(c, rg.getRowCount());
    }

    /** Closes the file and lets go of the reader, which holds its last row group's pages. */
    private void close() {
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (java.io.IOException e) {
            findings.fail(Check.READABLE, ex("file", where(), "reason", "closing: " + e));
        }
        reader = null;
        columns = null;
        done = true;
    }

    private String where() { return dataset.name().toLowerCase() + "/" + name; }

    static String schemaProblem(MessageType schema, List<String> columns) {
        List<String> names = new ArrayList<>();
        schema.getFields().forEach(f -> names.add(f.getName()));
        if (!names.equals(columns)) {
            return "columns " + names + ", expected " + columns;
        }
        for (int i = 0; i < columns.size(); i++) {
            Type t = schema.getType(i);
            if (!t.isPrimitive() || !t.isRepetition(Type.Repetition.REQUIRED)) {
                return columns.get(i) + " must be a required (non-null) primitive column";
            }
            PrimitiveTypeName p = t.asPrimitiveType().getPrimitiveTypeName();
            LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
            boolean ok = switch (i) {
                case 0 -> p == PrimitiveTypeName.BINARY && LogicalTypeAnnotation.stringType().equals(a);
                case 1 -> p == PrimitiveTypeName.INT64 && LogicalTypeAnnotation.intType(64, false).equals(a);
                case 2, 3 -> columns.get(i).startsWith("raster_")
                        ? p == PrimitiveTypeName.INT64 && LogicalTypeAnnotation.intType(64, false).equals(a)
                        : p == PrimitiveTypeName.DOUBLE && a == null;
                case 7 -> columns.get(i).equals("inclusion_rule")
                        ? p == PrimitiveTypeName.BINARY && LogicalTypeAnnotation.stringType().equals(a)
                        : p == PrimitiveTypeName.DOUBLE && a == null;
                default -> p == PrimitiveTypeName.DOUBLE && a == null;
            };
            if (!ok) {
                return columns.get(i) + " has type " + t.toString().trim() + ", not the SPEC §4 type";
            }
        }
        return null;
    }

    // ---- pieces and blocks

    /** A column's read position: the current page's pieces, the piece and the offset in it. */
    private static final class Cursor {
        final PieceReader reader;
        Pieces p;
        int k, off;
        /** DOUBLE_INDEX columns of one column role: the formula's column table and where the dictionary starts in it (-1: not one span). */
        double[] table;
        int tableStart = -1;
        /** Without a column table: each dictionary entry's column (or -1) and run of successors. */
        int[] entryCol = new int[0], entryRun = new int[0];
        int mappedSize = -1;

        Cursor(PieceReader reader) { this.reader = reader; }

        /** Makes the current piece non-empty, reading the next page when this one is used up. */
        void ensure() {
            while (p == null || k >= p.size()) {
                p = reader.nextPage();
                k = 0;
                off = 0;
            }
        }

        int remaining() { return p.len(k) - off; }
        long value(int j) { return p.first(k) + p.step(k) * (off + j); }
        long step() { return p.step(k); }
        /** Whether the next {@code n} values are constant. */
        boolean constant(int n) { return n == 1 || p.step(k) == 0; }

        void advance(int n) {
            off += n;
            while (k < p.size() && off >= p.len(k)) {
                off -= p.len(k);
                k++;
            }
        }

        double asDouble(long v) {
            return switch (reader.kind()) {
                case DOUBLE_INDEX -> reader.doubles()[(int) v];
                case DOUBLE_BITS -> Double.longBitsToDouble(v);
                default -> throw new IllegalStateException("not a DOUBLE column");
            };
        }

        String asString(long v) { return reader.strings()[(int) v]; }
    }

    /** Walks a row group block by block: a block is as long as every column's current piece allows. */
    private void scanRowGroup(Cursor[] c, long rowCount) {
        boolean index = dataset == Dataset.TILE_INDEX;
        for (long left = rowCount; left > 0; ) {
            int n = (int) Math.min(left, Integer.MAX_VALUE);
            for (Cursor x : c) {
                x.ensure();
                n = Math.min(n, x.remaining());
            }
            int done = index ? indexBlock(c, n) : boundsBlock(c, n);
            if (done == 0) {
                // something in the block is not as the formulas say: row by row, with the exact failures
                done = 1;
                readRow(c);
                if (index) {
                    indexRow();
                } else {
                    boundsRow();
                }
            }
            for (Cursor x : c) {
                x.advance(done);
            }
            left -= done;
        }
    }

    /**
     * Checks up to {@code n} rows of tile_index at once when they are one run of consecutive cells of
     * one grid row under one country (the common case); returns how many passed, 0 to fall back.
     */
    private int indexBlock(Cursor[] c, int n) {
        if (!c[0].constant(n) || !c[2].constant(n) || !c[7].constant(n) || !ascendingByOne(c[1], n)
                || !ascendingByOne(c[3], n)) {
            return 0;
        }
        long tile = c[1].value(0), row = c[2].value(0), col = c[3].value(0);
        if (row < 0 || row >= grid.nrows || col < 0 || col >= grid.ncols || tile != row * grid.ncols + col) {
            return 0;
        }
        n = (int) Math.min(n, grid.ncols - col);
        if (!lonColumn(c[4], col, n, Formula.CENTROID_LON) || !latColumn(c[5], row, n, Formula.CENTROID_LAT)
                || !latColumn(c[6], row, n, Formula.AREA) || !rule.equals(c[7].asString(c[7].value(0)))) {
            return 0;
        }
        if (!keyBlock(c[0].asString(c[0].value(0)), tile, row, col, n)) {
            return 0;
        }
        if (coverageColumn) {
            coverageBlock(c[8], tile, n, c[6].asDouble(c[6].value(0)));
        }
        return n;
    }

    /**
     * The block's coverage fractions into the country's tally, each value's range checked: a constant
     * run (a country's interior, 1.0) at once, any other value by value (boundary cells only, so the
     * cost grows with a country's perimeter, not its area). Runs after {@link #keyBlock} counted the rows.
     */
    private void coverageBlock(Cursor cov, long tile, int n, double areaM2) {
        for (int j = 0; j < n; ) {
            int len = cov.constant(n - j) ? n - j : 1;
            double v = cov.asDouble(cov.value(j));
            if (CoverageCheck.inRange(v, anyOverlap)) {
                curCoverage.addRun(tile + j, len, v, areaM2);
            } else {
                curCoverage.addUnsampled(len, v, areaM2);
                long t = tile + j;
                findings.fail(Check.COVERAGE_FRACTION, len, ex("file", where(), "row_in_file", rows - n + j,
                        "country_iso", curIso, "tile_id", unsigned(t), "raster_row", t / grid.ncols, "raster_col",
                        t % grid.ncols, "coverage_fraction", v, "reason", rangeReason()));
            }
            j += len;
        }
    }

    private String rangeReason() {
        return anyOverlap ? "coverage_fraction must be finite and in (0, 1] under any_overlap (the cell has area in the country)"
                : "coverage_fraction must be finite and in [0, 1]";
    }

    /** As {@link #indexBlock} for tile_bounds, whose row and column come from the tile id. */
    private int boundsBlock(Cursor[] c, int n) {
        if (!c[0].constant(n) || !ascendingByOne(c[1], n)) {
            return 0;
        }
        long tile = c[1].value(0);
        if (tile < 0 || tile >= grid.cells()) {
            return 0;
        }
        long row = tile / grid.ncols, col = tile - row * grid.ncols;
        n = (int) Math.min(n, grid.ncols - col);
        if (!latColumn(c[2], row, n, Formula.MIN_LAT) || !latColumn(c[3], row, n, Formula.MAX_LAT)
                || !lonColumn(c[4], col, n, Formula.MIN_LON) || !lonColumn(c[5], col, n, Formula.MAX_LON)
                || !latColumn(c[6], row, n, Formula.CENTROID_LAT) || !lonColumn(c[7], col, n, Formula.CENTROID_LON)) {
            return 0;
        }
        return keyBlock(c[0].asString(c[0].value(0)), tile, row, col, n) ? n : 0;
    }

    private static boolean ascendingByOne(Cursor c, int n) { return n == 1 || c.step() == 1; }

    /** A per-row value (latitudes, area) constant over the block and right for its row. */
    private boolean latColumn(Cursor c, long row, int n, Formula f) {
        return c.reader.kind() != PieceReader.Kind.STRING && c.reader.kind() != PieceReader.Kind.LONG
                && c.constant(n) && f.ok(grid, c.asDouble(c.value(0)), row);
    }

    /**
     * A per-column value (longitudes) right for each of the block's columns. A dictionary column is
     * checked through its entries: a block whose indices ascend by one passes when its entries are the
     * formula's values of the block's columns, which for a dictionary that is one span of the formula's
     * column table (what the writer emits) is one comparison per block.
     */
    private boolean lonColumn(Cursor c, long col, int n, Formula f) {
        if (c.reader.kind() == PieceReader.Kind.DOUBLE_INDEX) {
            mapEntries(c, f);
            long v = c.value(0);
            if (!ascendingByOne(c, n) || v < 0 || v + n > c.mappedSize) {
                return false;
            }
            if (c.table == null) {
                return c.entryCol[(int) v] == col && c.entryRun[(int) v] >= n;
            }
            if (c.tableStart >= 0) {
                return v + c.tableStart == col;
            }
            return col >= 0 && col + n <= c.table.length
                    && Arrays.mismatch(c.reader.doubles(), (int) v, (int) (v + n), c.table, (int) col, (int) (col + n)) < 0;
        }
        return n == 1 && c.reader.kind() == PieceReader.Kind.DOUBLE_BITS && f.ok(grid, c.asDouble(c.value(0)), col);
    }

    /**
     * Prepares the dictionary's check under {@code f}: with the formula's column table, whether the whole
     * dictionary is one span of it (bit for bit: 0.0 and -0.0 differ); without one (a grid too wide for a
     * table), each entry's column (-1 for none) and how many entries after it follow on.
     */
    private void mapEntries(Cursor c, Formula f) {
        int size = c.reader.tableSize();
        if (c.mappedSize == size) {
            return;
        }
        double[] d = c.reader.doubles();
        c.table = f.table(grid);
        c.mappedSize = size;
        if (c.table != null) {
            long k = size == 0 ? -1 : f.column(grid, d[0]);
            c.tableStart = k >= 0 && k + size <= c.table.length
                    && Arrays.mismatch(d, 0, size, c.table, (int) k, (int) k + size) < 0 ? (int) k : -1;
            return;
        }
        int[] col = new int[size], run = new int[size];
        long guess = -1;
        for (int i = 0; i < size; i++) {
            long k = guess >= 0 && guess < grid.ncols && f.ok(grid, d[i], guess) ? guess : f.column(grid, d[i]);
            col[i] = (int) k;
            guess = k < 0 ? -1 : k + 1;
        }
        for (int i = size - 1; i >= 0; i--) {
            run[i] = col[i] < 0 ? 0 : i + 1 < size && col[i + 1] == col[i] + 1 ? run[i + 1] + 1 : 1;
        }
        c.entryCol = col;
        c.entryRun = run;
    }

    /**
     * The key checks of a block's first row (order against the previous key, ISO foreign key) without
     * failing: false sends the block down the row-by-row path, which reports. On success the block's
     * tiles are counted for the country and passed to the eligibility sink.
     */
    private boolean keyBlock(String isoText, long tile, long row, long col, int n) {
        boolean sameCountry = isoText.equals(curIso);
        if (sameCountry ? Long.compareUnsigned(tile, prevTile) <= 0 : curIso != null && isoText.compareTo(curIso) < 0) {
            return false;
        }
        if (!sameCountry) {
            if (!isoProblems.computeIfAbsent(isoText, this::problem).isEmpty()) {
                return false;
            }
            switchCountry(isoText, tile);
        }
        prevTile = lastTile = tile + n - 1;
        rows += n;
        curTally.addRun(tile, tile + n);
        sink.accept(isoText, row, col, col + n);
        return true;
    }

    private String problem(String isoText) {
        String why = iso.problem(isoText);
        return why == null ? "" : why;
    }

    private void switchCountry(String isoText, long tile) {
        curIso = isoText;
        lastIso = isoText;
        curTally = tallies.computeIfAbsent(isoText, k -> new KeyTally());
        curCoverage = !coverageColumn ? null
                : coverage.computeIfAbsent(isoText, k -> new CoverageTally(CoverageTally.seed(parameterHash, k), where()));
        if (firstIso == null) {
            firstIso = isoText;
            firstTile = tile;
        }
    }

    /** The formulas a double column must follow, each with its range rule (SPEC §2). */
    enum Formula {
        CENTROID_LON, MIN_LON, MAX_LON, CENTROID_LAT, MIN_LAT, MAX_LAT, AREA;

        /** 2^24 columns (a 0.08″ world): 128 MiB per table; wider grids check every entry by formula. */
        static final long MAX_TABLE_COLUMNS = 1L << 24;

        /** Whether {@code v} is this formula's value for grid row or column {@code i}. */
        boolean ok(GridFormulas g, double v, long i) {
            return switch (this) {
                case CENTROID_LON -> same(v, g.writtenCentroidLon(i)) && GridFormulas.centreLonInRange(v);
                case MIN_LON -> same(v, g.writtenMinLon(i)) && g.lonInRange(v, v);
                case MAX_LON -> same(v, g.writtenMaxLon(i)) && g.lonInRange(v, v);
                case CENTROID_LAT -> same(v, g.centroidLat(i)) && GridFormulas.latInRange(v);
                case MIN_LAT -> same(v, g.minLat(i)) && GridFormulas.latInRange(v);
                case MAX_LAT -> same(v, g.maxLat(i)) && GridFormulas.latInRange(v);
                case AREA -> v > 0.0 && g.areaMatches(v, i);
            };
        }

        /**
         * This longitude formula's value for every column when each passes {@link #ok}, built once per
         * grid; null for a grid wider than a table may be or with a column whose value fails its range.
         */
        double[] table(GridFormulas g) {
            double[] t = g.columnTable(this, () -> {
                if (g.ncols > MAX_TABLE_COLUMNS) {
                    return new double[0];
                }
                double[] v = new double[(int) g.ncols];
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (this) {
                        case CENTROID_LON -> g.writtenCentroidLon(i);
                        case MIN_LON -> g.writtenMinLon(i);
                        case MAX_LON -> g.writtenMaxLon(i);
                        default -> throw new IllegalStateException(this + " is not a longitude formula");
                    };
                    if (!ok(g, v[i], i)) {
                        return new double[0];
                    }
                }
                return v;
            });
            return t.length == 0 ? null : t;
        }

        /** The column whose longitude under this formula is {@code v}, or -1 (longitude formulas only). */
        long column(GridFormulas g, double v) {
            double half = this == CENTROID_LON ? 0.5 : this == MIN_LON ? 0.0 : 1.0;
            for (double s : new double[] {0.0, -360.0, 360.0}) {
                double x = (v + s - g.gt0) / g.gt1 - half;
                if (!(Math.abs(x) < 4.0e18)) {
                    continue;
                }
                long c = Math.round(x);
                for (long k = c - 1; k <= c + 1; k++) {
                    if (k >= 0 && k < g.ncols && ok(g, v, k)) {
                        return k;
                    }
                }
            }
            return -1;
        }
    }

    // ---- per-row checks (the reference path: every failure is found and described here)

    private String curIso;
    private KeyTally curTally;
    private CoverageTally curCoverage;
    private long prevTile;

    // the current row, kept in fields so that a passing row allocates nothing
    private String vIso, vRule;
    private long vTile, vRow, vCol;
    private final double[] vD = new double[8];
    private double vCoverage;

    private void readRow(Cursor[] c) {
        vIso = c[0].asString(c[0].value(0));
        vTile = c[1].value(0);
        if (dataset == Dataset.TILE_INDEX) {
            vRow = c[2].value(0);
            vCol = c[3].value(0);
            for (int k = 4; k < 7; k++) {
                vD[k] = c[k].asDouble(c[k].value(0));
            }
            vRule = c[7].asString(c[7].value(0));
            vCoverage = coverageColumn ? c[8].asDouble(c[8].value(0)) : Double.NaN;
        } else {
            for (int k = 2; k < 8; k++) {
                vD[k] = c[k].asDouble(c[k].value(0));
            }
        }
    }

    /** Key order and uniqueness, ISO foreign key; counts the tile for its country. */
    private void key() {
        long tile = vTile;
        if (!vIso.equals(curIso)) {
            if (curIso != null && vIso.compareTo(curIso) < 0) {
                findings.fail(Check.SORT_UNIQUE, example("country_iso " + vIso + " after " + curIso));
            }
            switchCountry(vIso, tile);
        } else if (Long.compareUnsigned(tile, prevTile) <= 0) {
            findings.fail(Check.SORT_UNIQUE, example(tile == prevTile
                    ? "duplicate key (" + curIso + ", " + Long.toUnsignedString(tile) + ")"
                    : "tile_id " + Long.toUnsignedString(tile) + " after " + Long.toUnsignedString(prevTile)));
        }
        String p = isoProblems.computeIfAbsent(vIso, this::problem);
        if (!p.isEmpty()) {
            findings.fail(Check.ISO_FK, example(p));
        }
        prevTile = tile;
        lastTile = tile;
        if (tile >= 0 && tile < grid.cells()) {
            curTally.addRun(tile, tile + 1);
            sink.accept(vIso, tile / grid.ncols, tile % grid.ncols, tile % grid.ncols + 1);
        }
    }

    private void indexRow() {
        long tile = vTile, row = vRow, col = vCol;
        double lon = vD[4], lat = vD[5], area = vD[6];
        key();
        boolean cellOk = row >= 0 && row < grid.nrows && col >= 0 && col < grid.ncols;
        if (!cellOk || tile != row * grid.ncols + col) {
            findings.fail(Check.TILE_ID, example(cellOk
                    ? "tile_id != raster_row * " + grid.ncols + " + raster_col = " + (row * grid.ncols + col)
                    : "raster_row/raster_col outside the " + grid.nrows + " x " + grid.ncols + " grid"));
        }
        if (cellOk) {
            double fLon = grid.writtenCentroidLon(col), fLat = grid.centroidLat(row);
            if (!same(lon, fLon) || !same(lat, fLat)) {
                findings.fail(Check.COORDINATES, example("centroid (" + lon + ", " + lat
                        + ") != SPEC §2 formula (" + fLon + ", " + fLat + ")" + shiftNote(col)));
            } else if (!GridFormulas.centreLonInRange(lon) || !GridFormulas.latInRange(lat)) {
                findings.fail(Check.COORDINATES, example("centroid outside [-180, 180] x [-90, 90]"));
            }
        }
        if (!(area > 0.0)) {
            findings.fail(Check.AREA, example("pixel_area_m2 is not positive"));
        } else if (cellOk && !grid.areaMatches(area, row)) {
            findings.fail(Check.AREA, example("pixel_area_m2 != GeographicLib geodesic cell area " + grid.area(row)));
        }
        if (!rule.equals(vRule)) {
            findings.fail(Check.INCLUSION_RULE, example("inclusion_rule is not the predicate '" + rule + "'"));
        }
        if (coverageColumn) {
            coverageRow(cellOk && tile == row * grid.ncols + col, area);
        }
        rows++;
    }

    /** The row path's {@link #coverageBlock}: a cell that is not where its key says is summed but not sampled. */
    private void coverageRow(boolean cellOk, double areaM2) {
        double v = vCoverage;
        if (!CoverageCheck.inRange(v, anyOverlap)) {
            findings.fail(Check.COVERAGE_FRACTION, example(rangeReason()));
            curCoverage.addUnsampled(1, v, areaM2);
        } else if (cellOk) {
            curCoverage.addRun(vTile, 1, v, areaM2);
        } else {
            curCoverage.addUnsampled(1, v, areaM2);
        }
    }

    private void boundsRow() {
        double[] d = vD;
        long tile = vTile;
        key();
        if (tile < 0 || tile >= grid.cells()) {
            findings.fail(Check.TILE_ID, example("tile_id outside the " + grid.nrows + " x " + grid.ncols + " grid"));
        } else {
            long row = tile / grid.ncols, col = tile - row * grid.ncols;
            double minLat = d[2], maxLat = d[3], minLon = d[4], maxLon = d[5], cLat = d[6], cLon = d[7];
            double shift = grid.shiftOf(col);
            double fMinLon = grid.minLon(col) + shift, fMaxLon = grid.maxLon(col) + shift, fLon = grid.centroidLon(col) + shift;
            if (!same(minLat, grid.minLat(row)) || !same(maxLat, grid.maxLat(row)) || !same(minLon, fMinLon)
                    || !same(maxLon, fMaxLon) || !same(cLat, grid.centroidLat(row)) || !same(cLon, fLon)) {
                findings.fail(Check.COORDINATES, example("bounds or centroid != SPEC §2 formula for row "
                        + row + ", col " + col + shiftNote(col)));
            } else if (!grid.lonInRange(minLon, fMinLon) || !grid.lonInRange(maxLon, fMaxLon)
                    || !GridFormulas.centreLonInRange(cLon) || !GridFormulas.latInRange(minLat)
                    || !GridFormulas.latInRange(maxLat) || !GridFormulas.latInRange(cLat)) {
                findings.fail(Check.COORDINATES, example("coordinates outside [-180, 180] x [-90, 90]"));
            }
        }
        rows++;
    }

    /** For a shifted column, says so: a writer that forgot the shift shows up with the formula's values. */
    private String shiftNote(long col) {
        double s = grid.shiftOf(col);
        return s == 0.0 ? "" : " (the column's formula centre " + grid.centroidLon(col) + " lies outside [-180, 180):"
                + " SPEC §2 shifts the cell by " + (s > 0 ? "+" : "") + s + "°)";
    }

    /** Bit equality: the formulas are exact IEEE-754 expressions, so anything else is a different number. */
    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    /** The current row as column → value, with the file, the row's position in it and the reason. */
    private Map<String, Object> example(String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", where());
        m.put("row_in_file", rows);
        m.put("country_iso", vIso);
        m.put("tile_id", unsigned(vTile));
        if (dataset == Dataset.TILE_INDEX) {
            m.put("raster_row", unsigned(vRow));
            m.put("raster_col", unsigned(vCol));
            m.put("centroid_lon", vD[4]);
            m.put("centroid_lat", vD[5]);
            m.put("pixel_area_m2", vD[6]);
            m.put("inclusion_rule", vRule);
            if (coverageColumn) {
                m.put("coverage_fraction", vCoverage);
            }
        } else {
            for (int k = 2; k < 8; k++) {
                m.put(BOUNDS_COLUMNS.get(k), vD[k]);
            }
        }
        m.put("reason", reason);
        return m;
    }

    private static Object unsigned(long v) { return v >= 0 ? (Object) v : Long.toUnsignedString(v); }
}
