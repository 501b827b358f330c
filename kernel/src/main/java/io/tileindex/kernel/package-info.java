/**
 * The kernel: pure computation, no I/O. {@code ErrorCode} and {@code TileIndexException} are the
 * SPEC §7 failure vocabulary every module of the build reports in. Immutable types; thread-safe.
 */
package io.tileindex.kernel;
