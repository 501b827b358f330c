/** JMH benchmarks of the kernels, encoders and writer, with the ratio gates CI checks; see docs/PERFORMANCE.md. */
package io.tileindex.bench.jmh;
