package io.tileindex.writer.ring;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderedHandoffTest {

    @Test
    void consumerSeesEverySequenceInOrderWhileProducersFinishOutOfOrder() throws Exception {
        int n = 20_000, window = 8, producers = 4;
        OrderedHandoff<Long> h = new OrderedHandoff<>(window);
        AtomicLong next = new AtomicLong();
        AtomicInteger inFlightMax = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                long s;
                while ((s = next.getAndIncrement()) < n) {
                    h.awaitTurn(s, () -> false);
                    // in flight = started but not yet consumed: bounded by the window (back-pressure)
                    inFlightMax.accumulateAndGet((int) (s - h.consumed() + 1), Math::max);
                    if ((s * 7919) % 13 == 0) {
                        Thread.onSpinWait();
                        Thread.yield();
                    }
                    h.publish(s, s * 3, () -> false);
                }
            });
            t.start();
            ts.add(t);
        }
        long[] idle = new long[1];
        for (long s = 0; s < n; s++) {
            assertEquals(s * 3, h.take(s, () -> false, idle));
            if (s % 1000 == 0) {
                Thread.sleep(1); // a slow consumer: producers must wait, not run ahead
            }
        }
        for (Thread t : ts) {
            t.join();
        }
        assertTrue(inFlightMax.get() <= window, "in flight " + inFlightMax.get() + " > window " + window);
        assertEquals(n, h.consumed());
    }

    @Test
    void abortReleasesWaitingProducersAndConsumer() {
        OrderedHandoff<String> h = new OrderedHandoff<>(2);
        assertEquals(-1, h.awaitTurn(5, () -> true));
        assertEquals(null, h.take(0, () -> true, new long[1]));
    }
}
