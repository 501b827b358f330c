/**
 * The geometry the scan consumes (SPEC §3): rings, polygons and countries as flat coordinate arrays,
 * the exact orientation predicate, and antimeridian and pole normalisation. Immutable and thread-safe;
 * {@code Orientation} is stateless.
 */
package io.tileindex.kernel.geom;
