package io.tileindex.cli.validate;

import io.tileindex.cli.CliRun;
import io.tileindex.cli.BundledData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code tileindex build} in a fresh JVM with the launcher's flags ({@code .mvn/runtime-jvm.options},
 * {@code -Xmx768m}). The run report's envelope measures the whole process (peak RSS, open files):
 * inside the test JVM, after other tests, those are the test JVM's numbers and the validator rightly
 * fails the envelope. Partitions the validator must pass are therefore built the way a user builds them.
 */
public final class ChildBuild {
    private ChildBuild() {}

    public static CliRun run(Path workDir, String... args) {
        return runWithJvmFlags(List.of(), workDir, args);
    }

    /** As {@link #run}, with JVM flags after the launcher's (a later {@code -Xmx} wins). */
    public static CliRun runWithJvmFlags(List<String> jvmFlags, Path workDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + BundledData.repoRoot().resolve(".mvn/runtime-jvm.options"));
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.tileindex.cli.Main");
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "child", ".out"), err = Files.createTempFile(workDir, "child", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int exit = p.waitFor();
            return new CliRun(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code build} on the shared real data with extra arguments, like {@link CliRun#build}. */
    public static CliRun build(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("build", "--countries", BundledData.countries().toString(),
                "--iso", BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--out", out.toString(), "--quiet"));
        a.addAll(List.of(extra));
        return run(out.resolveSibling(out.getFileName() + "-logs"), a.toArray(String[]::new));
    }
}
