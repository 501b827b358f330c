package io.tileindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.writer.publish.DeterminismReceipt;
import io.tileindex.writer.publish.PartitionPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildDeterminismAndPublishTest {
    /** Ten countries including Russia (42 M tiles, several files) and the antimeridian-split ones. */
    static final String TEN = "RU,FJ,LS,ZA,IT,SM,NO,CL,MT,KI";

    @Test
    void receiptsAreIdenticalForEveryWorkerCountConsecutiveRunsAndAnotherProcess(@TempDir Path tmp) throws Exception {
        List<String> receipts = new ArrayList<>();
        String hash = null;
        for (String w : new String[] {"1", "2", "3", "8", "2"}) {
            Path out = tmp.resolve("w" + w + "-" + receipts.size());
            CliRun r = CliRun.build(out, "--only", TEN, "--workers", w);
            assertEquals(0, r.exit(), r.stderr());
            JsonNode j = r.json();
            receipts.add(j.get("determinism_receipt").get("sha256_hex").asText());
            hash = j.get("parameter_hash").asText();
            Path part = Path.of(j.get("tile_index_partition").asText());
            assertEquals(receipts.get(receipts.size() - 1), DeterminismReceipt.of(part), "receipt recomputed from disk");
            assertTrue(j.get("rows_emitted").asLong() > 42_000_000L);
        }
        // a separate JVM: catches anything that depends on identity hash codes or process state
        Path out = tmp.resolve("process");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.add("@" + BundledData.repoRoot().resolve(".mvn/runtime-jvm.options"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tileindex.cli.Main", "build",
                "--countries", BundledData.countries().toString(), "--iso", BundledData.iso().toString(),
                "--grid", BundledData.worldPop().toString(), "--out", out.toString(), "--only", TEN, "--quiet"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String stdout = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes()));
        JsonNode j = new ObjectMapper().readTree(stdout);
        receipts.add(j.get("determinism_receipt").get("sha256_hex").asText());
        assertEquals(hash, j.get("parameter_hash").asText(), "derived parameter hash is stable");
        for (String r : receipts) {
            assertEquals(receipts.get(0), r, receipts.toString());
        }
        // tile_bounds too, byte for byte
        Path a = tmp.resolve("w1-0").resolve("data/layer1/1B/tile_bounds/parameter_hash=" + hash);
        Path b = tmp.resolve("w8-3").resolve("data/layer1/1B/tile_bounds/parameter_hash=" + hash);
        assertEquals(null, PartitionPublisher.firstDifference(a, b));
    }

    @Test
    void republishingIdenticalContentIsANoOpAndDifferentContentIsRefused(@TempDir Path out) throws Exception {
        CliRun first = CliRun.build(out, "--only", "LS,SM");
        assertEquals(0, first.exit(), first.stderr());
        assertEquals("published", first.json().get("status").asText());
        String hash = first.json().get("parameter_hash").asText();
        Path part = Path.of(first.json().get("tile_index_partition").asText());
        long mtime = Files.getLastModifiedTime(part.resolve("part-LS-00000.parquet")).toMillis();
        String receipt = DeterminismReceipt.of(part);

        CliRun again = CliRun.build(out, "--only", "LS,SM", "--workers", "1");
        assertEquals(0, again.exit(), again.stderr());
        assertEquals("already_published_identical", again.json().get("status").asText());
        assertEquals(mtime, Files.getLastModifiedTime(part.resolve("part-LS-00000.parquet")).toMillis());

        // the same parameter hash forced onto different content (another predicate) must be refused
        CliRun clash = CliRun.build(out, "--only", "LS,SM", "--predicate", "any_overlap", "--parameter-hash", hash);
        assertNotEquals(0, clash.exit());
        assertEquals("E011_INTEGRITY", clash.errorEvent().get("code").asText());
        assertEquals(receipt, DeterminismReceipt.of(part), "published partition untouched");
        assertEquals(List.of(), leftovers(out), "no staging left behind");
    }

    static List<Path> leftovers(Path out) throws Exception {
        Path st = out.resolve(".staging");
        if (!Files.exists(st)) {
            return List.of();
        }
        try (var s = Files.list(st)) {
            return s.toList();
        }
    }

    @Test
    void evidenceIsCompleteAndOutsideThePartitions(@TempDir Path out) throws Exception {
        CliRun r = CliRun.build(out, "--only", "FI,IS,LS,FJ,AQ");
        assertEquals(0, r.exit(), r.stderr());
        JsonNode j = r.json();
        for (String k : List.of("parameter_hash", "rows_emitted", "tile_index_partition", "tile_bounds_partition",
                "determinism_receipt", "wall_seconds")) {
            assertTrue(j.has(k), k);
        }
        assertEquals(896_042L + 280_352 + 40_378 + 23_167, j.get("rows_emitted").asLong());
        Path reports = Path.of(j.get("reports_partition").asText());
        JsonNode rep = new ObjectMapper().readTree(reports.resolve("run_report.json").toFile());
        for (String k : List.of("parameter_hash", "predicate", "ingress_versions", "grid_dims", "countries_total",
                "rows_emitted", "determinism_receipt", "pat")) {
            assertTrue(rep.has(k), k);
        }
        assertEquals(16755, rep.get("grid_dims").get("nrows").asInt());
        assertEquals(43199, rep.get("grid_dims").get("ncols").asInt());
        assertEquals(3, rep.get("ingress_versions").size());
        JsonNode pat = rep.get("pat");
        for (String k : List.of("wall_clock_seconds_total", "cpu_seconds_total", "countries_processed", "cells_scanned_total",
                "cells_included_total", "bytes_read_raster_total", "bytes_read_vectors_total", "max_worker_rss_bytes",
                "open_files_peak", "workers_used", "chunk_size", "tiles_per_second_peak", "worker_idle_seconds", "stage_seconds")) {
            assertTrue(pat.has(k), k);
        }
        assertTrue(pat.get("max_worker_rss_bytes").asLong() > 10_000_000, "measured RSS");
        assertTrue(pat.get("open_files_peak").asInt() > 3, "measured open files");
        assertTrue(pat.get("bytes_read_raster_total").asLong() < 64 * 1024, "header-only grid read");
        assertEquals(j.get("determinism_receipt").get("sha256_hex").asText(), rep.get("determinism_receipt").get("sha256_hex").asText());
        List<String> lines = Files.readAllLines(reports.resolve("country_summaries.jsonl"));
        assertEquals(5, lines.size());
        JsonNode aq = new ObjectMapper().readTree(lines.get(0));
        assertEquals("AQ", aq.get("country_iso").asText());
        assertEquals(0, aq.get("cells_included").asLong(), "Antarctica lies south of the WorldPop grid");
        assertTrue(aq.get("notes").asText().contains("no eligible cells"));
        JsonNode fi = new ObjectMapper().readTree(lines.get(1));
        assertEquals(fi.get("cells_visited").asLong(), fi.get("cells_included").asLong()
                + fi.get("cells_excluded_outside").asLong() + fi.get("cells_excluded_hole").asLong());
        // nothing but dataset files inside the partitions
        Path part = Path.of(j.get("tile_index_partition").asText());
        for (String f : PartitionPublisher.relativeFiles(part)) {
            assertTrue(f.matches("part-[A-Z]{2}-\\d{5}\\.parquet"), f);
        }
        assertFalse(Files.exists(part.resolve("run_report.json")));
    }

    @Test
    void duckDbSqlChecksOnRealOutput(@TempDir Path out) throws Exception {
        CliRun r = CliRun.build(out, "--only", "IT,SM,VA,CH,LS,ZA,FJ,NZ", "--predicate", "any_overlap");
        assertEquals(0, r.exit(), r.stderr());
        JsonNode j = r.json();
        String idx = j.get("tile_index_partition").asText() + "/*.parquet";
        String bnd = j.get("tile_bounds_partition").asText() + "/*.parquet";
        long ncols = 43199;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE iso AS SELECT * FROM read_csv('" + BundledData.iso() + "', header=true, all_varchar=true)");
            assertEquals(j.get("rows_emitted").asLong(), scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "')"));
            assertEquals(0, scalar(s, "SELECT count(*) - count(DISTINCT (country_iso, tile_id)) FROM read_parquet('" + idx + "')"), "unique key");
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "') WHERE tile_id <> raster_row * " + ncols + " + raster_col"));
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "') WHERE pixel_area_m2 <= 0"));
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "') t ANTI JOIN iso USING (country_iso)"), "ISO FK");
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "') WHERE centroid_lon NOT BETWEEN -180 AND 180 OR centroid_lat NOT BETWEEN -90 AND 90"));
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + bnd + "') WHERE min_lat_deg NOT BETWEEN -90 AND 90 OR max_lat_deg NOT BETWEEN -90 AND 90"));
            assertEquals(0, scalar(s, "SELECT count(*) FROM (SELECT country_iso, tile_id, lag(country_iso) OVER w AS pi, lag(tile_id) OVER w AS pt "
                    + "FROM read_parquet('" + idx + "', filename=true) WINDOW w AS (ORDER BY filename, file_row_number)) "
                    + "WHERE pi IS NOT NULL AND (country_iso < pi OR (country_iso = pi AND tile_id <= pt))"), "sorted in file-name order");
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "') i JOIN read_parquet('" + bnd + "') b USING (country_iso, tile_id) "
                    + "WHERE i.centroid_lon <> b.centroid_lon_deg OR i.centroid_lat <> b.centroid_lat_deg"));
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "') WHERE inclusion_rule <> 'any_overlap'"));
        }
    }

    /**
     * Regression: readme_duckdb_queries_double_counted_with_two_partitions. Both README build examples
     * into one root, then the README's own queries: LS counted once, one line per partition.
     */
    @Test
    void readmeQueriesAreRightWithTwoPartitionsUnderOneRoot(@TempDir Path out) throws Exception {
        CliRun center = CliRun.build(out, "--only", "FI,IS,LS");
        assertEquals(0, center.exit(), center.stderr());
        assertEquals(0, CliRun.build(out, "--predicate", "any_overlap", "--only", "ZA,LS").exit());
        String hash = center.json().get("parameter_hash").asText();
        long lsTiles = -1;
        for (String line : Files.readAllLines(Path.of(center.json().get("reports_partition").asText()).resolve("country_summaries.jsonl"))) {
            if (line.contains("\"LS\"")) {
                lsTiles = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("cells_included").asLong();
            }
        }
        String readme = Files.readString(BundledData.repoRoot().resolve("README.md"));
        int from = readme.indexOf("```sql\n") + 7;
        String[] queries = readme.substring(from, readme.indexOf("```", from)).replace("out/", out + "/")
                .replace("<hex64>", hash).split(";");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            long ls = -2;
            try (ResultSet rs = s.executeQuery(queries[0])) {
                while (rs.next()) {
                    if (rs.getString("country_iso").equals("LS")) {
                        ls = rs.getLong("tiles");
                    }
                }
            }
            assertEquals(lsTiles, ls, "LS counted once");
            int rows = 0;
            try (ResultSet rs = s.executeQuery(queries[1])) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertEquals(10, rows);
            try (ResultSet rs = s.executeQuery(queries[2])) {
                rows = 0;
                while (rs.next()) {
                    rows++;
                }
            }
            assertEquals(2, rows, "one line per partition");
        }
    }

    static long scalar(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
