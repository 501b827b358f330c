/**
 * Off-heap column buffers (Chronicle Bytes native stores viewed as memory segments), one set per
 * worker, reused for every unit; their size bounds the build's off-heap memory. Not thread-safe: one
 * owner.
 */
package io.tileindex.writer.slab;
