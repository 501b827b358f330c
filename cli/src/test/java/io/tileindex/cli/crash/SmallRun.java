package io.tileindex.cli.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tileindex.cli.BuildCommand;
import io.tileindex.cli.CliRun;
import io.tileindex.cli.BundledData;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.PartitionPublisher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small build for the crash and fault tests: Lesotho, San Marino and Malta (41 k tiles, six Parquet
 * files) cut out of the shared world file into a 13 KB GeoJSON, so that a run spends its time on the
 * output path, not on parsing 15 MB of countries.
 */
final class SmallRun {
    static final List<String> COUNTRIES = List.of("LS", "SM", "MT");

    private SmallRun() {}

    /** Writes the small countries file into {@code dir}. */
    static Path countries(Path dir) {
        try {
            ObjectMapper om = new ObjectMapper();
            JsonNode world = om.readTree(BundledData.countries().toFile());
            ObjectNode fc = om.createObjectNode();
            fc.put("type", "FeatureCollection");
            ArrayNode features = fc.putArray("features");
            for (JsonNode f : world.get("features")) {
                if (COUNTRIES.contains(f.path("properties").path("country_iso").asText())) {
                    features.add(f);
                }
            }
            return Files.writeString(dir.resolve("ls-sm-mt.geojson"), om.writeValueAsString(fc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> args(Path countries, Path out) {
        return new ArrayList<>(List.of("build", "--countries", countries.toString(), "--iso", BundledData.iso().toString(),
                "--grid", BundledData.worldPop().toString(), "--out", out.toString(), "--quiet"));
    }

    /** The build in this JVM with a fault injector (Main.run always uses NONE). */
    static CliRun inProcess(Path countries, Path out, FaultInjector faults) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = new BuildCommand(new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), faults).run(args(countries, out).toArray(String[]::new));
        return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Regular files below {@code dir} (relative), or none if it does not exist. */
    static List<String> files(Path dir) throws IOException {
        return Files.isDirectory(dir) ? PartitionPublisher.relativeFiles(dir) : List.of();
    }

    /** Entries of {@code <out>/.staging}. */
    static List<String> staging(Path out) throws IOException {
        Path st = out.resolve(".staging");
        if (!Files.isDirectory(st)) {
            return List.of();
        }
        try (var s = Files.list(st)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The one partition of {@code dataset} ({@code tile_index}, {@code tile_bounds} or {@code reports})
     * under {@code out}, or null when none is visible.
     */
    static Path onlyPartition(Path out, String dataset) throws IOException {
        Path parent = dataset.equals("reports") ? out.resolve("reports/layer1/1B/tile_index")
                : out.resolve("data/layer1/1B").resolve(dataset);
        if (!Files.isDirectory(parent)) {
            return null;
        }
        try (var s = Files.list(parent)) {
            List<Path> dirs = s.toList();
            if (dirs.size() > 1) {
                throw new AssertionError("more than one partition under " + parent + ": " + dirs);
            }
            return dirs.isEmpty() ? null : dirs.get(0);
        }
    }

    /**
     * SPEC §5 after a failed or killed run: each partition is absent or complete, byte-identical to the
     * same partition under {@code reference} (the evidence: the same files, the receipt identical).
     */
    static void assertNothingOrComplete(Path out, Path reference, String label) throws IOException {
        for (String dataset : List.of("tile_index", "tile_bounds")) {
            Path got = onlyPartition(out, dataset);
            if (got != null) {
                String diff = PartitionPublisher.firstDifference(onlyPartition(reference, dataset), got);
                if (diff != null) {
                    throw new AssertionError(label + ": partial " + dataset + " visible: " + diff);
                }
            }
        }
        Path evidence = onlyPartition(out, "reports");
        if (evidence != null) {
            if (!Set.copyOf(files(evidence)).equals(REPORT_FILES)) {
                throw new AssertionError(label + ": partial evidence visible: " + files(evidence));
            }
            Path receipt = onlyPartition(reference, "reports").resolve("determinism_receipt.json");
            if (Files.mismatch(receipt, evidence.resolve("determinism_receipt.json")) != -1) {
                throw new AssertionError(label + ": the published receipt differs from the reference");
            }
        }
    }

    static final Set<String> REPORT_FILES = Set.of("country_summaries.jsonl", "determinism_receipt.json", "run_report.json", "report.html");
}
