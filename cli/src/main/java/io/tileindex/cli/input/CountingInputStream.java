package io.tileindex.cli.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts bytes actually read from the underlying stream (the run report's bytes_read_vectors) and
 * digests them, so the input's SHA-256 costs no second read.
 */
final class CountingInputStream extends FilterInputStream {
    private final java.security.MessageDigest digest = io.tileindex.writer.publish.DeterminismReceipt.sha256();
    private long count;

    CountingInputStream(InputStream in) {
        super(in);
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count++;
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            digest.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // read through: the digest must see every byte
        byte[] buf = new byte[(int) Math.min(8192, Math.max(0, n))];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    /** Reads to the end (trailing whitespace a parser left) and returns the digest of everything. */
    InputDigest finish() throws IOException {
        byte[] buf = new byte[8192];
        while (read(buf, 0, buf.length) > 0) {
            // drain
        }
        return new InputDigest(java.util.HexFormat.of().formatHex(digest.digest()), "file", count);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
