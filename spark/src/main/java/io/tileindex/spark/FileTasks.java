package io.tileindex.spark;

import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.PreparedCountry;
import io.tileindex.writer.PartFileWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.io.Serial;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The executors' side of the job: each task writes its files (a Spark partition holds one bin of files) under a directory of
 * its own attempt, {@code <staging>/attempts/task-<taskAttemptId>/}, and only then commits each by renaming it
 * to its deterministic name in {@code <staging>/tile_index/} and {@code <staging>/tile_bounds/}. A task that
 * dies leaves at most its attempt directory (the driver deletes them all); a retried or duplicate attempt
 * renames identical bytes onto the same name. So no partial or duplicate file can reach a partition.
 */
final class FileTasks implements FlatMapFunction<Iterator<List<PartFileWriter.PartFile>>, FileWritten> {
    @Serial
    private static final long serialVersionUID = 1L;
    static final String ATTEMPTS = "attempts";
    /** Bytes of tile_index written before an injected failure ({@link JobSpec#failFirstAttemptOf()}). */
    static final long INJECTED_FAILURE_AFTER = 1 << 20;

    private final Broadcast<JobSpec> spec;

    FileTasks(Broadcast<JobSpec> spec) { this.spec = spec; }

    @Override
    public Iterator<FileWritten> call(Iterator<List<PartFileWriter.PartFile>> bins) throws IOException {
        PinnedVersions.check("executor " + SparkEnv.get().executorId());
        JobSpec s = spec.value();
        TaskContext task = TaskContext.get();
        Grid grid = s.grid();
        TargetFileSystem target = TargetFileSystem.of(URI.create(s.stagingUri()), new Configuration());
        Path staging = new Path(s.stagingUri());
        Path attempt = new Path(new Path(staging, ATTEMPTS), "task-" + task.taskAttemptId());
        List<FileWritten> out = new ArrayList<>();
        try (PartFileWriter writer = new PartFileWriter(grid, s.predicate(), ColumnKernels.get(), RowAreas.of(grid), s.fileMetadata(),
                s.coverageFraction())) {
            while (bins.hasNext()) {
                for (PartFileWriter.PartFile f : bins.next()) {
                    out.add(write(writer, s, f, target, staging, attempt, task));
                }
            }
        }
        target.fsyncDir(new Path(staging, "tile_bounds")); // the commits' renames, made durable once per task
        target.fsyncDir(new Path(staging, "tile_index"));
        target.fs().delete(attempt, true);
        return out.iterator();
    }

    private static FileWritten write(PartFileWriter writer, JobSpec s, PartFileWriter.PartFile file, TargetFileSystem target,
                                     Path staging, Path attempt, TaskContext task) throws IOException {
        long start = System.currentTimeMillis(), cpu0 = RowAreas.threadCpuNanos();
        PreparedCountry country = new CountryScanner(s.grid()).prepare(s.country(file.iso()), s.predicate());
        String name = file.fileName();
        Path index = new Path(attempt, "tile_index/" + name), bounds = new Path(attempt, "tile_bounds/" + name);
        long failAfter = name.equals(s.failFirstAttemptOf()) && task.attemptNumber() == 0 ? INJECTED_FAILURE_AFTER : -1;
        long bytes = writer.write(country, file, new FsOutputFile(target.fs(), index, failAfter),
                new FsOutputFile(target.fs(), bounds, -1));
        target.rename(bounds, new Path(staging, "tile_bounds/" + name), true);
        target.rename(index, new Path(staging, "tile_index/" + name), true);
        return new FileWritten(name, file.iso(), file.rows(), bytes, SparkEnv.get().executorId(), start,
                System.currentTimeMillis(), RowAreas.threadCpuNanos() - cpu0, task.attemptNumber());
    }
}
