package io.tileindex.writer.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test hooks for the output path.
 *
 * <p>I/O faults (IoFaultTest): make the Nth write, fsync or rename fail. {@link #NONE} in production
 * (a final field check per buffer drain, invisible in profiles).
 *
 * <p>Crash points (CrashSafetyTest): {@link #point} marks each step of writing and publishing. With
 * {@code -Dtileindex.test.pauseAt=<point>:<n>} the process writes the file named by
 * {@code -Dtileindex.test.pauseMarker} on the nth arrival at that point and then hangs, so a harness can
 * SIGKILL it exactly there; {@code -Dtileindex.test.pointLog=<file>} appends every arrival (the census
 * the harness enumerates kill points from). Without these properties the hook is a static final null
 * check that the JIT folds away.
 */
public class FaultInjector {
    public static final FaultInjector NONE = new FaultInjector();

    public enum Kind { WRITE, FSYNC, RENAME }

    private static final CrashPoints POINTS = CrashPoints.fromSystemProperties();

    private final Kind kind;
    private final long failAt;
    private final AtomicLong seen = new AtomicLong();

    private FaultInjector() {
        this(null, -1);
    }

    /** {@code failAt} past the run's count (e.g. {@link Long#MAX_VALUE}) only counts. */
    public FaultInjector(Kind kind, long failAt) {
        this.kind = kind;
        this.failAt = failAt;
    }

    /** How many operations of the injected kind were reached (to enumerate N in tests). */
    public long seen() { return seen.get(); }

    /** Before creating, writing or (for directories) making an output entry. */
    public void beforeWrite(Path p) throws IOException { check(Kind.WRITE, p); }
    /** Before fsyncing a file or directory of the output. */
    public void beforeFsync(Path p) throws IOException { check(Kind.FSYNC, p); }
    /** Before renaming a staged partition into place. */
    public void beforeRename(Path p) throws IOException { check(Kind.RENAME, p); }

    private void check(Kind k, Path p) throws IOException {
        if (kind == k && seen.incrementAndGet() == failAt) {
            throw new IOException("injected " + k + " fault #" + failAt + " at " + p);
        }
    }

    /** A named step of the output path; see the class comment. */
    public static void point(String name) {
        if (POINTS != null) {
            POINTS.reached(name);
        }
    }

    private static final class CrashPoints {
        private final String pauseName;
        private final long pauseAt;
        private final Path marker, log;
        private final Map<String, Long> counts = new HashMap<>();

        private CrashPoints(String pauseName, long pauseAt, Path marker, Path log) {
            this.pauseName = pauseName;
            this.pauseAt = pauseAt;
            this.marker = marker;
            this.log = log;
        }

        static CrashPoints fromSystemProperties() {
            String at = System.getProperty("tileindex.test.pauseAt");
            String log = System.getProperty("tileindex.test.pointLog");
            if (at == null && log == null) {
                return null;
            }
            String name = null;
            long n = -1;
            if (at != null) {
                int colon = at.lastIndexOf(':');
                name = at.substring(0, colon);
                n = Long.parseLong(at.substring(colon + 1));
            }
            String marker = System.getProperty("tileindex.test.pauseMarker");
            return new CrashPoints(name, n, marker == null ? null : Path.of(marker), log == null ? null : Path.of(log));
        }

        // synchronized: a paused thread keeps the lock, so no other thread gets past its next point either
        synchronized void reached(String name) {
            long n = counts.merge(name, 1L, Long::sum);
            try {
                if (log != null) {
                    Files.writeString(log, name + ":" + n + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                if (name.equals(pauseName) && n == pauseAt) {
                    if (marker != null) {
                        Files.writeString(marker, name + ":" + n + "\n", StandardCharsets.UTF_8);
                    }
                    while (true) {
                        Thread.sleep(60_000); // until the harness SIGKILLs us
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
