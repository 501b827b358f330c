package io.tileindex.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How the CLI talks: --version, --help, usage errors, --quiet, progress on a terminal and in a log. */
class CliMannersTest {

    // ------------------------------------------------------------------ --version, --help, usage

    @Test
    void versionNamesTheToolAndEveryLibraryThatShapesOutputBytes() {
        CliRun r = CliRun.run("--version");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().startsWith("tileindex " + Version.TOOL + "\n"), r.stdout());
        for (String lib : List.of("output format", "parquet-java", "zstd-jni", "GeographicLib", "jackson-core", "JTS", "java")) {
            assertTrue(r.stdout().matches("(?s).*\\n  " + lib + " +\\S*\\d.*"), lib + " with a version:\n" + r.stdout());
        }
        assertFalse(r.stdout().contains("null") || r.stdout().contains("unknown"), r.stdout());
    }

    @Test
    void topLevelHelpListsTheCommands() {
        for (String h : List.of("--help", "-h", "help")) {
            CliRun r = CliRun.run(h);
            assertEquals(0, r.exit(), h);
            assertTrue(r.stdout().contains("Usage: tileindex <command>") && r.stdout().contains("build"), r.stdout());
        }
        CliRun none = CliRun.run();
        assertEquals(2, none.exit(), "no command is a usage error");
        assertTrue(none.stderr().contains("Usage: tileindex <command>"));
    }

    @Test
    void buildHelpDocumentsEveryOptionItAccepts() {
        CliRun r = CliRun.run("build", "--help");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("", r.stderr());
        List<String> options = new ArrayList<>(BuildOptions.VALUED);
        options.addAll(BuildOptions.FLAGS);
        for (String o : options) {
            if (!o.equals("--help")) {
                assertTrue(r.stdout().contains("  " + o + " "), o + " documented in build --help:\n" + r.stdout());
            }
        }
    }

    @Test
    void unknownOptionsFailWithUsageNamingEachOfThem() {
        CliRun one = CliRun.run("build", "--countrys", "x.geojson");
        assertEquals(2, one.exit());
        assertTrue(one.stderr().contains("unknown option: --countrys\n"), "its value is not a second mistake: " + one.stderr());
        assertTrue(one.stderr().contains("Usage: tileindex build"), "usage follows: " + one.stderr());
        assertEquals("", one.stdout());

        CliRun two = CliRun.run("build", "--bogus", "--predicate", "center", "--frobnicate=3", "stray");
        assertEquals(2, two.exit());
        assertTrue(two.stderr().contains("unknown options: --bogus, --frobnicate, stray"), two.stderr());

        CliRun missing = CliRun.run("build", "--countries");
        assertEquals(2, missing.exit());
        assertTrue(missing.stderr().contains("option --countries needs a value"), missing.stderr());

        CliRun flagValue = CliRun.run("build", "--quiet=yes");
        assertEquals(2, flagValue.exit());
        assertTrue(flagValue.stderr().contains("option --quiet takes no value"), flagValue.stderr());

        CliRun cmd = CliRun.run("biuld");
        assertEquals(2, cmd.exit());
        assertTrue(cmd.stderr().contains("unknown command 'biuld'") && cmd.stderr().contains("Usage: tileindex <command>"));
    }

    @Test
    void helpWinsOverMissingRequiredOptions() {
        CliRun r = CliRun.run("build", "--out", "/nonexistent", "--help");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().startsWith("Usage: tileindex build"));
    }

    // ------------------------------------------------------------------ --quiet and progress in a log

    @Test
    void quietPrintsOnlyTheJsonAndPlainStderrHasNoTerminalCodes(@TempDir Path tmp) {
        CliRun quiet = CliRun.build(tmp.resolve("q"), "--only", "LS");
        assertEquals(0, quiet.exit(), quiet.stderr());
        assertEquals("", quiet.stderr(), "--quiet: nothing on stderr");
        assertEquals(1, quiet.stdout().lines().count(), "one JSON line on stdout");

        List<String> a = new ArrayList<>(List.of("build", "--countries", BundledData.countries().toString(), "--iso",
                BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--out", tmp.resolve("v").toString(),
                "--only", "LS"));
        CliRun loud = CliRun.run(a.toArray(String[]::new));
        assertEquals(0, loud.exit(), loud.stderr());
        assertTrue(loud.stderr().contains("tileindex: published "), loud.stderr());
        assertFalse(loud.stderr().contains("\u001b") || loud.stderr().contains("\r"), "stderr is not a terminal: no bar");
        assertEquals(1, loud.stdout().lines().count(), "progress never goes to stdout");
    }

    @Test
    void plainProgressIsALineEveryTwoSecondsWithRateAndEta() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), false, false, clock::get);
        p.total(1_000_000);
        p.written(0);
        clock.addAndGet(1_000_000_000L);
        p.written(100_000); // 1 s: too early for a log line
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
        clock.addAndGet(1_000_000_000L);
        p.written(200_000); // 2 s after start, 200k rows in 2 s since the first write: 0.1 M/s, 8 s left
        String line = buf.toString(StandardCharsets.UTF_8);
        assertEquals("tileindex: progress: 200,000 / 1,000,000 tiles (20 %), 0.1 M tiles/s, ETA 8 s, 2.0 s\n", line);
        p.finish(1_000_000);
        assertEquals(line, buf.toString(StandardCharsets.UTF_8), "finish adds nothing to a log");
    }

    @Test
    void terminalProgressRedrawsABarWithRateAndEtaAndLeavesItAtOneHundredPercent() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong(0);
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), false, true, clock::get);
        p.total(4_000_000);
        p.written(0);
        clock.addAndGet(500_000_000L);
        p.written(1_000_000);
        clock.addAndGet(50_000_000L);
        p.written(1_100_000); // 50 ms later: no redraw
        String out = buf.toString(StandardCharsets.UTF_8);
        String[] frames = out.split("\r\u001b\\[2K", -1);
        assertEquals(3, frames.length, "two frames, each starting with CR + erase-line: " + out);
        assertEquals("[>                           ]   0%  0/4,000,000 tiles  -- M tiles/s  ETA --", frames[1]);
        assertEquals("[=======>                    ]  25%  1,000,000/4,000,000 tiles  2.0 M tiles/s  ETA 2 s", frames[2]);
        assertFalse(out.contains("\n"), "the bar stays on one line while running");
        clock.addAndGet(1_450_000_000L);
        p.finish(4_000_000);
        out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith("\r\u001b[2K[============================] 100%  4,000,000/4,000,000 tiles  2.0 M tiles/s  done in 2.0 s\n"), out);
    }

    @Test
    void quietProgressPrintsNothingEvenOnATerminal() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), true, true, System::nanoTime);
        p.total(10);
        p.written(5);
        p.finish(10);
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ a real terminal

    /**
     * The CLI in a child JVM under {@code script} (util-linux), which gives it a pseudo-terminal, with
     * stdout redirected to a file as people do: the bar must appear on stderr, and stdout stays clean JSON.
     */
    @Test
    void onARealTerminalTheBarAppearsAndStdoutStaysJson(@TempDir Path tmp) throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "util-linux 'script' not installed: cannot give the CLI a terminal");
        Path json = tmp.resolve("summary.json");
        List<String> java = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "@" + BundledData.repoRoot().resolve(".mvn/runtime-jvm.options"), "-cp", System.getProperty("java.class.path"),
                "io.tileindex.cli.Main", "build", "--countries", BundledData.countries().toString(), "--iso",
                BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--out", tmp.resolve("out").toString(),
                "--only", "LS,SM"));
        StringBuilder cmd = new StringBuilder();
        for (String s : java) {
            cmd.append('\'').append(s.replace("'", "'\\''")).append("' ");
        }
        cmd.append("> '").append(json).append('\'');
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "-q", "-e", "-c", cmd.toString(), "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        String tty = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), tty);
        assertTrue(tty.contains("\r\u001b[2K["), "bar drawn with CR + erase-line:\n" + tty);
        assertTrue(tty.matches("(?s).*100%  \\d[\\d,]*/\\d[\\d,]* tiles  .* M tiles/s  done in .*"), "final bar:\n" + tty);
        assertFalse(tty.contains("tileindex: progress:"), "no log lines on a terminal");
        String summary = Files.readString(json);
        assertTrue(summary.startsWith("{\"status\":\"published\"") && !summary.contains("\u001b"), summary);
    }
}
