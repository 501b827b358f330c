package io.tileindex.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1: Spark's own {@code Master} and two {@code Worker}s (one core each),
 * each a JVM of its own started from this test JVM's class path and flags, with a {@code SPARK_HOME} that
 * holds links to the class path's jars (what a Worker launches executors from). Closing kills all of them,
 * executors included.
 */
final class LoopbackCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    final String masterUrl;

    LoopbackCluster(Path dir, int workers) throws IOException, InterruptedException {
        this.dir = dir;
        Path sparkHome = sparkHome(dir.resolve("spark-home"));
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        start("master", sparkHome, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
                "--webui-port", "" + freePort());
        for (int w = 0; w < workers; w++) {
            start("worker-" + w, sparkHome, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "1g", "--webui-port", "" + freePort(), "--work-dir", dir.resolve("work-" + w).toString(), masterUrl);
        }
        awaitLog("master", "Registering worker", workers, 90);
    }

    /** Class directories of this JVM's class path: executors get them as {@code spark.executor.extraClassPath}. */
    static String classDirectories() {
        return String.join(java.io.File.pathSeparator, classPath().stream().filter(p -> !p.endsWith(".jar")).toList());
    }

    private static List<String> classPath() {
        return List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
    }

    private static Path sparkHome(Path home) throws IOException {
        Files.createDirectories(home.resolve("jars"));
        Files.createFile(home.resolve("RELEASE")); // a Worker takes SPARK_HOME for a distribution only with it
        for (String entry : classPath()) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.exists(jar) && !Files.exists(home.resolve("jars").resolve(jar.getFileName()))) {
                Files.createSymbolicLink(home.resolve("jars").resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        return home;
    }

    private void start(String name, Path sparkHome, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + SparkBuilds.repo().resolve(".mvn/runtime-jvm.options"), "@" + System.getProperty("tileindex.spark.jvm.options",
                        SparkBuilds.repo().resolve("spark/spark-jvm.options").toString()),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        processes.add(pb.start());
    }

    private void awaitLog(String name, String line, int times, int seconds) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.contains(line)).count() >= times) {
                return;
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process exited: see " + dir);
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no " + times + " x '" + line + "' in " + log + " within " + seconds + " s");
    }

    String log(String name) throws IOException { return Files.readString(dir.resolve(name + ".log")); }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // executors the workers started
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
