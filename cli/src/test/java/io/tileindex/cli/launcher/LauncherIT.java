package io.tileindex.cli.launcher;

import io.tileindex.cli.BundledData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./tileindex} launcher itself, run after the jar is packaged (failsafe, integration-test
 * phase). Regression: quiet_still_printed_the_incubator_warning.
 */
class LauncherIT {
    @TempDir
    Path tmp;

    record Run(int exit, String stdout, String stderr) {}

    Run launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", BundledData.repoRoot().resolve("tileindex").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("TILEINDEX_AOT", "0"); // no training run inside the test
        Process p = pb.start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    List<String> build(String out) {
        return new ArrayList<>(List.of("build", "--countries", BundledData.countries().toString(), "--iso",
                BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--out", tmp.resolve(out).toString(),
                "--only", "LU"));
    }

    @Test
    void quietPrintsNothingOnStderrNotEvenTheJvmsIncubatorWarning() throws Exception {
        List<String> a = build("q");
        a.add("--quiet");
        Run r = launch(a.toArray(String[]::new));
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("", r.stderr());
        assertEquals(1, r.stdout().lines().count(), r.stdout());
    }

    @Test
    void withoutQuietTheLogIsThere() throws Exception {
        Run r = launch(build("v").toArray(String[]::new));
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("tileindex: published "), r.stderr());
    }
}
