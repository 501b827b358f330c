package io.tileindex.spark;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.writer.publish.DeterminismReceipt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.LocatedFileStatus;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The output's Hadoop file system, restricted to what SPEC §5 needs and can get from it: files written with
 * no checksum side files ({@code .crc} would be foreign files in a partition), fsync, and rename that is atomic
 * and never moves a directory into an existing one. Object stores have no atomic rename: they are refused
 * before anything is read or written. Used by the driver and by the executors (each builds its own).
 */
final class TargetFileSystem {
    /** Schemes of object stores, whose "rename" is a copy and delete: a reader could see half a partition. */
    static final Set<String> OBJECT_STORES = Set.of("s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss",
            "cos", "cosn", "obs", "ks3", "tos", "swift");

    private final FileSystem fs;
    private final boolean local;

    private TargetFileSystem(FileSystem fs) {
        this.fs = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
        this.local = this.fs instanceof RawLocalFileSystem;
    }

    /** The file system of {@code root}; E010 for an object store (no atomic rename) or one that cannot be reached. */
    static TargetFileSystem of(URI root, Configuration conf) {
        String scheme = root.getScheme() == null ? "file" : root.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (OBJECT_STORES.contains(scheme)) {
            throw new TileIndexException(ErrorCode.E010_IO, "--out " + root + ": " + scheme + ":// is an object store, which "
                    + "has no atomic rename, so a partition could be seen half published (SPEC §5). Write to a file system with "
                    + "atomic rename (hdfs://, file:// on a shared disk), then copy the published partition to the store.");
        }
        try {
            return new TargetFileSystem(FileSystem.get(root, conf));
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, "--out " + root + ": cannot open its file system: " + e.getMessage(), e);
        }
    }

    FileSystem fs() { return fs; }

    /**
     * Renames a file or directory; fails if {@code dst} exists unless {@code overwrite} (files only). The new
     * directory entry is durable only after {@link #fsyncDir} of {@code dst}'s parent.
     */
    void rename(Path src, Path dst, boolean overwrite) throws IOException {
        if (local) {
            java.nio.file.Path s = localPath(src), d = localPath(dst);
            if (!overwrite && Files.exists(d)) {
                throw new java.nio.file.FileAlreadyExistsException(d.toString());
            }
            Files.move(s, d, StandardCopyOption.ATOMIC_MOVE); // rename(2): fails with ENOTEMPTY onto a non-empty directory
        } else {
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(src, dst,
                    overwrite ? Options.Rename.OVERWRITE : Options.Rename.NONE);
        }
    }

    /** Makes a directory's entries durable where the file system needs it (local disks; HDFS journals them). */
    void fsyncDir(Path dir) throws IOException {
        if (local) {
            try (FileChannel ch = FileChannel.open(localPath(dir), StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }

    /** Files below {@code dir}, relative, '/'-separated, in ASCII order (SPEC §6 receipt order). */
    List<String> relativeFiles(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        String base = fs.makeQualified(dir).toUri().getPath();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            String p = it.next().getPath().toUri().getPath();
            out.add(p.substring(base.length() + 1));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The SPEC §6 receipt of a partition: SHA-256 over its files' bytes in ASCII order of relative path. */
    String receipt(Path dir) throws IOException {
        MessageDigest d = DeterminismReceipt.sha256();
        byte[] buf = new byte[1 << 20];
        for (String f : relativeFiles(dir)) {
            try (FSDataInputStream in = fs.open(new Path(dir, f))) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    d.update(buf, 0, n);
                }
            }
        }
        return DeterminismReceipt.hex(d);
    }

    /** null if the two directories hold the same files with the same bytes, else the first difference. */
    String firstDifference(Path a, Path b) throws IOException {
        List<String> fa = relativeFiles(a), fb = relativeFiles(b);
        if (!fa.equals(fb)) {
            return "file lists differ: " + fa.size() + " vs " + fb.size() + " files";
        }
        for (String f : fa) {
            if (!sameBytes(new Path(a, f), new Path(b, f))) {
                return "bytes of " + f + " differ";
            }
        }
        return null;
    }

    private boolean sameBytes(Path a, Path b) throws IOException {
        FileStatus sa = fs.getFileStatus(a), sb = fs.getFileStatus(b);
        if (sa.getLen() != sb.getLen()) {
            return false;
        }
        byte[] ba = new byte[1 << 16], bb = new byte[1 << 16];
        try (FSDataInputStream ia = fs.open(a); FSDataInputStream ib = fs.open(b)) {
            for (long left = sa.getLen(); left > 0; ) {
                int n = (int) Math.min(ba.length, left);
                ia.readFully(ba, 0, n);
                ib.readFully(bb, 0, n);
                if (!java.util.Arrays.equals(ba, 0, n, bb, 0, n)) {
                    return false;
                }
                left -= n;
            }
        }
        return true;
    }

    private java.nio.file.Path localPath(Path p) { return ((RawLocalFileSystem) fs).pathToFile(p).toPath(); }
}
