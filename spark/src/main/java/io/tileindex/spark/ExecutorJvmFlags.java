package io.tileindex.spark;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The JVM flags executors need, taken from the driver's own command line so that one file keeps them
 * ({@code .mvn/runtime-jvm.options} and {@code spark/spark-jvm.options}, which ./tileindex and the tests pass):
 * module access for Spark, Chronicle and Agrona, the Vector API module and tileindex's system properties.
 * Heap flags stay out (Spark sets executor memory itself and refuses -Xmx there).
 */
final class ExecutorJvmFlags {
    private ExecutorJvmFlags() {}

    private static final List<String> FORWARDED = List.of("--add-opens", "--add-exports", "--add-modules", "--enable-native-access",
            "--sun-misc-unsafe-memory-access", "-Dchronicle.", "-Dio.netty.", "-Djava.awt.headless");

    static List<String> fromThisJvm() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> FORWARDED.stream().anyMatch(a::startsWith))
                .filter(a -> !a.contains(" ")) // one token each: extraJavaOptions is split at spaces
                .toList();
    }

    /** The jar this class was loaded from (tileindex-spark.jar), or null when run from class directories. */
    static String applicationJar() {
        try {
            var src = ExecutorJvmFlags.class.getProtectionDomain().getCodeSource();
            String path = src == null ? null : java.nio.file.Path.of(src.getLocation().toURI()).toString();
            return path != null && path.endsWith(".jar") ? path : null;
        } catch (java.net.URISyntaxException | SecurityException e) {
            return null;
        }
    }
}
