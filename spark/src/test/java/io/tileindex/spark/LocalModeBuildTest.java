package io.tileindex.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acceptance 1 and 2 on {@code local[2]}: the Spark engine publishes the local engine's bytes, also after a retry. */
class LocalModeBuildTest {
    @TempDir
    Path tmp;

    @Test
    void sparkOnLocal2PublishesTheLocalEnginesBytes() throws Exception {
        SparkBuilds.local(tmp.resolve("local"));
        String summary = SparkBuilds.spark(tmp.resolve("spark"), "local[2]", Map.of("spark.ui.enabled", "false"));
        assertTrue(summary.contains("\"status\":\"published\""), summary);
        SparkBuilds.assertSamePartitions(tmp.resolve("local"), tmp.resolve("spark"));
    }

    /** Tasks walk their row groups' rows for coverage fractions; the driver sums covered areas and overlaps. */
    @Test
    void coverageFractionsAreTheLocalEnginesBytes() throws Exception {
        String[] cover = {"--predicate", "any_overlap", "--coverage-fraction"};
        SparkBuilds.local(tmp.resolve("local"), cover);
        SparkBuilds.spark(tmp.resolve("spark"), "local[2]", Map.of("spark.ui.enabled", "false"), cover);
        SparkBuilds.assertSamePartitions(tmp.resolve("local"), tmp.resolve("spark"));
        String reports = "reports/layer1/1B/tile_index/parameter_hash=" + SparkBuilds.HASH + "/country_summaries.jsonl";
        assertEquals(java.nio.file.Files.readString(tmp.resolve("local").resolve(reports)),
                java.nio.file.Files.readString(tmp.resolve("spark").resolve(reports)), "covered areas");
    }

    @Test
    void aTaskThatFailsMidWriteIsRetriedWithoutChangingAByte() throws Exception {
        SparkBuilds.local(tmp.resolve("local"));
        // local[2,2]: two threads, a task may fail once; RU's first file fails after 1 MiB on its first attempt
        String summary = SparkBuilds.spark(tmp.resolve("spark"), "local[2,2]", Map.of("spark.ui.enabled", "false",
                SparkRun.FAIL_FIRST_ATTEMPT_OF, "part-RU-00000.parquet"));
        assertTrue(summary.contains("\"status\":\"published\""), summary);
        String report = java.nio.file.Files.readString(tmp.resolve("spark/reports/layer1/1B/tile_index/parameter_hash="
                + SparkBuilds.HASH + "/run_report.json"));
        assertTrue(java.util.regex.Pattern.compile("\"files_committed_by_a_retried_attempt\" : [1-9]").matcher(report).find(),
                "the failed attempt was retried: " + report);
        SparkBuilds.assertSamePartitions(tmp.resolve("local"), tmp.resolve("spark"));
    }
}
