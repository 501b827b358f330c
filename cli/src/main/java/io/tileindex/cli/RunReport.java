package io.tileindex.cli;

import io.tileindex.cli.input.CountryReader;
import io.tileindex.cli.input.GridInput;
import io.tileindex.cli.input.IsoTable;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.PipelineStats;
import io.tileindex.writer.ScannedCountry;
import io.tileindex.writer.TileIndexPipeline;
import io.tileindex.writer.WorkerBudget;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.PartitionLayout;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evidence of one run (SPEC §6), written beside, never inside, the data partitions:
 * {@code run_report.json}, {@code country_summaries.jsonl}, {@code determinism_receipt.json}.
 */
public final class RunReport {
    static final long RSS_BUDGET = 1L << 30;
    static final int OPEN_FILES_BUDGET = 256;
    static final double READ_AMPLIFICATION_BUDGET = 1.25;
    static final double IDLE_IMBALANCE_BUDGET = 0.10;

    private final Map<String, Object> report = Json.obj();
    private final List<Map<String, Object>> summaries = new ArrayList<>();
    private final Map<String, Object> receipt = Json.obj();

    /** What the build did. */
    public record Run(String parameterHash, Predicate predicate, Grid grid, PartitionLayout layout, TileIndexPipeline.Result result,
               Map<String, Double> stages, double wallSeconds, double cpuSeconds, int openFilesPeak, WorkerBudget workers,
               List<GridClipping.Clip> clipped, boolean republish) {}

    /** What it read. */
    public record Sources(GridInput gridInput, CountryReader.CountrySet countries, IsoTable iso, Path countriesPath, Path isoPath,
                   Path gridPath) {}

    public RunReport(Run run, Sources src, String kernel) {
        TileIndexPipeline.Result r = run.result();
        Grid grid = run.grid();
        report.put("parameter_hash", run.parameterHash());
        report.put("predicate", run.predicate().wireName());
        report.put("tool_version", Version.TOOL);
        List<Map<String, Object>> ingress = new ArrayList<>();
        // a shapefile's digest covers its .dbf/.prj/.cpg too ("shapefile_set"), not the named file alone
        ingress.add(ingress("world_countries", src.countriesPath(), src.countries().digest().sha256(),
                src.countries().digest().scope(), size(src.countriesPath())));
        ingress.add(ingress("iso3166", src.isoPath(), src.iso().digest().sha256(), "file", size(src.isoPath())));
        ingress.add(ingress("population_raster", src.gridPath(), src.gridInput().digest().sha256(), src.gridInput().digest().scope(),
                size(src.gridPath())));
        report.put("ingress_versions", ingress);
        Map<String, Object> dims = Json.obj();
        dims.put("nrows", grid.nrows());
        dims.put("ncols", grid.ncols());
        report.put("grid_dims", dims);
        report.put("geotransform", grid.geoTransform());
        report.put("countries_total", r.countries().size());
        report.put("countries_clipped_by_grid", run.clipped().size());
        report.put("countries_repaired", src.countries().repaired().size());
        report.put("features_skipped", src.countries().skipped());
        report.put("rows_emitted", r.rowsEmitted());
        report.put("coverage_fraction", r.overlaps() != null);
        if (r.overlaps() != null) {
            report.put("coverage_overlaps", overlaps(r.overlaps()));
        }
        receipt.put("partition_path", run.layout().tileIndexRelative());
        receipt.put("sha256_hex", r.tileIndexReceipt());
        Map<String, Object> bounds = Json.obj();
        bounds.put("partition_path", run.layout().tileBoundsRelative());
        bounds.put("sha256_hex", r.tileBoundsReceipt());
        receipt.put("tile_bounds", bounds);
        report.put("determinism_receipt", receipt);
        Map<String, String> clipNotes = new java.util.HashMap<>();
        run.clipped().forEach(c -> clipNotes.put(c.iso(), c.note()));

        long visited = 0, included = 0;
        for (ScannedCountry c : r.countries()) {
            visited += c.cells().cellsVisited();
            included += c.cellsIncluded();
            summaries.add(summary(c, clipNotes.get(c.iso())));
        }
        pat(run, src, kernel, visited, included);
    }

    /** The country cache's counters (zero, and not enabled, without one). */
    private static void cache(Map<String, Object> pat, io.tileindex.writer.cache.CountryCache.Stats c) {
        pat.put("cache_enabled", c != null);
        pat.put("cache_hits", c == null ? 0 : c.hits());
        pat.put("cache_misses", c == null ? 0 : c.misses());
        pat.put("cache_hit_ratio", c == null ? 0.0 : BuildCommand.round3(c.hitRatio()));
        pat.put("cache_bytes_read", c == null ? 0 : c.bytesRead());
        pat.put("cache_bytes_written", c == null ? 0 : c.bytesWritten());
        pat.put("cache_evicted_entries", c == null ? 0 : c.evictedEntries());
        pat.put("cache_disk_bytes", c == null ? 0 : c.diskBytes());
        pat.put("cache_max_bytes", c == null ? 0 : c.maxBytes());
    }

    /** Where countries' fractions sum past one cell (their polygons overlap), and how many cells countries share. */
    private static Map<String, Object> overlaps(io.tileindex.writer.CoverageOverlaps.Result o) {
        Map<String, Object> m = Json.obj();
        m.put("tolerance", io.tileindex.writer.CoverageOverlaps.TOLERANCE);
        m.put("cells_shared", o.sharedCells());
        m.put("cells_over_one", o.overlaps().stream().mapToLong(io.tileindex.writer.CoverageOverlaps.Overlap::tiles).sum());
        List<Map<String, Object>> list = new ArrayList<>();
        for (var x : o.overlaps()) {
            Map<String, Object> e = Json.obj();
            e.put("countries", x.countries());
            e.put("tiles", x.tiles());
            e.put("overlap_km2", x.km2());
            list.add(e);
        }
        m.put("overlaps", list);
        return m;
    }

    private static Map<String, Object> summary(ScannedCountry scanned, String clipNote) {
        CountryCells c = scanned.cells();
        Map<String, Object> line = Json.obj();
        line.put("country_iso", c.iso());
        line.put("cells_visited", c.cellsVisited());
        line.put("cells_included", c.cellsIncluded());
        line.put("cells_excluded_outside", c.cellsExcludedOutside());
        line.put("cells_excluded_hole", c.cellsExcludedHole());
        line.put("tile_id_min", c.cellsIncluded() == 0 ? null : scanned.tileIdMin());
        line.put("tile_id_max", c.cellsIncluded() == 0 ? null : scanned.tileIdMax());
        if (!Double.isNaN(scanned.coveredAreaM2())) {
            line.put("covered_area_km2", scanned.coveredAreaM2() / 1e6);
        }
        List<String> notes = new ArrayList<>(c.notes());
        if (clipNote != null) {
            notes.add(clipNote);
        }
        if (c.cellsIncluded() == 0) {
            notes.add("no eligible cells on this grid");
        }
        if (!notes.isEmpty()) {
            line.put("notes", String.join("; ", notes));
        }
        return line;
    }

    private void pat(Run run, Sources src, String kernel, long visited, long included) {
        TileIndexPipeline.Result r = run.result();
        PipelineStats s = r.stats();
        double wall = run.wallSeconds();
        int openFilesPeak = run.openFilesPeak();
        long peakRss = ProcessMetrics.peakRssBytes();
        long rasterBytes = src.gridInput().bytesRead();
        long vectorBytes = src.countries().bytesRead() + src.iso().bytesRead();
        Map<String, Object> pat = Json.obj();
        pat.put("wall_clock_seconds_total", BuildCommand.round3(wall));
        pat.put("cpu_seconds_total", BuildCommand.round3(run.cpuSeconds()));
        pat.put("countries_processed", r.countries().size());
        pat.put("cells_scanned_total", visited);
        pat.put("cells_included_total", included);
        pat.put("bytes_read_raster_total", rasterBytes);
        pat.put("bytes_read_vectors_total", vectorBytes);
        pat.put("max_worker_rss_bytes", peakRss);
        pat.put("open_files_peak", openFilesPeak);
        pat.put("workers_requested", run.workers().requested());
        pat.put("workers_used", s.workers());
        pat.put("chunk_size", s.rowGroupRows());
        pat.put("tiles_per_second_peak", Math.round(s.throughput().peakTilesPerSecond()));
        pat.put("tiles_per_second_mean", Math.round(r.rowsEmitted() / Math.max(1e-9, wall)));
        pat.put("worker_idle_seconds", rounded(s.workerTimes().idleSeconds()));
        pat.put("worker_busy_seconds", rounded(s.workerTimes().busySeconds()));
        pat.put("worker_idle_imbalance", BuildCommand.round3(s.workerTimes().idleImbalance()));
        Map<String, Object> st = Json.obj();
        run.stages().forEach((k, v) -> st.put(k, BuildCommand.round3(v)));
        st.put("scan_cpu_seconds", BuildCommand.round3(s.stages().scanCpuSeconds()));
        st.put("columns_cpu_seconds", BuildCommand.round3(s.stages().columnsCpuSeconds()));
        st.put("encode_cpu_seconds", BuildCommand.round3(s.stages().encodeCpuSeconds()));
        st.put("write_seconds", BuildCommand.round3(s.writer().busySeconds()));
        st.put("write_cpu_seconds", BuildCommand.round3(s.writer().cpuSeconds()));
        st.put("writer_idle_seconds", BuildCommand.round3(s.writer().idleSeconds()));
        pat.put("stage_seconds", st);
        pat.put("off_heap_column_bytes", s.offHeapBytes());
        pat.put("retained_runs_bytes", s.scanMemory().retainedRunsBytes());
        pat.put("retained_runs_budget_bytes", s.scanMemory().budgetBytes());
        pat.put("countries_rescanned", s.scanMemory().countriesRescanned());
        pat.put("rows_rescanned", s.scanMemory().rowsRescanned());
        pat.put("output_bytes_total", r.bytesWritten());
        pat.put("published_bytes_total", run.republish() ? 0 : r.bytesWritten());
        pat.put("scratch_bytes_total", run.republish() ? r.bytesWritten() : 0);
        pat.put("output_files_total", r.filesWritten());
        pat.put("column_kernel", kernel);
        cache(pat, r.cache());
        report.put("pat", pat);
        report.put("envelope", envelope(run, src, peakRss, vectorBytes, rasterBytes));
        report.put("timeline", timeline(s));
    }

    /** SPEC §6 envelope: reported, each bound marked (the validator turns a failure into E009). */
    private static Map<String, Object> envelope(Run run, Sources src, long peakRss, long vectorBytes, long rasterBytes) {
        TileIndexPipeline.Result r = run.result();
        PipelineStats s = r.stats();
        int openFilesPeak = run.openFilesPeak();
        Path gridPath = src.gridPath();
        long inputBytes = size(src.countriesPath()) + size(src.isoPath());
        Map<String, Object> env = Json.obj();
        env.put("rss_le_1gib", check(peakRss, RSS_BUDGET, peakRss >= 0 && peakRss <= RSS_BUDGET));
        env.put("open_files_le_256", check(openFilesPeak, OPEN_FILES_BUDGET, openFilesPeak <= OPEN_FILES_BUDGET));
        env.put("vector_reads_le_1_25x", check(vectorBytes, (long) (inputBytes * READ_AMPLIFICATION_BUDGET),
                vectorBytes <= inputBytes * READ_AMPLIFICATION_BUDGET));
        env.put("raster_reads_le_1_25x", check(rasterBytes, (long) (size(gridPath) * READ_AMPLIFICATION_BUDGET),
                rasterBytes <= size(gridPath) * READ_AMPLIFICATION_BUDGET));
        // SPEC §6: scratch beyond the published outputs. Staged files become the partition by a rename, so
        // they are scratch only when an identical partition is already there and this copy is discarded
        long scratch = run.republish() ? r.bytesWritten() : 0;
        env.put("temp_disk_le_2gib", check(scratch, 2L << 30, scratch <= 2L << 30));
        env.put("worker_idle_imbalance_le_10pct", check(s.workerTimes().idleImbalance(), IDLE_IMBALANCE_BUDGET,
                s.workerTimes().idleImbalance() <= IDLE_IMBALANCE_BUDGET));
        return env;
    }

    private static Map<String, Object> timeline(PipelineStats s) {
        Map<String, Object> t = Json.obj();
        List<Object> spans = new ArrayList<>();
        for (PipelineStats.Span u : s.spans()) {
            spans.add(List.of(u.worker(), u.stage(), u.iso(), BuildCommand.round3(u.startSeconds()),
                    BuildCommand.round3(u.endSeconds()), u.rows()));
        }
        t.put("spans", spans);
        List<Object> tp = new ArrayList<>();
        for (double[] p : s.throughput().timeline()) {
            tp.add(List.of(BuildCommand.round3(p[0]), Math.round(p[1])));
        }
        t.put("tiles_per_second", tp);
        return t;
    }

    private static Map<String, Object> check(double value, double bound, boolean pass) {
        Map<String, Object> m = Json.obj();
        m.put("value", value);
        m.put("bound", bound);
        m.put("pass", pass);
        return m;
    }

    private static Map<String, Object> ingress(String name, Path p, String sha, String scope, long size) {
        Map<String, Object> m = Json.obj();
        m.put("name", name);
        m.put("path", p.toString());
        m.put("sha256", sha);
        m.put("sha256_scope", scope);
        m.put("size_bytes", size);
        return m;
    }

    private static List<Double> rounded(List<Double> v) {
        List<Double> out = new ArrayList<>();
        v.forEach(x -> out.add(BuildCommand.round3(x)));
        return out;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    public Map<String, Object> asMap() { return report; }

    /** The determinism receipt: tile_index's path and digest, and tile_bounds' beside it. */
    public Map<String, Object> receipt() { return receipt; }

    public void writeTo(Path dir, FaultInjector faults) throws IOException {
        faults.beforeWrite(dir.resolve("run_report.json"));
        Files.writeString(dir.resolve("run_report.json"), Json.pretty(report) + "\n");
        faults.beforeWrite(dir.resolve("country_summaries.jsonl"));
        try (Writer w = Files.newBufferedWriter(dir.resolve("country_summaries.jsonl"), StandardCharsets.UTF_8)) {
            for (Map<String, Object> s : summaries) {
                w.write(Json.compact(s));
                w.write('\n');
            }
        }
        faults.beforeWrite(dir.resolve("determinism_receipt.json"));
        Files.writeString(dir.resolve("determinism_receipt.json"), Json.pretty(receipt) + "\n");
    }
}
