/**
 * The {@code tileindex} commands: option parsing, the build as named steps, the run report and
 * summaries (SPEC §6), the S1_ERROR event and exit codes. One command per process; not meant to be
 * shared across threads.
 */
package io.tileindex.cli;
