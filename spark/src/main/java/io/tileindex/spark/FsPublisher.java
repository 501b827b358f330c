package io.tileindex.spark;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.writer.publish.PartitionLayout;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * SPEC §5 on a Hadoop file system, the rules of the local build's {@code PartitionPublisher}: a run stages
 * everything under {@code <root>/.staging/spark-<run id>/}; files are hsynced by the tasks that wrote them; the
 * partitions appear by one atomic directory rename each, {@code tile_bounds}, {@code tile_index}, then the
 * evidence if none is published yet. A published partition is never modified: identical content makes a
 * publish a no-op, different content is E011. {@link #discard} removes the run's staging (also after failure).
 */
final class FsPublisher {
    private final TargetFileSystem target;
    private final Path root;
    private final PartitionLayout layout;

    /** A run's staging directories on the target file system. */
    record Staging(Path dir, Path tileIndex, Path tileBounds, Path reports, Path attempts) {}

    /** What {@link #publish} did: whether the data was new, and whether this run's evidence went into place. */
    record Published(boolean dataPublished, boolean evidencePublished) {}

    FsPublisher(TargetFileSystem target, Path root, String parameterHash) {
        this.target = target;
        this.root = root;
        this.layout = new PartitionLayout(java.nio.file.Path.of("/"), parameterHash);
    }

    PartitionLayout layout() { return layout; }

    Path tileIndex() { return resolve(layout.tileIndex()); }

    Path tileBounds() { return resolve(layout.tileBounds()); }

    Path reports() { return resolve(layout.reports()); }

    private Path resolve(java.nio.file.Path absolute) { return new Path(root, absolute.toString().substring(1)); }

    Staging stage(String runId) {
        Path dir = new Path(new Path(root, ".staging"), "spark-" + runId);
        Staging s = new Staging(dir, new Path(dir, "tile_index"), new Path(dir, "tile_bounds"), new Path(dir, "reports"),
                new Path(dir, FileTasks.ATTEMPTS));
        try {
            for (Path p : new Path[] {s.tileIndex(), s.tileBounds(), s.reports(), s.attempts()}) {
                target.fs().mkdirs(p);
            }
            return s;
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, "cannot create staging directory " + dir + ": " + e.getMessage(), e);
        }
    }

    Published publish(Staging s) {
        try {
            boolean bounds = move(s.tileBounds(), tileBounds());
            boolean index = move(s.tileIndex(), tileIndex());
            boolean evidence = !target.fs().exists(reports());
            if (evidence) {
                target.fs().mkdirs(reports().getParent());
                target.rename(s.reports(), reports(), false);
                target.fsyncDir(reports().getParent());
            }
            return new Published(bounds || index, evidence);
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, "publishing into " + root + " failed: " + e.getMessage()
                    + "; whatever was already renamed into place is complete and stays", e);
        }
    }

    /** @return true if published, false if an identical partition was already there */
    private boolean move(Path staged, Path published) throws IOException {
        if (target.fs().exists(published)) {
            String diff = target.firstDifference(staged, published);
            if (diff == null) {
                return false;
            }
            throw new TileIndexException(ErrorCode.E011_INTEGRITY, "partition " + published
                    + " is already published with different content (" + diff + "); published partitions are immutable");
        }
        target.fs().mkdirs(published.getParent());
        try {
            target.rename(staged, published, false);
            target.fsyncDir(published.getParent());
        } catch (IOException e) {
            if (!target.fs().exists(published)) {
                throw e;
            }
            return move(staged, published); // a concurrent run published first: the same rule applies
        }
        return true;
    }

    /** Best effort: removes the run's staging directory, and the staging root when no other run uses it. */
    void discard(Staging s) {
        try {
            if (s != null) {
                target.fs().delete(s.dir(), true);
            }
            Path stagingRoot = new Path(root, ".staging");
            if (target.fs().exists(stagingRoot) && target.fs().listStatus(stagingRoot).length == 0) {
                target.fs().delete(stagingRoot, false);
            }
        } catch (IOException e) {
            // best effort, as locally: a later run or an operator removes it
        }
    }
}
