/**
 * The raster grid of SPEC §2: the geotransform, every coordinate formula in exactly the prescribed
 * IEEE-754 form, monotone searches over centres and edges, and the GeographicLib cell area per row.
 * Immutable and thread-safe.
 */
package io.tileindex.kernel.grid;
