/**
 * Hand-written Parquet page encodings for the two datasets of SPEC §4 (DELTA_BINARY_PACKED ids,
 * RLE dictionary indices, bit-packed longitude indices, ZSTD pages) and the schemas. Encoders hold
 * reusable buffers: one per worker thread.
 */
package io.tileindex.writer.parquet;
