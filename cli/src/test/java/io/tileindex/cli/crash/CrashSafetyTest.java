package io.tileindex.cli.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.CliRun;
import io.tileindex.cli.BundledData;
import io.tileindex.writer.publish.DeterminismReceipt;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.PartitionLayout;
import io.tileindex.writer.publish.PartitionPublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 4 item 3, SPEC §5: the build runs as a separate JVM and is SIGKILLed at one named step of the
 * output path ({@link FaultInjector#point}: it hangs there after writing a marker, the harness waits
 * for the marker and kills). Then (1) each partition is either absent or complete and identical to a
 * reference run (receipt for tile_index, byte comparison for tile_bounds, all three files for the
 * evidence) and nothing else is visible; (2) a normal run on the same root removes the dead run's
 * staging, publishes, and produces the identical receipt.
 *
 * <p>Kill points come from a census run ({@code -Dtileindex.test.pointLog}): every arrival at every
 * point, e.g. {@code write.drain:17}. A 1 KiB output buffer turns the small run's six Parquet files
 * into ~70 drains, so there are well over 50 points while writing. The default suite kills once at
 * every distinct publish step plus 10 write points; {@code -Pcrash} kills at every point ({@link #everyPoint}).
 */
class CrashSafetyTest {
    static final int BUFFER_BYTES = 1024;
    static final int FAST_WRITE_POINTS = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path countries;
    static Reference ref;
    /** Census of a run into an empty root, and of one onto the already published root. */
    static List<String> fresh, republish;
    static final AtomicInteger runs = new AtomicInteger();
    static final Map<String, Integer> stats = new LinkedHashMap<>();

    record Reference(Path root, String hash, String receipt, Path index, Path bounds, Path reports) {}

    @BeforeAll
    static void referenceAndCensus() throws Exception {
        countries = SmallRun.countries(tmp);
        Path out = tmp.resolve("reference");
        CliRun r = SmallRun.inProcess(countries, out, FaultInjector.NONE);
        assertEquals(0, r.exit(), r.stderr());
        JsonNode j = r.json();
        ref = new Reference(out, j.get("parameter_hash").asText(), j.get("determinism_receipt").get("sha256_hex").asText(),
                Path.of(j.get("tile_index_partition").asText()), Path.of(j.get("tile_bounds_partition").asText()),
                Path.of(j.get("reports_partition").asText()));
        fresh = census(tmp.resolve("census-fresh"));
        Path again = tmp.resolve("census-republish");
        assertEquals(0, SmallRun.inProcess(countries, again, FaultInjector.NONE).exit());
        republish = census(again);
        stats.put("census points (fresh root)", fresh.size());
        stats.put("census write points", (int) fresh.stream().filter(CrashSafetyTest::isWrite).count());
        stats.put("census points (republish)", republish.size());
    }

    @AfterAll
    static void summary() throws IOException {
        String s = "crash safety: " + stats + ", separate JVMs started " + runs.get() + "\n";
        System.out.print(s);
        Path target = BundledData.repoRoot().resolve("cli/target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("crash-safety-summary.txt"), s, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    // ---- the tests

    @Test
    void censusReachesEveryPublishStepAndOver50WritePoints() {
        Set<String> names = new TreeSet<>();
        fresh.forEach(p -> names.add(name(p)));
        assertTrue(names.containsAll(List.of("staging.created", "write.file.created", "write.drain", "write.file.fsynced",
                "data.written", "publish.fsync.file", "publish.fsync.dir", "publish.rename.before", "publish.rename.after",
                "publish.tile_bounds.done", "publish.tile_index.done", "reports.written", "publish.reports.done",
                "delete.entry", "staging.discarded", "run.done")), names.toString());
        assertTrue(fresh.stream().filter(CrashSafetyTest::isWrite).count() >= 50, fresh.toString());
        assertEquals(3, fresh.stream().filter(p -> name(p).equals("publish.rename.after")).count(), "three renames");
    }

    /** Default suite: every distinct publish step of a fresh run, 10 write points, a few steps of a republish. */
    @TestFactory
    Stream<DynamicTest> publishStepsAndTenWritePoints() {
        List<String> writes = fresh.stream().filter(CrashSafetyTest::isWrite).toList();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < FAST_WRITE_POINTS; i++) {
            tests.add(freshKill(writes.get(i * (writes.size() - 1) / (FAST_WRITE_POINTS - 1))));
        }
        for (int i = 0; i < fresh.size(); i++) {
            // each step once: of a run of the same step (fsync of file 1, 2, 3 of one partition) the first
            if (!isWrite(fresh.get(i)) && (i == 0 || !name(fresh.get(i - 1)).equals(name(fresh.get(i))))) {
                tests.add(freshKill(fresh.get(i)));
            }
        }
        for (String p : List.of("publish.fsync.dir:1", "publish.tile_bounds.done:1", "reports.written:1", "delete.entry:5")) {
            tests.add(republishKill(p));
        }
        return tests.stream();
    }

    /** {@code -Pcrash}: every point of a fresh run and every non-write point of a republish. */
    @Tag("crash")
    @TestFactory
    Stream<DynamicTest> everyPoint() {
        List<DynamicTest> tests = new ArrayList<>();
        fresh.forEach(p -> tests.add(freshKill(p)));
        republish.stream().filter(p -> !isWrite(p)).forEach(p -> tests.add(republishKill(p)));
        return tests.stream();
    }

    /** The next run must also survive being killed while it removes a dead run's staging. */
    @Test
    void killedWhileRemovingADeadRunsStaging() throws Exception {
        Path out = tmp.resolve("stale-cleanup");
        long first = killAt(out, "data.written:1");
        assertEquals(1, deadStaging(out, first), "the first kill leaves its staging");
        // the second run deletes that staging entry by entry; kill it half-way
        long second = killAt(out, "delete.entry:4");
        assertNothingOrComplete(out, "delete.entry:4 (stale cleanup)");
        assertRecovers(out, Set.of(first, second));
        count("stale cleanup interrupted and recovered");
    }

    // ---- one kill

    DynamicTest freshKill(String point) {
        return DynamicTest.dynamicTest("fresh " + point, () -> {
            Path out = tmp.resolve("fresh-" + point.replace(':', '-'));
            long pid = killAt(out, point);
            assertNothingOrComplete(out, point);
            assertRecovers(out, Set.of(pid));
            count("kill points (fresh root)");
        });
    }

    DynamicTest republishKill(String point) {
        return DynamicTest.dynamicTest("republish " + point, () -> {
            Path out = tmp.resolve("republish-" + point.replace(':', '-'));
            copyTree(ref.root, out);
            long pid = killAt(out, point);
            assertNothingOrComplete(out, point);
            PartitionLayout l = new PartitionLayout(out, ref.hash);
            assertTrue(Files.isDirectory(l.tileIndex()) && Files.isDirectory(l.tileBounds()) && Files.isDirectory(l.reports()),
                    "a published partition never disappears");
            assertRecovers(out, Set.of(pid));
            count("kill points (republish onto the published root)");
        });
    }

    /** Starts the build, waits until it hangs at {@code point}, SIGKILLs it; returns its pid. */
    static long killAt(Path out, String point) throws Exception {
        Path marker = tmp.resolve("marker-" + runs.incrementAndGet());
        Path log = tmp.resolve("log-" + runs.get() + ".txt");
        Process p = spawn(out, log, "-Dtileindex.test.pauseAt=" + point, "-Dtileindex.test.pauseMarker=" + marker);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(marker)) {
            if (!p.isAlive()) {
                fail("the build exited (" + p.exitValue() + ") without reaching " + point + ":\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor();
                fail("the build did not reach " + point + " within 3 minutes:\n" + Files.readString(log));
            }
            Thread.sleep(5);
        }
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(128 + 9, p.exitValue(), "killed by SIGKILL");
        return p.pid();
    }

    static Process spawn(Path out, Path log, String... props) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.add("@" + BundledData.repoRoot().resolve(".mvn/runtime-jvm.options"));
        cmd.add("-XX:TieredStopAtLevel=1"); // a two-second run starts faster on C1 alone
        cmd.add("-Dtileindex.test.outputBufferBytes=" + BUFFER_BYTES);
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tileindex.cli.Main"));
        cmd.addAll(SmallRun.args(countries, out));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static List<String> census(Path out) throws Exception {
        Path log = tmp.resolve("census-" + runs.incrementAndGet() + ".txt");
        Path points = tmp.resolve("points-" + runs.get() + ".txt");
        Process p = spawn(out, log, "-Dtileindex.test.pointLog=" + points);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(log));
        return Files.readAllLines(points);
    }

    // ---- the checks

    /** Each partition absent or identical to the reference; no other file visible outside staging. */
    static void assertNothingOrComplete(Path out, String point) throws IOException {
        PartitionLayout l = new PartitionLayout(out, ref.hash);
        String state = "";
        if (Files.exists(l.tileBounds())) {
            partialIf(PartitionPublisher.firstDifference(ref.bounds, l.tileBounds()), "tile_bounds", point);
            state += "tile_bounds ";
        }
        if (Files.exists(l.tileIndex())) {
            partialIf(ref.receipt.equals(DeterminismReceipt.of(l.tileIndex())) ? null : "receipt differs", "tile_index", point);
            partialIf(PartitionPublisher.firstDifference(ref.index, l.tileIndex()), "tile_index", point);
            state += "tile_index ";
        }
        if (Files.exists(l.reports())) {
            partialIf(checkReports(l.reports()), "reports", point);
            state += "reports";
        }
        // nothing else: a stray file in data/ or reports/ would be a partial publish as well
        for (String top : List.of("data", "reports")) {
            for (String f : SmallRun.files(out.resolve(top))) {
                Path abs = out.resolve(top).resolve(f);
                if (!abs.startsWith(l.tileIndex()) && !abs.startsWith(l.tileBounds()) && !abs.startsWith(l.reports())) {
                    partialIf("stray file " + abs, top, point);
                }
            }
        }
        count("visible after kill: " + (state.isEmpty() ? "nothing" : state.trim()));
    }

    static void partialIf(String difference, String what, String point) {
        if (difference != null) {
            count("PARTIAL PUBLISHES");
            fail("partial publish of " + what + " after a kill at " + point + ": " + difference);
        }
    }

    static String checkReports(Path dir) throws IOException {
        Set<String> files = new TreeSet<>(SmallRun.files(dir));
        if (!files.equals(new TreeSet<>(SmallRun.REPORT_FILES))) {
            return "report files " + files;
        }
        if (Files.mismatch(dir.resolve("determinism_receipt.json"), ref.reports.resolve("determinism_receipt.json")) != -1) {
            return "determinism_receipt.json differs";
        }
        if (Files.mismatch(dir.resolve("country_summaries.jsonl"), ref.reports.resolve("country_summaries.jsonl")) != -1) {
            return "country_summaries.jsonl differs";
        }
        JsonNode report = JSON.readTree(dir.resolve("run_report.json").toFile()); // complete JSON, or this throws
        return ref.receipt.equals(report.path("determinism_receipt").path("sha256_hex").asText()) ? null : "run_report receipt";
    }

    /** A normal run afterwards: dead runs' staging removed, everything published, identical receipt. */
    static void assertRecovers(Path out, Set<Long> deadPids) throws IOException {
        int leftovers = 0;
        for (long pid : deadPids) {
            leftovers += deadStaging(out, pid);
        }
        if (leftovers > 0) {
            count("dead staging dirs left by kills");
        }
        CliRun r = SmallRun.inProcess(countries, out, FaultInjector.NONE);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(ref.receipt, r.json().get("determinism_receipt").get("sha256_hex").asText());
        PartitionLayout l = new PartitionLayout(out, ref.hash);
        assertEquals(ref.receipt, DeterminismReceipt.of(l.tileIndex()));
        assertEquals(null, PartitionPublisher.firstDifference(ref.bounds, l.tileBounds()));
        assertEquals(null, checkReports(l.reports()));
        assertEquals(List.of(), SmallRun.staging(out), "staging of dead runs removed, own staging discarded");
        count("recovered with the identical receipt");
    }

    static int deadStaging(Path out, long pid) throws IOException {
        return (int) SmallRun.staging(out).stream().filter(n -> n.startsWith("run-" + pid + "-")).count();
    }

    // ---- helpers

    static boolean isWrite(String point) { return point.startsWith("write."); }

    static String name(String point) { return point.substring(0, point.lastIndexOf(':')); }

    static synchronized void count(String what) { stats.merge(what, 1, Integer::sum); }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
