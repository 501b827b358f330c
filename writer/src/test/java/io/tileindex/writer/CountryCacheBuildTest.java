package io.tileindex.writer;

import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.Shapes;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.cache.CountryCache;
import io.tileindex.writer.cache.CountryCacheKey;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.PartitionPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The country cache in the pipeline: whatever the cache holds (nothing, every country, stale, corrupt,
 * truncated or evicted entries, or entries another run writes at the same time), the files are byte
 * for byte those of a build without a cache.
 */
class CountryCacheBuildTest {
    static final Grid G = PipelineRoundTripTest.G;

    @TempDir
    Path dir;

    final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    record Run(TileIndexPipeline.Result result, Path idx, Path bnd) {}

    Run build(String name, List<CountryShape> countries, Grid grid, Predicate predicate, Path cache, long maxBytes) throws Exception {
        Path idx = Files.createDirectories(dir.resolve(name).resolve("idx")), bnd = Files.createDirectories(dir.resolve(name).resolve("bnd"));
        TileIndexPipeline.Config cfg = new TileIndexPipeline.Config(grid, predicate, 2, ColumnKernels.get(), 1000,
                Map.of("tileindex.parameter_hash", "0".repeat(64)), FaultInjector.NONE);
        if (cache != null) {
            cfg = cfg.withCache(new TileIndexPipeline.CacheUse(CountryCache.open(cache, maxBytes, notes::add),
                    new CountryCacheKey(grid, predicate, "reject-invalid", 1000, TileIndexPipeline.ROW_GROUPS_PER_FILE)));
        }
        return new Run(new TileIndexPipeline(cfg).run(countries, idx, bnd, TileIndexPipeline.Progress.NONE), idx, bnd);
    }

    Run build(String name, Path cache) throws Exception {
        return build(name, PipelineRoundTripTest.countries(), G, Predicate.CENTER, cache, 1L << 30);
    }

    static void assertSameFiles(Run want, Run got) throws IOException {
        for (Path[] d : new Path[][] {{want.idx, got.idx}, {want.bnd, got.bnd}}) {
            List<String> names = PartitionPublisher.relativeFiles(d[0]);
            assertEquals(names, PartitionPublisher.relativeFiles(d[1]));
            for (String n : names) {
                assertArrayEquals(Files.readAllBytes(d[0].resolve(n)), Files.readAllBytes(d[1].resolve(n)), n);
            }
        }
        assertEquals(want.result.tileIndexReceipt(), got.result.tileIndexReceipt());
        assertEquals(want.result.tileBoundsReceipt(), got.result.tileBoundsReceipt());
    }

    static void assertCounts(Run r, long hits, long misses) {
        assertEquals(hits, r.result.cache().hits(), "hits");
        assertEquals(misses, r.result.cache().misses(), "misses");
    }

    List<Path> entries(Path cache) throws IOException {
        try (var s = Files.list(cache.resolve("entries"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void aWarmBuildIsTheColdBuildByteForByte() throws Exception {
        Run plain = build("plain", null);
        Path cache = dir.resolve("cache");
        Run cold = build("cold", cache);
        Run warm = build("warm", cache);
        assertSameFiles(plain, cold);
        assertSameFiles(plain, warm);
        assertCounts(cold, 0, 4);
        assertCounts(warm, 4, 0);
        assertEquals(1.0, warm.result.cache().hitRatio());
        assertEquals(cold.result.cache().bytesWritten(), warm.result.cache().bytesRead());
        assertEquals(List.of("AA", "BB", "CC", "DD"), List.copyOf(warm.result.cachedIsos()));
        assertTrue(cold.result.cache().bytesWritten() > 0);
        assertEquals(cold.result.cache().diskBytes(), cold.result.cache().bytesWritten());
    }

    @Test
    void oneChangedCountryIsTheOnlyMiss() throws Exception {
        Path cache = dir.resolve("cache");
        build("cold", cache);
        List<CountryShape> changed = new ArrayList<>(PipelineRoundTripTest.countries());
        changed.set(1, Shapes.fromWkt("BB", "POLYGON((-2.05 -2.05, 2.53 -2.01, 2.02 2.04, -2.01 2.01, -2.05 -2.05))"));
        Run plain = build("plain", changed, G, Predicate.CENTER, null, 0);
        Run warm = build("warm", changed, G, Predicate.CENTER, cache, 1L << 30);
        assertSameFiles(plain, warm);
        assertCounts(warm, 3, 1);
        assertEquals(List.of("AA", "CC", "DD"), List.copyOf(warm.result.cachedIsos()));
    }

    @Test
    void anotherPredicateOrGridMissesEverything() throws Exception {
        Path cache = dir.resolve("cache");
        build("cold", cache);
        List<CountryShape> c = PipelineRoundTripTest.countries();
        Run overlap = build("overlap", c, G, Predicate.ANY_OVERLAP, cache, 1L << 30);
        assertCounts(overlap, 0, 4);
        assertSameFiles(build("overlap-plain", c, G, Predicate.ANY_OVERLAP, null, 0), overlap);
        Grid finer = new Grid(200, 400, -10.0, 0.05, 0, 5.0, 0, -0.05);
        Run fine = build("fine", c, finer, Predicate.CENTER, cache, 1L << 30);
        assertCounts(fine, 0, 4);
        assertSameFiles(build("fine-plain", c, finer, Predicate.CENTER, null, 0), fine);
    }

    @Test
    void aCorruptOrTruncatedEntryIsAMissAndIsWrittenAgain() throws Exception {
        Path cache = dir.resolve("cache");
        Run plain = build("plain", null);
        build("cold", cache);
        List<Path> e = entries(cache);
        Path biggest = e.stream().max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(biggest.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10); // one bit in the middle of a page
        }
        Path other = e.stream().filter(p -> !p.equals(biggest) && p.toFile().length() > 200).findFirst().orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(other.toFile(), "rw")) {
            f.setLength(f.length() - 41); // the digest and one byte more
        }
        notes.clear();
        Run warm = build("warm", cache);
        assertSameFiles(plain, warm);
        assertCounts(warm, 2, 2);
        assertEquals(2, notes.stream().filter(n -> n.contains("not used")).count(), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("digest mismatch")), notes.toString());
        Run again = build("again", cache);
        assertCounts(again, 4, 0); // both were written anew
        assertSameFiles(plain, again);
    }

    @Test
    void theCacheStaysWithinItsLimitEvictingTheLeastRecentlyUsed() throws Exception {
        Path cache = dir.resolve("cache");
        Run plain = build("plain", null);
        Run full = build("full", cache);
        long all = full.result.cache().diskBytes();
        long smallest = entries(cache).stream().mapToLong(p -> p.toFile().length()).min().orElseThrow();
        long limit = all - smallest / 2; // every entry fits alone, not all of them together
        Files.walk(cache.resolve("entries")).filter(Files::isRegularFile).forEach(p -> p.toFile().delete());
        Run bounded = build("bounded", PipelineRoundTripTest.countries(), G, Predicate.CENTER, cache, limit);
        assertSameFiles(plain, bounded);
        assertTrue(bounded.result.cache().diskBytes() <= limit, bounded.result.cache().toString());
        assertTrue(bounded.result.cache().evictedEntries() >= 1, bounded.result.cache().toString());
        Run warm = build("warm", PipelineRoundTripTest.countries(), G, Predicate.CENTER, cache, limit);
        assertSameFiles(plain, warm);
        assertTrue(warm.result.cache().hits() >= 1 && warm.result.cache().misses() >= 1, warm.result.cache().toString());
        assertTrue(warm.result.cache().diskBytes() <= limit);
    }

    @Test
    void anEntryLargerThanTheLimitIsNeverWrittenNorTheBuildFailed() throws Exception {
        Path cache = dir.resolve("cache");
        Run plain = build("plain", null);
        Run tiny = build("tiny", PipelineRoundTripTest.countries(), G, Predicate.CENTER, cache, 2_000);
        assertSameFiles(plain, tiny);
        assertTrue(tiny.result.cache().diskBytes() <= 2_000, tiny.result.cache().toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("larger than the cache's limit")), notes.toString());
        try (var s = Files.list(cache.resolve("tmp"))) {
            assertEquals(0, s.count(), "the dropped entries' temporary files are gone");
        }
    }

    @Test
    void twoRunsSharingOneCacheAtOnceBothWriteTheColdBytes() throws Exception {
        Path cache = dir.resolve("cache");
        Run plain = build("plain", null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Run>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "concurrent-" + i;
                runs.add(() -> build(name, cache));
            }
            for (Future<Run> f : pool.invokeAll(runs)) {
                assertSameFiles(plain, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Run warm = build("warm", cache);
        assertCounts(warm, 4, 0);
        assertSameFiles(plain, warm);
        try (var s = Files.list(cache.resolve("tmp"))) {
            assertEquals(0, s.count(), "no temporary entry left behind");
        }
    }
}
