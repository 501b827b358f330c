package io.tileindex.writer.publish;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
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

    public Staging stage() {
        try {
            Path root = layout.stagingRoot();
            Files.createDirectories(root);
            removeStaleStaging(root);
            Path dir = root.resolve("run-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Staging s = new Staging(dir, dir.resolve("tile_index"), dir.resolve("tile_bounds"), dir.resolve("reports"));
            Files.createDirectories(s.tileIndex());
            Files.createDirectories(s.tileBounds());
            Files.createDirectories(s.reports());
            return s;
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E004_BOUNDS,
                    "cannot create staging directory under " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes staging dirs whose owning process is gone (a crash or kill leaves them behind). */
    static void removeStaleStaging(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                String[] parts = name.split("-");
                if (parts.length == 3 && parts[0].equals("run")) {
                    long pid = Long.parseLong(parts[1]);
                    boolean owned = pid == ProcessHandle.current().pid()
                            || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (!owned) {
                        deleteTree(p);
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
            boolean b = move(s.tileIndex(), layout.tileIndex());
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
            return true;
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E009_PERF_BUDGET, "publishing the run report failed: " + e.getMessage(), e);
        }
    }

    public void discard(Staging s) {
        try {
            if (s != null && Files.exists(s.dir())) {
                deleteTree(s.dir());
            }
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
            throw new TileIndexException(ErrorCode.E003_DUP_TILE, "partition " + target
                    + " is already published with different content (" + diff + "); published partitions are immutable");
        }
        try {
            renameAtomically(staged, target);
        } catch (FileAlreadyExistsException e) {
            // another run published concurrently: same rule
            return move(staged, target);
        }
        return true;
    }

    private void renameAtomically(Path staged, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        faults.beforeRename(target);
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("output root does not support atomic rename: " + target, e);
        }
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
            try (FileChannel ch = FileChannel.open(dir.resolve(f), StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
        fsyncDir(dir);
    }

    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
