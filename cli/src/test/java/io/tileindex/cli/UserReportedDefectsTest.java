package io.tileindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.input.TinyTiffWriter;
import io.tileindex.cli.validate.ChildBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regressions for defects a new user found; each test is named after what broke. */
class UserReportedDefectsTest {
    @TempDir
    Path tmp;

    @Test
    void emptyOutPathWroteIntoTheCurrentDirectory() {
        for (String blank : List.of("", "  ")) {
            CliRun r = CliRun.build(Path.of(blank), "--only", "LU");
            assertEquals(2, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("option --out needs a path"), r.stderr());
            assertEquals("", r.stdout());
        }
    }

    @Test
    void emptyStagingFolderLeftBehindAfterASuccessfulRun() throws IOException {
        Path out = tmp.resolve("o");
        assertEquals(0, CliRun.build(out, "--only", "LU").exit());
        try (Stream<Path> s = Files.list(out)) {
            // the country cache lives under --out by default (issue 14); staging must be gone
            assertEquals(List.of("cache", "data", "reports"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(0, CliRun.build(tmp.resolve("o-no-cache"), "--only", "LU", "--no-cache").exit());
        try (Stream<Path> s = Files.list(tmp.resolve("o-no-cache"))) {
            assertEquals(List.of("data", "reports"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void buildDashHWasAnUnknownOption() {
        CliRun r = CliRun.run("build", "-h");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().startsWith("Usage: tileindex build"), r.stdout());
    }

    @Test
    void jsonKeyOrderVariedBetweenRuns() throws IOException {
        // Map.of iterates in an order salted per JVM: written through Json, any map comes out in a fixed order
        Map<String, Object> unordered = Map.of("k", 1, "c", 2, "x", 3, "a", 4, "q", 5, "e", 6, "m", 7, "b", 8);
        assertEquals("{\"a\":4,\"b\":8,\"c\":2,\"e\":6,\"k\":1,\"m\":7,\"q\":5,\"x\":3}", Json.compact(unordered));
        assertEquals("[{\"a\":1,\"b\":2}]", Json.compact(List.of(Map.of("b", 2, "a", 1))));

        CliRun r = CliRun.build(tmp.resolve("o"), "--only", "LU");
        assertEquals(0, r.exit(), r.stderr());
        List<String> keys = new ArrayList<>();
        r.json().fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("status", "parameter_hash", "rows_emitted", "tile_index_partition", "tile_bounds_partition",
                "reports_partition", "evidence", "determinism_receipt", "wall_seconds"), keys);
        List<String> receiptKeys = new ArrayList<>();
        r.json().get("determinism_receipt").fieldNames().forEachRemaining(receiptKeys::add);
        assertEquals(List.of("partition_path", "sha256_hex", "tile_bounds"), receiptKeys);
    }

    @Test
    void republishedEvidenceWasLoggedAsNothingChanged() throws IOException {
        Path out = tmp.resolve("o");
        CliRun first = CliRun.build(out, "--only", "LU");
        Path reports = Path.of(first.json().get("reports_partition").asText());
        try (Stream<Path> s = Files.walk(reports)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        List<String> args = new ArrayList<>(List.of("build", "--countries", BundledData.countries().toString(), "--iso",
                BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--out", out.toString(), "--only", "LU"));
        CliRun again = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, again.exit(), again.stderr());
        assertEquals("already_published_identical", again.json().get("status").asText());
        assertEquals("published", again.json().get("evidence").asText());
        assertTrue(again.stderr().contains("its missing evidence was published"), again.stderr());
        assertFalse(again.stderr().contains("nothing changed"), again.stderr());
        assertTrue(Files.isRegularFile(reports.resolve("run_report.json")));
    }

    /** 64 workers used to hold 64 x 40 MiB of off-heap columns: 3 GB RSS, and 1024 an OOM kill. */
    @Test
    void sixtyFourWorkersExceededTheMemoryEnvelope() throws IOException {
        Path out = tmp.resolve("o");
        CliRun r = ChildBuild.build(out, "--only", "LS,SM", "--workers", "64");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("--workers 64 capped to "), "the cap is logged, even with --quiet: " + r.stderr());
        JsonNode report = new ObjectMapper().readTree(
                Path.of(r.json().get("reports_partition").asText()).resolve("run_report.json").toFile());
        JsonNode pat = report.get("pat");
        assertEquals(64, pat.get("workers_requested").asInt());
        assertTrue(pat.get("workers_used").asInt() <= 6, pat.toString());
        assertTrue(pat.get("max_worker_rss_bytes").asLong() <= 1L << 30, pat.toString());
        assertTrue(report.get("envelope").get("rss_le_1gib").get("pass").asBoolean(), report.get("envelope").toString());
    }

    /** A grid whose rows alone need more off-heap memory than the envelope allows fails before any work. */
    @Test
    void impossibleMemoryBudgetIsAClearErrorBeforeWorkStarts() throws IOException {
        long width = 8_000_000;
        Path grid = TinyTiffWriter.write(tmp.resolve("wide.tif"), ByteOrder.LITTLE_ENDIAN, false, TinyTiffWriter.geographic(
                width, 10, new double[] {360.0 / width, 0.1, 0}, new double[] {0, 0, 0, -180, 10, 0}, TinyTiffWriter.wgs84Keys(false)));
        Path out = tmp.resolve("o");
        CliRun r = CliRun.run("build", "--countries", BundledData.countries().toString(), "--iso", BundledData.iso().toString(),
                "--grid", grid.toString(), "--out", out.toString(), "--only", "LU", "--quiet");
        assertEquals(1, r.exit(), r.stderr());
        assertEquals("E009_PERF_BUDGET", r.errorEvent().get("code").asText());
        assertTrue(r.errorEvent().get("detail").asText().contains("8000000 columns per row"), r.stderr());
        assertFalse(Files.exists(out), "nothing written before the budget is checked");
    }

    /** A grid covering only Europe published RU's European part and NO without Svalbard, and US as 0 rows, silently. */
    @Test
    void countriesClippedByTheGridWereSilent() throws IOException {
        Path grid = TinyTiffWriter.write(tmp.resolve("europe.tif"), ByteOrder.LITTLE_ENDIAN, false, TinyTiffWriter.geographic(
                700, 380, new double[] {0.1, 0.1, 0}, new double[] {0, 0, 0, -25, 72, 0}, TinyTiffWriter.wgs84Keys(false)));
        CliRun r = CliRun.run("build", "--countries", BundledData.countries().toString(), "--iso", BundledData.iso().toString(),
                "--grid", grid.toString(), "--out", tmp.resolve("o").toString(), "--only", "NO,RU,US,LU", "--quiet");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(1, r.stderr().lines().count(), "said once: " + r.stderr());
        assertTrue(r.stderr().startsWith("tileindex: 3 countries extend beyond the grid"), r.stderr());
        Path reports = Path.of(r.json().get("reports_partition").asText());
        JsonNode report = new ObjectMapper().readTree(reports.resolve("run_report.json").toFile());
        assertEquals(3, report.get("countries_clipped_by_grid").asInt());
        ObjectMapper om = new ObjectMapper();
        for (String line : Files.readAllLines(reports.resolve("country_summaries.jsonl"))) {
            JsonNode s = om.readTree(line);
            String notes = s.path("notes").asText("");
            switch (s.get("country_iso").asText()) {
                case "LU" -> assertNull(s.get("notes"), line);
                case "US" -> assertTrue(notes.contains("of its bounding box lies outside it") // Alaska spans ±180°
                        && notes.contains("no eligible cells") && s.get("cells_included").asLong() == 0, line);
                default -> assertTrue(notes.contains("of its bounding box lies outside it; clipped to the grid"), line);
            }
        }
    }
}
