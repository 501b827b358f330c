package io.tileindex.writer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap budget for countries' runs kept from the scan to the encode stage (thread-safe). Countries
 * whose runs do not fit are scanned again row group by row group instead, so the scan's memory is
 * bounded by this budget and not by the grid. Which countries fit may depend on scheduling; the
 * output does not (both ways give the same cells).
 */
public final class RetainedRuns {
    /** Bytes reserved per run: three ints, doubled for the growth of the arrays that hold them. */
    static final long BYTES_PER_RUN = 24;
    /** The default budget: 64 MiB, or a sixteenth of the heap when that is smaller (48 MiB in the project's heap). */
    public static final long DEFAULT_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);

    private final long capacity;
    private final AtomicLong left;

    public RetainedRuns(long bytes) {
        this.capacity = Math.max(0, bytes);
        this.left = new AtomicLong(capacity);
    }

    /** Most runs one country may collect while it is scanned (a quarter of the budget). */
    long maxRunsPerCountry() { return capacity / 4 / BYTES_PER_RUN; }

    /** Reserves room for {@code runs} runs; false (and nothing reserved) when they do not fit. */
    boolean tryReserve(long runs) {
        long need = runs * BYTES_PER_RUN;
        long l;
        do {
            l = left.get();
            if (l < need) {
                return false;
            }
        } while (!left.compareAndSet(l, l - need));
        return true;
    }

    long capacityBytes() { return capacity; }
    long usedBytes() { return capacity - left.get(); }
}
