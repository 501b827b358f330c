package io.tileindex.bench.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records a real (tiny) JFR file around a busy thread and reads it back. */
class JfrSamplesTest {

    @TempDir
    static Path dir;
    static Path recording;
    /** Read by the busy loop so that the JIT cannot drop it. */
    static volatile long sink;

    @BeforeAll
    static void recordABusyThread() throws Exception {
        recording = dir.resolve("busy.jfr");
        try (Recording r = new Recording()) {
            r.enable(JfrSamples.EXECUTION_SAMPLE).withPeriod(Duration.ofMillis(1));
            r.start();
            Thread t = new Thread(() -> spin(System.nanoTime() + 600_000_000L), "busy-pool-3");
            t.start();
            t.join();
            r.stop();
            r.dump(recording);
        }
    }

    static void spin(long until) {
        long x = 1;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    @Test
    void samplesOfTheBusyThreadAreFoldedUnderItsGroup() throws Exception {
        JfrSamples.Samples s = JfrSamples.read(recording, JfrSamples.EXECUTION_SAMPLE);
        long busy = s.byThread().getOrDefault("busy-pool-3", 0L);
        assertTrue(busy >= 20, "samples of the busy thread: " + s.byThread());
        assertEquals(busy, s.tree().totalsByRoot().get("busy-pool"));
        assertTrue(s.tree().foldedLines().stream().anyMatch(l -> l.startsWith("busy-pool;")
                        && l.contains("java.lang.Thread.run;") && l.contains(JfrSamplesTest.class.getName() + ".spin")),
                String.join("\n", s.tree().foldedLines()));
        assertTrue(s.tree().topSelf(3).containsKey(JfrSamplesTest.class.getName() + ".spin"), s.tree().topSelf(3).toString());
    }

    @Test
    void anEventTheRecordingLacksGivesAnEmptyTree() throws Exception {
        assertEquals(0, JfrSamples.read(recording, JfrSamples.CPU_TIME_SAMPLE).tree().root().total());
    }

    @Test
    void theReportWritesTheGraphAndTheStagesBesideTheRunReportsTimings() throws Exception {
        Path runReport = dir.resolve("run_report.json");
        Files.writeString(runReport, """
                {"rows_emitted": 42, "pat": {"wall_clock_seconds_total": 1.5, "stage_seconds": {"scan_seconds": 0.25},
                 "worker_busy_seconds": [1.0, 0.5]},
                 "timeline": {"spans": [[0, "scan", "CA", 0.0, 0.5, 7], [1, "scan", "US", 0.25, 0.5, 3], [0, "encode", "u1", 0.5, 1.5, 10]]}}
                """);
        Path out = dir.resolve("art");
        String summary = ProfileReport.write(recording, runReport, out, "test");
        assertTrue(summary.contains("| busy-pool |"), summary);
        assertTrue(Files.readString(out.resolve("flamegraph.svg")).contains("spin"));
        assertTrue(Files.notExists(out.resolve("flamegraph-cpu.svg")), "no CPU-time samples, no graph");
        JsonNode stages = new ObjectMapper().readTree(out.resolve("stages.json").toFile());
        assertEquals(0.25, stages.path("stage_seconds").path("scan_seconds").asDouble());
        assertEquals(1.5, stages.path("build").path("wall_clock_seconds_total").asDouble());
        assertEquals(42, stages.path("build").path("rows_emitted").asLong());
        assertEquals(0.75, stages.path("timeline_span_seconds_by_stage").path("scan").asDouble());
        JsonNode p = stages.path("profiles").path(JfrSamples.EXECUTION_SAMPLE);
        long byGroup = 0;
        for (JsonNode n : p.path("samples_by_thread_group")) {
            byGroup += n.asLong();
        }
        assertEquals(p.path("samples_total").asLong(), byGroup);
    }
}
