package io.tileindex.cli.crash;

import com.fasterxml.jackson.databind.JsonNode;
import io.tileindex.cli.CliRun;
import io.tileindex.cli.BundledData;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.FaultInjector.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §5 and §7: for every N a run reaches, the Nth write (file and directory creation, buffer drains,
 * report files), fsync (files and directories) or rename fails with an IOException. Each such run must
 * exit 1 with an {@code E010_IO} event whose detail is that fault and leave no staging. What it leaves
 * visible is either nothing or complete: a fault before the first rename publishes nothing; a fault
 * after it leaves every partition already renamed in place, complete and identical to a good run's
 * (never taken back), and the next run adds what is missing.
 */
class IoFaultTest {
    @TempDir
    static Path tmp;
    static Path countries;
    static String receipt;
    static Path reference;
    static final Map<Kind, Long> reached = new EnumMap<>(Kind.class);

    @BeforeAll
    static void countOperations() {
        countries = SmallRun.countries(tmp);
        for (Kind k : Kind.values()) {
            FaultInjector counting = new FaultInjector(k, Long.MAX_VALUE);
            CliRun r = SmallRun.inProcess(countries, tmp.resolve("count-" + k), counting);
            assertEquals(0, r.exit(), r.stderr());
            receipt = r.json().get("determinism_receipt").get("sha256_hex").asText();
            reference = tmp.resolve("count-" + k);
            reached.put(k, counting.seen());
        }
    }

    @AfterAll
    static void summary() throws IOException {
        String s = "io faults: operations reached per run " + reached + ", each failed in turn\n";
        System.out.print(s);
        Path target = BundledData.repoRoot().resolve("cli/target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("io-fault-summary.txt"), s);
        }
    }

    @Test
    void theRunReachesEveryKindOfOperation() {
        // 6 Parquet files and 4 report files are written, all of them and 5 directories fsynced, 3 renames
        assertTrue(reached.get(Kind.WRITE) >= 6 + 4, reached::toString);
        assertTrue(reached.get(Kind.FSYNC) >= 2 * 6 + 3 + 5, reached::toString);
        assertEquals(3, reached.get(Kind.RENAME), reached::toString);
    }

    @TestFactory
    Stream<DynamicTest> everyWriteFsyncAndRenameFailsInTurn() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (long n = 1; n <= reached.get(k); n++) {
                long at = n;
                tests.add(DynamicTest.dynamicTest(k + " #" + n, () -> failsCleanly(k, at)));
            }
        }
        return tests.stream();
    }

    /** After a fault, wherever it struck, the next run on the same root completes the identical partition. */
    @TestFactory
    Stream<DynamicTest> aRunAfterAFaultCompletesTheIdenticalPartition() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (long n = 1; n <= reached.get(k); n++) {
                long at = n;
                tests.add(DynamicTest.dynamicTest(k + " #" + n + ", then a clean run", () -> {
                    Path out = failsCleanly(k, at);
                    CliRun r = SmallRun.inProcess(countries, out, FaultInjector.NONE);
                    assertEquals(0, r.exit(), r.stderr());
                    assertEquals(receipt, r.json().get("determinism_receipt").get("sha256_hex").asText());
                    assertEquals(SmallRun.REPORT_FILES, java.util.Set.copyOf(SmallRun.files(SmallRun.onlyPartition(out, "reports"))),
                            "evidence complete");
                    assertEquals(List.of(), SmallRun.staging(out), "no staging left");
                }));
            }
        }
        return tests.stream();
    }

    /** A fault at the very last rename (the evidence): the data stays published and complete. */
    @Test
    void aFaultAfterTheDataRenameLeavesTheDataInPlace() throws IOException {
        Path out = failsCleanly(Kind.RENAME, reached.get(Kind.RENAME));
        assertEquals(receipt, io.tileindex.writer.publish.DeterminismReceipt.of(SmallRun.onlyPartition(out, "tile_index")));
        assertTrue(Files.isDirectory(SmallRun.onlyPartition(out, "tile_bounds")));
        assertEquals(List.of(), SmallRun.files(out.resolve("reports")), "no evidence: its rename failed");
    }

    static Path failsCleanly(Kind k, long n) throws IOException {
        Path out = tmp.resolve(k + "-" + n + "-" + System.nanoTime());
        FaultInjector f = new FaultInjector(k, n);
        CliRun r = SmallRun.inProcess(countries, out, f);
        assertEquals(1, r.exit(), () -> k + " #" + n + ": " + r.stdout() + r.stderr());
        JsonNode e = r.errorEvent();
        assertEquals("E010_IO", e.get("code").asText(), r.stderr());
        assertTrue(e.get("detail").asText().contains("injected " + k + " fault #" + n), r.stderr());
        assertFalse(r.stderr().contains("\tat "), "no stack trace");
        assertEquals("", r.stdout(), "no success summary");
        SmallRun.assertNothingOrComplete(out, reference, k + " #" + n);
        assertEquals(List.of(), SmallRun.staging(out), "staging discarded");
        return out;
    }

}
