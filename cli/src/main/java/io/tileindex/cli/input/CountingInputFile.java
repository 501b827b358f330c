package io.tileindex.cli.input;

import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Parquet file that counts the bytes actually read from it (the run report's
 * bytes_read_vectors). Files up to {@link #IN_MEMORY_LIMIT} are read once, whole, and digested on the
 * way in, so input hashing costs no second read; larger ones are read in place and hashed separately.
 */
final class CountingInputFile implements InputFile {
    static final long IN_MEMORY_LIMIT = 256L << 20;
    private final Path path;
    private final InputFile file;
    private final AtomicLong bytesRead = new AtomicLong();
    private final InputDigest digestOnLoad;

    CountingInputFile(Path path) throws IOException {
        this.path = path;
        if (java.nio.file.Files.size(path) <= IN_MEMORY_LIMIT) {
            byte[] data = java.nio.file.Files.readAllBytes(path);
            bytesRead.addAndGet(data.length);
            digestOnLoad = InputDigest.ofBytes(data);
            file = new InMemoryInputFile(data);
        } else {
            digestOnLoad = null;
            file = new LocalInputFile(path);
        }
    }

    /** SHA-256 of the whole file (a second, counted read only for files above the in-memory limit). */
    InputDigest digest() {
        if (digestOnLoad != null) {
            return digestOnLoad;
        }
        InputDigest d = InputDigest.ofFile(path);
        bytesRead.addAndGet(d.bytesRead());
        return d;
    }

    long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public long getLength() throws IOException {
        return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        return digestOnLoad != null ? file.newStream() : new Counting(file.newStream());
    }

    /** A Parquet file held in memory. */
    private record InMemoryInputFile(byte[] data) implements InputFile {
        @Override
        public long getLength() { return data.length; }

        @Override
        public SeekableInputStream newStream() {
            return new SeekableInputStream() {
                private int pos;

                @Override public long getPos() { return pos; }

                @Override
                public void seek(long newPos) throws IOException {
                    if (newPos < 0 || newPos > data.length) {
                        throw new java.io.EOFException("seek to " + newPos + " outside a file of " + data.length + " bytes");
                    }
                    pos = (int) newPos;
                }

                @Override
                public int read() { return pos < data.length ? data[pos++] & 0xff : -1; }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (pos >= data.length) {
                        return len == 0 ? 0 : -1;
                    }
                    int n = Math.min(len, data.length - pos);
                    System.arraycopy(data, pos, b, off, n);
                    pos += n;
                    return n;
                }

                @Override
                public void readFully(byte[] bytes) throws IOException { readFully(bytes, 0, bytes.length); }

                @Override
                public void readFully(byte[] bytes, int start, int len) throws IOException {
                    if (len > data.length - pos) {
                        throw new java.io.EOFException("read of " + len + " bytes past the end of the file");
                    }
                    System.arraycopy(data, pos, bytes, start, len);
                    pos += len;
                }

                @Override
                public int read(ByteBuffer buf) {
                    if (pos >= data.length) {
                        return buf.hasRemaining() ? -1 : 0;
                    }
                    int n = Math.min(buf.remaining(), data.length - pos);
                    buf.put(data, pos, n);
                    pos += n;
                    return n;
                }

                @Override
                public void readFully(ByteBuffer buf) throws IOException {
                    if (buf.remaining() > data.length - pos) {
                        throw new java.io.EOFException("read past the end of the file");
                    }
                    int n = buf.remaining();
                    buf.put(data, pos, n);
                    pos += n;
                }
            };
        }
    }

    /** Counts in every read primitive; readVectored keeps the base class's seek+readFully fallback. */
    private final class Counting extends SeekableInputStream {
        private final SeekableInputStream in;

        Counting(SeekableInputStream in) {
            this.in = in;
        }

        private int add(int n) {
            if (n > 0) {
                bytesRead.addAndGet(n);
            }
            return n;
        }

        @Override public long getPos() throws IOException { return in.getPos(); }
        @Override public void seek(long newPos) throws IOException { in.seek(newPos); }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                bytesRead.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return add(in.read(b, off, len));
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            in.readFully(bytes);
            add(bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
            in.readFully(bytes, start, len);
            add(len);
        }

        @Override
        public int read(ByteBuffer buf) throws IOException {
            return add(in.read(buf));
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            int n = buf.remaining();
            in.readFully(buf);
            add(n);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
