package io.tileindex.spark;

import io.tileindex.cli.BuildCommand;
import io.tileindex.cli.BuildOptions;
import io.tileindex.cli.GridClipping;
import io.tileindex.cli.Json;
import io.tileindex.cli.ProcessMetrics;
import io.tileindex.cli.RunReport;
import io.tileindex.cli.input.CountryReader;
import io.tileindex.cli.input.GridInput;
import io.tileindex.cli.input.IsoTable;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.writer.PartFileWriter;
import io.tileindex.writer.TileIndexPipeline;
import io.tileindex.writer.WorkerBudget;
import io.tileindex.writer.publish.FaultInjector;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** One Spark build, as named steps; the state its failure path needs (hash, publisher, staging, context). */
final class SparkRun {
    /** Spark property naming a file whose first task attempt fails mid-write (the retry test). */
    static final String FAIL_FIRST_ATTEMPT_OF = "spark.tileindex.test.failFirstAttemptOf";

    private final BuildOptions o;
    private final String master;
    private final URI outRoot;
    private final Map<String, String> settings;
    private final PrintStream err;
    private final Map<String, Double> stages = new LinkedHashMap<>();
    private final long t0 = System.nanoTime();
    private final double cpu0 = ProcessMetrics.cpuSeconds();
    private String parameterHash;
    private FsPublisher publisher;
    private FsPublisher.Staging staging;
    private CompletableFuture<JavaSparkContext> spark;

    SparkRun(BuildOptions o, String master, URI outRoot, Map<String, String> settings, PrintStream err) {
        this.o = o;
        this.master = master;
        this.outRoot = outRoot;
        this.settings = settings;
        this.err = err;
    }

    private record Inputs(GridInput gridInput, Grid grid, IsoTable iso, CountryReader.CountrySet countries,
                          List<CountryShape> selected, List<GridClipping.Clip> clipped) {}

    int execute(PrintStream out) {
        try (ProcessMetrics metrics = new ProcessMetrics()) {
            return steps(out, metrics);
        } catch (TileIndexException e) {
            return SparkBuild.fail(err, e, e, parameterHash);
        } catch (IOException | RuntimeException e) {
            return SparkBuild.fail(err, SparkBuild.classify(e), e, parameterHash);
        } finally {
            if (publisher != null) {
                publisher.discard(staging);
            }
            if (spark != null) {
                spark.thenAccept(JavaSparkContext::stop).exceptionally(e -> null).join();
            }
        }
    }

    private int steps(PrintStream out, ProcessMetrics metrics) throws IOException {
        PinnedVersions.check("the driver");
        TargetFileSystem target = TargetFileSystem.of(outRoot, new Configuration());
        // Spark starts (seconds) while the inputs are read and scanned
        spark = CompletableFuture.supplyAsync(() -> new JavaSparkContext(SparkBuild.sparkConf(master, settings)));
        long r0 = System.nanoTime();
        Inputs in = readInputs();
        stages.put("read_inputs_seconds", sec(System.nanoTime() - r0));
        parameterHash = o.parameterHash(in.gridInput, in.grid, in.iso, in.countries);
        publisher = new FsPublisher(target, new Path(outRoot), parameterHash);
        Map<String, String> fileMeta = new TreeMap<>(Map.of("tileindex.parameter_hash", parameterHash,
                "tileindex.predicate", o.predicate().wireName()));
        WorkerBudget budget = WorkerBudget.of(in.grid, TileIndexPipeline.ROW_GROUP_ROWS, o.workers(), WorkerBudget.OFF_HEAP_BUDGET);
        TileIndexPipeline.Scan scan = scan(in, fileMeta, budget);
        JavaSparkContext sc = join(spark);
        staging = publisher.stage(sc.sc().applicationId() + "-" + System.nanoTime());
        SparkJob.Outcome job = new SparkJob(sc, target, staging).run(JobSpec.of(in.grid, o.predicate(), fileMeta,
                staging.dir().toString(), in.selected, sc.getConf().get(FAIL_FIRST_ATTEMPT_OF, null), o.coverageFraction()),
                PartFileWriter.plan(scan.cells()), stages);
        RunReport report = evidence(in, scan, job, budget, metrics, target);
        FsPublisher.Published published = publisher.publish(staging);
        out.println(Json.compact(summary(job, published, report)));
        return 0;
    }

    private Inputs readInputs() {
        GridInput gridInput = GridInput.read(o.grid());
        Grid grid = gridInput.header().toCheckedGrid(o.grid());
        IsoTable iso = IsoTable.read(o.iso(), o.isoTableColumn());
        CountryReader.CountrySet countries = CountryReader.read(o.countries(), o.countryOptions(iso));
        List<CountryShape> selected;
        try {
            selected = BuildCommand.select(countries.countries(), o.only(), iso);
        } catch (TileIndexException e) {
            throw e.countryIso() == null && e.code() == ErrorCode.E001_GEO_INVALID
                    ? new TileIndexException(e.code(), o.countries() + ": " + e.detail(), e) : e;
        }
        List<GridClipping.Clip> clipped = GridClipping.of(grid, selected);
        if (!clipped.isEmpty()) {
            err.println("tileindex: " + GridClipping.warning(clipped));
        }
        log("read %d countries (%s), grid %d x %d, predicate %s, Spark master %s", selected.size(), countries.format(),
                grid.nrows(), grid.ncols(), o.predicate().wireName(), master);
        return new Inputs(gridInput, grid, iso, countries, selected, clipped);
    }

    /** Stage 1 on the driver, as the local build runs it; no runs are kept (the tasks scan their rows again). */
    private TileIndexPipeline.Scan scan(Inputs in, Map<String, String> fileMeta, WorkerBudget budget) throws IOException {
        TileIndexPipeline pipeline = new TileIndexPipeline(new TileIndexPipeline.Config(in.grid, o.predicate(), budget.granted(),
                ColumnKernels.get(), TileIndexPipeline.ROW_GROUP_ROWS, fileMeta, FaultInjector.NONE).withRetainedRunsBytes(0)
                .withCoverageFraction(o.coverageFraction()));
        TileIndexPipeline.Scan scan = pipeline.scan(in.selected);
        stages.put("scan_seconds", sec(scan.endNanos() - scan.startNanos()));
        return scan;
    }

    /** run_report.json, country_summaries.jsonl and determinism_receipt.json, written locally, then staged. */
    private RunReport evidence(Inputs in, TileIndexPipeline.Scan scan, SparkJob.Outcome job, WorkerBudget budget,
                               ProcessMetrics metrics, TargetFileSystem target) throws IOException {
        TileIndexPipeline.Result result = job.result(scan, in.grid, o.coverageFraction());
        boolean republish = target.fs().exists(publisher.tileIndex());
        RunReport report = new RunReport(new RunReport.Run(parameterHash, o.predicate(), in.grid, publisher.layout(), result,
                stages, sec(System.nanoTime() - t0), ProcessMetrics.cpuSeconds() - cpu0, metrics.openFilesPeak(), budget,
                in.clipped, republish), new RunReport.Sources(in.gridInput, in.countries, in.iso, o.countries(), o.iso(), o.grid()),
                ColumnKernels.reason());
        report.asMap().put("engine", job.engineSection(master));
        java.nio.file.Path local = Files.createTempDirectory("tileindex-evidence");
        try {
            report.writeTo(local, FaultInjector.NONE);
            for (String f : List.of("run_report.json", "country_summaries.jsonl", "determinism_receipt.json")) {
                target.fs().copyFromLocalFile(new Path(local.resolve(f).toUri()), new Path(staging.reports(), f));
            }
        } finally {
            try (var files = Files.list(local)) {
                for (java.nio.file.Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(local);
        }
        return report;
    }

    private Map<String, Object> summary(SparkJob.Outcome job, FsPublisher.Published published, RunReport report) {
        Map<String, Object> s = Json.obj();
        s.put("status", published.dataPublished() ? "published" : "already_published_identical");
        s.put("engine", "spark");
        s.put("parameter_hash", parameterHash);
        s.put("rows_emitted", job.rows());
        s.put("tile_index_partition", publisher.tileIndex().toString());
        s.put("tile_bounds_partition", publisher.tileBounds().toString());
        s.put("reports_partition", publisher.reports().toString());
        s.put("evidence", published.evidencePublished() ? "published" : "kept_from_earlier_run");
        s.put("determinism_receipt", report.receipt());
        s.put("wall_seconds", Math.round(sec(System.nanoTime() - t0) * 1000) / 1000.0);
        log("published %,d tiles to %s in %.2f s", job.rows(), publisher.tileIndex(), sec(System.nanoTime() - t0));
        return s;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private void log(String fmt, Object... args) {
        if (!o.quiet()) {
            err.println("tileindex: " + String.format(fmt, args));
        }
    }

    static double sec(long nanos) { return nanos / 1e9; }
}
