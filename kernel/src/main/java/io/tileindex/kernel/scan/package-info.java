/**
 * Exact scan conversion (SPEC §3): a country to the sorted runs of its eligible cells under the
 * {@code center} or {@code any_overlap} predicate, decided with exact orientation tests. A
 * {@code CountryScanner} holds per-thread scratch space: one per thread; its results are immutable.
 */
package io.tileindex.kernel.scan;
