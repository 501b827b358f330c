package io.tileindex.writer.cache;

import io.tileindex.writer.publish.DeterminismReceipt;
import io.tileindex.writer.publish.FaultInjector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * One country's cache entry: a file of its row group records behind a header and before a digest.
 * <pre>
 *   "TIXCACH1"  key (64 ASCII hex)  int rowGroups
 *   rowGroups × (int length, record)          see {@link RowGroupRecords}
 *   SHA-256 of every byte before it (32)  "TIXCEND1"
 * </pre>
 * {@link #open} maps the file (off heap, any size) and checks all of it (magic, key, lengths, digest) before anything is
 * used: a corrupt, truncated or foreign file is refused with the reason, never half used. A verified
 * entry is immutable and thread-safe; {@link Writer} is used by one thread.
 */
public final class CacheEntry {
    static final byte[] MAGIC = "TIXCACH1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "TIXCEND1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 8 + 64 + 4;
    public static final int TRAILER = 32 + 8;

    private final MemorySegment mapped;
    private final long[] offsets;
    private final int[] lengths;

    private CacheEntry(MemorySegment mapped, long[] offsets, int[] lengths) {
        this.mapped = mapped;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    /** Why an entry was refused. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String why) { super(why); }
    }

    /** Maps and verifies the entry of {@code key} at {@code file}; the entry stays usable after the file is deleted. */
    public static CacheEntry open(Path file, String key) throws IOException, Refused {
        MemorySegment m;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER + TRAILER) {
                throw new Refused("size " + size + " bytes: truncated or not an entry");
            }
            m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto()); // unmapped once unreachable
        }
        long size = m.byteSize();
        if (!equal(m, 0, MAGIC) || !equal(m, size - 8, END)) {
            throw new Refused("no entry magic at its start or end: truncated or not an entry");
        }
        if (!equal(m, 8, key.getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused("the entry is another key's");
        }
        MessageDigest d = DeterminismReceipt.sha256();
        for (long at = 0, end = size - TRAILER; at < end; at += 1 << 30) {
            d.update(m.asSlice(at, Math.min(1 << 30, end - at)).asByteBuffer());
        }
        if (!Arrays.equals(d.digest(), m.asSlice(size - TRAILER, 32).toArray(ValueLayout.JAVA_BYTE))) {
            throw new Refused("digest mismatch: the entry's bytes changed after it was written");
        }
        int n = m.get(INT, 72);
        if (n < 0) {
            throw new Refused("negative row group count");
        }
        long[] offsets = new long[n];
        int[] lengths = new int[n];
        long pos = HEADER;
        for (int i = 0; i < n; i++) {
            if (pos + 4 > size - TRAILER) {
                throw new Refused("row group " + i + " beyond the entry");
            }
            lengths[i] = m.get(INT, pos);
            offsets[i] = pos + 4;
            pos = offsets[i] + lengths[i];
            if (lengths[i] < 0 || pos > size - TRAILER) {
                throw new Refused("row group " + i + " beyond the entry");
            }
        }
        if (pos != size - TRAILER) {
            throw new Refused((size - TRAILER - pos) + " bytes after the last row group");
        }
        return new CacheEntry(m, offsets, lengths);
    }

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static boolean equal(MemorySegment m, long at, byte[] want) {
        return MemorySegment.mismatch(m, at, at + want.length, MemorySegment.ofArray(want), 0, want.length) < 0;
    }

    public int rowGroups() { return offsets.length; }

    /** Bytes the entry occupies. */
    public long bytes() { return mapped.byteSize(); }

    /** Row group {@code g}'s row count, first and last tile id: the record's leading fields, read without decoding it. */
    public int rowCount(int g) { return mapped.get(INT, offsets[g]); }
    public long firstTileId(int g) { return mapped.get(LONG, offsets[g] + 4); }
    public long lastTileId(int g) { return mapped.get(LONG, offsets[g] + 12); }

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Row group {@code g}'s content (copied out of the mapping). */
    public RowGroupRecords.Content rowGroup(int g) {
        return RowGroupRecords.read(mapped.asSlice(offsets[g], lengths[g]).asByteBuffer());
    }

    /**
     * Writes an entry to a temporary file that only {@link #commit} makes an entry: until then (and
     * forever after a crash) it lies outside the entries directory where no run looks. One thread.
     */
    public static final class Writer implements AutoCloseable {
        private final Path tmp;
        private final FileChannel ch;
        private final MessageDigest digest = DeterminismReceipt.sha256();
        private final int rowGroups;
        private int written;
        private long bytes;

        public Writer(Path tmp, String key, int rowGroups) throws IOException {
            this.tmp = tmp;
            this.rowGroups = rowGroups;
            this.ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            h.put(MAGIC).put(key.getBytes(StandardCharsets.US_ASCII)).putInt(rowGroups).flip();
            write(h);
        }

        /** Bytes written so far; the entry will have {@link #TRAILER} more. */
        public long bytes() { return bytes; }

        /** Appends the next row group's record ({@link RowGroupRecords#write}). */
        public void append(List<ByteBuffer> record) throws IOException {
            if (written == rowGroups) {
                throw new IllegalStateException("the entry has its " + rowGroups + " row groups already");
            }
            write(ByteBuffer.allocate(4).putInt(Math.toIntExact(RowGroupRecords.length(record))).flip());
            for (ByteBuffer b : record) {
                write(b.duplicate());
            }
            written++;
            FaultInjector.point("cache.entry.record");
        }

        /** Small pieces (lengths, record heads) gather here: one system call each cost more than the whole entry's digest. */
        private final ByteBuffer small = ByteBuffer.allocate(1 << 18);

        private void write(ByteBuffer b) throws IOException {
            digest.update(b.duplicate());
            bytes += b.remaining();
            if (b.remaining() >= small.capacity() / 2) {
                flush(); // what is gathered goes first: the bytes' order is the digest's
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                return;
            }
            if (b.remaining() > small.remaining()) {
                flush();
            }
            small.put(b);
        }

        private void flush() throws IOException {
            small.flip();
            while (small.hasRemaining()) {
                ch.write(small);
            }
            small.clear();
        }

        /**
         * Writes the digest and renames the file to {@code entry}; returns its size. Not fsynced: the
         * digest, checked before every use, is what makes an entry trusted, so an entry whose bytes a
         * power cut lost is a miss, and a build does not wait for the cache's disk (237 fsyncs were 0.3 s
         * of the bundled world's cold build).
         */
        public long commit(Path entry) throws IOException {
            if (written != rowGroups) {
                throw new IllegalStateException(written + " of " + rowGroups + " row groups written");
            }
            flush();
            ByteBuffer t = ByteBuffer.allocate(TRAILER);
            t.put(digest.digest()).put(END).flip();
            while (t.hasRemaining()) {
                ch.write(t);
            }
            ch.close();
            FaultInjector.point("cache.entry.written");
            java.nio.file.Files.move(tmp, entry, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return bytes + TRAILER;
        }

        /** Closes; an uncommitted temporary file is deleted. */
        @Override
        public void close() throws IOException {
            if (ch.isOpen()) {
                ch.close();
                java.nio.file.Files.deleteIfExists(tmp);
            }
        }
    }
}
