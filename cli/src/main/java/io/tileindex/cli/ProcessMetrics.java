package io.tileindex.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Resource counters read from the OS (Linux /proc), not assumed: peak RSS (VmHWM), open file
 * descriptors (sampled every 20 ms by a daemon thread while the run lasts), process CPU time.
 */
public final class ProcessMetrics implements AutoCloseable {
    private final AtomicInteger openFilesPeak = new AtomicInteger();
    private final Thread sampler;
    private volatile boolean running = true;

    public ProcessMetrics() {
        sampleOpenFiles();
        sampler = new Thread(() -> {
            while (running) {
                sampleOpenFiles();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tileindex-metrics");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleOpenFiles() {
        int n = openFiles();
        openFilesPeak.accumulateAndGet(n, Math::max);
    }

    public static int openFiles() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    public int openFilesPeak() {
        sampleOpenFiles();
        return openFilesPeak.get();
    }

    /** Peak resident set size in bytes (VmHWM), or -1 where /proc is not available. */
    public static long peakRssBytes() {
        return statusKb("VmHWM:");
    }

    public static long rssBytes() {
        return statusKb("VmRSS:");
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public static double cpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
