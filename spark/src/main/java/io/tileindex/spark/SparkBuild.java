package io.tileindex.spark;

import io.tileindex.cli.BuildCommand;
import io.tileindex.cli.BuildOptions;
import io.tileindex.cli.ErrorEvent;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;

import java.io.PrintStream;
import java.net.URI;
import java.util.Map;

/**
 * {@code tileindex build --engine spark}: the build as one Spark job. The driver reads the inputs and runs
 * stage 1 (scan, plan) as the local build does; each task writes whole files ({@link FileTasks}); the driver
 * checks the staged files against the plan, computes the SPEC §6 receipts, writes the evidence and publishes
 * by SPEC §5 ({@link FsPublisher}). Same inputs and parameter hash give the local build's bytes. Exit codes as
 * for the local build: 0, 1 with an S1_ERROR event on stderr, 2 for a command line that cannot be understood.
 */
public final class SparkBuild {
    public static final String USAGE = """
            Usage: tileindex build --engine spark --master URL --out DIR_OR_URI …every other option of the local build…
                   spark-submit --class io.tileindex.spark.SparkBuild tileindex-spark.jar build --out URI …

              --engine spark        run the build as an Apache Spark job (this entry point runs nothing else)
              --master URL          local[N], spark://host:port, yarn, k8s://…; under spark-submit its --master is used
              --out DIR_OR_URI      a local directory or a Hadoop file system URI with atomic rename (file://, hdfs://);
                                    object stores (s3a://, gs://, abfs://, …) are refused: they cannot publish atomically
            """ + BuildCommand.USAGE.substring(BuildCommand.USAGE.indexOf('\n') + 1);

    private final PrintStream out, err;
    private final Map<String, String> sparkSettings;

    /** @param sparkSettings Spark properties set on top of the defaults this class chooses (tests, embedding) */
    public SparkBuild(PrintStream out, PrintStream err, Map<String, String> sparkSettings) {
        this.out = out;
        this.err = err;
        this.sparkSettings = Map.copyOf(sparkSettings);
    }

    public static void main(String[] args) {
        System.exit(new SparkBuild(System.out, System.err, Map.of()).run(args));
    }

    /** Runs {@code build …} (args[0] is the command); returns the process exit code. */
    public int run(String[] args) {
        BuildOptions.ForEngine p = BuildOptions.ForEngine.of(args, out, err, USAGE);
        if (p.options() == null) {
            return p.exitCode();
        }
        if (p.engine() != null && !p.engine().equals("spark")) {
            err.println("tileindex: this entry point runs --engine spark only (got --engine " + p.engine() + ")");
            return 2;
        }
        String master = p.master() != null ? p.master() : new SparkConf().get("spark.master", null);
        if (master == null) {
            err.println("tileindex: --engine spark needs --master URL (or spark-submit's --master)");
            err.print(USAGE);
            return 2;
        }
        return new SparkRun(p.options(), master, outputUri(p.out()), sparkSettings, err).execute(out);
    }

    /** {@code --out} as a URI: a plain path is a local directory. */
    static URI outputUri(String out) {
        URI u = URI.create(out.replace(" ", "%20"));
        return u.getScheme() != null && u.getScheme().length() > 1 ? u
                : java.nio.file.Path.of(out).toAbsolutePath().normalize().toUri();
    }

    /** Prints the failure event and returns exit code 1. */
    static int fail(PrintStream err, TileIndexException e, Throwable cause, String parameterHash) {
        err.println(ErrorEvent.of(e, parameterHash));
        if (Boolean.getBoolean("tileindex.debug")) {
            cause.printStackTrace(err);
        }
        return 1;
    }

    /** Maps a failure to its code; a task's coded failure reaches the driver only as text in Spark's message. */
    static TileIndexException classify(Throwable e) {
        TileIndexException c = BuildCommand.classify(e);
        if (c.code() == ErrorCode.E000_INTERNAL && e instanceof org.apache.spark.SparkException) {
            for (ErrorCode code : ErrorCode.values()) {
                if (String.valueOf(e.getMessage()).contains(code.name())) {
                    return new TileIndexException(code, "a task failed: " + e.getMessage(), e);
                }
            }
        }
        return c;
    }

    /** The job's Spark configuration: the caller's settings over defaults that make the job run as specified. */
    static SparkConf sparkConf(String master, Map<String, String> settings) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("tileindex build");
        URI m = master.startsWith("spark://") ? URI.create(master.split(",")[0]) : null;
        if (m != null && m.getHost() != null && (m.getHost().equals("127.0.0.1") || m.getHost().equals("localhost"))) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1"); // a cluster on loopback reaches the driver there only
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!conf.contains("spark.executor.extraJavaOptions")) {
            conf.set("spark.executor.extraJavaOptions", String.join(" ", ExecutorJvmFlags.fromThisJvm()));
        }
        String jar = ExecutorJvmFlags.applicationJar();
        if (jar != null && !master.startsWith("local") && !conf.contains("spark.jars")) {
            conf.setJars(new String[] {jar}); // ./tileindex on a cluster: executors fetch tileindex-spark.jar from the driver
        }
        settings.forEach(conf::set);
        return conf;
    }
}
