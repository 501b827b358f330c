package io.tileindex.spark;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;

/**
 * A Parquet output file on a Hadoop file system, made durable ({@code hsync}) when closed. It reports no block
 * size, so parquet-java never pads row groups to one: the bytes are those of the local build's files.
 * {@code failAfterBytes} (≥ 0) makes the write fail once that many bytes are written: the injected task failure
 * of the retry test; -1 in production.
 */
final class FsOutputFile implements OutputFile {
    private final FileSystem fs;
    private final Path path;
    private final long failAfterBytes;

    FsOutputFile(FileSystem fs, Path path, long failAfterBytes) {
        this.fs = fs;
        this.path = path;
        this.failAfterBytes = failAfterBytes;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return new Stream(fs.create(path, false));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return new Stream(fs.create(path, true));
    }

    @Override
    public boolean supportsBlockSize() { return false; }

    @Override
    public long defaultBlockSize() { return 0; }

    @Override
    public String getPath() { return path.toString(); }

    private final class Stream extends PositionOutputStream {
        private final FSDataOutputStream raw;
        private final BufferedOutputStream out;
        private long pos;
        private boolean closed;

        Stream(FSDataOutputStream raw) {
            this.raw = raw;
            this.out = new BufferedOutputStream(raw, 1 << 20);
        }

        @Override
        public long getPos() { return pos; }

        @Override
        public void write(int b) throws IOException {
            checkFault(1);
            out.write(b);
            pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkFault(len);
            out.write(b, off, len);
            pos += len;
        }

        private void checkFault(int len) throws IOException {
            if (failAfterBytes >= 0 && pos + len > failAfterBytes) {
                out.flush(); // what was written so far reaches the file: a real half-written attempt
                throw new IOException("injected task failure after " + pos + " bytes of " + path);
            }
        }

        @Override
        public void flush() throws IOException { out.flush(); }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (raw) {
                out.flush();
                raw.hsync();
            }
        }
    }
}
