package io.tileindex.writer.publish;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * A local Parquet output file, fsynced after close by the {@link FileSyncer} (off the writer's
 * thread), that optionally feeds every byte to a running digest: files of a partition are written
 * in name order, so one SHA-256 across them is the determinism receipt without reading anything
 * back. No Hadoop at run time.
 */
public final class DurableOutputFile implements OutputFile {
    /** 1 MiB; crash tests shrink it to get many write points from a small run (the bytes do not change). */
    private static final int BUFFER_BYTES = Integer.getInteger("tileindex.test.outputBufferBytes", 1 << 20);

    private final Path path;
    private final MessageDigest digest;
    private final FaultInjector faults;
    private final FileSyncer syncer;
    private long bytesWritten;

    /** Close hands the file to {@code syncer} for fsync instead of waiting for the disk. */
    public DurableOutputFile(Path path, MessageDigest digest, FaultInjector faults, FileSyncer syncer) {
        this.path = path;
        this.digest = digest;
        this.faults = faults;
        this.syncer = java.util.Objects.requireNonNull(syncer, "syncer");
    }

    public long bytesWritten() { return bytesWritten; }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        faults.beforeWrite(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FaultInjector.point("write.file.created");
        return new Stream(ch);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        throw new IOException("refusing to overwrite " + path + ": published files are immutable");
    }

    @Override
    public boolean supportsBlockSize() { return false; }

    @Override
    public long defaultBlockSize() { return 0; }

    @Override
    public String getPath() { return path.toString(); }

    private final class Stream extends PositionOutputStream {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
        private long pos;
        private boolean closed;

        Stream(FileChannel ch) { this.ch = ch; }

        @Override
        public long getPos() { return pos; }

        @Override
        public void write(int b) throws IOException {
            if (!buf.hasRemaining()) {
                drain();
            }
            buf.put((byte) b);
            pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (!buf.hasRemaining()) {
                    drain();
                }
                int n = Math.min(len, buf.remaining());
                buf.put(b, off, n);
                off += n;
                len -= n;
                pos += n;
            }
        }

        private void drain() throws IOException {
            buf.flip();
            if (digest != null) {
                digest.update(buf.array(), 0, buf.limit());
            }
            faults.beforeWrite(path);
            boolean any = buf.hasRemaining();
            while (buf.hasRemaining()) {
                bytesWritten += ch.write(buf);
            }
            buf.clear();
            if (any) {
                FaultInjector.point("write.drain");
            }
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                drain();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            syncer.handOver(path, ch);
        }
    }
}
