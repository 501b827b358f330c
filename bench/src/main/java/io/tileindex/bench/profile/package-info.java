/**
 * Profiling artefacts from a JFR recording of a build: stacks folded into a tree, drawn as a
 * flame graph SVG, and the run report's stage timings beside the sample counts
 * ({@code bench/run-profile.sh}, docs/perf/).
 */
package io.tileindex.bench.profile;
