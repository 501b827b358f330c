package io.tileindex.kernel.columns;

import java.lang.reflect.Constructor;
import java.util.logging.Logger;

/**
 * Chooses the column kernel, after Lucene's VectorizationProvider: the scalar kernel is the
 * default; the Vector API kernel is loaded reflectively only when the incubator module is present
 * and vectors are wide enough to help. Every fallback is logged with its reason.
 * {@code -Dtileindex.kernel=scalar|vector} forces a choice (tests and benchmarks use it).
 */
public final class ColumnKernels {
    private static final Logger LOG = Logger.getLogger(ColumnKernels.class.getName());
    private static volatile ColumnKernel instance;
    private static volatile String reason = "";

    private ColumnKernels() {}

    public static ColumnKernel get() {
        ColumnKernel k = instance;
        if (k == null) {
            synchronized (ColumnKernels.class) {
                if (instance == null) {
                    instance = choose(System.getProperty("tileindex.kernel", "auto"));
                }
                k = instance;
            }
        }
        return k;
    }

    /** Why {@link #get()} chose what it chose (for the run report). */
    public static String reason() {
        get();
        return reason;
    }

    public static ColumnKernel scalar() { return new ScalarColumnKernel(); }

    /** The vector kernel, or empty when the incubator module is absent. */
    public static java.util.Optional<ColumnKernel> vector() {
        try {
            return java.util.Optional.of(loadVector());
        } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
            return java.util.Optional.empty();
        }
    }

    private static ColumnKernel choose(String wanted) {
        if (wanted.equals("scalar")) {
            reason = "scalar forced by -Dtileindex.kernel=scalar";
            LOG.info(reason);
            return new ScalarColumnKernel();
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            reason = "scalar: module jdk.incubator.vector not present (run with --add-modules jdk.incubator.vector)";
            LOG.warning(reason);
            return new ScalarColumnKernel();
        }
        try {
            ColumnKernel v = loadVector();
            reason = "vector: " + v.name();
            LOG.fine(reason);
            return v;
        } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
            reason = "scalar: vector kernel failed to load: " + e;
            LOG.warning(reason);
            if (wanted.equals("vector")) {
                throw new IllegalStateException(reason, e);
            }
            return new ScalarColumnKernel();
        }
    }

    private static ColumnKernel loadVector() throws ReflectiveOperationException {
        Class<?> c = Class.forName("io.tileindex.kernel.columns.VectorColumnKernel");
        Constructor<?> ctor = c.getDeclaredConstructor();
        return (ColumnKernel) ctor.newInstance();
    }
}
