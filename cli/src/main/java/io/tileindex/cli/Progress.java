package io.tileindex.cli;

import io.tileindex.writer.TileIndexPipeline;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: a redrawn bar with tiles/s and ETA when stderr is a terminal, a plain line every
 * 2 s otherwise (logs, CI), nothing with {@code --quiet}. The pipeline calls {@link #total} once row groups
 * are planned and {@link #written} as the ordered writer advances; rate and ETA count from the first write.
 */
final class Progress implements TileIndexPipeline.Progress {
    static final long TTY_INTERVAL = 100_000_000L, PLAIN_INTERVAL = 2_000_000_000L;
    static final int BAR = 28;

    private final PrintStream err;
    private final boolean quiet, tty;
    private final LongSupplier clock;
    private final long start;
    private volatile long total = -1;
    private long lastPrint, firstAt = -1, firstRows;

    Progress(PrintStream err, boolean quiet, boolean tty, LongSupplier clock) {
        this.err = err;
        this.quiet = quiet;
        this.tty = tty;
        this.clock = clock;
        this.start = clock.getAsLong();
        // a terminal gets the bar at once; a log gets its first line after one interval, like every other
        this.lastPrint = tty ? start - TTY_INTERVAL : start;
    }

    /** For the real stderr: a bar only when that stream is the process's stderr and it is a terminal. */
    static Progress on(PrintStream err, boolean quiet) {
        return new Progress(err, quiet, !quiet && err == System.err && stderrIsTerminal(), System::nanoTime);
    }

    /**
     * Whether fd 2 is a terminal. {@link Console#isTerminal()} answers for stdin and stdout, and stdout is
     * usually redirected here (it carries the JSON summary), so on Linux fd 2 itself is asked first.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Console c = System.console();
            return c != null && c.isTerminal();
        }
    }

    boolean tty() { return tty; }

    @Override
    public void total(long rows) {
        total = rows;
    }

    @Override
    public void written(long rows) {
        if (quiet) {
            return;
        }
        long now = clock.getAsLong();
        if (firstAt < 0) {
            firstAt = now;
            firstRows = rows;
        }
        if (now - lastPrint < (tty ? TTY_INTERVAL : PLAIN_INTERVAL)) {
            return;
        }
        lastPrint = now;
        if (tty) {
            err.print("\r\u001b[2K" + bar(rows, now));
            err.flush();
        } else {
            err.println("tileindex: progress: " + line(rows, now));
        }
    }

    /** On a terminal the bar is left at its final state (100 %, mean rate) on its own line. */
    void finish(long rows) {
        if (!quiet && tty) {
            err.print("\r\u001b[2K" + bar(rows, clock.getAsLong()) + "\n");
            err.flush();
        }
    }

    String bar(long rows, long now) {
        long t = total;
        double frac = t > 0 ? Math.min(1, (double) rows / t) : t == 0 ? 1 : 0;
        int fill = (int) Math.round(frac * BAR);
        StringBuilder b = new StringBuilder(100).append('[');
        for (int i = 0; i < BAR; i++) {
            b.append(i < fill ? '=' : i == fill ? '>' : ' ');
        }
        b.append(String.format(Locale.ROOT, "] %3.0f%%  %,d", frac * 100, rows));
        if (t >= 0) {
            b.append(String.format(Locale.ROOT, "/%,d", t));
        }
        b.append(" tiles  ").append(rateText(rows, now)).append("  ").append(eta(rows, now));
        return b.toString();
    }

    String line(long rows, long now) {
        long t = total;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d", rows));
        if (t > 0) {
            b.append(String.format(Locale.ROOT, " / %,d tiles (%.0f %%)", t, 100.0 * rows / t));
        } else {
            b.append(" tiles");
        }
        return b.append(", ").append(rateText(rows, now)).append(", ").append(eta(rows, now))
                .append(String.format(Locale.ROOT, ", %.1f s", (now - start) / 1e9)).toString();
    }

    private String rateText(long rows, long now) {
        double r = rate(rows, now);
        return r < 0 ? "-- M tiles/s" : String.format(Locale.ROOT, "%.1f M tiles/s", r / 1e6);
    }

    /**
     * Tiles/s since the first write: the scan, the plan and the wait for the first row group say nothing
     * about how fast the rest will go. Negative while there is nothing to measure yet.
     */
    private double rate(long rows, long now) {
        if (firstAt < 0 || now - firstAt < 1_000_000L || rows <= firstRows) {
            return -1;
        }
        return (rows - firstRows) / ((now - firstAt) / 1e9);
    }

    private String eta(long rows, long now) {
        long t = total;
        if (t >= 0 && rows >= t) {
            return String.format(Locale.ROOT, "done in %.1f s", (now - start) / 1e9);
        }
        double r = rate(rows, now);
        if (t < 0 || r <= 0) {
            return "ETA --";
        }
        long s = Math.round(Math.ceil((t - rows) / r));
        return s >= 60 ? String.format(Locale.ROOT, "ETA %d:%02d", s / 60, s % 60) : "ETA " + s + " s";
    }
}
