package io.tileindex.bench.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JFR recording of a build and the build's run report into the profiling artefacts, in the
 * output directory: {@code flamegraph.svg} and {@code stacks.folded} from {@code jdk.ExecutionSample},
 * {@code flamegraph-cpu.svg} and {@code stacks-cpu.folded} from {@code jdk.CPUTimeSample} when the
 * recording has it, and {@code stages.json} with both. Prints a short Markdown summary (samples per
 * thread group, top frames by self samples) on stdout.
 *
 * <p>Usage: {@code ProfileReport --jfr FILE --run-report FILE --out DIR [--title TEXT]}
 * (run by {@code bench/run-profile.sh}).
 */
public final class ProfileReport {

    /** Keeps each SVG under about 2 MB (the text is ASCII: a character is a byte). */
    static final int MAX_SVG_CHARS = 2_000_000;
    static final int TOP_FRAMES = 20;

    /** Per sample event: the file-name suffix of its artefacts and how it samples. */
    private record Event(String name, String suffix, String sampling) {}

    private static final Event[] EVENTS = {
        new Event(JfrSamples.EXECUTION_SAMPLE, "", "threads caught running Java code; native code unseen"),
        new Event(JfrSamples.CPU_TIME_SAMPLE, "-cpu", "one per slice of each thread's CPU time, native code included"),
    };

    private ProfileReport() {}

    public static void main(String[] args) throws IOException {
        Path jfr = null;
        Path runReport = null;
        Path out = null;
        String title = "tileindex build";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jfr" -> jfr = Path.of(args[++i]);
                case "--run-report" -> runReport = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--title" -> title = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: --jfr FILE --run-report FILE --out DIR [--title TEXT])");
            }
        }
        if (jfr == null || runReport == null || out == null) {
            throw new IllegalArgumentException("--jfr, --run-report and --out are required");
        }
        System.out.print(write(jfr, runReport, out, title));
    }

    /** Writes the artefacts into {@code out} (created if needed); returns the Markdown summary. */
    static String write(Path jfr, Path runReport, Path out, String title) throws IOException {
        Files.createDirectories(out);
        Map<String, JfrSamples.Samples> profiles = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder();
        for (Event e : EVENTS) {
            JfrSamples.Samples samples = JfrSamples.read(jfr, e.name);
            profiles.put(e.name, samples);
            if (samples.tree().root().total() == 0) {
                continue; // e.g. no CPU-time sampling in this recording: no empty graph
            }
            Files.write(out.resolve("stacks" + e.suffix + ".folded"), samples.tree().foldedLines());
            String subtitle = String.format(Locale.ROOT, "%,d samples of %s (%s); width = share of samples",
                    samples.tree().root().total(), e.name, e.sampling);
            String svg = new FlameGraphSvg(samples.tree(), title, subtitle).render(MAX_SVG_CHARS);
            Files.writeString(out.resolve("flamegraph" + e.suffix + ".svg"), svg);
            summary.append("#### ").append(e.name).append(" (flamegraph").append(e.suffix).append(".svg)\n\n")
                    .append(summary(samples)).append('\n');
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode stages = StageTimings.of(json.readTree(runReport.toFile()), profiles, TOP_FRAMES);
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("stages.json").toFile(), stages);
        return summary.toString();
    }

    /** Markdown: the samples per thread group and the top frames by self samples. */
    static String summary(JfrSamples.Samples samples) {
        long total = Math.max(1, samples.tree().root().total());
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%,d samples, %,d stacks cut at the depth limit, %,d samples reported lost.%n%n",
                samples.tree().root().total(), samples.truncatedStacks(), samples.lostSamples()));
        b.append("| thread group | samples | share |\n|---|---:|---:|\n");
        for (Map.Entry<String, Long> e : samples.tree().totalsByRoot().entrySet()) {
            b.append(row(e.getKey(), e.getValue(), total));
        }
        b.append("\n| frame, by self samples | samples | share |\n|---|---:|---:|\n");
        for (Map.Entry<String, Long> e : samples.tree().topSelf(TOP_FRAMES).entrySet()) {
            b.append(row("`" + e.getKey() + "`", e.getValue(), total));
        }
        return b.toString();
    }

    private static String row(String name, long samples, long total) {
        return String.format(Locale.ROOT, "| %s | %,d | %.1f%% |%n", name, samples, 100.0 * samples / total);
    }
}
