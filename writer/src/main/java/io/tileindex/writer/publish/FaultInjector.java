package io.tileindex.writer.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test hook for I/O fault runs: make the Nth write, fsync or rename fail. {@link #NONE} in
 * production (a final field check per buffer drain, invisible in profiles).
 */
public class FaultInjector {
    public static final FaultInjector NONE = new FaultInjector();

    public enum Kind { WRITE, FSYNC, RENAME }

    private final Kind kind;
    private final long failAt;
    private final AtomicLong seen = new AtomicLong();

    private FaultInjector() {
        this(null, -1);
    }

    public FaultInjector(Kind kind, long failAt) {
        this.kind = kind;
        this.failAt = failAt;
    }

    /** How many operations of the injected kind were reached (to enumerate N in tests). */
    public long seen() { return seen.get(); }

    void beforeWrite(Path p) throws IOException { check(Kind.WRITE, p); }
    void beforeFsync(Path p) throws IOException { check(Kind.FSYNC, p); }
    void beforeRename(Path p) throws IOException { check(Kind.RENAME, p); }

    private void check(Kind k, Path p) throws IOException {
        if (kind == k && seen.incrementAndGet() == failAt) {
            throw new IOException("injected " + k + " fault #" + failAt + " at " + p);
        }
    }
}
