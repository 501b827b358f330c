/**
 * Input readers (SPEC §1): countries (GeoJSON streamed, GeoParquet, GeoPackage, Shapefile, FlatGeobuf;
 * recognised by content in {@link io.tileindex.cli.input.CountryFormat}) with geometry health checks,
 * the ISO table, and the GeoTIFF header, each read once while its digest is computed. Every failure
 * is a coded {@code TileIndexException} naming the file. Readers are used from one thread; their
 * results are immutable.
 */
package io.tileindex.cli.input;
