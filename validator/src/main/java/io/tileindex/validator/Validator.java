package io.tileindex.validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.tileindex.validator.Findings.ex;

/**
 * The independent validator of a published partition (SPEC §8). It shares no code with the build
 * (its module depends on no tileindex module, and the build enforces that): Parquet column readers
 * and its own page decompression instead of the writer, its own GeoTIFF header reading, the SPEC §2
 * formulas and the GeographicLib cell area written out again, JTS for eligibility, its own codes.
 *
 * <p>Codes (SPEC §7):
 * <ul>
 *   <li>{@code grid}, {@code tile_id_grid}: <b>E002_RASTER_MISMATCH</b> (grid unreadable, or
 *       tile_id/row/col inconsistent with it).</li>
 *   <li>{@code partition_files}, {@code files_readable}, {@code schema}: <b>E011_INTEGRITY</b>: an
 *       unexpected file, a file of another partition (its embedded parameter hash differs), a truncated
 *       or corrupt file, a file that is not a dataset file of this schema.</li>
 *   <li>{@code sort_and_unique_key}, {@code tile_bounds_matches_tile_index}: <b>E003_DUP_TILE</b>,
 *       the key code: out of order, repeated, or present in one dataset and not the other.</li>
 *   <li>{@code eligibility}: <b>E008_INCLUSION_RULE</b> ("applied wrongly").</li>
 *   <li>{@code coverage_fraction}: <b>E011_INTEGRITY</b>, the published column disagrees with its contract
 *       (SPEC §4, {@code --coverage-fraction}): a value out of range, a country's covered area that is not
 *       the summary's, a sampled cell whose value is not JTS's. That the column is present exactly when the
 *       run report says it was written is part of {@code schema}.</li>
 *   <li>{@code determinism_receipt}, {@code run_report}: <b>E011_INTEGRITY</b>: the published files
 *       disagree with their receipt (both datasets are covered) or report, or the evidence is missing or
 *       malformed. A mismatch of predicate or grid recorded in the run report is reported under
 *       {@code inclusion_rule} (E008) or {@code grid} (E002) instead.</li>
 *   <li>{@code envelope}: <b>E009_PERF_BUDGET</b>, a SPEC §6 bound exceeded.</li>
 * </ul>
 * Each failing check shows the first failure in a fixed order (file name, then row; country, then
 * cell) and how many there were, so the same partition always gives the same verdict.
 */
public final class Validator {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Decompressed pages kept for reuse across both datasets' files (index pages and dictionaries repeat). */
    static final long PAGE_CACHE_BYTES = 24L << 20;
    private static final Pattern PART_FILE = Pattern.compile("part-[A-Za-z0-9_.-]+\\.parquet");
    /** SPEC §6 pat members that must be present. */
    private static final List<String> PAT_KEYS = List.of("wall_clock_seconds_total", "cpu_seconds_total",
            "countries_processed", "cells_scanned_total", "cells_included_total", "bytes_read_raster_total",
            "bytes_read_vectors_total", "max_worker_rss_bytes", "open_files_peak", "workers_used", "chunk_size",
            "tiles_per_second_peak", "worker_idle_seconds");

    /**
     * @param out           output root given to {@code build --out}
     * @param parameterHash the partition to validate
     * @param isoColumn     the ISO property/column of the countries file
     * @param threads       worker threads
     * @param log           progress lines (may discard them)
     * @param layer         the GeoPackage layer the build read ({@code --layer}); null when the file has one
     */
    public record Options(Path out, String parameterHash, Path countries, Path iso, Path grid, String predicate,
                          String isoColumn, int threads, Consumer<String> log, String isoTableColumn, boolean repairGeometry,
                          String layer) {
        public Options(Path out, String parameterHash, Path countries, Path iso, Path grid, String predicate,
                       String isoColumn, int threads, Consumer<String> log) {
            this(out, parameterHash, countries, iso, grid, predicate, isoColumn, threads, log, "country_iso", false, null);
        }
    }

    /** The outcome: {@link #passed()} and the JSON-ready verdict. */
    public record Verdict(boolean passed, Map<String, Object> json) {}

    private final Options o;
    private final Findings findings = new Findings();
    private final Map<Check, Object> info = new EnumMap<>(Check.class);
    private final Map<Check, String> notRun = new EnumMap<>(Check.class);
    private final Map<String, Object> partitionInfo = new LinkedHashMap<>();
    private final Map<String, Object> seconds = Collections.synchronizedMap(new LinkedHashMap<>());
    private final long t0 = System.nanoTime();
    /** The ISO table, also for mapping the countries file's alpha-3 and numeric keys (read before the countries). */
    private volatile IsoCodes isoForKeys;
    /** The tile_index scans in file-name order, for the coverage_fraction check (empty without a grid). */
    private List<FileScan> indexScans = List.of();
    /** The run report's {@code coverage_fraction} (missing: false); null when there is no readable run report. */
    private Boolean reportCoverageFlag;
    /** The summary lines by country; null when the summary file could not be read. */
    private Map<String, JsonNode> summaryLines;

    private Validator(Options o) {
        this.o = o;
        info.put(Check.PARTITION_FILES, partitionInfo);
    }

    public static Verdict run(Options o) {
        return new Validator(o).validate();
    }

    private Path tileIndexDir() { return dataset("tile_index"); }
    private Path tileBoundsDir() { return dataset("tile_bounds"); }
    private Path dataset(String name) {
        return o.out.resolve("data/layer1/1B").resolve(name).resolve("parameter_hash=" + o.parameterHash);
    }
    private Path reportsDir() {
        return o.out.resolve("reports/layer1/1B/tile_index").resolve("parameter_hash=" + o.parameterHash);
    }

    private Verdict validate() {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads), r -> {
            Thread t = new Thread(r, "validate");
            t.setDaemon(true);
            return t;
        });
        try {
            GridFormulas grid = readGrid();
            IsoCodes iso = readIso();
            isoForKeys = iso;
            List<Path> indexFiles = partitionFiles(tileIndexDir(), "tile_index");
            List<Path> boundsFiles = partitionFiles(tileBoundsDir(), "tile_bounds");
            Set<String> summarized = summaryCountries(reportsDir().resolve("country_summaries.jsonl"));
            Map<String, Geometry> countries = grid == null ? null : countries(summarized);
            seconds.put("read_inputs", secs(t0));

            Map<String, KeyTally> indexTallies = new TreeMap<>(), boundsTallies = new TreeMap<>();
            // without summaries, only the countries the index names are checked, planned as they appear
            Map<String, Eligibility> plans = grid == null || countries == null || summarized == null
                    ? new ConcurrentHashMap<>() : plan(pool, grid, countries);
            long[] rows = new long[2];
            String[] receipts = new String[2];
            if (grid == null) {
                for (Check c : List.of(Check.READABLE, Check.SCHEMA, Check.SORT_UNIQUE, Check.ISO_FK, Check.TILE_ID,
                        Check.COORDINATES, Check.AREA, Check.INCLUSION_RULE, Check.BOUNDS_MATCH_INDEX, Check.ELIGIBILITY,
                        Check.COVERAGE_FRACTION)) {
                    notRun.put(c, "not evaluated: the grid could not be read");
                }
                receipts[0] = get(pool.submit(() -> receipt(tileIndexDir(), Map.of())));
                receipts[1] = get(pool.submit(() -> receipt(tileBoundsDir(), Map.of())));
            } else {
                long s0 = System.nanoTime();
                // a country the summaries do not name is planned when its first cell arrives
                FileScan.CellSink sink = countries == null ? FileScan.CellSink.NONE : (isoCode, row, c0, c1) ->
                        plans.computeIfAbsent(isoCode, k -> planOne(grid, k, countries)).accept(row, c0, c1);
                List<FileScan> done = scanAll(pool, grid, iso, indexFiles, boundsFiles, sink, receipts);
                indexScans = done.subList(0, indexFiles.size());
                rows[0] = join(indexScans, indexTallies);
                rows[1] = join(done.subList(indexFiles.size(), done.size()), boundsTallies);
                seconds.put("scan_files", secs(s0));
                o.log.accept(String.format("checked %,d tile_index and %,d tile_bounds rows in %d + %d files (%.1f s)",
                        rows[0], rows[1], indexFiles.size(), boundsFiles.size(), secs(s0)));
                compareDatasets(indexTallies, boundsTallies, grid, iso, indexFiles, boundsFiles);
            }
            evidence(receipts[0], receipts[1], indexTallies, rows[0], grid);
            if (grid != null) {
                long e0 = System.nanoTime();
                eligibility(pool, plans);
                seconds.put("eligibility", secs(e0));
                long c0 = System.nanoTime();
                coverageFraction(pool, grid, countries == null ? null : plans);
                seconds.put("coverage_fraction", secs(c0));
            }
            seconds.put("total", secs(t0));
            seconds.put("process_cpu", Math.round(processCpuSeconds() * 1000) / 1000.0);
            return verdict(rows);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- inputs

    private GridFormulas readGrid() {
        try {
            GridHeader h = GridHeader.read(o.grid);
            if (h.gt()[2] != 0 || h.gt()[4] != 0 || !(h.gt()[1] > 0) || !(h.gt()[5] < 0) || h.nrows() <= 0
                    || h.ncols() <= 0 || h.nrows() > Integer.MAX_VALUE || h.ncols() > Integer.MAX_VALUE) {
                findings.fail(Check.GRID, ex("file", o.grid.toString(), "reason", "not a north-up grid the build accepts: "
                        + h.nrows() + " x " + h.ncols() + ", geotransform " + Arrays.toString(h.gt())));
                return null;
            }
            if (h.ncols() * h.gt()[1] > 360.0) {
                findings.fail(Check.GRID, ex("file", o.grid.toString(), "reason", "grid is " + h.ncols() * h.gt()[1]
                        + "° wide: SPEC §2 rejects a grid wider than 360°"));
                return null;
            }
            GridFormulas g = new GridFormulas(h);
            info.put(Check.GRID, ex("nrows", g.nrows, "ncols", g.ncols, "geotransform", h.gt(), "pixel_is_point", h.pixelIsPoint()));
            return g;
        } catch (IOException | RuntimeException e) {
            findings.fail(Check.GRID, ex("file", o.grid.toString(), "reason", "cannot read the grid: " + e.getMessage()));
            return null;
        }
    }

    private IsoCodes readIso() {
        try {
            return IsoCodes.read(o.iso, o.isoTableColumn);
        } catch (IOException | RuntimeException e) {
            findings.fail(Check.ISO_FK, ex("file", o.iso.toString(), "reason", "cannot read the ISO table: " + e.getMessage()));
            return IsoCodes.none();
        }
    }

    /** The countries the run's summaries name, or null (read them all) when there is no usable summary file. */
    private static Set<String> summaryCountries(Path file) {
        try {
            Set<String> out = new TreeSet<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line).path("country_iso").asText());
                }
            }
            return out.isEmpty() ? null : out;
        } catch (IOException e) {
            return null;
        }
    }

    private Map<String, Geometry> readCountries(Set<String> wanted) throws IOException {
        long s = System.nanoTime();
        Map<String, Geometry> m = CountryFile.read(o.countries, o.isoColumn, wanted, isoForKeys, o.repairGeometry, o.layer);
        seconds.put("read_countries", secs(s));
        return m;
    }

    /** The countries to check (all of them when there is no summary file), or null after reporting why not. */
    private Map<String, Geometry> countries(Set<String> summarized) {
        try {
            return readCountries(summarized);
        } catch (IOException | RuntimeException e) {
            findings.fail(Check.ELIGIBILITY, ex("file", o.countries.toString(), "reason", "cannot read the countries: " + e));
            return null;
        }
    }

    /** Every country's eligibility plan, built in parallel before the partition is read. */
    private Map<String, Eligibility> plan(ExecutorService pool, GridFormulas grid, Map<String, Geometry> countries) {
        List<String> isos = new ArrayList<>(countries.keySet());
        List<Callable<Eligibility>> build = new ArrayList<>();
        for (String isoCode : isos) {
            build.add(() -> planOne(grid, isoCode, countries));
        }
        Map<String, Eligibility> plans = new ConcurrentHashMap<>();
        List<Eligibility> built = invokeInOrder(pool, build, new long[isos.size()]);
        for (int i = 0; i < isos.size(); i++) {
            if (built.get(i) != null) {
                plans.put(isos.get(i), built.get(i));
            }
        }
        return plans;
    }

    /** One country's plan; a country JTS cannot build is reported and checked as having no area. */
    private Eligibility planOne(GridFormulas grid, String isoCode, Map<String, Geometry> countries) {
        double[] extent = grid.writtenLonExtent(); // where the cells are tested: after the SPEC §2 shift
        Geometry none = new GeometryFactory().createPolygon();
        try {
            return new Eligibility(isoCode, new CountryShape(countries.getOrDefault(isoCode, none), extent[0], extent[1]),
                    grid, o.predicate, o.parameterHash);
        } catch (RuntimeException e) {
            synchronized (findings) {
                findings.fail(Check.ELIGIBILITY, ex("country_iso", isoCode, "reason", "JTS cannot build the country's area: " + e));
            }
            return new Eligibility(isoCode, new CountryShape(none, extent[0], extent[1]), grid, o.predicate, o.parameterHash);
        }
    }

    /**
     * Scans both datasets' files on the pool in name order, a tile_index file and the tile_bounds file
     * of the same name as one task in lockstep (they share pages), with a progress line; meanwhile one
     * thread per dataset computes its receipt, hashing each file right after its scan, so that each
     * byte is read from disk once even when the partition exceeds the page cache. Returns the scans in
     * the order index files, bounds files; fills {@code receipts}.
     */
    private List<FileScan> scanAll(ExecutorService pool, GridFormulas grid, IsoCodes iso, List<Path> indexFiles,
                                   List<Path> boundsFiles, FileScan.CellSink sink, String[] receipts) {
        PageDecompression decompression = new PageDecompression(new DecompressedPages(PAGE_CACHE_BYTES));
        List<FileScan> scans = new ArrayList<>();
        for (Path f : indexFiles) {
            scans.add(new FileScan(f, FileScan.Dataset.TILE_INDEX, grid, iso, o.predicate, o.parameterHash, sink, decompression));
        }
        for (Path f : boundsFiles) {
            scans.add(new FileScan(f, FileScan.Dataset.TILE_BOUNDS, grid, iso, o.predicate, o.parameterHash,
                    FileScan.CellSink.NONE, decompression));
        }
        Map<String, FileScan> boundsByName = new java.util.HashMap<>();
        scans.subList(indexFiles.size(), scans.size()).forEach(b -> boundsByName.put(b.name, b));
        try (ProgressTicker progress = new ProgressTicker("files", scans.size(), ProgressTicker.DEFAULT_INTERVAL_MILLIS, o.log)) {
            List<Callable<Void>> work = new ArrayList<>();
            List<List<FileScan>> units = new ArrayList<>();
            for (FileScan s : scans) {
                FileScan twin = s.dataset == FileScan.Dataset.TILE_INDEX ? boundsByName.remove(s.name) : null;
                if (s.dataset == FileScan.Dataset.TILE_BOUNDS && !boundsByName.containsKey(s.name)) {
                    continue; // scanned with its tile_index file
                }
                units.add(twin == null ? List.of(s) : List.of(s, twin));
                work.add(() -> {
                    if (twin == null) {
                        s.run();
                    } else {
                        FileScan.inLockstep(s, twin);
                    }
                    progress.advance(twin == null ? 1 : 2);
                    return null;
                });
            }
            long[] order = new long[work.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = -i; // name order: invokeInOrder runs the highest first
            }
            List<Future<Void>> futures = submitInOrder(pool, work, order);
            Map<Path, Future<?>> after = new java.util.HashMap<>();
            for (int i = 0; i < units.size(); i++) {
                for (FileScan s : units.get(i)) {
                    after.put(s.file, futures.get(i));
                }
            }
            ExecutorService hashers = Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon().name("receipt").unstarted(r));
            try {
                Future<String> ri = hashers.submit(() -> receipt(tileIndexDir(), after));
                Future<String> rb = hashers.submit(() -> receipt(tileBoundsDir(), after));
                futures.forEach(Validator::get);
                receipts[0] = get(ri);
                receipts[1] = get(rb);
                return scans;
            } finally {
                hashers.shutdownNow();
            }
        }
    }

    // ---- partition layout and files

    /** The part files of a partition in ASCII order; anything else in it is a failure. */
    private List<Path> partitionFiles(Path dir, String dataset) {
        List<Path> parts = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            findings.fail(Check.PARTITION_FILES, ex("partition", dir.toString(), "reason", "no " + dataset + " partition"));
            return parts;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.comparing(q -> relative(dir, q))).toList()) {
                if (p.equals(dir)) {
                    continue;
                }
                String rel = relative(dir, p);
                if (Files.isRegularFile(p) && !Files.isSymbolicLink(p) && PART_FILE.matcher(rel).matches()) {
                    parts.add(p);
                } else {
                    findings.fail(Check.PARTITION_FILES, ex("partition", dataset, "file", rel, "reason",
                            "only part-*.parquet dataset files may live in a partition (SPEC §4)"));
                }
            }
        } catch (IOException e) {
            findings.fail(Check.PARTITION_FILES, ex("partition", dir.toString(), "reason", e.toString()));
        }
        partitionInfo.put(dataset + "_files", parts.size());
        return parts;
    }

    private static String relative(Path dir, Path p) { return dir.relativize(p).toString().replace('\\', '/'); }

    /**
     * SPEC §6: SHA-256 over every file of the partition, concatenated in ASCII order of relative path.
     * A file in {@code after} is hashed once that task is over (its bytes are then in the page cache).
     */
    static String receipt(Path dir, Map<Path, Future<?>> after) throws IOException, NoSuchAlgorithmException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        List<String> names;
        try (Stream<Path> s = Files.walk(dir)) {
            names = s.filter(Files::isRegularFile).map(p -> relative(dir, p)).sorted().toList();
        }
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        for (String n : names) {
            Future<?> wait = after.get(dir.resolve(n));
            if (wait != null) {
                try {
                    wait.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (ExecutionException e) {
                    // the scan reports its own failure; the receipt still covers the file
                }
            }
            try (InputStream in = Files.newInputStream(dir.resolve(n))) {
                int k;
                while ((k = in.read(buf)) > 0) {
                    d.update(buf, 0, k);
                }
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Joins one dataset's file scans in file-name order: failures, order across files, tallies; returns the rows. */
    private long join(List<FileScan> done, Map<String, KeyTally> tallies) {
        long rows = 0;
        FileScan prev = null;
        for (FileScan s : done) {
            findings.merge(s.findings);
            rows += s.rows;
            if (s.firstIso != null) {
                if (prev != null && (s.firstIso.compareTo(prev.lastIso) < 0 || s.firstIso.equals(prev.lastIso)
                        && Long.compareUnsigned(s.firstTile, prev.lastTile) <= 0)) {
                    findings.fail(Check.SORT_UNIQUE, ex("file", s.dataset.name().toLowerCase() + "/" + s.name,
                            "reason", "first key (" + s.firstIso + ", " + Long.toUnsignedString(s.firstTile)
                                    + ") is not after the last key (" + prev.lastIso + ", "
                                    + Long.toUnsignedString(prev.lastTile) + ") of " + prev.name));
                }
                prev = s;
            }
            s.tallies.forEach((isoCode, t) -> tallies.computeIfAbsent(isoCode, k -> new KeyTally()).add(t));
        }
        return rows;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Runs the calls on the pool, costliest first, and returns their results in the calls' order. */
    private static <T> List<T> invokeInOrder(ExecutorService pool, List<? extends Callable<T>> calls, long[] cost) {
        List<T> out = new ArrayList<>();
        for (Future<T> f : submitInOrder(pool, calls, cost)) {
            out.add(get(f));
        }
        return out;
    }

    /** Submits the calls, costliest first; the futures in the calls' order. */
    private static <T> List<Future<T>> submitInOrder(ExecutorService pool, List<? extends Callable<T>> calls, long[] cost) {
        Integer[] order = new Integer[calls.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(cost[b], cost[a]));
        List<Future<T>> futures = new ArrayList<>(Collections.nCopies(calls.size(), null));
        for (int i : order) {
            futures.set(i, pool.submit(calls.get(i)));
        }
        return futures;
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---- tile_bounds against tile_index

    /**
     * The two datasets must hold the same keys: per country, equal {@link KeyTally tallies}. The first
     * country that differs is read again from both datasets' files that hold it, to name the first
     * tile present in one and not the other and count them exactly; further differing countries count
     * their difference in row counts (at least one).
     */
    private void compareDatasets(Map<String, KeyTally> index, Map<String, KeyTally> bounds, GridFormulas g, IsoCodes iso,
                                 List<Path> indexFiles, List<Path> boundsFiles) {
        Set<String> all = new TreeSet<>(index.keySet());
        all.addAll(bounds.keySet());
        KeyTally empty = new KeyTally();
        boolean located = false;
        for (String isoCode : all) {
            KeyTally a = index.getOrDefault(isoCode, empty), b = bounds.getOrDefault(isoCode, empty);
            if (a.sameKeys(b)) {
                continue;
            }
            if (located) {
                findings.fail(Check.BOUNDS_MATCH_INDEX, Math.max(1, Math.abs(a.count - b.count)), null);
                continue;
            }
            located = true;
            CellRuns ra = countryRuns(isoCode, indexFiles, FileScan.Dataset.TILE_INDEX, g, iso);
            CellRuns rb = countryRuns(isoCode, boundsFiles, FileScan.Dataset.TILE_BOUNDS, g, iso);
            long t = CellRuns.firstDifference(ra, rb);
            findings.fail(Check.BOUNDS_MATCH_INDEX, Math.max(1, CellRuns.symmetricDifference(ra, rb)), ex("country_iso", isoCode,
                    "tile_id", t, "raster_row", t / g.ncols, "raster_col", t % g.ncols, "in_tile_index", ra.contains(t),
                    "in_tile_bounds", rb.contains(t), "reason", "tile_bounds and tile_index must hold the same keys, row for row"));
        }
    }

    /** One country's tile ids in one dataset, from a second read of the files (only when the datasets differ). */
    private CellRuns countryRuns(String isoCode, List<Path> files, FileScan.Dataset d, GridFormulas g, IsoCodes iso) {
        CellRuns runs = new CellRuns();
        FileScan.CellSink keep = (k, row, c0, c1) -> {
            if (k.equals(isoCode)) {
                runs.addRun(row * g.ncols + c0, row * g.ncols + c1);
            }
        };
        for (Path f : files) {
            new FileScan(f, d, g, iso, o.predicate, o.parameterHash, keep).run();
        }
        runs.normalize();
        return runs;
    }

    // ---- evidence (SPEC §6)

    private record Evidence(Set<String> summaryCountries) {}

    private Evidence evidence(String indexSha, String boundsSha, Map<String, KeyTally> indexRuns, long indexRows,
                              GridFormulas grid) {
        Set<String> summaryCountries = new TreeSet<>();
        Path dir = reportsDir();
        JsonNode report = readJson(dir.resolve("run_report.json"));
        JsonNode receiptFile = readJson(dir.resolve("determinism_receipt.json"));
        reportCoverageFlag = report == null ? null : report.path("coverage_fraction").asBoolean(false);
        checkReceipts(indexSha, boundsSha, receiptFile, report, dir);

        // run report
        if (report == null) {
            findings.fail(Check.RUN_REPORT, ex("file", dir.resolve("run_report.json").toString(), "reason", "missing or unreadable"));
            findings.fail(Check.ENVELOPE, ex("reason", "no run report, so no envelope"));
        } else {
            if (!o.parameterHash.equals(report.path("parameter_hash").asText())) {
                findings.fail(Check.RUN_REPORT, ex("field", "parameter_hash", "recorded", report.path("parameter_hash").asText(),
                        "expected", o.parameterHash));
            }
            if (!o.predicate.equals(report.path("predicate").asText())) {
                findings.fail(Check.INCLUSION_RULE, ex("field", "run_report.predicate", "recorded",
                        report.path("predicate").asText(), "expected", o.predicate,
                        "reason", "the run used another predicate than the one validated"));
            }
            if (grid != null) {
                JsonNode dims = report.path("grid_dims"), gt = report.path("geotransform");
                boolean gtSame = gt.isArray() && gt.size() == 6 && gt.get(0).asDouble() == grid.gt0
                        && gt.get(1).asDouble() == grid.gt1 && gt.get(3).asDouble() == grid.gt3
                        && gt.get(5).asDouble() == grid.gt5;
                if (dims.path("nrows").asLong() != grid.nrows || dims.path("ncols").asLong() != grid.ncols || !gtSame) {
                    findings.fail(Check.GRID, ex("field", "run_report.grid_dims/geotransform", "recorded",
                            ex("grid_dims", dims, "geotransform", gt), "expected", ex("nrows", grid.nrows, "ncols", grid.ncols,
                                    "geotransform", new double[] {grid.gt0, grid.gt1, 0, grid.gt3, 0, grid.gt5}),
                            "reason", "the run's grid is not the grid given to validate"));
                }
            }
            if (grid != null && report.path("rows_emitted").asLong(-1) != indexRows) {
                findings.fail(Check.RUN_REPORT, ex("field", "rows_emitted", "recorded", report.path("rows_emitted"),
                        "counted", indexRows));
            }
            checkIngress(report.path("ingress_versions"));
            JsonNode pat = report.path("pat");
            for (String k : PAT_KEYS) {
                if (!pat.has(k)) {
                    findings.fail(Check.RUN_REPORT, ex("field", "pat." + k, "reason", "missing (SPEC §6)"));
                }
            }
            checkEnvelope(report.path("envelope"));
        }
        summaries(dir.resolve("country_summaries.jsonl"), report, indexRuns, grid != null, summaryCountries);
        return new Evidence(summaryCountries);
    }

    /**
     * SPEC §6: each dataset's recomputed digest against the receipt file and the run report. A missing
     * or malformed evidence file is its own failure, naming the file; the other checks still run.
     */
    private void checkReceipts(String indexSha, String boundsSha, JsonNode receiptFile, JsonNode report, Path dir) {
        if (indexSha == null) {
            notRun.put(Check.RECEIPT, "not evaluated: no tile_index partition");
            return;
        }
        info.put(Check.RECEIPT, ex("tile_index_sha256_hex", indexSha, "tile_bounds_sha256_hex", boundsSha));
        Map<String, JsonNode> sources = new LinkedHashMap<>();
        sources.put(dir.resolve("determinism_receipt.json").toString(), receiptFile);
        sources.put(dir.resolve("run_report.json") + " determinism_receipt", report == null ? null : report.path("determinism_receipt"));
        sources.forEach((source, node) -> {
            if (node == null || !node.isObject()) {
                findings.fail(Check.RECEIPT, ex("file", source, "reason", "missing or malformed evidence"));
                return;
            }
            receiptEntry(source, "tile_index", node, indexSha);
            receiptEntry(source, "tile_bounds", node.path("tile_bounds"), boundsSha);
        });
    }

    private void receiptEntry(String source, String dataset, JsonNode entry, String recomputed) {
        String partitionPath = "data/layer1/1B/" + dataset + "/parameter_hash=" + o.parameterHash;
        String recorded = entry.path("sha256_hex").asText(null);
        if (recorded == null) {
            findings.fail(Check.RECEIPT, ex("file", source, "dataset", dataset, "reason", "no receipt recorded for " + dataset));
        } else if (!recorded.equals(recomputed)) {
            findings.fail(Check.RECEIPT, ex("file", source, "dataset", dataset, "recorded", recorded, "recomputed", recomputed,
                    "reason", "the partition's bytes are not those the run recorded"));
        } else if (!partitionPath.equals(entry.path("partition_path").asText())) {
            findings.fail(Check.RECEIPT, ex("file", source, "dataset", dataset, "recorded_partition_path",
                    entry.path("partition_path").asText(), "expected", partitionPath, "reason", "wrong partition path"));
        }
    }

    private void checkIngress(JsonNode ingress) {
        Map<String, Path> given = Map.of("world_countries", o.countries, "iso3166", o.iso, "population_raster", o.grid);
        for (JsonNode in : ingress) {
            Path p = given.get(in.path("name").asText());
            if (p == null || !"file".equals(in.path("sha256_scope").asText("file"))) {
                continue; // a raster identified by its header is checked through the grid instead
            }
            try {
                String sha = sha256(p);
                if (!sha.equals(in.path("sha256").asText())) {
                    findings.fail(Check.RUN_REPORT, ex("field", "ingress_versions." + in.path("name").asText(),
                            "recorded", in.path("sha256").asText(), "given_file", p.toString(), "given_sha256", sha,
                            "reason", "the input given to validate is not the one the run read"));
                }
            } catch (IOException | NoSuchAlgorithmException e) {
                findings.fail(Check.RUN_REPORT, ex("file", p.toString(), "reason", "cannot read: " + e.getMessage()));
            }
        }
    }

    private void checkEnvelope(JsonNode env) {
        if (!env.isObject() || env.isEmpty()) {
            findings.fail(Check.ENVELOPE, ex("reason", "run_report.json has no envelope"));
            return;
        }
        List<String> bounds = new ArrayList<>();
        env.properties().forEach(e -> {
            JsonNode b = e.getValue();
            bounds.add(e.getKey());
            boolean within = b.path("value").isNumber() && b.path("bound").isNumber()
                    && b.path("value").asDouble() <= b.path("bound").asDouble();
            if (!b.path("pass").asBoolean(false) || !within) {
                findings.fail(Check.ENVELOPE, ex("bound", e.getKey(), "value", b.path("value"), "limit", b.path("bound"),
                        "recorded_pass", b.path("pass"), "reason", "SPEC §6 envelope bound exceeded"));
            }
        });
        info.put(Check.ENVELOPE, ex("bounds", bounds));
    }

    private void summaries(Path file, JsonNode report, Map<String, KeyTally> indexRuns, boolean haveData, Set<String> out) {
        List<JsonNode> lines = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            findings.fail(Check.RUN_REPORT, ex("file", file.toString(), "reason", "missing or unreadable: " + e.getMessage()));
            out.addAll(indexRuns.keySet());
            return;
        }
        Map<String, JsonNode> byIso = new TreeMap<>();
        for (JsonNode l : lines) {
            byIso.put(l.path("country_iso").asText(), l);
        }
        out.addAll(byIso.keySet());
        summaryLines = byIso;
        if (report != null && report.path("countries_total").asLong(-1) != lines.size()) {
            findings.fail(Check.RUN_REPORT, ex("field", "countries_total", "recorded", report.path("countries_total"),
                    "summary_lines", lines.size()));
        }
        if (!haveData) {
            return;
        }
        for (String iso : indexRuns.keySet()) {
            if (!byIso.containsKey(iso)) {
                findings.fail(Check.RUN_REPORT, ex("country_iso", iso, "reason", "rows in tile_index but no country summary"));
            }
        }
        for (var e : byIso.entrySet()) {
            KeyTally r = indexRuns.get(e.getKey());
            long n = r == null ? 0 : r.count;
            JsonNode s = e.getValue();
            JsonNode min = s.path("tile_id_min"), max = s.path("tile_id_max");
            boolean minOk = n == 0 ? min.isNull() || min.isMissingNode() : min.asLong(-2) == r.min;
            boolean maxOk = n == 0 ? max.isNull() || max.isMissingNode() : max.asLong(-2) == r.max;
            if (s.path("cells_included").asLong(-1) != n || !minOk || !maxOk) {
                findings.fail(Check.RUN_REPORT, ex("country_iso", e.getKey(), "recorded", ex("cells_included",
                        s.path("cells_included"), "tile_id_min", min, "tile_id_max", max), "counted", ex("cells_included", n,
                        "tile_id_min", n == 0 ? null : r.min, "tile_id_max", n == 0 ? null : r.max),
                        "reason", "country summary disagrees with tile_index"));
            }
        }
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(Path p) throws IOException, NoSuchAlgorithmException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            int k;
            while ((k = in.read(buf)) > 0) {
                d.update(buf, 0, k);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    // ---- eligibility

    /** Runs every country's planned tests, now that the partition's cells have streamed past, with a progress line. */
    private void eligibility(ExecutorService pool, Map<String, Eligibility> plans) {
        List<Eligibility> checks = new ArrayList<>(new TreeMap<>(plans).values());
        List<Eligibility.Task> tasks = new ArrayList<>();
        for (Eligibility e : checks) {
            tasks.addAll(e.tasks());
        }
        List<Callable<Findings>> calls = new ArrayList<>();
        try (ProgressTicker progress = new ProgressTicker("eligibility tasks", tasks.size(),
                ProgressTicker.DEFAULT_INTERVAL_MILLIS, o.log)) {
            for (Eligibility.Task t : tasks) {
                calls.add(() -> {
                    Findings f = t.call();
                    progress.advance();
                    return f;
                });
            }
            List<Findings> results = invokeInOrder(pool, calls, tasks.stream().mapToLong(Eligibility.Task::estimatedCells).toArray());
            results.forEach(findings::merge);
        }
        long tested = 0;
        int exhaustive = 0;
        for (Eligibility e : checks) {
            tested += e.tested.get();
            exhaustive += e.exhaustive() ? 1 : 0;
        }
        info.put(Check.ELIGIBILITY, ex("predicate", o.predicate, "countries", checks.size(), "exhaustive_countries", exhaustive,
                "sampled_countries", checks.size() - exhaustive, "cells_tested", tested,
                "exhaustive_limit_cells", Eligibility.EXHAUSTIVE_LIMIT, "sample_cells", Eligibility.SAMPLE_CELLS,
                "sample_window_cells", Eligibility.WINDOW));
        o.log.accept(String.format("eligibility: %,d cells of %d countries tested with JTS", tested, checks.size()));
    }

    // ---- coverage_fraction

    /**
     * The coverage_fraction column: present exactly when the run report says the run wrote it (a
     * {@code schema} failure naming the file otherwise), then, where files have it, each country's
     * covered area against its summary and a sample of cells against JTS ({@link CoverageCheck}).
     * Each value's range was checked as the files streamed past. {@code plans} is null when the
     * countries could not be read.
     */
    private void coverageFraction(ExecutorService pool, GridFormulas grid, Map<String, Eligibility> plans) {
        checkCoverageFlag();
        boolean flag = Boolean.TRUE.equals(reportCoverageFlag);
        long withColumn = indexScans.stream().filter(s -> s.coverageColumn).count();
        if (withColumn == 0 && !flag) {
            info.put(Check.COVERAGE_FRACTION, ex("column", false, "run_report_coverage_fraction", reportCoverageFlag));
            return;
        }
        Map<String, CoverageTally> tallies = mergedCoverage();
        // the sums are comparable only when the run says it wrote fractions and every file of the partition has them
        boolean sums = flag && summaryLines != null && Files.isDirectory(tileIndexDir())
                && indexScans.stream().allMatch(s -> s.schemaRead && s.coverageColumn);
        if (sums) {
            findings.merge(CoverageCheck.sums(summaryLines, tallies, reportsDir().resolve("country_summaries.jsonl").toString()));
        }
        int[] size = CoverageCheck.sampleSizes(tallies.size());
        long sampled = 0;
        if (plans == null) {
            notRun.put(Check.COVERAGE_FRACTION, "JTS sample not evaluated: the countries could not be read");
        } else {
            sampled = coverageSample(pool, grid, plans, tallies, size);
        }
        info.put(Check.COVERAGE_FRACTION, ex("column", withColumn > 0, "run_report_coverage_fraction", reportCoverageFlag,
                "files_with_column", withColumn, "countries", tallies.size(), "partial_cells",
                tallies.values().stream().mapToLong(t -> t.partialCells).sum(), "sums_checked", sums, "cells_sampled", sampled,
                "sample_per_country", ex("partial", size[0], "full", size[1]), "tolerance", CoverageCheck.TOLERANCE));
    }

    /** Each readable tile_index file has the column exactly when the run report says the run wrote it. */
    private void checkCoverageFlag() {
        if (reportCoverageFlag == null) {
            return; // no run report: a run_report failure of its own
        }
        for (FileScan s : indexScans) {
            if (s.schemaRead && s.coverageColumn != reportCoverageFlag) {
                findings.fail(Check.SCHEMA, ex("file", "tile_index/" + s.name, "columns", s.coverageColumn ? 9 : 8,
                        "run_report_coverage_fraction", reportCoverageFlag, "reason", s.coverageColumn
                                ? "the file has a coverage_fraction column, but the run report says the run wrote none"
                                : "the run report says the run wrote coverage_fraction, but the file has no such column"));
            }
        }
    }

    /** The tile_index files' coverage tallies joined per country (the first file's tally absorbs the others). */
    private Map<String, CoverageTally> mergedCoverage() {
        Map<String, CoverageTally> out = new TreeMap<>();
        for (FileScan s : indexScans) {
            s.coverage.forEach((isoCode, t) -> out.merge(isoCode, t, (a, b) -> {
                a.merge(b);
                return a;
            }));
        }
        return out;
    }

    /**
     * Every country's sampled cells ({@code size}: partial, full per country) against JTS on the pool,
     * failures merged in country order; returns the cells tested.
     */
    private long coverageSample(ExecutorService pool, GridFormulas grid, Map<String, Eligibility> plans,
                                Map<String, CoverageTally> tallies, int[] size) {
        List<Callable<Findings>> calls = new ArrayList<>();
        List<Long> cost = new ArrayList<>();
        long cells = 0;
        for (var e : tallies.entrySet()) {
            Eligibility plan = plans.get(e.getKey());
            if (plan == null) {
                continue; // not expected: the scan plans every country it meets (an unknown one with no area)
            }
            List<CoverageTally.Cell> sample = e.getValue().sample(size[0], size[1]);
            calls.add(() -> CoverageCheck.sample(e.getKey(), plan.region(), grid, sample));
            cost.add((long) sample.size());
            cells += sample.size();
        }
        invokeInOrder(pool, calls, cost.stream().mapToLong(Long::longValue).toArray()).forEach(findings::merge);
        o.log.accept(String.format("coverage_fraction: %,d sampled cells of %d countries tested with JTS", cells, calls.size()));
        return cells;
    }

    // ---- verdict

    private Verdict verdict(long[] rows) {
        List<Map<String, Object>> checks = new ArrayList<>();
        boolean pass = true;
        for (Check c : Check.values()) {
            boolean failed = findings.failed(c) || notRun.containsKey(c);
            pass &= !failed;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.wireName);
            m.put("status", failed ? "fail" : "pass");
            m.put("code", failed ? c.code.name() : null);
            m.put("example", findings.failed(c) ? findings.example(c) : notRun.containsKey(c) ? ex("reason", notRun.get(c)) : null);
            m.put("count", findings.count(c));
            if (info.containsKey(c)) {
                m.put("info", info.get(c));
            }
            checks.add(m);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("verdict", pass ? "pass" : "fail");
        v.put("parameter_hash", o.parameterHash);
        v.put("predicate", o.predicate);
        v.put("tile_index_partition", tileIndexDir().toString());
        v.put("rows_checked", ex("tile_index", rows[0], "tile_bounds", rows[1]));
        v.put("checks", checks);
        Map<String, Object> secs = new LinkedHashMap<>();
        synchronized (seconds) {
            seconds.forEach((k, s) -> secs.put(k + "_seconds", s));
        }
        v.put("timing", secs);
        return new Verdict(pass, v);
    }

    /** The codes a verdict failed with, for tests and scripts. */
    public static Set<Code> codes(Map<String, Object> verdict) {
        Set<Code> out = new TreeSet<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) verdict.get("checks");
        for (Map<String, Object> c : checks) {
            if (c.get("code") != null) {
                out.add(Code.valueOf((String) c.get("code")));
            }
        }
        return out;
    }

    /** This process's CPU time in seconds, or -1 where the JVM does not report it. */
    private static double processCpuSeconds() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : -1;
    }

    private static double secs(long since) { return Math.round((System.nanoTime() - since) / 1e6) / 1000.0; }
}
