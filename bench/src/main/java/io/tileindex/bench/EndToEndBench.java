package io.tileindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.ProcessMetrics;
import io.tileindex.cli.input.CountryReader;
import io.tileindex.cli.input.GeoTiffHeaderReader;
import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.CellArea;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.ScannedCountry;
import io.tileindex.writer.TileIndexPipeline;
import io.tileindex.writer.parquet.ParquetCodecs;
import io.tileindex.writer.parquet.TileSchemas;
import io.tileindex.writer.publish.FaultInjector;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: side by side in one run, each case in its own JVM so its peak
 * RSS is its own, cases interleaved round by round, medians reported.
 * <ol>
 *   <li>engine: {@code ./tileindex build} on the full world (bundled data), wall time of the whole process
 *       (the launcher script, the JVM and its AOT cache included);</li>
 *   <li>floor: the same rows already in memory (scanned, untimed) through the same encode + write stages;</li>
 *   <li>duckdb: DuckDB (JDBC) generating the same rows in SQL from the (country, row, column-run)
 *       table and writing both datasets with {@code COPY ... (FORMAT parquet, COMPRESSION zstd)};</li>
 *   <li>naive: JTS point-in-polygon per cell centre plus parquet-java's record writer on ten
 *       mid-sized countries, scaled per tile.</li>
 * </ol>
 * Usage: {@code bench/run-e2e.sh [--runs N] [--cases floor,duckdb,naive] [--grid FILE.tif] [--duckdb-country ISO]}
 * (the engine always runs). On a finer grid DuckDB writes one large country: generating and compressing
 * 22 G rows in SQL would take hours, and its tiles/s is per tile either way.
 */
public final class EndToEndBench {
    static final List<String> NAIVE_COUNTRIES = List.of("DE", "FR", "ES", "PL", "IT", "GB", "RO", "GR", "PT", "AT");
    static final ObjectMapper JSON = new ObjectMapper();

    private EndToEndBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && !args[0].startsWith("--")) {
            caseMain(args[0], Path.of(args[1]), Path.of(args[2]), args[3].isEmpty() ? null : args[3]);
            return;
        }
        int runs = 3;
        List<String> cases = List.of("engine", "floor", "duckdb", "naive");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--grid")) {
                grid = Path.of(args[++i]).toAbsolutePath();
            } else if (args[i].equals("--duckdb-country")) {
                duckdbCountry = args[++i];
            } else if (args[i].equals("--cases")) {
                // a subset for quick iteration; the table's ratios are to the engine, so it is always run
                List<String> picked = new ArrayList<>(List.of("engine"));
                for (String c : args[++i].split(",")) {
                    if (!cases.contains(c)) {
                        throw new IllegalArgumentException("unknown case " + c + " (cases: " + cases + ")");
                    }
                    if (!picked.contains(c)) {
                        picked.add(c);
                    }
                }
                cases = picked;
            }
        }
        Path work = Files.createTempDirectory("tileindex-e2e");
        Map<String, List<JsonNode>> results = new LinkedHashMap<>();
        for (String c : cases) {
            results.put(c, new ArrayList<>());
        }
        // untimed: the launcher trains its AOT cache if the jar is newer; the floor gets one of its own
        // (same JVM feature on both sides of the ratio); DuckDB and the naive baseline run tens of
        // seconds, where JVM warm-up does not matter, and get none
        exec(List.of(BenchSupport.repoRoot().resolve("tileindex").toString(), "--version"), new double[1]);
        if (cases.contains("floor")) {
            Path out = work.resolve("floor-training");
            List<String> cmd = java();
            cmd.addAll(List.of("-XX:AOTCacheOutput=" + work.resolve("floor.aot"), "-cp", System.getProperty("java.class.path"),
                    EndToEndBench.class.getName(), "floor", out.toString(), BenchSupport.repoRoot().resolve("data/worldpop_1km_grid.tif").toString(), ""));
            exec(cmd, new double[1]);
            deleteTree(out);
            floorAot = work.resolve("floor.aot");
        }
        for (int r = 0; r < runs; r++) {
            for (String c : results.keySet()) {
                Path out = work.resolve(c + "-" + r);
                JsonNode j = c.equals("engine") ? runEngine(out) : runChild(c, out);
                System.err.printf("round %d %-7s %s%n", r + 1, c, j);
                results.get(c).add(j);
                deleteTree(out);
            }
        }
        System.out.println(table(results, runs));
        deleteTree(work);
    }

    // ------------------------------------------------------------------ orchestration

    /** The floor's AOT cache, trained before the timed rounds (null: none). */
    static Path floorAot;
    /** The grid of every case: the bundled 1 km grid unless {@code --grid}. */
    static Path grid = BenchSupport.repoRoot().resolve("data/worldpop_1km_grid.tif");
    /** DuckDB writes this one country only (its tiles/s is per tile, so it compares with the whole world's); null: all. */
    static String duckdbCountry;

    /** The engine as users run it: the {@code ./tileindex} launcher (its JVM flags and AOT cache). */
    static JsonNode runEngine(Path out) throws Exception {
        Path root = BenchSupport.repoRoot();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("tileindex").toString()));
        cmd.addAll(List.of("build",
                "--countries", root.resolve("data/world_countries_ne10m.geojson").toString(),
                "--iso", root.resolve("data/iso3166.csv").toString(),
                "--grid", grid.toString(), "--out", out.toString(), "--quiet"));
        long t0 = System.nanoTime();
        double[] cpu = new double[1];
        String stdout = exec(cmd, cpu);
        double wall = (System.nanoTime() - t0) / 1e9;
        JsonNode j = JSON.readTree(stdout);
        Path report;
        try (Stream<Path> s = Files.walk(out.resolve("reports"))) {
            report = s.filter(p -> p.getFileName().toString().equals("run_report.json")).findFirst().orElseThrow();
        }
        JsonNode pat = JSON.readTree(report.toFile()).get("pat");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", j.get("rows_emitted").asLong());
        m.put("seconds", wall);
        m.put("cpu", cpu[0]);
        m.put("bytes", pat.get("output_bytes_total").asLong());
        m.put("rss", pat.get("max_worker_rss_bytes").asLong());
        m.put("idle_imbalance", pat.get("worker_idle_imbalance").asDouble());
        return JSON.valueToTree(m);
    }

    static JsonNode runChild(String name, Path out) throws Exception {
        List<String> cmd = java();
        if (name.equals("floor") && floorAot != null) {
            cmd.add("-XX:AOTCache=" + floorAot);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EndToEndBench.class.getName(), name, out.toString(),
                grid.toString(), duckdbCountry == null ? "" : duckdbCountry));
        String stdout = exec(cmd, new double[1]);
        String last = stdout.strip().lines().reduce((a, b) -> b).orElseThrow();
        return JSON.readTree(last);
    }

    static List<String> java() {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(BenchSupport.jvmFlags());
        cmd.add("-Dtileindex.repo.root=" + BenchSupport.repoRoot());
        return cmd;
    }

    /** Runs {@code cmd}; {@code cpuSeconds[0]} gets the child's CPU time (user + system), last seen before it exited. */
    static String exec(List<String> cmd, double[] cpuSeconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread poll = Thread.ofPlatform().daemon().start(() -> {
            while (p.isAlive()) {
                p.info().totalCpuDuration().ifPresent(d -> cpuSeconds[0] = d.toNanos() / 1e9);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        String out = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        poll.join();
        if (exit != 0) {
            throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + out);
        }
        return out;
    }

    static String table(Map<String, List<JsonNode>> results, int runs) {
        double engineRate = median(results.get("engine"), j -> j.get("rows").asDouble() / j.get("seconds").asDouble());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("| case | tiles | median s | median tiles/s | engine / case | CPU s | cores busy | output bytes | bytes/tile | peak RSS MiB |%n"));
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var e : results.entrySet()) {
            List<JsonNode> js = e.getValue();
            double rate = median(js, j -> j.get("rows").asDouble() / j.get("seconds").asDouble());
            double secs = median(js, j -> j.get("seconds").asDouble());
            double bytes = median(js, j -> j.get("bytes").asDouble());
            double rows = js.get(0).get("rows").asDouble();
            double rss = median(js, j -> j.get("rss").asDouble());
            double cpu = median(js, j -> j.get("cpu").asDouble());
            sb.append(String.format("| %s | %,.0f | %.2f | %,.0f | %.2f | %.2f | %.2f | %,.0f | %.2f | %.0f |%n", e.getKey(), rows, secs,
                    rate, engineRate / rate, cpu, cpu / secs, bytes, bytes / rows, rss / (1 << 20)));
        }
        sb.append(String.format("%nMedian of %d interleaved rounds; each case in its own JVM. CPU s: user + system time of the"
                + " timed part, every thread (JIT and GC included); the engine's is its whole process. On %d cores a case"
                + " cannot take less than CPU s / %d.%n", runs, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors()));
        return sb.toString();
    }

    interface Metric {
        double of(JsonNode j);
    }

    static double median(List<JsonNode> js, Metric m) {
        double[] v = js.stream().mapToDouble(m::of).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    // ------------------------------------------------------------------ the child cases

    static void caseMain(String name, Path out, Path gridFile, String onlyCountry) throws Exception {
        Path root = BenchSupport.repoRoot();
        Grid grid = GeoTiffHeaderReader.read(gridFile).toGrid();
        List<CountryShape> countries = CountryReader.read(root.resolve("data/world_countries_ne10m.geojson"), "country_iso").countries();
        Files.createDirectories(out);
        Map<String, Object> m = switch (name) {
            case "floor" -> floor(grid, countries, out);
            case "duckdb" -> duckdb(grid, onlyCountry == null ? countries
                    : countries.stream().filter(c -> c.iso().equals(onlyCountry)).toList(), out);
            case "naive" -> naive(grid, countries, out);
            default -> throw new IllegalArgumentException(name);
        };
        m.put("rss", peakRss());
        System.out.println(JSON.writeValueAsString(m));
    }

    /** Every country's runs kept in memory (the floor's rows are "already there", whatever the grid). */
    static TileIndexPipeline pipeline(Grid grid) {
        return new TileIndexPipeline(new TileIndexPipeline.Config(grid, Predicate.CENTER,
                Runtime.getRuntime().availableProcessors(), ColumnKernels.get(), TileIndexPipeline.ROW_GROUP_ROWS,
                Map.of("tileindex.parameter_hash", "0".repeat(64)), FaultInjector.NONE).withRetainedRunsBytes(Long.MAX_VALUE / 2));
    }

    static Map<String, Object> floor(Grid grid, List<CountryShape> countries, Path out) throws IOException {
        TileIndexPipeline p = pipeline(grid);
        TileIndexPipeline.Scan scan = p.scan(countries); // untimed: the rows are "already in memory"
        Path idx = Files.createDirectories(out.resolve("idx")), bnd = Files.createDirectories(out.resolve("bnd"));
        double c0 = ProcessMetrics.cpuSeconds();
        long t0 = System.nanoTime();
        TileIndexPipeline.Result r = p.write(scan, idx, bnd, TileIndexPipeline.Progress.NONE);
        double s = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", r.rowsEmitted());
        m.put("seconds", s);
        m.put("cpu", ProcessMetrics.cpuSeconds() - c0);
        m.put("bytes", r.bytesWritten());
        return m;
    }

    static Map<String, Object> duckdb(Grid grid, List<CountryShape> countries, Path out) throws Exception {
        TileIndexPipeline.Scan scan = pipeline(grid).scan(countries); // untimed, as for the floor
        double[] area = CellArea.allRows(grid);
        long rows = 0;
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("SET threads=" + Runtime.getRuntime().availableProcessors());
            s.execute("CREATE TABLE runs(iso VARCHAR, r INTEGER, c0 INTEGER, c1 INTEGER)");
            s.execute("CREATE TABLE rowprops(r INTEGER, lat DOUBLE, min_lat DOUBLE, max_lat DOUBLE, area DOUBLE)");
            try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "runs")) {
                for (ScannedCountry sc : scan.cells()) {
                    CountryCells cc = sc.cells();
                    CellRuns runs = cc.runs();
                    for (int i = 0; i < runs.size(); i++) {
                        a.beginRow();
                        a.append(cc.iso());
                        a.append(runs.row(i));
                        a.append(runs.start(i));
                        a.append(runs.end(i));
                        a.endRow();
                        rows += runs.end(i) - runs.start(i);
                    }
                }
            }
            try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rowprops")) {
                for (int r = 0; r < grid.nrows(); r++) {
                    a.beginRow();
                    a.append(r);
                    a.append(grid.centroidLat(r));
                    a.append(grid.minLat(r));
                    a.append(grid.maxLat(r));
                    a.append(area[r]);
                    a.endRow();
                }
            }
            String cells = "(SELECT iso, r, unnest(range(c0, c1)) AS c FROM runs) x JOIN rowprops USING (r)";
            String gt0 = Double.toString(grid.gt0()), gt1 = Double.toString(grid.gt1());
            Path idx = out.resolve("tile_index.parquet"), bnd = out.resolve("tile_bounds.parquet");
            double c0 = ProcessMetrics.cpuSeconds();
            long t0 = System.nanoTime();
            s.execute("COPY (SELECT iso AS country_iso, (r::UBIGINT * " + grid.ncols() + " + c)::UBIGINT AS tile_id, r::UBIGINT AS raster_row, "
                    + "c::UBIGINT AS raster_col, " + gt0 + " + (c + 0.5) * " + gt1 + " AS centroid_lon, lat AS centroid_lat, "
                    + "area AS pixel_area_m2, 'center' AS inclusion_rule FROM " + cells + ") TO '" + idx + "' (FORMAT parquet, COMPRESSION zstd)");
            s.execute("COPY (SELECT iso AS country_iso, (r::UBIGINT * " + grid.ncols() + " + c)::UBIGINT AS tile_id, min_lat AS min_lat_deg, "
                    + "max_lat AS max_lat_deg, " + gt0 + " + c * " + gt1 + " AS min_lon_deg, " + gt0 + " + (c + 1) * " + gt1 + " AS max_lon_deg, "
                    + "lat AS centroid_lat_deg, " + gt0 + " + (c + 0.5) * " + gt1 + " AS centroid_lon_deg FROM " + cells + ") TO '" + bnd
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            double secs = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows", rows);
            m.put("seconds", secs);
            m.put("cpu", ProcessMetrics.cpuSeconds() - c0);
            m.put("bytes", Files.size(idx) + Files.size(bnd));
            return m;
        }
    }

    /** JTS locator per centre + parquet-java's record writer: what a straightforward Java port would do. */
    static Map<String, Object> naive(Grid grid, List<CountryShape> countries, Path out) throws IOException {
        GeometryFactory gf = new GeometryFactory();
        double[] area = CellArea.allRows(grid);
        long rows = 0;
        double cpu0 = ProcessMetrics.cpuSeconds();
        long t0 = System.nanoTime();
        Path file = out.resolve("tile_index.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(TileSchemas.TILE_INDEX);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE)
                .withCompressionCodec(CompressionCodecName.ZSTD).withType(TileSchemas.TILE_INDEX).build()) {
            for (CountryShape c : countries.stream().filter(x -> NAIVE_COUNTRIES.contains(x.iso()))
                    .sorted(Comparator.comparing(CountryShape::iso)).toList()) {
                Geometry g = toJts(gf, c);
                IndexedPointInAreaLocator loc = new IndexedPointInAreaLocator(g);
                var env = g.getEnvelopeInternal();
                int r0 = (int) Math.max(0, Math.floor((env.getMaxY() - grid.gt3()) / grid.gt5()));
                int r1 = (int) Math.min(grid.nrows() - 1, Math.ceil((env.getMinY() - grid.gt3()) / grid.gt5()));
                int c0 = (int) Math.max(0, Math.floor((env.getMinX() - grid.gt0()) / grid.gt1()));
                int c1 = (int) Math.min(grid.ncols() - 1, Math.ceil((env.getMaxX() - grid.gt0()) / grid.gt1()));
                for (int r = r0; r <= r1; r++) {
                    for (int col = c0; col <= c1; col++) {
                        double x = grid.centroidLon(col), y = grid.centroidLat(r);
                        if (loc.locate(new Coordinate(x, y)) != Location.EXTERIOR) {
                            Group row = groups.newGroup();
                            row.add("country_iso", c.iso());
                            row.add("tile_id", grid.tileId(r, col));
                            row.add("raster_row", (long) r);
                            row.add("raster_col", (long) col);
                            row.add("centroid_lon", x);
                            row.add("centroid_lat", y);
                            row.add("pixel_area_m2", area[r]);
                            row.add("inclusion_rule", "center");
                            w.write(row);
                            rows++;
                        }
                    }
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("seconds", (System.nanoTime() - t0) / 1e9);
        m.put("cpu", ProcessMetrics.cpuSeconds() - cpu0);
        m.put("bytes", Files.size(file));
        return m;
    }

    static Geometry toJts(GeometryFactory gf, CountryShape c) {
        List<Polygon> ps = new ArrayList<>();
        for (var p : c.polygons()) {
            LinearRing shell = ring(gf, p.shell());
            LinearRing[] holes = p.holes().stream().map(h -> ring(gf, h)).toArray(LinearRing[]::new);
            ps.add(gf.createPolygon(shell, holes));
        }
        return gf.createMultiPolygon(ps.toArray(Polygon[]::new));
    }

    static LinearRing ring(GeometryFactory gf, io.tileindex.kernel.geom.Ring r) {
        Coordinate[] cs = new Coordinate[r.size() + 1];
        for (int i = 0; i < r.size(); i++) {
            cs[i] = new Coordinate(r.x(i), r.y(i));
        }
        cs[r.size()] = cs[0];
        return gf.createLinearRing(cs);
    }

    static long peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
