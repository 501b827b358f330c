package io.tileindex.cli;

import io.tileindex.writer.publish.FaultInjector;

import java.io.PrintStream;

/** Entry point of the {@code ./tileindex} launcher. */
public final class Main {
    static final String USAGE = """
            Usage: tileindex <command> [options]

            Commands:
              build      compute and publish the tile index (tileindex build --help)
              plan       scan and estimate a build (tiles, files, bytes, seconds) without writing (same options as build)
              validate   check a published partition independently (tileindex validate --help)
              --version  print the tool's version and the versions of every library that affects output bytes
              --help     this text
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        switch (args[0]) {
            case "--version":
                out.print(Version.describe());
                return 0;
            case "build":
                return new BuildCommand(out, err, FaultInjector.NONE).run(args);
            case "plan":
                return new PlanCommand(out, err).run(args);
            case "validate":
                return new ValidateCommand(out, err).run(args);
            default:
                err.println("tileindex: unknown command '" + args[0] + "'");
                err.print(USAGE);
                return 2;
        }
    }
}
