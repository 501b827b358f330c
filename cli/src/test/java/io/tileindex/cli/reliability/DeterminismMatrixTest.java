package io.tileindex.cli.reliability;

import io.tileindex.cli.CliRun;
import io.tileindex.cli.BundledData;
import io.tileindex.cli.validate.ChildBuild;
import io.tileindex.writer.publish.DeterminismReceipt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 4, item 7: workers {1, 2, 4, 8, 16} x 3 runs on 20 countries (Russia and the US for size, Fiji
 * and Kiribati across the antimeridian, Lesotho inside South Africa, Vatican City with no geometry
 * at 1:10m), each run in a fresh JVM with the launcher's flags, into its own output root. Every
 * determinism receipt, and the bytes of the tile_bounds partition, must be identical. Writes the
 * matrix to the "Determinism matrix" section of docs/RELIABILITY.md.
 *
 * <p>Slow (15 builds of about 70 M rows): tagged {@code matrix}, excluded by default. Run with
 * {@code mvn -o -pl cli test -Dtest=DeterminismMatrixTest -Dsurefire.excludedGroups= -Dsurefire.groups=matrix}.
 */
@Tag("matrix")
class DeterminismMatrixTest {
    static final List<String> COUNTRIES = List.of("RU", "US", "FJ", "ZA", "LS", "NZ", "KI", "CL", "NO", "ID", "JP", "GB",
            "IT", "SM", "MC", "IS", "FI", "MT", "GR", "VA");
    static final int[] WORKERS = {1, 2, 4, 8, 16};
    static final int RUNS = 3;
    static final String START = "<!-- determinism-matrix:start -->", END = "<!-- determinism-matrix:end -->";

    @TempDir
    Path tmp;

    record Run(int workers, int run, String receipt, String boundsSha, long rows, double seconds) {}

    @Test
    void receiptsAreIdenticalForEveryWorkerCountAndRun() throws IOException {
        List<Run> runs = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            for (int w : WORKERS) { // runs interleaved across worker counts, so no count always comes first
                Path out = tmp.resolve("w" + w + "-r" + run);
                long t0 = System.nanoTime();
                CliRun r = ChildBuild.build(out, "--only", String.join(",", COUNTRIES), "--workers", Integer.toString(w));
                double secs = (System.nanoTime() - t0) / 1e9;
                assertEquals(0, r.exit(), r.stderr());
                String hash = r.json().get("parameter_hash").asText();
                String receipt = r.json().get("determinism_receipt").get("sha256_hex").asText();
                Path index = out.resolve("data/layer1/1B/tile_index/parameter_hash=" + hash);
                Path bounds = out.resolve("data/layer1/1B/tile_bounds/parameter_hash=" + hash);
                assertEquals(receipt, DeterminismReceipt.of(index), "reported receipt = receipt of the bytes on disk");
                runs.add(new Run(w, run, receipt, DeterminismReceipt.of(bounds), r.json().get("rows_emitted").asLong(), secs));
                deleteTree(out); // ~130 MB a run
            }
        }
        Set<String> receipts = new LinkedHashSet<>(), bounds = new LinkedHashSet<>();
        runs.forEach(r -> {
            receipts.add(r.receipt);
            bounds.add(r.boundsSha);
        });
        writeSection(runs, receipts.size() == 1 && bounds.size() == 1);
        assertEquals(1, receipts.size(), "tile_index receipts: " + receipts);
        assertEquals(1, bounds.size(), "tile_bounds digests: " + bounds);
    }

    private static void writeSection(List<Run> runs, boolean identical) throws IOException {
        Map<Integer, List<Run>> byWorkers = new LinkedHashMap<>();
        for (int w : WORKERS) {
            byWorkers.put(w, runs.stream().filter(r -> r.workers == w).sorted(Comparator.comparingInt(Run::run)).toList());
        }
        StringBuilder s = new StringBuilder();
        s.append(START).append('\n');
        s.append("## Determinism matrix\n\n");
        s.append("Issue 4, item 7. `DeterminismMatrixTest` (tag `matrix`; run with `mvn -o -pl cli test ")
                .append("-Dtest=DeterminismMatrixTest -Dsurefire.excludedGroups= -Dsurefire.groups=matrix`).\n\n");
        s.append("Run ").append(LocalDate.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(Runtime.version()).append(". Each build is a fresh JVM with the launcher's flags ")
                .append("(`.mvn/runtime-jvm.options`), its own output root, the real inputs, `--only ")
                .append(String.join(",", COUNTRIES)).append("` (").append(String.format("%,d", runs.getFirst().rows))
                .append(" tiles); the runs are interleaved across worker counts.\n\n");
        s.append("| workers | run 1 | run 2 | run 3 | tile_bounds digest | seconds (runs 1-3) |\n");
        s.append("|---:|---|---|---|---|---|\n");
        byWorkers.forEach((w, rs) -> {
            s.append("| ").append(w);
            rs.forEach(r -> s.append(" | `").append(r.receipt, 0, 16).append("…`"));
            s.append(" | `").append(rs.getFirst().boundsSha, 0, 16).append("…` | ");
            s.append(String.join(" / ", rs.stream().map(r -> String.format("%.1f", r.seconds)).toList())).append(" |\n");
        });
        s.append('\n');
        s.append(identical
                ? "**All " + runs.size() + " receipts are identical** (`" + runs.getFirst().receipt + "`), and so are the bytes of "
                        + "every tile_bounds partition.\n"
                : "**Receipts differ**: see the table.\n");
        s.append(END).append('\n');

        Path doc = BundledData.repoRoot().resolve("docs/RELIABILITY.md");
        String text = Files.exists(doc) ? Files.readString(doc) : "# Reliability\n\n";
        int a = text.indexOf(START), b = text.indexOf(END);
        text = a >= 0 && b > a ? text.substring(0, a) + s + text.substring(b + END.length()).replaceFirst("^\n", "")
                : text + (text.endsWith("\n\n") ? "" : "\n") + s;
        Files.writeString(doc, text);
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
