package io.tileindex.writer;

import io.tileindex.writer.cache.CacheEntry;
import io.tileindex.writer.cache.CountryCache;
import io.tileindex.writer.cache.RowGroupRecords;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The run's view of the country cache: per country, decided once by whichever worker asks first,
 * its verified entry (a hit) or none (a miss, encoded and then written to the cache). An entry is used
 * only if its row groups are exactly the ones this run's scan planned (count, rows, first and last
 * tile); anything else is a stale entry, logged, and a miss. Thread-safe.
 */
final class CachedCountries {
    private final CountryCache cache;
    private final String[] keys;
    private final ScannedCountry[] countries;
    private final int[] rowGroups, firstSeq;
    private final RowGroupPlan plan;
    private final ConcurrentHashMap<Integer, java.util.Optional<CacheEntry>> decided = new ConcurrentHashMap<>();

    CachedCountries(CountryCache cache, String[] keys, ScannedCountry[] countries, RowGroupPlan plan) {
        this.cache = cache;
        this.keys = keys;
        this.countries = countries;
        this.plan = plan;
        this.rowGroups = new int[countries.length];
        this.firstSeq = new int[countries.length];
        for (PlannedRowGroup u : plan.rowGroups()) {
            if (rowGroups[u.countryIndex()]++ == 0) {
                firstSeq[u.countryIndex()] = (int) u.seq();
            }
        }
    }

    CountryCache cache() { return cache; }
    String key(int country) { return keys[country]; }
    int rowGroups(int country) { return rowGroups[country]; }

    /** The country's verified entry, or null when it is encoded in this run. */
    CacheEntry entry(int country) {
        return decided.computeIfAbsent(country, i -> java.util.Optional.ofNullable(lookup(i))).orElse(null);
    }

    boolean hit(int country) { return entry(country) != null; }

    private CacheEntry lookup(int i) {
        ScannedCountry c = countries[i];
        CacheEntry e = cache.lookup(c.iso(), keys[i], rowGroups[i]);
        if (e != null && !asPlanned(e, i)) {
            cache.note(String.format("cache: entry of %s not used: its row groups are not the ones the scan planned", c.iso()));
            cache.refuse(keys[i]);
            e = null;
        }
        cache.counted(e);
        return e;
    }

    /** Each row group's rows as planned, and the first and last tile the scan found. */
    private boolean asPlanned(CacheEntry e, int i) {
        int n = e.rowGroups();
        for (int g = 0; g < n; g++) {
            if (e.rowCount(g) != plan.rowGroups().get(firstSeq[i] + g).rowCount()) {
                return false;
            }
        }
        return n == 0 || e.firstTileId(0) == countries[i].tileIdMin() && e.lastTileId(n - 1) == countries[i].tileIdMax();
    }

    /** Row group {@code u} from the country's entry, or null when the country is a miss. */
    EncodedRowGroup rowGroup(PlannedRowGroup u) {
        CacheEntry e = entry(u.countryIndex());
        if (e == null) {
            return null;
        }
        RowGroupRecords.Content c = e.rowGroup(u.rowGroupIndex());
        if (c.rowCount() != u.rowCount()) {
            throw new IllegalStateException("cache entry of " + u.iso() + ": row group " + u.rowGroupIndex() + " has "
                    + c.rowCount() + " rows, the plan " + u.rowCount()); // checked at lookup: cannot happen
        }
        return new EncodedRowGroup(u, c.firstTileId(), c.lastTileId(), c.tileIndex(), c.tileBounds());
    }

    int countries() { return countries.length; }
}
