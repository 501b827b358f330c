package io.tileindex.cli;

/** A command line that cannot be understood: printed with the usage text, exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) { super(message); }
}
