package io.tileindex.spark;

import io.tileindex.cli.Main;
import io.tileindex.writer.publish.DeterminismReceipt;
import io.tileindex.writer.publish.PartitionPublisher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the local and the Spark engine on the bundled data and compares what they published. */
final class SparkBuilds {
    /** Ten countries and more, RU (the largest: several files) among them. */
    static final String ONLY = "RU,FI,IS,LS,NO,SE,EE,LV,LT,CH,NZ,CL";
    static final String HASH = "5a".repeat(32);

    private SparkBuilds() {}

    static Path repo() {
        return Path.of(System.getProperty("tileindex.repo.root", "..")).toAbsolutePath().normalize();
    }

    static List<String> args(Path out, String... extra) {
        Path data = repo().resolve("data");
        List<String> a = new ArrayList<>(List.of("build", "--countries", data.resolve("world_countries_ne10m.geojson").toString(),
                "--iso", data.resolve("iso3166.csv").toString(), "--grid", data.resolve("worldpop_1km_grid.tif").toString(),
                "--out", out.toString(), "--only", ONLY, "--parameter-hash", HASH, "--quiet"));
        a.addAll(List.of(extra));
        return a;
    }

    /** The local engine's build (the reference); returns its stdout. */
    static String local(Path out, String... extra) {
        return run(args(out, extra), (a, o, e) -> Main.run(a, o, e));
    }

    /** The Spark engine's build with these Spark properties; returns its stdout. */
    static String spark(Path out, String master, Map<String, String> settings, String... extra) {
        List<String> a = new ArrayList<>(List.of(extra));
        a.addAll(List.of("--engine", "spark", "--master", master));
        return run(args(out, a.toArray(String[]::new)), (x, o, e) -> new SparkBuild(o, e, settings).run(x));
    }

    private interface Command {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    private static String run(List<String> args, Command c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = c.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, () -> "exit " + code + ", stderr:\n" + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    static Path partition(Path root, String dataset) {
        return root.resolve("data/layer1/1B").resolve(dataset).resolve("parameter_hash=" + HASH);
    }

    /** Both datasets of {@code actual} hold the files of {@code expected}, byte for byte, and nothing else is left. */
    static void assertSamePartitions(Path expected, Path actual) throws IOException {
        for (String dataset : List.of("tile_index", "tile_bounds")) {
            Path e = partition(expected, dataset), a = partition(actual, dataset);
            assertTrue(PartitionPublisher.relativeFiles(e).size() > 12, "the reference has the files of every country");
            assertNull(PartitionPublisher.firstDifference(e, a), dataset);
            assertEquals(DeterminismReceipt.of(e), DeterminismReceipt.of(a), dataset + " receipt");
        }
        String receipt = Files.readString(actual.resolve("reports/layer1/1B/tile_index/parameter_hash=" + HASH
                + "/determinism_receipt.json"));
        assertTrue(receipt.contains(DeterminismReceipt.of(partition(expected, "tile_index"))), receipt);
        try (Stream<Path> all = Files.walk(actual)) {
            List<Path> stray = all.filter(p -> p.toString().contains(".staging") || p.toString().contains("attempt")
                    || p.getFileName().toString().endsWith(".crc")).toList();
            assertEquals(List.of(), stray, "no staging, attempt or checksum files are left");
        }
    }
}
