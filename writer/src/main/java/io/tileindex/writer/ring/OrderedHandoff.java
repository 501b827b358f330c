package io.tileindex.writer.ring;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;

/**
 * Many workers, one ordered consumer (MPSC). Workers finish units out of order; each deposits its
 * result in slot {@code seq % window} and rings the consumer through an Agrona
 * {@link ManyToOneRingBuffer} with the sequence number. The consumer takes sequences strictly in
 * order. Back-pressure: a worker may start sequence {@code s} only when {@code s < consumed + window},
 * so at most {@code window} finished units wait in memory however large a country is, and slots
 * can never collide.
 */
public final class OrderedHandoff<T> {
    private static final int MSG_SEQ = 1;
    private final ManyToOneRingBuffer ring;
    private final AtomicReferenceArray<T> slots;
    private final boolean[] rung; // consumer-private: which slots have been announced
    private final int window;
    private final AtomicLong consumed = new AtomicLong();

    public OrderedHandoff(int window) {
        this.window = window;
        this.slots = new AtomicReferenceArray<>(window);
        this.rung = new boolean[window];
        int capacity = Integer.highestOneBit(Math.max(1024, window * 64)) * 2;
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    public int window() { return window; }

    public long consumed() { return consumed.get(); }

    /**
     * Producer: waits until {@code seq} fits the window. Returns the nanoseconds spent waiting
     * (worker idle time), or -1 if {@code abort} became true.
     */
    public long awaitTurn(long seq, BooleanSupplier abort) {
        if (seq < consumed.get() + window) {
            return 0;
        }
        long t0 = System.nanoTime();
        IdleStrategy idle = new BackoffIdleStrategy(1, 10, 1_000, 1_000_000);
        while (seq >= consumed.get() + window) {
            if (abort.getAsBoolean()) {
                return -1;
            }
            idle.idle();
        }
        return System.nanoTime() - t0;
    }

    /** Producer: hands over the result of {@code seq}. */
    public void publish(long seq, T value, BooleanSupplier abort) {
        slots.set((int) (seq % window), value);
        UnsafeBuffer msg = new UnsafeBuffer(new byte[Long.BYTES]);
        msg.putLong(0, seq);
        IdleStrategy idle = new BackoffIdleStrategy(1, 10, 1_000, 100_000);
        while (!ring.write(MSG_SEQ, msg, 0, Long.BYTES)) {
            if (abort.getAsBoolean()) {
                return;
            }
            idle.idle();
        }
    }

    /**
     * Consumer: the value of sequence {@code seq} (which must be the next in order), waiting as
     * needed; null if {@code abort} became true. {@code idleNanos[0]} accumulates the wait.
     */
    public T take(long seq, BooleanSupplier abort, long[] idleNanos) {
        int slot = (int) (seq % window);
        IdleStrategy idle = new BackoffIdleStrategy(1, 10, 1_000, 200_000);
        long t0 = 0;
        while (!rung[slot]) {
            int read = ring.read((type, buffer, index, length) -> rung[(int) (buffer.getLong(index) % window)] = true);
            if (read == 0) {
                if (abort.getAsBoolean()) {
                    return null;
                }
                if (t0 == 0) {
                    t0 = System.nanoTime();
                }
                idle.idle();
            }
        }
        if (t0 != 0) {
            idleNanos[0] += System.nanoTime() - t0;
        }
        rung[slot] = false;
        T v = slots.getAndSet(slot, null);
        consumed.incrementAndGet();
        return v;
    }
}
