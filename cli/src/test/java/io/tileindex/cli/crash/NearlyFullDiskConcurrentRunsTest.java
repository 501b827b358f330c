package io.tileindex.cli.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.CliRun;
import io.tileindex.cli.BundledData;
import io.tileindex.writer.publish.FaultInjector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Regression: published_partition_taken_back_when_evidence_hit_a_full_disk. Two identical builds start
 * 0.15 s apart on a 20 MiB tmpfs filled to a little more or less than one run's output, so that a run
 * runs out of space while writing its data, its evidence, or not at all. A watcher polls the partitions
 * every few milliseconds. Over every trial: no partition that became visible disappears, none is
 * visible incomplete, and no run exits 0 without its data in place. Needs root (mount); CI runs as root.
 */
class NearlyFullDiskConcurrentRunsTest {
    static final double[] FREE_FRACTIONS = {0.4, 0.7, 0.9, 1.0, 1.05, 1.1, 1.2, 1.4, 1.7, 2.2};
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path mount, countries, reference;
    static long outputBytes;
    static final Map<String, Integer> stats = new LinkedHashMap<>();

    @BeforeAll
    static void mountTmpfs() throws Exception {
        mount = Files.createDirectories(tmp.resolve("tmpfs"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "needs root to mount a tmpfs: " + new String(p.getInputStream().readAllBytes()));
        countries = SmallRun.countries(tmp);
        reference = tmp.resolve("reference");
        CliRun r = SmallRun.inProcess(countries, reference, FaultInjector.NONE);
        assertEquals(0, r.exit(), r.stderr());
        for (String d : List.of("data", "reports")) {
            for (String f : SmallRun.files(reference.resolve(d))) {
                outputBytes += Files.size(reference.resolve(d).resolve(f));
            }
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
        String s = "nearly full disk, two concurrent identical runs: " + stats + "\n";
        System.out.print(s);
        Path target = BundledData.repoRoot().resolve("cli/target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("full-disk-summary.txt"), s);
        }
    }

    @Test
    void noPartitionIsRetractedOrPartialAndNoRunSucceedsWithoutItsData() throws Exception {
        assertTrue(outputBytes > 100_000, "a run writes " + outputBytes + " bytes");
        for (double f : FREE_FRACTIONS) {
            trial((long) (f * outputBytes), "free " + f + "x");
        }
        assertEquals(0, stats.getOrDefault("partitions retracted", 0));
        assertTrue(stats.getOrDefault("runs exit 1", 0) > 0, "the disk did fill up in some trials: " + stats);
        assertTrue(stats.getOrDefault("runs exit 0", 0) > 0, "and not in others: " + stats);
    }

    static void trial(long free, String label) throws Exception {
        clear(mount);
        fillUntilFree(mount.resolve("filler"), free);
        Path out = mount.resolve("o");
        PartitionWatcher watcher = new PartitionWatcher(out);
        watcher.start();
        List<Process> runs = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path log = tmp.resolve("full-" + label.replace(' ', '-') + "-" + i + ".log");
            logs.add(log);
            runs.add(spawn(out, log));
            Thread.sleep(150);
        }
        for (Process p : runs) {
            assertTrue(p.waitFor(3, TimeUnit.MINUTES), label + ": a run hung");
        }
        watcher.stopAndJoin();
        count("trials");
        if (watcher.retracted.get()) {
            count("partitions retracted");
        }
        SmallRun.assertNothingOrComplete(out, reference, label);
        for (int i = 0; i < 2; i++) {
            String log = Files.readString(logs.get(i));
            int exit = runs.get(i).exitValue();
            count("runs exit " + exit);
            if (exit == 0) {
                assertTrue(SmallRun.onlyPartition(out, "tile_index") != null && SmallRun.onlyPartition(out, "tile_bounds") != null,
                        label + ": a run exited 0 without its data in place:\n" + log);
            } else {
                assertEquals(1, exit, log);
                JsonNode event = JSON.readTree(log.lines().filter(l -> l.contains("\"S1_ERROR\"")).findFirst().orElseThrow());
                count("failure code " + event.get("code").asText());
            }
        }
        assertEquals(false, watcher.retracted.get(), label + ": a published partition was taken back");
        count(SmallRun.onlyPartition(out, "tile_index") != null ? "data published" : "nothing published");
    }

    static Process spawn(Path out, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.add("@" + BundledData.repoRoot().resolve(".mvn/runtime-jvm.options"));
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tileindex.cli.Main"));
        cmd.addAll(SmallRun.args(countries, out));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Writes zeros (tmpfs allocates only written pages) until {@code free} bytes are left. */
    static void fillUntilFree(Path filler, long free) throws IOException {
        FileStore store = Files.getFileStore(filler.getParent());
        long toWrite = Math.max(0, store.getUsableSpace() - free);
        ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (toWrite > 0) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), toWrite));
                toWrite -= ch.write(zeros);
            }
        }
    }

    static void clear(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p)) {
                    try (var w = Files.walk(p)) {
                        for (Path q : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(q);
                        }
                    }
                } else {
                    Files.delete(p);
                }
            }
        }
    }

    static synchronized void count(String what) { stats.merge(what, 1, Integer::sum); }

    /** Polls the data partitions; once one was seen, it must stay. */
    static final class PartitionWatcher extends Thread {
        final Path out;
        final AtomicBoolean retracted = new AtomicBoolean(), stop = new AtomicBoolean();
        final AtomicInteger polls = new AtomicInteger();

        PartitionWatcher(Path out) {
            super("partition-watcher");
            this.out = out;
            setDaemon(true);
        }

        @Override
        public void run() {
            boolean[] seen = new boolean[2];
            while (!stop.get()) {
                for (int i = 0; i < 2; i++) {
                    try {
                        boolean visible = SmallRun.onlyPartition(out, i == 0 ? "tile_index" : "tile_bounds") != null;
                        if (seen[i] && !visible) {
                            retracted.set(true);
                        }
                        seen[i] |= visible;
                    } catch (IOException | RuntimeException e) {
                        // a directory listed while it is renamed: poll again
                    }
                }
                polls.incrementAndGet();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            join();
        }
    }
}
