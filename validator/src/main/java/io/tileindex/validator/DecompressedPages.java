package io.tileindex.validator;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently decompressed large pages, by their compressed bytes: equal compressed bytes under
 * one codec decompress to equal bytes, and a partition repeats large pages (the longitude index pages
 * shared by both datasets' longitude columns, a grid-wide dictionary in every row group of a wide
 * country). A hit is decided by comparing the whole compressed page, never by a hash alone. The
 * returned arrays are shared: callers must not modify them. A cached page may also carry its decoded
 * dictionary indices, so that the second dataset's copy of a shared index page is not decoded again.
 * Thread-safe.
 */
final class DecompressedPages {
    /** Pages smaller than this are decompressed every time: comparing is not cheaper than inflating them. */
    static final int MIN_COMPRESSED_BYTES = 16 << 10;

    private final long capacityBytes;
    private final Map<Key, byte[]> pages = new LinkedHashMap<>(16, 0.75f, true); // access order: least recent first
    /** Decoded indices of cached pages, by the page's own (shared) array. */
    private final Map<byte[], Decoded> decoded = new IdentityHashMap<>();
    private long bytes;

    private final int minCompressedBytes;

    /** Holds up to {@code capacityBytes} of compressed plus decompressed bytes. */
    DecompressedPages(long capacityBytes) { this(capacityBytes, MIN_COMPRESSED_BYTES); }

    /** ... of pages from {@code minCompressedBytes} compressed bytes on. */
    DecompressedPages(long capacityBytes, int minCompressedBytes) {
        this.capacityBytes = capacityBytes;
        this.minCompressedBytes = minCompressedBytes;
    }

    /** Whole compressed pages of one codec and decompressed size, compared by content. */
    private record Key(CompressionCodecName codec, int size, byte[] compressed, int hash) {
        Key(CompressionCodecName codec, int size, byte[] compressed) {
            this(codec, size, compressed, sampledHash(compressed));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.codec == codec && k.size == size
                    && Arrays.equals(k.compressed, compressed);
        }

        @Override
        public int hashCode() { return hash; }
    }

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * A hash of the length and of 256 words spread over the page: hashing every byte cost a tenth of
     * validate, and a hit is confirmed by comparing every byte anyway.
     */
    static int sampledHash(byte[] b) {
        long h = b.length;
        int words = b.length / 8;
        for (int i = 0; i < 256 && words > 0; i++) {
            h = h * 0x9E3779B97F4A7C15L + (long) LONG_LE.get(b, (int) ((long) i * words / 256) * 8);
        }
        return Long.hashCode(h ^ (h >>> 29));
    }

    /** A page that inflates {@code compressed} (decompressing outside the lock). */
    interface Inflater {
        byte[] inflate(byte[] compressed) throws java.io.IOException;
    }

    /** The decompressed page of {@code compressed}, from the cache or by {@code inflater}. */
    byte[] get(CompressionCodecName codec, int size, byte[] compressed, Inflater inflater) throws java.io.IOException {
        if (compressed.length < minCompressedBytes) {
            return inflater.inflate(compressed);
        }
        Key key = new Key(codec, size, compressed);
        synchronized (this) {
            byte[] hit = pages.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] out = inflater.inflate(compressed);
        put(key, out);
        return out;
    }

    private synchronized void put(Key key, byte[] out) {
        long size = (long) key.compressed.length + out.length;
        if (size > capacityBytes / 4 || pages.containsKey(key)) {
            return;
        }
        pages.put(key, out);
        bytes += size;
        var it = pages.entrySet().iterator();
        while (bytes > capacityBytes && it.hasNext()) {
            var e = it.next();
            bytes -= (long) e.getKey().compressed.length + e.getValue().length;
            decoded.remove(e.getValue());
            it.remove();
        }
    }

    /** A page's {@code n} dictionary indices under a dictionary of {@code maxId + 1} entries. */
    private record Decoded(int n, int maxId, Pieces pieces) {}

    /** The indices decoded earlier from this very array (a cached page), or null. */
    synchronized Pieces decoded(byte[] page, int n, int maxId) {
        Decoded d = decoded.get(page);
        return d != null && d.n == n && d.maxId == maxId ? d.pieces : null;
    }

    /** Keeps a copy of the indices decoded from {@code page} when it is a cached page. */
    void decoded(byte[] page, int n, int maxId, Pieces p) {
        Pieces copy = new Pieces();
        copy.copy(p);
        synchronized (this) {
            if (pages.containsValue(page)) {
                decoded.put(page, new Decoded(n, maxId, copy));
            }
        }
    }

    synchronized long bytes() { return bytes; }
}
