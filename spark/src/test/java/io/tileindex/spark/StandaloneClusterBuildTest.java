package io.tileindex.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance 1 on a real cluster: Spark's standalone Master and two Workers, separate JVMs on loopback; the
 * driver (this JVM) submits the build and the executors (JVMs the workers start) write the files.
 */
class StandaloneClusterBuildTest {
    @TempDir
    Path tmp;

    @Test
    void aBuildSubmittedToALoopbackClusterPublishesTheLocalEnginesBytes() throws Exception {
        SparkBuilds.local(tmp.resolve("local"));
        try (LoopbackCluster cluster = new LoopbackCluster(tmp.resolve("cluster"), 2)) {
            String summary = SparkBuilds.spark(tmp.resolve("spark"), cluster.masterUrl, Map.of("spark.ui.enabled", "false",
                    "spark.executor.memory", "768m", "spark.cores.max", "2",
                    "spark.executor.extraClassPath", LoopbackCluster.classDirectories()));
            assertTrue(summary.contains("\"status\":\"published\""), summary);
            String report = java.nio.file.Files.readString(tmp.resolve("spark/reports/layer1/1B/tile_index/parameter_hash="
                    + SparkBuilds.HASH + "/run_report.json"));
            assertTrue(report.contains("\"executors_used\" : 2"), "both workers' executors wrote files: " + report);
            assertTrue(cluster.log("master").contains("Registering app tileindex build"), cluster.log("master"));
        }
        SparkBuilds.assertSamePartitions(tmp.resolve("local"), tmp.resolve("spark"));
    }
}
