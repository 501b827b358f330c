package io.tileindex.cli.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.BundledData;
import io.tileindex.cli.CliRun;
import io.tileindex.writer.publish.PartitionLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The country cache from the command line: where it lives by default, its counters in the run report
 * and report.html, {@code --no-cache}, and a build SIGKILLed while writing an entry, after which a
 * rebuild trusts nothing the dead run left and still writes the cold bytes.
 */
class CountryCacheCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path countries;

    @BeforeAll
    static void smallCountries() {
        countries = SmallRun.countries(tmp);
    }

    static CliRun build(Path out, String... extra) {
        List<String> a = SmallRun.args(countries, out);
        a.addAll(List.of(extra));
        return CliRun.run(a.toArray(String[]::new));
    }

    static JsonNode pat(Path out, CliRun r) throws IOException {
        PartitionLayout l = new PartitionLayout(out, r.json().get("parameter_hash").asText());
        return JSON.readTree(l.reports().resolve("run_report.json").toFile()).get("pat");
    }

    static String receipts(CliRun r) {
        JsonNode d = r.json().get("determinism_receipt");
        return d.get("sha256_hex").asText() + "/" + d.get("tile_bounds").get("sha256_hex").asText();
    }

    @Test
    void aWarmBuildReusesEveryCountryFromTheDefaultCacheUnderOut() throws IOException {
        Path out = tmp.resolve("default");
        CliRun cold = build(out);
        assertEquals(0, cold.exit(), cold.stderr());
        assertTrue(Files.isDirectory(out.resolve("cache/entries")), "the default cache lives under --out");
        JsonNode c = pat(out, cold);
        assertEquals(0, c.get("cache_hits").asLong());
        assertEquals(3, c.get("cache_misses").asLong());
        assertTrue(c.get("cache_bytes_written").asLong() > 0);
        assertEquals(c.get("cache_bytes_written").asLong(), c.get("cache_disk_bytes").asLong());

        Path out2 = tmp.resolve("warm");
        CliRun warm = build(out2, "--cache", out.resolve("cache").toString(), "--cache-max-bytes", "1G");
        assertEquals(0, warm.exit(), warm.stderr());
        assertEquals(receipts(cold), receipts(warm));
        JsonNode w = pat(out2, warm);
        assertEquals(3, w.get("cache_hits").asLong());
        assertEquals(0, w.get("cache_misses").asLong());
        assertEquals(1.0, w.get("cache_hit_ratio").asDouble());
        assertEquals(c.get("cache_bytes_written").asLong(), w.get("cache_bytes_read").asLong());
        assertEquals(1L << 30, w.get("cache_max_bytes").asLong());
        assertFalse(Files.exists(out2.resolve("cache")), "--cache elsewhere: nothing under --out");
        String html = Files.readString(new PartitionLayout(out2, warm.json().get("parameter_hash").asText()).reports()
                .resolve("report.html"));
        assertEquals(3, html.split("<b>cached</b>", -1).length - 1, "each cached country is marked in the table");
        assertTrue(html.contains("reading one from the country cache"), "the timeline's legend names cache reads");
    }

    @Test
    void noCacheNeitherReadsNorWrites() throws IOException {
        Path out = tmp.resolve("none");
        CliRun r = build(out, "--no-cache");
        assertEquals(0, r.exit(), r.stderr());
        assertFalse(Files.exists(out.resolve("cache")));
        assertFalse(pat(out, r).get("cache_enabled").asBoolean());
        assertEquals(2, build(tmp.resolve("bad"), "--no-cache", "--cache", tmp.resolve("c").toString()).exit());
        assertEquals(2, build(tmp.resolve("bad2"), "--cache-max-bytes", "lots").exit());
    }

    @Test
    void aBuildKilledWhileWritingAnEntryLeavesNothingALaterRunTrusts() throws Exception {
        Path cache = tmp.resolve("killed-cache");
        CliRun reference = build(tmp.resolve("reference"), "--no-cache");
        Path marker = tmp.resolve("kill-marker"), log = tmp.resolve("kill-log.txt");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.add("@" + BundledData.repoRoot().resolve(".mvn/runtime-jvm.options"));
        cmd.add("-Dtileindex.test.pauseAt=cache.entry.record:1");
        cmd.add("-Dtileindex.test.pauseMarker=" + marker);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tileindex.cli.Main"));
        List<String> args = SmallRun.args(countries, tmp.resolve("killed"));
        args.addAll(List.of("--cache", cache.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(marker)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor();
                fail("the build did not reach its first cache record:\n" + Files.readString(log));
            }
            Thread.sleep(5);
        }
        p.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        List<String> parts = SmallRun.files(cache.resolve("tmp"));
        assertEquals(1, parts.size(), "the entry being written is a temporary file: " + parts);
        assertTrue(SmallRun.files(cache.resolve("entries")).isEmpty(), "no entry was complete");

        CliRun rebuilt = build(tmp.resolve("rebuilt"), "--cache", cache.toString());
        assertEquals(0, rebuilt.exit(), rebuilt.stderr());
        assertEquals(receipts(reference), receipts(rebuilt));
        assertEquals(3, pat(tmp.resolve("rebuilt"), rebuilt).get("cache_misses").asLong());
        assertTrue(SmallRun.files(cache.resolve("tmp")).isEmpty(), "the dead writer's file is gone");
        CliRun warm = build(tmp.resolve("warm-after-kill"), "--cache", cache.toString());
        assertEquals(3, pat(tmp.resolve("warm-after-kill"), warm).get("cache_hits").asLong());
        assertEquals(receipts(reference), receipts(warm));
    }
}
