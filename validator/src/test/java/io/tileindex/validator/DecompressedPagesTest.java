package io.tileindex.validator;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page cache: hits by whole content, never by the sampled hash alone; bounded; decoded indices tied to the cached array. */
class DecompressedPagesTest {
    static final CompressionCodecName ZSTD = CompressionCodecName.ZSTD;

    static byte[] page(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A stand-in for a codec: the output names the input's first bytes, and every call is counted. */
    static DecompressedPages.Inflater counting(AtomicInteger calls) {
        return b -> {
            calls.incrementAndGet();
            byte[] out = new byte[2 * b.length];
            System.arraycopy(b, 0, out, 0, b.length);
            return out;
        };
    }

    @Test
    void anEqualPageIsInflatedOnceAndShared() throws IOException {
        DecompressedPages pages = new DecompressedPages(16L << 20);
        AtomicInteger calls = new AtomicInteger();
        byte[] a = page(1, 100_000);
        byte[] first = pages.get(ZSTD, 200_000, a, counting(calls));
        byte[] second = pages.get(ZSTD, 200_000, a.clone(), counting(calls));
        assertSame(first, second);
        assertEquals(1, calls.get());
        assertNotSame(first, pages.get(CompressionCodecName.SNAPPY, 200_000, a, counting(calls)), "codec is part of the key");
        assertEquals(2, calls.get());
    }

    @Test
    void pagesWithTheSameSampledHashButOtherBytesAreNotConfused() throws IOException {
        byte[] a = page(2, 100_000);
        byte[] b = a.clone();
        b[12_345] ^= 1; // between sampled words (every 390 bytes there is a sampled word of 8)
        assertEquals(DecompressedPages.sampledHash(a), DecompressedPages.sampledHash(b));
        DecompressedPages pages = new DecompressedPages(16L << 20);
        AtomicInteger calls = new AtomicInteger();
        byte[] outA = pages.get(ZSTD, 200_000, a, counting(calls));
        byte[] outB = pages.get(ZSTD, 200_000, b, counting(calls));
        assertEquals(2, calls.get());
        assertEquals(a[12_345] ^ 1, outB[12_345]);
        assertEquals(a[12_345], outA[12_345]);
    }

    @Test
    void smallPagesAreNotKeptAndTheCacheStaysWithinItsBytes() throws IOException {
        DecompressedPages pages = new DecompressedPages(4L << 20);
        AtomicInteger calls = new AtomicInteger();
        byte[] small = page(3, DecompressedPages.MIN_COMPRESSED_BYTES - 1);
        pages.get(ZSTD, 1, small, counting(calls));
        pages.get(ZSTD, 1, small, counting(calls));
        assertEquals(2, calls.get());
        for (int i = 0; i < 50; i++) {
            pages.get(ZSTD, 1, page(100 + i, 200_000), counting(calls));
            assertTrue(pages.bytes() <= 4L << 20, "bytes " + pages.bytes());
        }
        assertTrue(pages.bytes() > 0);
    }

    @Test
    void decodedIndicesBelongToTheCachedArrayAndLeaveWithIt() throws IOException {
        DecompressedPages pages = new DecompressedPages(8L << 20);
        byte[] out = pages.get(ZSTD, 1, page(4, 300_000), counting(new AtomicInteger()));
        Pieces p = new Pieces();
        p.addRun(0, 1, 1000);
        pages.decoded(out, 1000, 4095, p);
        p.addRun(5000, 0, 7); // the cache holds a copy
        assertEquals(1000, pages.decoded(out, 1000, 4095).rows());
        assertNull(pages.decoded(out, 1000, 4094), "another dictionary size");
        assertNull(pages.decoded(out, 999, 4095), "another value count");
        assertNull(pages.decoded(out.clone(), 1000, 4095), "an equal array that is not the cached one");
        byte[] uncached = page(5, 10);
        pages.decoded(uncached, 1000, 4095, p);
        assertNull(pages.decoded(uncached, 1000, 4095));
        for (int i = 0; i < 20; i++) {
            pages.get(ZSTD, 1, page(200 + i, 300_000), counting(new AtomicInteger()));
        }
        assertNull(pages.decoded(out, 1000, 4095), "evicted with its page");
    }
}
