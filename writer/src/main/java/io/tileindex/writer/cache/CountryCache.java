package io.tileindex.writer.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A directory of per-country entries, bounded by a byte limit with least-recently-used eviction.
 * <pre>
 *   DIR/entries/KEY.entry         complete entries (made by an atomic rename after fsync)
 *   DIR/tmp/KEY.PID.N.part        entries being written: never read; a dead process's are removed
 * </pre>
 * Use is marked by the entry file's modification time (so concurrent runs share one recency order).
 * Several processes may use one directory at once: writers never share a temporary file, an entry
 * appears whole or not at all, and an entry deleted by another run's eviction stays readable to a run
 * that mapped it. Counters are per run. Thread-safe.
 */
public final class CountryCache {
    private final Path entries, tmp;
    private final long maxBytes;
    private final Consumer<String> log;
    private static final AtomicLong TMP_NAMES = new AtomicLong(); // unique per process, over every cache instance
    private final AtomicLong hits = new AtomicLong(), misses = new AtomicLong(), bytesRead = new AtomicLong(),
            bytesWritten = new AtomicLong(), evicted = new AtomicLong();

    private CountryCache(Path dir, long maxBytes, Consumer<String> log) {
        this.entries = dir.resolve("entries");
        this.tmp = dir.resolve("tmp");
        this.maxBytes = maxBytes;
        this.log = log;
    }

    /** Opens (creating) the cache at {@code dir}, removing what dead writers left in its tmp directory. */
    public static CountryCache open(Path dir, long maxBytes, Consumer<String> log) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache limit " + maxBytes + " bytes");
        }
        CountryCache c = new CountryCache(dir, maxBytes, log);
        Files.createDirectories(c.entries);
        Files.createDirectories(c.tmp);
        c.removeDeadWritersFiles();
        return c;
    }

    private void removeDeadWritersFiles() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path p : s) {
                String[] parts = p.getFileName().toString().split("\\.");
                long pid = parts.length == 4 ? parseOr(parts[1]) : -1;
                if (pid < 0 || ProcessHandle.of(pid).isEmpty()) {
                    Files.deleteIfExists(p); // its writer died: a partial entry nobody will finish
                }
            }
        }
    }

    private static long parseOr(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Says {@code message} where the cache's notes go (the run's stderr). */
    public void note(String message) { log.accept(message); }

    private Path entryFile(String key) { return entries.resolve(key + ".entry"); }

    /**
     * The verified entry of {@code key} with {@code rowGroups} row groups, or null (a refused entry is
     * logged and deleted so that this run's write replaces it). Counts nothing: see {@link #counted}.
     */
    public CacheEntry lookup(String iso, String key, int rowGroups) {
        Path f = entryFile(key);
        try {
            CacheEntry e = CacheEntry.open(f, key);
            if (e.rowGroups() != rowGroups) {
                throw new CacheEntry.Refused(e.rowGroups() + " row groups where the scan planned " + rowGroups);
            }
            touch(f);
            return e;
        } catch (NoSuchFileException e) {
            // an ordinary miss
        } catch (CacheEntry.Refused | IOException | RuntimeException e) {
            log.accept(String.format("cache: entry of %s (%s) not used: %s", iso, f.getFileName(), e.getMessage()));
            refuse(key);
        }
        return null;
    }

    /** Deletes {@code key}'s entry, found unusable; this run writes it anew. */
    public void refuse(String key) {
        try {
            Files.deleteIfExists(entryFile(key));
        } catch (IOException ignored) {
            // another run may hold or replace it; this run rewrites it anyway
        }
    }

    /** Counts a country's outcome: its entry used ({@code entry} non-null) or a miss. */
    public void counted(CacheEntry entry) {
        if (entry != null) {
            hits.incrementAndGet();
            bytesRead.addAndGet(entry.bytes());
        } else {
            misses.incrementAndGet();
        }
    }

    /** A writer for {@code key}'s entry in a temporary file of this process. */
    public CacheEntry.Writer begin(String key, int rowGroups) throws IOException {
        Path part = tmp.resolve(key + "." + ProcessHandle.current().pid() + "." + TMP_NAMES.incrementAndGet() + ".part");
        return new CacheEntry.Writer(part, key, rowGroups);
    }

    /** Commits {@code w} as {@code key}'s entry, then evicts down to the limit. */
    public void commit(CacheEntry.Writer w, String key) throws IOException {
        long size = w.commit(entryFile(key));
        bytesWritten.addAndGet(size);
        synchronized (this) {
            knownBytes = knownBytes < 0 ? -1 : knownBytes + size;
            if (knownBytes < 0 || knownBytes > maxBytes) {
                evict(); // lists the directory only when the limit may be passed (other runs' entries included)
            }
        }
    }

    /** Beyond the partition's own remaining bytes, the cache leaves this much of its disk free. */
    public static final long MIN_FREE_BYTES = 1L << 30;
    private java.nio.file.FileStore store;
    private long knownBytes = -1; // the entries' bytes as last listed, plus this run's commits since (-1: list again)

    /**
     * Makes room for an entry being written to grow to {@code entryBytes}: evicts least recently used
     * entries so that the complete entries and this one stay within the limit. Returns null when it may
     * grow by {@code growBy}, else why not: larger than the limit, or the disk would then keep less than
     * {@code keepFree} (what the run's partition still needs) plus {@link #MIN_FREE_BYTES}. The caller
     * then drops the entry: the cache never takes the space a partition needs.
     */
    public synchronized String reserve(long entryBytes, long growBy, long keepFree) throws IOException {
        if (entryBytes > maxBytes) {
            return "larger than the cache's limit of " + maxBytes + " bytes";
        }
        if (knownBytes < 0 || knownBytes + entryBytes > maxBytes) {
            knownBytes = evictDownTo(maxBytes - entryBytes);
        }
        if (store == null) {
            store = Files.getFileStore(entries); // reads the mount table: once
        }
        if (store.getUsableSpace() - growBy < keepFree + MIN_FREE_BYTES) {
            return "the disk would keep less than the partition's remaining " + keepFree + " bytes and 1 GiB free";
        }
        return null;
    }

    private static void touch(Path f) {
        try {
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // recency is advisory: an entry another run just evicted is still mapped here
        }
    }

    /** Deletes least recently used entries until the directory holds at most the limit. */
    public synchronized void evict() throws IOException {
        knownBytes = evictDownTo(maxBytes);
    }

    /** Deletes least recently used entries until the entries hold at most {@code limit} bytes; returns what they hold. */
    private long evictDownTo(long limit) throws IOException {
        record Item(Path path, long size, FileTime used) {}
        List<Item> items = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(entries, "*.entry")) {
            for (Path p : s) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    items.add(new Item(p, a.size(), a.lastModifiedTime()));
                } catch (NoSuchFileException gone) {
                    // evicted by another run meanwhile
                }
            }
        }
        long total = items.stream().mapToLong(Item::size).sum();
        items.sort(Comparator.comparing(Item::used).thenComparing(i -> i.path().getFileName().toString()));
        for (Item i : items) {
            if (total <= limit) {
                break;
            }
            Files.deleteIfExists(i.path());
            total -= i.size();
            evicted.incrementAndGet();
        }
        return total;
    }

    /** Bytes of the complete entries now (every run's). */
    public long diskBytes() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(entries, "*.entry")) {
            for (Path p : s) {
                try {
                    total += Files.size(p);
                } catch (NoSuchFileException gone) {
                    // evicted meanwhile
                }
            }
        }
        return total;
    }

    /** This run's counters and the directory's use, for the run report. */
    public record Stats(long hits, long misses, long bytesRead, long bytesWritten, long evictedEntries, long diskBytes,
                        long maxBytes) {
        public double hitRatio() { return hits + misses == 0 ? 0.0 : (double) hits / (hits + misses); }
    }

    public Stats stats() throws IOException {
        return new Stats(hits.get(), misses.get(), bytesRead.get(), bytesWritten.get(), evicted.get(), diskBytes(), maxBytes);
    }

    public long maxBytes() { return maxBytes; }
}
