package io.tileindex.cli.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import io.tileindex.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --coverage-fraction} as an option: part of the parameter hash, the same bytes for every worker
 * count and with a warm cache, the other columns and tile_bounds exactly as without it, and without it
 * the bundled world's receipt of every earlier release.
 */
class CoverageFractionOptionTest {
    static final String ONLY = "LS,ZA,SM,IT,FJ,NO,ID";
    static final String BUNDLED_WORLD_RECEIPT = "3f7c945c15fc1d91c1835056c16cdca1ed291f550f226c896d67aeaa589abaf8";

    @TempDir
    Path tmp;

    static String receipt(JsonNode build) { return build.get("determinism_receipt").get("sha256_hex").asText(); }

    static String boundsReceipt(JsonNode build) {
        return build.get("determinism_receipt").get("tile_bounds").get("sha256_hex").asText();
    }

    static JsonNode build(Path out, String... extra) {
        CliRun b = CliRun.build(out, extra);
        assertEquals(0, b.exit(), b.stderr());
        return b.json();
    }

    @Test
    void theSameBytesForEveryWorkerCountAndAWarmCache() throws Exception {
        JsonNode one = build(tmp.resolve("w1"), "--only", ONLY, "--coverage-fraction", "--workers", "1", "--no-cache");
        JsonNode two = build(tmp.resolve("w2"), "--only", ONLY, "--coverage-fraction", "--workers", "2");
        CliRun w = CliRun.build(tmp.resolve("w3"), "--only", ONLY, "--coverage-fraction", "--workers", "2",
                "--cache", tmp.resolve("w2/cache").toString());
        assertEquals(0, w.exit(), w.stderr());
        JsonNode warm = w.json();
        String hash = warm.get("parameter_hash").asText();
        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                tmp.resolve("w3/reports/layer1/1B/tile_index/parameter_hash=" + hash + "/run_report.json").toFile());
        assertEquals(7, report.get("pat").get("cache_hits").asInt(), "every country from the cache");
        assertEquals(receipt(one), receipt(two));
        assertEquals(receipt(one), receipt(warm));
        assertEquals(boundsReceipt(one), boundsReceipt(warm));
    }

    @Test
    void theOptionChangesTheHashAndAddsOnlyItsColumn() throws Exception {
        JsonNode with = build(tmp.resolve("with"), "--only", ONLY, "--predicate", "any_overlap", "--coverage-fraction", "--no-cache");
        JsonNode without = build(tmp.resolve("without"), "--only", ONLY, "--predicate", "any_overlap", "--no-cache");
        assertNotEquals(with.get("parameter_hash").asText(), without.get("parameter_hash").asText());
        String a = with.get("tile_index_partition").asText() + "/*.parquet", b = without.get("tile_index_partition").asText() + "/*.parquet";
        String ba = with.get("tile_bounds_partition").asText() + "/*.parquet", bb = without.get("tile_bounds_partition").asText() + "/*.parquet";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM (SELECT * EXCLUDE (coverage_fraction) FROM read_parquet('" + a
                     + "', hive_partitioning = false) EXCEPT ALL SELECT * FROM read_parquet('" + b + "', hive_partitioning = false))), (SELECT count(*) FROM read_parquet('" + a + "')), "
                     + "(SELECT count(*) FROM read_parquet('" + b + "')), (SELECT count(*) FROM read_parquet('" + a
                     + "') WHERE coverage_fraction < 1), (SELECT count(*) FROM (SELECT * FROM read_parquet('" + ba
                     + "', hive_partitioning = false) EXCEPT ALL SELECT * FROM read_parquet('" + bb + "', hive_partitioning = false)))")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getLong(1), "rows differing in the eight columns of before");
            assertEquals(rs.getLong(3), rs.getLong(2));
            assertTrue(rs.getLong(4) > 10_000, "border and coast tiles below 1: " + rs.getLong(4));
            assertEquals(0, rs.getLong(5), "tile_bounds rows differing (only the footer's parameter hash may)");
        }
    }

    @Test
    void withoutTheOptionTheBundledWorldKeepsItsReceipt() {
        assertEquals(BUNDLED_WORLD_RECEIPT, receipt(build(tmp.resolve("world"), "--no-cache")));
    }
}
