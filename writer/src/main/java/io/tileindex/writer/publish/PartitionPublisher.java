package io.tileindex.writer.publish;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * SPEC §5: everything is written under {@code <root>/.staging/run-<pid>-<nanos>/}, fsynced, and each
 * partition appears by one atomic directory rename (data partitions first, evidence last). An existing
 * partition is never overwritten: identical content makes the publish a no-op, different content is
 * an error that leaves it untouched. Staging left behind by a dead process is removed on the next run.
 * A run that fails after some renames undoes them ({@link #abort}), so a failed run publishes nothing.
 *
 * <p>{@link FaultInjector#point} marks every step for the crash harness (CrashSafetyTest).
 */
public final class PartitionPublisher {
    private final PartitionLayout layout;
    private final FaultInjector faults;
    /** {staged, target} of each partition this run renamed into place, in order; see {@link #abort}. */
    private final List<Path[]> renamed = new ArrayList<>();

    public PartitionPublisher(PartitionLayout layout, FaultInjector faults) {
        this.layout = layout;
        this.faults = faults;
    }

    /** A run's private staging area, mirroring the three partitions. */
    public record Staging(Path dir, Path tileIndex, Path tileBounds, Path reports) {}

    public enum Outcome { PUBLISHED, ALREADY_PUBLISHED_IDENTICAL }

    public Staging stage() {
        try {
            Path root = layout.stagingRoot();
            Files.createDirectories(root);
            removeStaleStaging(root);
            Path dir = root.resolve("run-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Staging s = new Staging(dir, dir.resolve("tile_index"), dir.resolve("tile_bounds"), dir.resolve("reports"));
            faults.beforeWrite(dir);
            Files.createDirectories(s.tileIndex());
            Files.createDirectories(s.tileBounds());
            Files.createDirectories(s.reports());
            FaultInjector.point("staging.created");
            return s;
        } catch (IOException e) {
            // an output I/O failure like any other (BuildCommand.classify): E009, the envelope code, not E004
            throw new TileIndexException(ErrorCode.E009_PERF_BUDGET,
                    "cannot create staging directory under " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes staging dirs whose owning process is gone (a crash or kill leaves them behind). */
    static void removeStaleStaging(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                String[] parts = name.split("-");
                if (parts.length == 3 && parts[0].equals("run") && parts[1].matches("\\d{1,18}")) {
                    long pid = Long.parseLong(parts[1]);
                    boolean owned = pid == ProcessHandle.current().pid()
                            || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (!owned) {
                        deleteTree(p);
                        FaultInjector.point("staging.stale.removed");
                    }
                }
            }
        }
    }

    /** Publishes the two data partitions; returns whether they were new or already there identical. */
    public Outcome publishData(Staging s) {
        try {
            fsyncTree(s.tileIndex());
            fsyncTree(s.tileBounds());
            boolean a = move(s.tileBounds(), layout.tileBounds());
            FaultInjector.point("publish.tile_bounds.done");
            boolean b = move(s.tileIndex(), layout.tileIndex());
            FaultInjector.point("publish.tile_index.done");
            return a || b ? Outcome.PUBLISHED : Outcome.ALREADY_PUBLISHED_IDENTICAL;
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E009_PERF_BUDGET, "publishing failed: " + e.getMessage(), e);
        }
    }

    /** Publishes the evidence directory if none is there yet (the first complete run's evidence stays). */
    public boolean publishReports(Staging s) {
        try {
            fsyncTree(s.reports());
            Path target = layout.reports();
            if (Files.exists(target)) {
                return false;
            }
            renameAtomically(s.reports(), target);
            FaultInjector.point("publish.reports.done");
            return true;
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E009_PERF_BUDGET, "publishing the run report failed: " + e.getMessage(), e);
        }
    }

    public void discard(Staging s) {
        try {
            if (s != null && Files.exists(s.dir())) {
                deleteTree(s.dir());
                FaultInjector.point("staging.discarded");
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: the next run removes staging of dead processes
        }
    }

    /**
     * For a failed run: a failed run publishes nothing (SPEC §6), so the partitions this run already
     * renamed into place (tile_bounds before a failing tile_index rename, the data before failing
     * evidence) go back into staging, newest first, and staging is discarded. A reader may have seen
     * them meanwhile; they held the same bytes any run with these inputs publishes. Best effort: what
     * cannot be moved back stays published, complete. Not injected, so a fault test's one fault cannot
     * also break its own rollback.
     */
    public void abort(Staging s) {
        for (int i = renamed.size() - 1; i >= 0; i--) {
            Path[] r = renamed.get(i);
            try {
                Files.move(r[1], r[0], StandardCopyOption.ATOMIC_MOVE);
                force(r[1].getParent());
            } catch (IOException | RuntimeException e) {
                // keep going: the remaining partitions still go back
            }
        }
        renamed.clear();
        discard(s);
    }

    /** @return true if published, false if an identical partition was already there */
    private boolean move(Path staged, Path target) throws IOException {
        if (Files.exists(target)) {
            String diff = firstDifference(staged, target);
            if (diff == null) {
                return false;
            }
            throw new TileIndexException(ErrorCode.E003_DUP_TILE, "partition " + target
                    + " is already published with different content (" + diff + "); published partitions are immutable");
        }
        try {
            renameAtomically(staged, target);
        } catch (FileSystemException e) {
            // another run published concurrently: same rule. rename(2) onto a non-empty directory fails
            // with ENOTEMPTY, which Java reports as a plain FileSystemException, not FileAlreadyExists
            if (!Files.exists(target)) {
                throw e;
            }
            return move(staged, target);
        }
        return true;
    }

    private void renameAtomically(Path staged, Path target) throws IOException {
        if (!Files.isDirectory(target.getParent())) {
            faults.beforeWrite(target.getParent());
            Files.createDirectories(target.getParent());
        }
        FaultInjector.point("publish.rename.before");
        faults.beforeRename(target);
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("output root does not support atomic rename: " + target, e);
        }
        renamed.add(new Path[] {staged, target});
        FaultInjector.point("publish.rename.after");
        fsyncDir(target.getParent());
    }

    /** null if the two directories hold the same files with the same bytes. */
    public static String firstDifference(Path a, Path b) throws IOException {
        List<String> fa = relativeFiles(a), fb = relativeFiles(b);
        if (!fa.equals(fb)) {
            return "file lists differ: " + fa.size() + " vs " + fb.size() + " files";
        }
        for (String f : fa) {
            if (Files.mismatch(a.resolve(f), b.resolve(f)) != -1) {
                return "bytes of " + f + " differ";
            }
        }
        return null;
    }

    /** Files below {@code dir}, relative, '/'-separated, in ASCII byte order (SPEC §6 receipt order). */
    public static List<String> relativeFiles(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        out.sort(Comparator.naturalOrder()); // String order = UTF-16 order = ASCII order for ASCII names
        return out;
    }

    private void fsyncTree(Path dir) throws IOException {
        for (String f : relativeFiles(dir)) {
            faults.beforeFsync(dir.resolve(f));
            force(dir.resolve(f));
            FaultInjector.point("publish.fsync.file");
        }
        fsyncDir(dir);
    }

    private void fsyncDir(Path dir) throws IOException {
        faults.beforeFsync(dir);
        force(dir);
        FaultInjector.point("publish.fsync.dir");
    }

    private static void force(Path fileOrDir) throws IOException {
        try (FileChannel ch = FileChannel.open(fileOrDir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
                FaultInjector.point("delete.entry");
            }
        }
    }
}
