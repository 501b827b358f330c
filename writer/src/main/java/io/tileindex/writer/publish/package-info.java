/**
 * SPEC §5 publishing and the §6 receipt: durable output files, the fsync thread, staging, one atomic
 * rename per partition (data first, evidence last, nothing ever taken back), and the fault hooks the
 * crash and I/O-fault harnesses use. A {@code PartitionPublisher} serves one run on one thread;
 * concurrent runs on one output root are safe against each other.
 */
package io.tileindex.writer.publish;
