package io.tileindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.input.GeoTiffHeaderReader;
import io.tileindex.cli.validate.ChildBuild;
import io.tileindex.kernel.grid.Grid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory follows the heap, not the grid: on a grid with 100× the bundled grid's cells (10× per axis, about
 * 100 m), a build in a 128 MiB heap keeps only the runs that fit its budget and scans the other countries
 * again row group by row group, and writes the same bytes as a build with the project's heap.
 */
class FinerGridSmallHeapTest {
    static final String COUNTRIES = "NO,CL,NZ";

    @Test
    void aGridHundredTimesFinerBuildsInASmallHeapWithTheSameBytes(@TempDir Path tmp) throws Exception {
        Grid bundled = GeoTiffHeaderReader.read(BundledData.worldPop()).toGrid();
        Path grid = AntimeridianGridsTest.grid(tmp.resolve("finer.tif"), bundled.ncols() * 10L, bundled.nrows() * 10L,
                bundled.gt1() / 10, bundled.gt0(), bundled.gt3());
        JsonNode small = build(tmp.resolve("small"), grid, List.of("-Xmx128m"));
        JsonNode usual = build(tmp.resolve("usual"), grid, List.of());

        JsonNode smallPat = small.get("pat"), usualPat = usual.get("pat");
        assertTrue(smallPat.get("countries_rescanned").asInt() >= 1, "the small heap's budget kept every country: " + smallPat);
        assertTrue(smallPat.get("rows_rescanned").asLong() > 0);
        assertTrue(smallPat.get("retained_runs_bytes").asLong() <= smallPat.get("retained_runs_budget_bytes").asLong());
        long budget = smallPat.get("retained_runs_budget_bytes").asLong();
        assertTrue(budget > 0 && budget <= 128L << 20 >> 4, "a sixteenth of the heap: " + budget);
        assertEquals(0, usualPat.get("countries_rescanned").asInt(), "the project's heap keeps these three");
        assertEquals(usual.get("determinism_receipt").toString(), small.get("determinism_receipt").toString());
        assertTrue(small.get("rows_emitted").asLong() > 100_000_000L, "a real amount of work: " + small.get("rows_emitted"));
    }

    /** The run report of a child-JVM build (its stdout summary's receipt is the report's too). */
    static JsonNode build(Path dir, Path grid, List<String> jvmFlags) throws Exception {
        CliRun r = ChildBuild.runWithJvmFlags(jvmFlags, dir.resolve("logs"), "build", "--countries",
                BundledData.countries().toString(), "--iso", BundledData.iso().toString(), "--grid", grid.toString(),
                "--out", dir.resolve("out").toString(), "--only", COUNTRIES, "--quiet");
        assertEquals(0, r.exit(), r.stderr());
        try (Stream<Path> s = Files.walk(dir.resolve("out/reports"))) {
            Path report = s.filter(p -> p.getFileName().toString().equals("run_report.json")).findFirst().orElseThrow();
            JsonNode j = new ObjectMapper().readTree(report.toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) j).set("rows_emitted", r.json().get("rows_emitted"));
            return j;
        }
    }
}
