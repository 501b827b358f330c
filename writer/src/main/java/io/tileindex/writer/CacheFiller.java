package io.tileindex.writer;

import io.tileindex.writer.cache.CacheEntry;
import io.tileindex.writer.cache.RowGroupRecords;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes the entries of the countries this run encoded, on its own thread behind the ordered writer,
 * which hands it each such row group after writing it (in key order, so a country's row groups arrive
 * in order). The cache is best effort: a failure to write an entry is logged and drops that entry,
 * never the build. Row groups wait in a queue of two, so the cache never holds more than that in heap.
 * {@link #offer} is called by one thread (the writer); {@link #finish} or {@link #abort} once, after it.
 */
final class CacheFiller {
    private static final EncodedRowGroup END = new EncodedRowGroup(null, 0, 0, null, null);

    private final CachedCountries cached;
    private final BlockingQueue<EncodedRowGroup> queue = new ArrayBlockingQueue<>(2);
    private final Thread thread;
    private CacheEntry.Writer current;
    private int skipping = -1; // a country whose entry failed: its remaining row groups are dropped
    private volatile boolean aborted;
    /** The writer's estimate of the bytes its partitions still need (kept free of cache entries). */
    private volatile long partitionBytesToCome;

    CacheFiller(CachedCountries cached) {
        this.cached = cached;
        this.thread = Thread.ofPlatform().name("tileindex-cache-writer").daemon().start(this::run);
    }

    /**
     * A row group just written to the partition; kept when its country was encoded in this run (not read
     * from the cache). {@code bytesToCome}: what the partitions still need.
     */
    void offer(EncodedRowGroup rg, long bytesToCome) throws InterruptedException {
        if (cached.hit(rg.planned().countryIndex())) {
            return;
        }
        partitionBytesToCome = bytesToCome;
        offer(rg);
    }

    private void offer(EncodedRowGroup rg) throws InterruptedException {
        while (!queue.offer(rg, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (!thread.isAlive()) {
                return; // the cache writer died (its error is logged): the build goes on without it
            }
        }
    }

    private void run() {
        try {
            EncodedRowGroup rg;
            while ((rg = queue.take()) != END && !aborted) {
                store(rg);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            cached.cache().note("cache: writer stopped: " + e);
        } finally {
            closeCurrent();
        }
    }

    private void store(EncodedRowGroup rg) {
        PlannedRowGroup u = rg.planned();
        int c = u.countryIndex();
        if (c == skipping) {
            return;
        }
        try {
            if (u.rowGroupIndex() == 0) {
                current = cached.cache().begin(cached.key(c), cached.rowGroups(c));
            }
            List<ByteBuffer> record = RowGroupRecords.write(new RowGroupRecords.Content(u.rowCount(), rg.firstTileId(),
                    rg.lastTileId(), rg.tileIndex(), rg.tileBounds()));
            long size = 4 + RowGroupRecords.length(record);
            String full = cached.cache().reserve(current.bytes() + size + CacheEntry.TRAILER, size, partitionBytesToCome);
            if (full != null) {
                throw new IOException(full);
            }
            current.append(record);
            if (u.rowGroupIndex() == cached.rowGroups(c) - 1) {
                cached.cache().commit(current, cached.key(c));
                current = null;
            }
        } catch (IOException | RuntimeException e) {
            cached.cache().note(String.format("cache: entry of %s not written: %s", u.iso(), e instanceof IOException ? e.getMessage() : e));
            closeCurrent();
            skipping = c;
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close(); // deletes the temporary file
            } catch (IOException e) {
                cached.cache().note("cache: " + e);
            }
            current = null;
        }
    }

    /** Waits for the queued entries, then writes the (empty) entries of countries without tiles. */
    void finish() throws InterruptedException {
        offer(END);
        thread.join();
        for (int c = 0; c < cached.countries(); c++) {
            if (cached.rowGroups(c) == 0 && !cached.hit(c)) {
                try (CacheEntry.Writer w = cached.cache().begin(cached.key(c), 0)) {
                    cached.cache().commit(w, cached.key(c));
                } catch (IOException e) {
                    cached.cache().note("cache: empty entry not written: " + e);
                }
            }
        }
    }

    /** Stops after a failed build: the entry being written is dropped, committed ones stay (they are whole). */
    void abort() {
        aborted = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
