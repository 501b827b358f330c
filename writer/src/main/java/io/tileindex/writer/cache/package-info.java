/**
 * The per-country cache of encoded row groups: keys ({@link io.tileindex.writer.cache.CountryCacheKey}),
 * the entry format with its digest ({@link io.tileindex.writer.cache.CacheEntry}), the row group record
 * ({@link io.tileindex.writer.cache.RowGroupRecords}) and the directory with its LRU bound
 * ({@link io.tileindex.writer.cache.CountryCache}).
 */
package io.tileindex.writer.cache;
