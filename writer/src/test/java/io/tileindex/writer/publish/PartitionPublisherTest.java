package io.tileindex.writer.publish;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC §5 on the publisher alone: staged runs of a few small files, no Parquet. */
class PartitionPublisherTest {
    static final String HASH = "ab".repeat(32);

    @TempDir
    Path root;

    /** Stages a run whose files hold {@code content}; its evidence holds {@code evidence}. */
    PartitionPublisher.Staging stage(PartitionPublisher p, String content, String evidence) throws IOException {
        PartitionPublisher.Staging s = p.stage();
        Files.writeString(s.tileIndex().resolve("part-LS-00000.parquet"), "index " + content);
        Files.writeString(s.tileBounds().resolve("part-LS-00000.parquet"), "bounds " + content);
        Files.writeString(s.reports().resolve("run_report.json"), evidence);
        return s;
    }

    PartitionLayout layout() { return new PartitionLayout(root, HASH); }

    PartitionPublisher.Published run(FaultInjector faults, String content, String evidence) throws IOException {
        PartitionPublisher p = new PartitionPublisher(layout(), faults);
        PartitionPublisher.Staging s = stage(p, content, evidence);
        try {
            return p.publish(s);
        } finally {
            p.discard(s);
        }
    }

    @Test
    void aFreshRunPublishesDataAndEvidenceAndLeavesNoStaging() throws IOException {
        PartitionPublisher.Published r = run(FaultInjector.NONE, "x", "first");
        assertEquals(PartitionPublisher.Outcome.PUBLISHED, r.data());
        assertTrue(r.evidencePublished());
        assertEquals("index x", Files.readString(layout().tileIndex().resolve("part-LS-00000.parquet")));
        assertEquals("first", Files.readString(layout().reports().resolve("run_report.json")));
        assertFalse(Files.exists(layout().stagingRoot()), "no empty .staging left behind");
    }

    @Test
    void anIdenticalRunChangesNothingAndKeepsTheFirstEvidence() throws IOException {
        run(FaultInjector.NONE, "x", "first");
        PartitionPublisher.Published r = run(FaultInjector.NONE, "x", "second");
        assertEquals(PartitionPublisher.Outcome.ALREADY_PUBLISHED_IDENTICAL, r.data());
        assertFalse(r.evidencePublished());
        assertEquals("first", Files.readString(layout().reports().resolve("run_report.json")));
    }

    @Test
    void missingEvidenceIsAddedByTheNextIdenticalRun() throws IOException {
        run(FaultInjector.NONE, "x", "first");
        Files.delete(layout().reports().resolve("run_report.json"));
        Files.delete(layout().reports());
        PartitionPublisher.Published r = run(FaultInjector.NONE, "x", "second");
        assertEquals(PartitionPublisher.Outcome.ALREADY_PUBLISHED_IDENTICAL, r.data());
        assertTrue(r.evidencePublished());
        assertEquals("second", Files.readString(layout().reports().resolve("run_report.json")));
    }

    @Test
    void differentContentUnderThePublishedHashIsE011AndTouchesNothing() throws IOException {
        run(FaultInjector.NONE, "x", "first");
        TileIndexException e = assertThrows(TileIndexException.class, () -> run(FaultInjector.NONE, "y", "second"));
        assertEquals(ErrorCode.E011_INTEGRITY, e.code());
        assertEquals("bounds x", Files.readString(layout().tileBounds().resolve("part-LS-00000.parquet")));
        assertFalse(Files.exists(layout().stagingRoot()));
    }

    /** Regression: partition_retracted_when_evidence_failed. A failure after a rename never takes data back. */
    @Test
    void aFailureAfterTheFirstRenameLeavesWhatWasRenamedInPlace() throws IOException {
        for (int rename = 1; rename <= 3; rename++) {
            Path r = Files.createDirectories(root.resolve("r" + rename));
            PartitionLayout l = new PartitionLayout(r, HASH);
            PartitionPublisher p = new PartitionPublisher(l, new FaultInjector(FaultInjector.Kind.RENAME, rename));
            PartitionPublisher.Staging s = stage(p, "x", "first");
            TileIndexException e = assertThrows(TileIndexException.class, () -> p.publish(s));
            p.discard(s);
            assertEquals(ErrorCode.E010_IO, e.code());
            assertEquals(rename > 1, Files.isRegularFile(l.tileBounds().resolve("part-LS-00000.parquet")), "tile_bounds, rename " + rename);
            assertEquals(rename > 2, Files.isRegularFile(l.tileIndex().resolve("part-LS-00000.parquet")), "tile_index, rename " + rename);
            assertFalse(Files.exists(l.reports()));
            assertFalse(Files.exists(l.stagingRoot()));
        }
    }

    @Test
    void staleStagingOfADeadProcessIsRemovedAndALiveOnesIsKept() throws IOException {
        Path staging = Files.createDirectories(layout().stagingRoot());
        Path dead = Files.createDirectories(staging.resolve("run-999999999-1"));
        Path live = Files.createDirectories(staging.resolve("run-" + ProcessHandle.current().parent().orElseThrow().pid() + "-1"));
        run(FaultInjector.NONE, "x", "first");
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live), "another live run's staging stays");
        assertEquals(List.of(live), Files.list(staging).toList(), "the staging root stays while it is in use");
    }
}
