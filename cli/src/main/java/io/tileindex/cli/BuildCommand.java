package io.tileindex.cli;

import io.tileindex.cli.input.CountryReader;
import io.tileindex.cli.input.GridInput;
import io.tileindex.cli.input.IsoTable;
import io.tileindex.cli.report.HtmlReport;
import io.tileindex.cli.report.MapRenderer;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.writer.TileIndexPipeline;
import io.tileindex.writer.cache.CountryCache;
import io.tileindex.writer.cache.CountryCacheKey;
import io.tileindex.writer.WorkerBudget;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.PartitionLayout;
import io.tileindex.writer.publish.PartitionPublisher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code tileindex build}, as named steps: read inputs, scan, encode and write into staging, write the
 * evidence into staging, publish (SPEC §5: data, then evidence, nothing taken back), print the summary.
 */
public final class BuildCommand {
    public static final String USAGE = """
            Usage: tileindex build --countries FILE --iso FILE --grid FILE.tif --out DIR
                                   [--predicate center|any_overlap] [--workers N] [--parameter-hash HEX64]
                                   [--only ISO2[,ISO2...]] [--iso-column NAME] [--iso-table-column NAME]
                                   [--repair-geometry] [--skip-unknown-codes] [--layer NAME] [--quiet]
                                   [--coverage-fraction] [--cache DIR] [--cache-max-bytes N] [--no-cache]

              --countries FILE      country polygons: GeoJSON, GeoParquet, GeoPackage, Shapefile or FlatGeobuf (by content)
              --iso FILE            ISO 3166-1 table: CSV or Parquet with a country_iso column
              --grid FILE.tif       GeoTIFF (classic or BigTIFF) whose grid defines the tiles; only its header is read
              --out DIR             output root; datasets go to DIR/data/layer1/1B/..., evidence to DIR/reports/...
              --predicate P         center (default) or any_overlap
              --workers N           worker threads (default: available processors; capped to the memory envelope)
              --parameter-hash HEX  64 lowercase hex; default: SHA-256 of inputs, predicate, grid and format
              --only A,B            restrict the run to these ISO alpha-2 codes (other features are not even checked)
              --iso-column NAME     the countries' key property/column (default country_iso): ISO alpha-2,
                                    alpha-3 or numeric codes; "id" also names a GeoJSON feature's id member
              --iso-table-column NAME  the ISO table's alpha-2 column (default country_iso)
              --repair-geometry     repair invalid countries with JTS GeometryFixer (noted per country)
              --coverage-fraction   add tile_index.coverage_fraction: the share of each cell's area (lon/lat plane)
                                    that lies in the country, exact in double; 1.0 for cells wholly inside
              --skip-unknown-codes  leave out features whose code is not in the ISO table (listed)
              --layer NAME          the layer of a multi-layer countries file (GeoPackage)
              --quiet               no progress on stderr
              --cache DIR           the country cache (default: cache/ under --out): encoded row groups of each
                                    country, reused when its geometry, the grid and the predicate are unchanged
              --cache-max-bytes N   the cache's limit (default 16G; suffixes K, M, G, T): least recently used
                                    entries are deleted beyond it
              --no-cache            neither read nor write the cache
              -h, --help            this text
            """;

    private final PrintStream out, err;
    private final FaultInjector faults;

    public BuildCommand(PrintStream out, PrintStream err, FaultInjector faults) {
        this.out = out;
        this.err = err;
        this.faults = faults;
    }

    /** Runs the command; returns the process exit code. */
    public int run(String[] args) {
        BuildOptions.Parsed p = BuildOptions.Parsed.of(args, out, err, USAGE);
        return p.options() == null ? p.exitCode() : new Run(p.options()).execute();
    }

    /** One build: the state its failure path needs (hash, publisher, staging) and its steps. */
    private final class Run {
        private final BuildOptions o;
        private final Map<String, Double> stages = new LinkedHashMap<>();
        private final long t0 = System.nanoTime();
        private final double cpu0 = ProcessMetrics.cpuSeconds();
        private String parameterHash;
        private WorkerBudget budget;
        private PartitionLayout layout;
        private PartitionPublisher publisher;
        private PartitionPublisher.Staging staging;

        Run(BuildOptions o) {
            this.o = o;
            this.parameterHash = o.parameterHash();
        }

        int execute() {
            try (ProcessMetrics metrics = new ProcessMetrics()) {
                return steps(metrics);
            } catch (TileIndexException e) {
                return fail(e, e);
            } catch (IOException | RuntimeException e) {
                return fail(classify(e), e);
            } catch (OutOfMemoryError e) {
                return fail(new TileIndexException(ErrorCode.E009_PERF_BUDGET, "out of memory (RSS envelope): " + e.getMessage()), e);
            } finally {
                if (publisher != null) {
                    publisher.discard(staging); // success or failure: no staging is left behind
                }
            }
        }

        private int steps(ProcessMetrics metrics) throws IOException {
            long r0 = System.nanoTime();
            GridInput gridInput = GridInput.read(o.grid());
            Grid grid = gridInput.header().toCheckedGrid(o.grid());
            Map<String, String> fileMeta = new TreeMap<>();
            TileIndexPipeline pipeline = startPipeline(grid, fileMeta);
            IsoTable iso = IsoTable.read(o.iso(), o.isoTableColumn());
            Inputs in = new Inputs(gridInput, grid, iso, CountryReader.read(o.countries(), o.countryOptions(iso)));
            Selection sel = select(in);
            stages.put("read_inputs_seconds", sec(System.nanoTime() - r0));
            stage(in);
            fileMeta.put("tileindex.parameter_hash", parameterHash);
            fileMeta.put("tileindex.predicate", o.predicate().wireName());
            Written w = scanAndWrite(pipeline, in, sel);
            RunReport report = writeEvidence(in, sel, w, metrics);
            PartitionPublisher.Published published = publisher.publish(staging);
            printSummary(w.result, published, report);
            FaultInjector.point("run.done");
            return 0;
        }

        private record Inputs(GridInput gridInput, Grid grid, IsoTable iso, CountryReader.CountrySet countries) {}

        /** The countries of this run and the notes on those the grid clips. */
        private record Selection(List<CountryShape> countries, List<GridClipping.Clip> clipped) {}

        private record Written(TileIndexPipeline.Result result, CompletableFuture<MapRenderer.Rendered> map) {}

        /**
         * Caps the workers to the memory envelope and starts the encode stage's preparation, which needs
         * only the grid, so that it runs while the countries are parsed. File metadata is filled in once
         * the parameter hash is known, before anything is written.
         */
        private TileIndexPipeline startPipeline(Grid grid, Map<String, String> fileMeta) throws IOException {
            budget = WorkerBudget.of(grid, TileIndexPipeline.ROW_GROUP_ROWS, o.workers(), WorkerBudget.OFF_HEAP_BUDGET);
            if (budget.capped()) {
                err.println("tileindex: " + budget.reason()); // said even with --quiet: the caller asked for more
            }
            TileIndexPipeline pipeline = new TileIndexPipeline(new TileIndexPipeline.Config(grid, o.predicate(), budget.granted(),
                    ColumnKernels.get(), TileIndexPipeline.ROW_GROUP_ROWS, fileMeta, faults).withCache(cacheUse(grid))
                    .withCoverageFraction(o.coverageFraction()));
            pipeline.startPreparing();
            return pipeline;
        }

        /** The country cache of {@code --cache} (default under {@code --out}), or null for {@code --no-cache}. */
        private TileIndexPipeline.CacheUse cacheUse(Grid grid) throws IOException {
            if (o.cache() == null) {
                return null;
            }
            CountryCache cache = CountryCache.open(o.cache().dir(), o.cache().maxBytes(), m -> err.println("tileindex: " + m));
            return new TileIndexPipeline.CacheUse(cache, new CountryCacheKey(grid, o.predicate(), o.geometryPolicy(),
                    TileIndexPipeline.ROW_GROUP_ROWS, TileIndexPipeline.ROW_GROUPS_PER_FILE, o.coverageFraction()));
        }

        private Selection select(Inputs in) {
            List<CountryShape> countries;
            try {
                countries = BuildCommand.select(in.countries.countries(), o.only(), in.iso);
            } catch (TileIndexException e) {
                throw e.countryIso() == null && e.code() == ErrorCode.E001_GEO_INVALID
                        ? new TileIndexException(e.code(), o.countries() + ": " + e.detail(), e) : e;
            }
            log("read %d countries (%s), grid %d x %d, predicate %s, %d workers", countries.size(), in.countries.format(),
                    in.grid.nrows(), in.grid.ncols(), o.predicate().wireName(), budget.granted());
            if (!in.countries.skipped().isEmpty()) {
                err.println("tileindex: --skip-unknown-codes left out " + in.countries.skipped().size() + " feature(s): "
                        + String.join("; ", in.countries.skipped()));
            }
            if (!in.countries.repaired().isEmpty()) {
                log("--repair-geometry repaired %d countries: %s (notes in country_summaries.jsonl)",
                        in.countries.repaired().size(), String.join(", ", in.countries.repaired()));
            }
            List<GridClipping.Clip> clipped = GridClipping.of(in.grid, countries);
            if (!clipped.isEmpty()) {
                err.println("tileindex: " + GridClipping.warning(clipped)); // once, even with --quiet: data is missing
            }
            return new Selection(countries, clipped);
        }

        private void stage(Inputs in) {
            parameterHash = o.parameterHash(in.gridInput, in.grid, in.iso, in.countries);
            layout = new PartitionLayout(o.outRoot(), parameterHash);
            checkWritable(o.outRoot(), faults);
            publisher = new PartitionPublisher(layout, faults);
            staging = publisher.stage();
        }

        private Written scanAndWrite(TileIndexPipeline pipeline, Inputs in, Selection sel) throws IOException {
            Progress progress = Progress.on(err, o.quiet());
            long p0 = System.nanoTime();
            TileIndexPipeline.Scan scan = pipeline.scan(sel.countries);
            var map = HtmlReport.renderMap(in.grid, Arrays.stream(scan.cells())
                    .map(c -> new MapRenderer.Tiles(c.iso(), c.cells().runs(), c.runsRowStride())).toList(),
                    sel.countries, in.countries.countries());
            TileIndexPipeline.Result result = pipeline.write(scan, staging.tileIndex(), staging.tileBounds(), progress);
            progress.finish(result.rowsEmitted());
            FaultInjector.point("data.written");
            stages.put("scan_seconds", result.stats().stages().scanWallSeconds());
            stages.put("encode_and_write_seconds", result.stats().stages().writeWallSeconds());
            stages.put("pipeline_seconds", sec(System.nanoTime() - p0));
            return new Written(result, map);
        }

        /** Run report, summaries, receipt and report.html, all into staging before anything is published. */
        private RunReport writeEvidence(Inputs in, Selection sel, Written w, ProcessMetrics metrics) throws IOException {
            double wall = sec(System.nanoTime() - t0);
            RunReport report = new RunReport(new RunReport.Run(parameterHash, o.predicate(), in.grid, layout, w.result, stages,
                    wall, ProcessMetrics.cpuSeconds() - cpu0, metrics.openFilesPeak(), budget, sel.clipped,
                    Files.isDirectory(layout.tileIndex())),
                    new RunReport.Sources(in.gridInput, in.countries, in.iso, o.countries(), o.iso(), o.grid()),
                    ColumnKernels.reason());
            report.writeTo(staging.reports(), faults);
            HtmlReport.Written html = HtmlReport.write(staging.reports(), new HtmlReport.Inputs(in.grid, sel.countries,
                    in.countries.countries(), w.result, report.asMap(), staging.tileIndex(), w.map), faults);
            log("report.html in %.0f ms, %.0f ms CPU (map drawn during the write in %.0f ms; receipt re-check %.0f ms)",
                    html.seconds() * 1e3, html.cpuSeconds() * 1e3, html.map().seconds() * 1e3, html.receipt().seconds() * 1e3);
            FaultInjector.point("reports.written");
            return report;
        }

        private void printSummary(TileIndexPipeline.Result result, PartitionPublisher.Published published, RunReport report) {
            boolean fresh = published.data() == PartitionPublisher.Outcome.PUBLISHED;
            Map<String, Object> summary = Json.obj();
            summary.put("status", fresh ? "published" : "already_published_identical");
            summary.put("parameter_hash", parameterHash);
            summary.put("rows_emitted", result.rowsEmitted());
            summary.put("tile_index_partition", layout.tileIndex().toString());
            summary.put("tile_bounds_partition", layout.tileBounds().toString());
            summary.put("reports_partition", layout.reports().toString());
            summary.put("evidence", published.evidencePublished() ? "published" : "kept_from_earlier_run");
            summary.put("determinism_receipt", report.receipt());
            summary.put("wall_seconds", round3(sec(System.nanoTime() - t0)));
            out.println(Json.compact(summary));
            if (fresh) {
                log("published %,d tiles to %s in %.2f s", result.rowsEmitted(), layout.tileIndex(), sec(System.nanoTime() - t0));
            } else if (published.evidencePublished()) {
                log("partition %s already published with identical content; its missing evidence was published", layout.dirName());
            } else {
                log("partition %s already published with identical content: nothing changed (evidence of the first run kept)",
                        layout.dirName());
            }
        }

        private int fail(TileIndexException e, Throwable cause) {
            err.println(ErrorEvent.of(e, parameterHash));
            if (Boolean.getBoolean("tileindex.debug")) {
                cause.printStackTrace(err);
            }
            return 1;
        }

        private void log(String fmt, Object... args) {
            if (!o.quiet()) {
                err.println("tileindex: " + String.format(fmt, args));
            }
        }
    }

    /** Maps an unexpected failure to the code that names it, keeping its message (never a bare stack trace). */
    public static TileIndexException classify(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TileIndexException te) {
                return te;
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof UncheckedIOException) {
                return new TileIndexException(ErrorCode.E010_IO, "I/O failure: " + c, e);
            }
        }
        return new TileIndexException(ErrorCode.E000_INTERNAL, "internal failure (a defect of tileindex): " + e, e);
    }

    /** Applies --only and the ISO foreign key. */
    public static List<CountryShape> select(List<CountryShape> all, List<String> only, IsoTable iso) {
        List<CountryShape> out = new ArrayList<>();
        if (only != null) {
            Map<String, CountryShape> byIso = new TreeMap<>();
            all.forEach(c -> byIso.put(c.iso(), c));
            for (String code : only) {
                IsoTable.checkCountryCode(code, iso);
                CountryShape c = byIso.get(code);
                // a real ISO code without geometry (Vatican City vanishes at 1:10m) is an empty country, not an error
                out.add(c != null ? c : new CountryShape(code, List.of(), List.of("no geometry in the countries file")));
            }
            return out;
        }
        for (CountryShape c : all) {
            IsoTable.checkCountryCode(c.iso(), iso);
            out.add(c);
        }
        return out;
    }

    private static void checkWritable(Path root, FaultInjector faults) {
        try {
            Files.createDirectories(root);
            faults.beforeWrite(root);
            Path probe = Files.createTempFile(root, ".tileindex-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            throw new TileIndexException(ErrorCode.E010_IO, "output directory " + root + " is not writable: " + e.getMessage(), e);
        }
    }

    static double sec(long nanos) { return nanos / 1e9; }

    static double round3(double v) { return Math.round(v * 1000) / 1000.0; }
}
