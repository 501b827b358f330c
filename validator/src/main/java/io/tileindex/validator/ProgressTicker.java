package io.tileindex.validator;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A progress line every interval while a long step runs ("files: 120 of 5,580 checked, 41 s"), so a
 * validation of a large partition is never silent. A daemon thread; {@link #close} stops it.
 */
final class ProgressTicker implements AutoCloseable {
    static final long DEFAULT_INTERVAL_MILLIS = 2000;

    private final AtomicLong done = new AtomicLong();
    private final Thread thread;

    ProgressTicker(String what, long total, long intervalMillis, Consumer<String> log) {
        long t0 = System.nanoTime();
        thread = Thread.ofPlatform().daemon().name("validate-progress").start(() -> {
            try {
                while (true) {
                    Thread.sleep(intervalMillis);
                    log.accept(String.format(java.util.Locale.ROOT, "%s: %,d of %,d checked, %.0f s", what, done.get(), total,
                            (System.nanoTime() - t0) / 1e9));
                }
            } catch (InterruptedException e) {
                // closed: the step is over
            }
        });
    }

    /** One more unit (a file) is done. */
    void advance() { done.incrementAndGet(); }

    void advance(int n) { done.addAndGet(n); }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
