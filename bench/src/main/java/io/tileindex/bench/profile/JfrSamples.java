package io.tileindex.bench.profile;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the stack samples of a JFR recording and folds them into a {@link StackTree} whose roots are
 * the thread groups. Two sample events are understood: {@code jdk.ExecutionSample} (a thread caught
 * running Java code; time in native code, e.g. ZSTD via JNI or write(2), is not seen) and JDK 25's
 * {@code jdk.CPUTimeSample} (driven by each thread's CPU-time clock, native code included; off by
 * default, enabled with {@code jdk.CPUTimeSample#enabled=true}).
 */
public final class JfrSamples {

    /** The event JFR's method profiler emits every 10 ms (settings=profile) per running Java thread. */
    public static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    /** The event of JFR's CPU-time profiler (JDK 25, experimental): one per slice of a thread's CPU time. */
    public static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";
    /** Emitted when the CPU-time profiler's queue overflowed, with the number of samples dropped. */
    static final String CPU_TIME_SAMPLES_LOST = "jdk.CPUTimeSamplesLost";

    /** A lambda's or hidden class's address changes from run to run: folding must not split on it. */
    private static final Pattern HIDDEN_CLASS_ADDRESS = Pattern.compile("[./]0x[0-9a-fA-F]+");
    /** Pool threads are numbered (tileindex-encode-0, -1, ...): the group is the name without it. */
    private static final Pattern THREAD_NUMBER = Pattern.compile("-\\d+$");

    /**
     * What one recording holds for one sample event: the folded tree, the samples per individual
     * thread, how many stacks JFR cut at its depth limit, and how many samples the profiler reported
     * dropping (only the CPU-time profiler reports that; 0 otherwise).
     */
    public record Samples(StackTree tree, Map<String, Long> byThread, long truncatedStacks, long lostSamples) {}

    private JfrSamples() {}

    /** Folds every {@code eventName} event of {@code recording} (none: an empty tree). */
    public static Samples read(Path recording, String eventName) throws IOException {
        StackTree tree = new StackTree();
        Map<String, Long> byThread = new LinkedHashMap<>();
        long truncated = 0;
        long lost = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (eventName.equals(CPU_TIME_SAMPLE) && type.equals(CPU_TIME_SAMPLES_LOST)) {
                    lost += e.getLong("lostSamples");
                }
                if (!type.equals(eventName)) {
                    continue;
                }
                String thread = threadName(e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread());
                byThread.merge(thread, 1L, Long::sum);
                RecordedStackTrace st = e.getStackTrace();
                if (st != null && st.isTruncated()) {
                    truncated++;
                }
                tree.add(stack(threadGroup(thread), st), 1);
            }
        }
        return new Samples(tree, byThread, truncated, lost);
    }

    /**
     * The folded stack of one sample: its thread group, then its frames outermost first; a stack
     * cut at JFR's depth limit gets a "[truncated]" frame under the group, so its partial paths do
     * not pose as complete ones.
     */
    static List<String> stack(String group, RecordedStackTrace st) {
        List<String> out = new ArrayList<>();
        out.add(group);
        if (st == null) {
            return out;
        }
        if (st.isTruncated()) {
            out.add("[truncated]");
        }
        List<RecordedFrame> frames = st.getFrames(); // innermost first
        for (int i = frames.size() - 1; i >= 0; i--) {
            out.add(frameName(frames.get(i)));
        }
        return out;
    }

    /** {@code package.Class.method}, with hidden-class addresses removed. */
    static String frameName(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        if (m == null) {
            return "[unknown]";
        }
        String type = m.getType() == null ? "[unknown]" : m.getType().getName();
        return HIDDEN_CLASS_ADDRESS.matcher(type).replaceAll("") + "." + m.getName();
    }

    /** A pool thread's group: {@code tileindex-encode-1 -> tileindex-encode}. */
    public static String threadGroup(String threadName) {
        return THREAD_NUMBER.matcher(threadName).replaceFirst("");
    }

    private static String threadName(RecordedThread t) {
        if (t == null) {
            return "[unknown thread]";
        }
        String n = t.getJavaName() != null ? t.getJavaName() : t.getOSName();
        return n == null ? "[unnamed thread]" : n;
    }
}
