package io.tileindex.cli;

import io.tileindex.validator.Validator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code tileindex validate}: runs the independent validator (SPEC §8) on a published partition and
 * prints one JSON verdict on stdout. Exit 0 only when every check passes, 1 otherwise, 2 for a
 * command line that cannot be understood. The check list and the code each check reports are
 * documented on {@link Validator}.
 */
public final class ValidateCommand {
    static final Set<String> VALUED = Set.of("--out", "--parameter-hash", "--countries", "--iso", "--grid", "--predicate",
            "--iso-column", "--iso-table-column", "--threads", "--layer");
    static final Set<String> FLAGS = Set.of("--quiet", "--help", "--repair-geometry");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public static final String USAGE = """
            Usage: tileindex validate --out DIR --parameter-hash HEX64 --countries FILE --iso FILE --grid FILE.tif
                                      [--predicate center|any_overlap] [--iso-column NAME] [--iso-table-column NAME]
                                      [--repair-geometry] [--layer NAME] [--threads N] [--quiet]

              --out DIR             the output root the build wrote to
              --parameter-hash HEX  the partition to validate (64 lowercase hex)
              --countries FILE      the country polygons the build read (GeoJSON, GeoParquet, GeoPackage,
                                    ESRI Shapefile or a .zip of one, FlatGeobuf; recognised by content)
              --iso FILE            the ISO 3166-1 table the build read
              --grid FILE.tif       the GeoTIFF whose grid the build used
              --predicate P         center (default) or any_overlap: the rule the partition must follow
              --iso-column NAME     ISO property/column of the countries file (default country_iso; alpha-2,
                                    alpha-3 or numeric codes, mapped through the ISO table as the build does)
              --iso-table-column NAME  the ISO table's alpha-2 column (default country_iso)
              --repair-geometry     the build repaired invalid countries: recompute eligibility on JTS GeometryFixer's result
              --layer NAME          the GeoPackage layer the build read (needed when the file has several)
              --threads N           worker threads (default: available processors)
              --quiet               no progress on stderr

            Prints one JSON verdict: {"verdict":"pass"|"fail","checks":[{"name","status","code","example","count"}...]}.
            Exit 0 when every check passes, 1 when any fails, 2 for a usage error.
            """;

    private final PrintStream out, err;

    public ValidateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        Validator.Options options;
        try {
            CliArgs a = CliArgs.parse(args, 1, VALUED, FLAGS);
            if (a.flag("--help")) {
                out.print(USAGE);
                return 0;
            }
            String hash = a.require("--parameter-hash");
            if (!HEX64.matcher(hash).matches()) {
                throw new UsageException("--parameter-hash must be 64 lowercase hex characters, got '" + hash + "'");
            }
            String predicate = a.get("--predicate", "center");
            if (!predicate.equals("center") && !predicate.equals("any_overlap")) {
                throw new UsageException("--predicate must be center or any_overlap, got '" + predicate + "'");
            }
            int threads = a.threadCount("--threads");
            boolean quiet = a.flag("--quiet");
            options = new Validator.Options(Path.of(a.require("--out")).toAbsolutePath().normalize(), hash,
                    Path.of(a.require("--countries")), Path.of(a.require("--iso")), Path.of(a.require("--grid")),
                    predicate, a.get("--iso-column", "country_iso"), threads,
                    line -> {
                        if (!quiet) {
                            err.println("tileindex validate: " + line);
                        }
                    }, a.get("--iso-table-column", "country_iso"), a.flag("--repair-geometry"), a.get("--layer"));
        } catch (UsageException e) {
            err.println("tileindex: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Validator.Verdict v;
        try {
            v = Validator.run(options);
        } catch (RuntimeException | OutOfMemoryError e) {
            // a validator defect must still end in one JSON line and a failing exit, never a bare trace
            err.println("tileindex validate: internal failure: " + e);
            out.println(Json.compact(Map.of("verdict", "fail", "parameter_hash", options.parameterHash(),
                    "error", String.valueOf(e))));
            return 1;
        }
        out.println(Json.compact(v.json()));
        options.log().accept("verdict: " + v.json().get("verdict") + " in " + v.json().get("timing"));
        return v.passed() ? 0 : 1;
    }

}
