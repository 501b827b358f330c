package io.tileindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the CLI in-process and captures what a user would see. */
public record CliRun(int exit, String stdout, String stderr) {

    public static CliRun run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** {@code build} on the shared real data with extra arguments. */
    public static CliRun build(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("build", "--countries", BundledData.countries().toString(),
                "--iso", BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--out", out.toString(), "--quiet"));
        a.addAll(Arrays.asList(extra));
        return run(a.toArray(String[]::new));
    }

    public JsonNode json() {
        try {
            return new ObjectMapper().readTree(stdout);
        } catch (Exception ex) {
            throw new AssertionError("stdout is not JSON: " + stdout + "\nstderr: " + stderr, ex);
        }
    }

    /** The S1_ERROR event on stderr. */
    public JsonNode errorEvent() {
        for (String line : stderr.split("\n")) {
            if (line.startsWith("{") && line.contains("\"S1_ERROR\"")) {
                try {
                    return new ObjectMapper().readTree(line);
                } catch (Exception ex) {
                    throw new AssertionError(line, ex);
                }
            }
        }
        throw new AssertionError("no S1_ERROR event on stderr:\n" + stderr);
    }
}
