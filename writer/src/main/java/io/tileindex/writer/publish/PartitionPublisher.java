package io.tileindex.writer.publish;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * SPEC §5: everything a run produces, data and evidence, is written under
 * {@code <root>/.staging/run-<pid>-<nanos>/} and fsynced; only then do the partitions appear, each by
 * one atomic directory rename: {@code tile_bounds}, {@code tile_index}, then the evidence. Nothing that
 * can fail is left to do after the first data rename but the other renames and their directory fsyncs,
 * so a failure or crash there leaves complete data in place (the next run republishes what is missing,
 * idempotently). A published partition is never moved, modified or taken back: identical content makes
 * a publish a no-op, different content is {@code E011_INTEGRITY} and leaves it untouched. Staging left
 * behind by a dead process is removed on the next run; a successful run leaves no staging behind.
 *
 * <p>Call order: {@link #stage}, write into the staging directories, {@link #publish}, then
 * {@link #discard} (also after a failure). Not thread-safe: one publisher per run.
 * {@link FaultInjector#point} marks every step for the crash harness (CrashSafetyTest).
 */
public final class PartitionPublisher {
    private final PartitionLayout layout;
    private final FaultInjector faults;

    public PartitionPublisher(PartitionLayout layout, FaultInjector faults) {
        this.layout = layout;
        this.faults = faults;
    }

    /** A run's private staging area, mirroring the three partitions. */
    public record Staging(Path dir, Path tileIndex, Path tileBounds, Path reports) {}

    public enum Outcome { PUBLISHED, ALREADY_PUBLISHED_IDENTICAL }

    /**
     * What {@link #publish} did.
     *
     * @param data whether the data partitions were new or already there, identical
     * @param evidencePublished whether this run's evidence was renamed into place (false: an earlier run's stays)
     */
    public record Published(Outcome data, boolean evidencePublished) {}

    public Staging stage() {
        try {
            Path root = layout.stagingRoot();
            Files.createDirectories(root);
            removeStaleStaging(root);
            Path dir = root.resolve("run-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Staging s = new Staging(dir, dir.resolve("tile_index"), dir.resolve("tile_bounds"), dir.resolve("reports"));
            faults.beforeWrite(dir);
            Files.createDirectories(s.tileIndex()); // also (re)creates the root, should a finishing run have removed it
            Files.createDirectories(s.tileBounds());
            Files.createDirectories(s.reports());
            FaultInjector.point("staging.created");
            return s;
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO,
                    "cannot create staging directory under " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes staging dirs whose owning process is gone (a crash or kill leaves them behind). */
    static void removeStaleStaging(Path root) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(root)) {
            entries = s.toList();
        } catch (NoSuchFileException e) {
            return; // a concurrent run removed the empty root: nothing stale
        }
        for (Path p : entries) {
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

    /**
     * Publishes a completely staged run: fsyncs every staged file and directory, then renames
     * {@code tile_bounds}, {@code tile_index} and, if no evidence is published for this partition yet,
     * the evidence. A failure after the first rename leaves what was renamed in place, complete.
     */
    public Published publish(Staging s) {
        try {
            fsyncTree(s.tileIndex());
            fsyncTree(s.tileBounds());
            fsyncTree(s.reports());
            boolean bounds = move(s.tileBounds(), layout.tileBounds());
            FaultInjector.point("publish.tile_bounds.done");
            boolean index = move(s.tileIndex(), layout.tileIndex());
            FaultInjector.point("publish.tile_index.done");
            boolean evidence = publishEvidence(s);
            return new Published(bounds || index ? Outcome.PUBLISHED : Outcome.ALREADY_PUBLISHED_IDENTICAL, evidence);
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, "publishing into " + layout.root() + " failed: " + e.getMessage()
                    + "; whatever was already renamed into place is complete and stays", e);
        }
    }

    /** The first complete run's evidence stays; missing evidence (an earlier run failed after its data) is added. */
    private boolean publishEvidence(Staging s) throws IOException {
        Path target = layout.reports();
        if (Files.exists(target)) {
            return false;
        }
        try {
            renameAtomically(s.reports(), target);
        } catch (FileSystemException e) {
            if (!Files.exists(target)) {
                throw e;
            }
            return false; // a concurrent identical run published its evidence first
        }
        FaultInjector.point("publish.reports.done");
        return true;
    }

    /**
     * Removes this run's staging directory, and the staging root when no other run uses it.
     * Best effort: what cannot be removed is removed by the next run.
     */
    public void discard(Staging s) {
        try {
            if (s != null && Files.exists(s.dir())) {
                deleteTree(s.dir());
                FaultInjector.point("staging.discarded");
            }
            Files.deleteIfExists(layout.stagingRoot()); // fails, harmlessly, while another run stages there
        } catch (IOException | UncheckedIOException e) {
            // best effort: the next run removes staging of dead processes
        }
    }

    /** @return true if published, false if an identical partition was already there */
    private boolean move(Path staged, Path target) throws IOException {
        if (Files.exists(target)) {
            String diff = firstDifference(staged, target);
            if (diff == null) {
                return false;
            }
            throw new TileIndexException(ErrorCode.E011_INTEGRITY, "partition " + target
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
