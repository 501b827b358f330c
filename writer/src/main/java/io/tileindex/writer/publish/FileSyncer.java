package io.tileindex.writer.publish;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * Fsyncs and closes written files on a thread of its own, so the one ordered writer never waits for
 * the disk: at about half a millisecond per file, the 496 fsyncs of a full-world run were ~0.3 s of
 * the writer's critical path. {@link #finish} waits for every handed-over file and reports the first
 * failure; the publisher renames nothing before it returns, so durability before publish is unchanged.
 */
public final class FileSyncer implements AutoCloseable {
    private final FaultInjector faults;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Thread thread;
    private volatile IOException failure; // written under the lock, read by the loop without it
    private boolean finishing;
    private int inFlight;

    private record Pending(Path path, FileChannel channel) {}

    public FileSyncer(FaultInjector faults) {
        this.faults = faults;
        this.thread = Thread.ofPlatform().name("tileindex-fsync").daemon().start(this::loop);
    }

    /** Takes over {@code channel}: it is fsynced and closed in the background. */
    void handOver(Path path, FileChannel channel) throws IOException {
        IOException earlier;
        synchronized (this) {
            if (finishing) {
                channel.close();
                throw new IllegalStateException("file syncer finished; " + path + " handed over too late");
            }
            earlier = failure;
            if (earlier == null) {
                queue.add(new Pending(path, channel));
                inFlight++;
                notifyAll();
                return;
            }
        }
        // an earlier file failed to sync: fail this write with that failure, as a synchronous fsync would have
        channel.close();
        throw new IOException(earlier.getMessage(), earlier);
    }

    private void loop() {
        while (true) {
            Pending p;
            synchronized (this) {
                while (queue.isEmpty() && !finishing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                p = queue.poll();
            }
            IOException err = null;
            boolean synced = false;
            try {
                if (failure == null) { // after a failure the run fails: the remaining files are only closed
                    faults.beforeFsync(p.path());
                    p.channel().force(true);
                    synced = true;
                }
            } catch (IOException e) {
                err = e;
            } finally {
                try {
                    p.channel().close();
                } catch (IOException e) {
                    err = err == null ? e : err;
                }
            }
            if (synced && err == null) {
                FaultInjector.point("write.file.fsynced");
            }
            synchronized (this) {
                if (err != null && failure == null) {
                    failure = err;
                }
                inFlight--;
                notifyAll();
            }
        }
    }

    /** Waits until every handed-over file is fsynced and closed; throws the first failure. */
    public void finish() throws IOException {
        synchronized (this) {
            finishing = true;
            notifyAll();
            while (inFlight > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for fsync", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Stops after the queued files (closing them); used on failure paths, where staging is discarded anyway. */
    @Override
    public void close() {
        try {
            finish();
        } catch (IOException ignored) {
            // the run has failed already; staging is discarded as a whole
        }
    }
}
