/**
 * The build's pipeline (scan, plan units, encode on workers, write in key order) and the single
 * ordered Parquet writer (SPEC §4). A {@code TileIndexPipeline} runs one build at a time; it owns its
 * threads; the writer thread is the only one touching output files.
 */
package io.tileindex.writer;
