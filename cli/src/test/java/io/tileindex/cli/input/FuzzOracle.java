package io.tileindex.cli.input;

import io.tileindex.kernel.TileIndexException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The property every reader fuzz target checks (issue 4, item 6; SPEC §7 last paragraph): a reader
 * either accepts the input or fails with a coded {@link TileIndexException} whose message names the
 * file. Anything else escaping is a finding (Jazzer reports any throwable: an unchecked exception,
 * StackOverflowError, OutOfMemoryError; a hang is caught by its per-input timeout). A coded failure
 * that merely wraps a programming error (NPE, index out of bounds, ...) is a finding too: the
 * readers' catch-alls keep such a bug from reaching the user as a stack trace, but it is still a bug.
 */
final class FuzzOracle {
    private FuzzOracle() {}

    static void check(TileIndexException e, Path file) {
        if (e.getMessage() == null || !e.getMessage().contains(file.toString())) {
            throw new AssertionError("coded failure does not name the file " + file + ": " + e.getMessage(), e);
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof NullPointerException || c instanceof IndexOutOfBoundsException
                    || c instanceof ClassCastException || c instanceof ArithmeticException
                    || c instanceof NegativeArraySizeException || c instanceof BufferUnderflowException
                    || c instanceof BufferOverflowException || c instanceof IllegalStateException) {
                if (e.getMessage().contains("unreadable Parquet file")) {
                    return; // parquet-java's own reaction to a corrupt file, deliberately reported as E001
                }
                if (e.getMessage().contains("unreadable FlatGeobuf")) {
                    return; // FlatBuffers' Java accessors have no verifier: corrupt offsets index out of bounds
                }
                throw new AssertionError("a programming error hidden behind a coded failure: " + c, e);
            }
        }
    }

    /**
     * A per-JVM scratch file, rewritten for every input: in tmpfs when there is one, so that an
     * execution costs no disk I/O and the reader runs on a real file exactly as in production.
     */
    static Path scratch(String name) {
        try {
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "tileindex-fuzz-")
                    : Files.createTempDirectory("tileindex-fuzz-");
            dir.toFile().deleteOnExit();
            Path f = dir.resolve(name);
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path f, byte[] data) {
        try {
            Files.write(f, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
