package io.tileindex.cli;

import io.tileindex.cli.input.CountryReader;
import io.tileindex.cli.input.GridInput;
import io.tileindex.cli.input.InputDigest;
import io.tileindex.cli.input.IsoTable;
import io.tileindex.cli.report.HtmlReport;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.InclusionRule;
import io.tileindex.writer.PipelineStats;
import io.tileindex.writer.TileIndexPipeline;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.PartitionLayout;
import io.tileindex.writer.publish.PartitionPublisher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code tileindex build}: read inputs, run the pipeline, publish, write evidence. */
public final class BuildCommand {
    static final Set<String> VALUED = Set.of("--countries", "--iso", "--grid", "--out", "--predicate", "--workers",
            "--parameter-hash", "--only", "--iso-column");
    static final Set<String> FLAGS = Set.of("--quiet", "--help");

    public static final String USAGE = """
            Usage: tileindex build --countries FILE --iso FILE --grid FILE.tif --out DIR
                                   [--predicate center|any_overlap] [--workers N] [--parameter-hash HEX64]
                                   [--only ISO2[,ISO2...]] [--iso-column NAME] [--quiet]

              --countries FILE      country polygons: GeoJSON FeatureCollection or GeoParquet (WKB)
              --iso FILE            ISO 3166-1 table: CSV or Parquet with a country_iso column
              --grid FILE.tif       GeoTIFF (classic or BigTIFF) whose grid defines the tiles; only its header is read
              --out DIR             output root; datasets go to DIR/data/layer1/1B/..., evidence to DIR/reports/...
              --predicate P         center (default) or any_overlap
              --workers N           worker threads (default: available processors)
              --parameter-hash HEX  64 lowercase hex; default: SHA-256 of inputs, predicate, grid and format
              --only A,B            restrict the run to these ISO alpha-2 codes
              --iso-column NAME     name of the ISO code column/property (default country_iso)
              --quiet               no progress on stderr
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
        String parameterHash = null;
        PartitionPublisher publisher = null;
        PartitionPublisher.Staging staging = null;
        try (ProcessMetrics metrics = new ProcessMetrics()) {
            long t0 = System.nanoTime();
            double cpu0 = ProcessMetrics.cpuSeconds();
            CliArgs a = CliArgs.parse(args, 1, VALUED, FLAGS);
            if (a.flag("--help")) {
                out.print(USAGE);
                return 0;
            }
            String given = a.get("--parameter-hash");
            if (given != null) {
                parameterHash = ParameterHash.checkGiven(given);
            }
            InclusionRule rule = InclusionRule.parse(a.get("--predicate", "center"));
            int workers = a.threadCount("--workers");
            String isoColumn = a.get("--iso-column", "country_iso");
            Path countriesPath = Path.of(a.require("--countries"));
            Path isoPath = Path.of(a.require("--iso"));
            Path gridPath = Path.of(a.require("--grid"));
            Path outRoot = Path.of(a.require("--out")).toAbsolutePath().normalize();
            List<String> only = parseOnly(a.get("--only"));
            boolean quiet = a.flag("--quiet");
            Map<String, Double> stages = new java.util.LinkedHashMap<>();

            // ---- inputs
            long r0 = System.nanoTime();
            GridInput gridInput = GridInput.read(gridPath);
            Grid grid = gridInput.header().toCheckedGrid(gridPath);
            // the encode stage's preparation (row areas, off-heap slabs, warm-up) needs only the grid:
            // start it now so it runs while the countries are parsed. File metadata is filled in below,
            // once the parameter hash is known, before anything is written.
            Map<String, String> fileMeta = new TreeMap<>();
            TileIndexPipeline pipeline = new TileIndexPipeline(new TileIndexPipeline.Config(grid, rule, workers,
                    ColumnKernels.get(), TileIndexPipeline.DEFAULT_UNIT_ROWS, fileMeta, faults));
            pipeline.startPreparing();
            IsoTable iso = IsoTable.read(isoPath, "country_iso");
            CountryReader.CountrySet set = CountryReader.read(countriesPath, isoColumn);
            List<CountryShape> countries;
            try {
                countries = select(set.countries(), only, iso);
            } catch (TileIndexException e) {
                throw e.countryIso() == null && e.code() == ErrorCode.E001_GEO_INVALID
                        ? new TileIndexException(e.code(), countriesPath + ": " + e.detail(), e) : e;
            }
            stages.put("read_inputs_seconds", sec(System.nanoTime() - r0));
            log(quiet, "read %d countries (%s), grid %d x %d, predicate %s, %d workers", countries.size(), set.format(),
                    grid.nrows(), grid.ncols(), rule.wireName(), workers);

            InputDigest countriesDigest = set.digest(), isoDigest = iso.digest();
            String countriesSha = countriesDigest.sha256(), isoSha = isoDigest.sha256(), gridSha = gridInput.digest().sha256();
            if (parameterHash == null) {
                parameterHash = ParameterHash.derive(ParameterHash.canonical(countriesSha, isoSha, gridSha, grid,
                        rule.wireName(), only, isoColumn));
            }
            PartitionLayout layout = new PartitionLayout(outRoot, parameterHash);
            checkWritable(outRoot, faults);
            publisher = new PartitionPublisher(layout, faults);
            staging = publisher.stage();

            // ---- compute and write into staging
            fileMeta.put("tileindex.parameter_hash", parameterHash);
            fileMeta.put("tileindex.predicate", rule.wireName());
            Progress progress = Progress.on(err, quiet);
            long p0 = System.nanoTime();
            TileIndexPipeline.Scan scan = pipeline.scan(countries);
            var map = HtmlReport.renderMap(grid, List.of(scan.cells()), countries, set.countries());
            TileIndexPipeline.Result result = pipeline.write(scan, staging.tileIndex(), staging.tileBounds(), progress);
            progress.finish(result.rowsEmitted());
            FaultInjector.point("data.written");
            stages.put("scan_seconds", result.stats().scanWallSeconds());
            stages.put("encode_and_write_seconds", result.stats().writeWallSeconds());
            stages.put("pipeline_seconds", sec(System.nanoTime() - p0));

            // ---- publish data, then evidence
            long pub0 = System.nanoTime();
            PartitionPublisher.Outcome outcome = publisher.publishData(staging);
            stages.put("publish_seconds", sec(System.nanoTime() - pub0));
            double wall = sec(System.nanoTime() - t0);
            RunReport report = new RunReport(parameterHash, rule, grid, layout, result, stages, wall,
                    ProcessMetrics.cpuSeconds() - cpu0, metrics.openFilesPeak(), gridInput, set, iso,
                    countriesPath, isoPath, gridPath, ColumnKernels.reason());
            report.writeTo(staging.reports(), faults);
            HtmlReport.Written html = HtmlReport.write(staging.reports(),
                    new HtmlReport.Inputs(grid, countries, set.countries(), result, report.asMap(), layout.tileIndex(), map), faults);
            log(quiet, "report.html in %.0f ms, %.0f ms CPU (map drawn during the write in %.0f ms; receipt re-check %.0f ms)",
                    html.seconds() * 1e3,
                    html.cpuSeconds() * 1e3, html.map().seconds() * 1e3, html.receipt().seconds() * 1e3);
            FaultInjector.point("reports.written");
            boolean reportsPublished = publisher.publishReports(staging);
            publisher.discard(staging);

            Map<String, Object> summary = Json.obj();
            summary.put("status", outcome == PartitionPublisher.Outcome.PUBLISHED ? "published" : "already_published_identical");
            summary.put("parameter_hash", parameterHash);
            summary.put("rows_emitted", result.rowsEmitted());
            summary.put("tile_index_partition", layout.tileIndex().toString());
            summary.put("tile_bounds_partition", layout.tileBounds().toString());
            summary.put("reports_partition", layout.reports().toString());
            summary.put("determinism_receipt", Map.of("partition_path", layout.tileIndexRelative(),
                    "sha256_hex", result.tileIndexReceipt()));
            summary.put("wall_seconds", round3(wall));
            out.println(Json.compact(summary));
            if (outcome == PartitionPublisher.Outcome.ALREADY_PUBLISHED_IDENTICAL) {
                log(quiet, "partition %s already published with identical content: nothing changed%s", layout.dirName(),
                        reportsPublished ? "" : " (evidence of the first run kept)");
            } else {
                log(quiet, "published %,d tiles to %s in %.2f s", result.rowsEmitted(), layout.tileIndex(), wall);
            }
            FaultInjector.point("run.done");
            return 0;
        } catch (UsageException e) {
            err.println("tileindex: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (TileIndexException e) {
            if (publisher != null) {
                publisher.abort(staging); // a failed run publishes nothing, not even what it renamed already
            }
            err.println(ErrorEvent.of(e, parameterHash));
            return 1;
        } catch (IOException | RuntimeException e) {
            if (publisher != null) {
                publisher.abort(staging); // a failed run publishes nothing, not even what it renamed already
            }
            TileIndexException te = classify(e);
            err.println(ErrorEvent.of(te, parameterHash));
            if (Boolean.getBoolean("tileindex.debug")) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (OutOfMemoryError e) {
            if (publisher != null) {
                publisher.abort(staging);
            }
            err.println(ErrorEvent.of(new TileIndexException(ErrorCode.E009_PERF_BUDGET, "out of memory: " + e.getMessage()), parameterHash));
            return 1;
        }
    }

    /** Maps an unexpected failure to the closest code, keeping its message (never a bare stack trace). */
    static TileIndexException classify(Throwable e) {
        Throwable c = e;
        while (c != null) {
            if (c instanceof TileIndexException te) {
                return te;
            }
            c = c.getCause();
        }
        if (e instanceof IOException) {
            return new TileIndexException(ErrorCode.E009_PERF_BUDGET, "I/O failure while writing output: " + e, e);
        }
        return new TileIndexException(ErrorCode.E009_PERF_BUDGET, "internal failure: " + e, e);
    }


    private static List<String> parseOnly(String s) {
        if (s == null) {
            return null;
        }
        Set<String> codes = new LinkedHashSet<>(Arrays.asList(s.split(",")));
        codes.removeIf(String::isBlank);
        List<String> sorted = new ArrayList<>(codes);
        sorted.replaceAll(String::trim);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            throw new UsageException("--only needs at least one ISO code");
        }
        return sorted;
    }

    /** Applies --only and the ISO foreign key. */
    static List<CountryShape> select(List<CountryShape> all, List<String> only, IsoTable iso) {
        if (all.isEmpty()) {
            // an empty FeatureCollection or table is a broken export, not a world without countries
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, "the countries file has no features");
        }
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
            throw new TileIndexException(ErrorCode.E009_PERF_BUDGET,
                    "output directory " + root + " is not writable: " + e.getMessage(), e);
        }
    }

    private void log(boolean quiet, String fmt, Object... args) {
        if (!quiet) {
            err.println("tileindex: " + String.format(fmt, args));
        }
    }

    static double sec(long nanos) { return nanos / 1e9; }

    static double round3(double v) { return Math.round(v * 1000) / 1000.0; }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
