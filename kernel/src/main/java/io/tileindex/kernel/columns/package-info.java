/**
 * The SIMD column kernel: tile ids, columns and longitudes of whole runs written into off-heap
 * memory segments. A scalar and a Vector API twin produce identical bytes; {@code ColumnKernels}
 * chooses one (scalar by default, vector when the incubator module is present, every fallback
 * logged). Kernels are stateless and thread-safe; the segments they write are the caller's.
 */
package io.tileindex.kernel.columns;
