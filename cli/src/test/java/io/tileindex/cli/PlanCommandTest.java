package io.tileindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanCommandTest {
    @Test
    void planCountsWhatTheBuildWritesAndWritesNothing(@TempDir Path tmp) throws Exception {
        String[] common = {"--countries", BundledData.countries().toString(), "--iso", BundledData.iso().toString(),
                "--grid", BundledData.worldPop().toString(), "--only", "FI,LS,RU", "--quiet"};
        String[] plan = Stream.concat(Stream.of("plan", "--out", tmp.resolve("p").toString()), Stream.of(common))
                .toArray(String[]::new);
        CliRun p = CliRun.run(plan);
        assertEquals(0, p.exit(), p.stderr());
        assertFalse(Files.exists(tmp.resolve("p")), "plan writes nothing");
        JsonNode j = p.json();
        for (String k : new String[] {"tiles_total", "files_total", "estimated_output_bytes", "estimated_seconds", "countries"}) {
            assertTrue(j.has(k), k + " in " + p.stdout());
        }
        CliRun b = CliRun.build(tmp.resolve("b"), "--only", "FI,LS,RU");
        assertEquals(0, b.exit(), b.stderr());
        assertEquals(b.json().get("rows_emitted").asLong(), j.get("tiles_total").asLong());
        Path reports = Path.of(b.json().get("reports_partition").asText());
        Map<String, Long> built = new HashMap<>();
        for (String line : Files.readAllLines(reports.resolve("country_summaries.jsonl"))) {
            JsonNode s = new ObjectMapper().readTree(line);
            built.put(s.get("country_iso").asText(), s.get("cells_included").asLong());
        }
        j.get("countries").forEach(c -> assertEquals(built.get(c.get("country_iso").asText()), c.get("tiles").asLong()));
        long files;
        try (Stream<Path> s = Files.walk(tmp.resolve("b/data"))) {
            files = s.filter(Files::isRegularFile).count();
        }
        assertEquals(files, j.get("files_total").asLong());
        long written = new ObjectMapper().readTree(reports.resolve("run_report.json").toFile()).get("pat")
                .get("output_bytes_total").asLong();
        double ratio = j.get("estimated_output_bytes").asDouble() / written;
        assertTrue(ratio > 0.5 && ratio < 2, "estimate within 2x of the bytes written: " + ratio);
    }

    /** With --coverage-fraction the plan walks the boundary cells and adds their bytes, as the build writes them. */
    @Test
    void coverageFractionsAddTheirBoundaryCellsBytes(@TempDir Path tmp) throws Exception {
        String[] base = {"plan", "--out", tmp.resolve("p").toString(), "--countries", BundledData.countries().toString(),
                "--iso", BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--only", "LS,NO",
                "--predicate", "any_overlap", "--quiet"};
        CliRun without = CliRun.run(base);
        CliRun with = CliRun.run(Stream.concat(Stream.of(base), Stream.of("--coverage-fraction")).toArray(String[]::new));
        assertEquals(0, with.exit(), with.stderr());
        long boundary = 0;
        for (JsonNode c : with.json().get("countries")) {
            boundary += c.get("boundary_cells").asLong();
        }
        assertTrue(boundary > 50_000, "Norway's coast alone: " + boundary);
        assertFalse(without.json().get("countries").get(0).has("boundary_cells"));
        long extra = with.json().get("estimated_output_bytes").asLong() - without.json().get("estimated_output_bytes").asLong();
        assertEquals(Math.round(boundary * PlanCommand.BYTES_PER_BOUNDARY_CELL), extra, 2.0);
    }
}
