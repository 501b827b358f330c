package io.tileindex.cli;

import io.tileindex.kernel.scan.Predicate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@code tileindex build}, checked: every problem here is a usage error (exit 2)
 * raised before any input is read.
 *
 * @param parameterHash the caller's {@code --parameter-hash}, or null to derive it from the inputs
 * @param only the sorted, distinct {@code --only} codes, or null for every country
 * @param cache the country cache: its directory and byte limit, or null for {@code --no-cache}
 * @param coverageFraction {@code --coverage-fraction}: tile_index gets the coverage_fraction column (SPEC §4)
 */
public record BuildOptions(Path countries, Path iso, Path grid, Path outRoot, Predicate predicate, int workers,
                    String parameterHash, List<String> only, String isoColumn, String isoTableColumn, String layer,
                    boolean repairGeometry, boolean skipUnknownCodes, boolean quiet, Cache cache, boolean coverageFraction) {
    static final Set<String> VALUED = Set.of("--countries", "--iso", "--grid", "--out", "--predicate", "--workers",
            "--parameter-hash", "--only", "--iso-column", "--iso-table-column", "--layer", "--cache", "--cache-max-bytes");
    static final Set<String> FLAGS = Set.of("--quiet", "--help", "--repair-geometry", "--skip-unknown-codes", "--no-cache",
            "--coverage-fraction");

    /** {@code --cache-max-bytes} when not given: 16 GiB. */
    public static final long DEFAULT_CACHE_MAX_BYTES = 16L << 30;

    /** Where the country cache lives ({@code --cache}, default {@code <out>/cache}) and its limit. */
    public record Cache(Path dir, long maxBytes) {}

    /** The geometry policy, as the cache keys name it. */
    public String geometryPolicy() { return repairGeometry ? "repair" : "reject-invalid"; }

    /**
     * The command line read for a command that takes the build's options: the options, or the exit
     * code when there is nothing to run (help printed: 0; usage error: 2; a bad predicate: 1).
     */
    record Parsed(BuildOptions options, int exitCode) {
        static Parsed of(String[] args, java.io.PrintStream out, java.io.PrintStream err, String usage) {
            try {
                BuildOptions o = parse(args);
                if (o == null) {
                    out.print(usage);
                    return new Parsed(null, 0);
                }
                return new Parsed(o, 0);
            } catch (UsageException e) {
                err.println("tileindex: " + e.getMessage());
                err.print(usage);
                return new Parsed(null, 2);
            } catch (io.tileindex.kernel.TileIndexException e) {
                err.println(ErrorEvent.of(e, null));
                return new Parsed(null, 1);
            }
        }
    }

    /** How the countries file is read for these options, keys mapped through {@code iso}. */
    public io.tileindex.cli.input.CountryOptions countryOptions(io.tileindex.cli.input.IsoTable iso) {
        return new io.tileindex.cli.input.CountryOptions(isoColumn, iso, only, repairGeometry, skipUnknownCodes, layer);
    }

    /**
     * The command line of a build run by another engine ({@code ./tileindex build --engine spark}): the build's
     * options plus {@code --engine} and {@code --master}. {@code --out} is also kept as given, since such an engine
     * may write to a URI ({@code hdfs://...}) that is no local path; {@code options().outRoot()} is then meaningless.
     *
     * @param options  null when there is nothing to run ({@code exitCode} says why, as for {@link Parsed})
     * @param engine   {@code --engine}, or null
     * @param master   {@code --master}, or null
     * @param out      {@code --out} as given
     */
    public record ForEngine(BuildOptions options, String engine, String master, String out, int exitCode) {
        public static ForEngine of(String[] args, java.io.PrintStream out, java.io.PrintStream err, String usage) {
            Set<String> valued = new java.util.HashSet<>(VALUED);
            valued.addAll(Set.of("--engine", "--master"));
            try {
                CliArgs a = CliArgs.parse(args, 1, valued, FLAGS);
                if (a.flag("--help")) {
                    out.print(usage);
                    return new ForEngine(null, null, null, null, 0);
                }
                return new ForEngine(fromArgs(a), a.get("--engine"), a.get("--master"), a.require("--out"), 0);
            } catch (UsageException e) {
                err.println("tileindex: " + e.getMessage());
                err.print(usage);
                return new ForEngine(null, null, null, null, 2);
            } catch (io.tileindex.kernel.TileIndexException e) {
                err.println(ErrorEvent.of(e, null));
                return new ForEngine(null, null, null, null, 1);
            }
        }
    }

    /**
     * The partition's parameter hash: {@code --parameter-hash}, or else derived from the inputs' digests and
     * every option that decides the output (SPEC §4). Every engine names its partition by this one method.
     */
    public String parameterHash(io.tileindex.cli.input.GridInput gridInput, io.tileindex.kernel.grid.Grid grid,
                                io.tileindex.cli.input.IsoTable iso, io.tileindex.cli.input.CountryReader.CountrySet countries) {
        if (parameterHash != null) {
            return parameterHash;
        }
        return ParameterHash.derive(ParameterHash.canonical(countries.digest().sha256(), iso.digest().sha256(),
                gridInput.digest().sha256(), grid, predicate.wireName(), only, isoColumn,
                new ParameterHash.GeometryPolicy(isoTableColumn, layer, repairGeometry, skipUnknownCodes), coverageFraction));
    }

    /** The options, or null when help was asked for. */
    static BuildOptions parse(String[] args) {
        CliArgs a = CliArgs.parse(args, 1, VALUED, FLAGS);
        return a.flag("--help") ? null : fromArgs(a);
    }

    private static BuildOptions fromArgs(CliArgs a) {
        String given = a.get("--parameter-hash");
        return new BuildOptions(a.path("--countries"), a.path("--iso"), a.path("--grid"),
                a.path("--out").toAbsolutePath().normalize(), Predicate.parse(a.get("--predicate", "center")),
                a.threadCount("--workers"), given == null ? null : ParameterHash.checkGiven(given),
                parseOnly(a.get("--only")), a.get("--iso-column", "country_iso"), a.get("--iso-table-column", "country_iso"),
                a.get("--layer"), a.flag("--repair-geometry"), a.flag("--skip-unknown-codes"), a.flag("--quiet"), cache(a),
                a.flag("--coverage-fraction"));
    }

    private static Cache cache(CliArgs a) {
        if (a.flag("--no-cache")) {
            if (a.get("--cache") != null || a.get("--cache-max-bytes") != null) {
                throw new UsageException("--no-cache contradicts --cache and --cache-max-bytes");
            }
            return null;
        }
        Path out = a.path("--out").toAbsolutePath().normalize();
        Path dir = a.get("--cache") == null ? out.resolve("cache") : a.path("--cache").toAbsolutePath().normalize();
        if (dir.startsWith(out.resolve("data")) || dir.startsWith(out.resolve("reports")) || dir.startsWith(out.resolve(".staging"))) {
            throw new UsageException("--cache " + dir + " lies inside the output's data, reports or staging");
        }
        return new Cache(dir, byteCount(a.get("--cache-max-bytes")));
    }

    /** A byte count: digits with an optional K, M, G or T suffix (powers of 1024). */
    static long byteCount(String s) {
        if (s == null) {
            return DEFAULT_CACHE_MAX_BYTES;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,15})([KMGT]?)i?B?").matcher(s.trim().toUpperCase());
        if (!m.matches()) {
            throw new UsageException("--cache-max-bytes " + s + ": a byte count such as 500000000, 512M or 20G");
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException e) {
            throw new UsageException("--cache-max-bytes " + s + ": too large");
        }
    }

    private static List<String> parseOnly(String s) {
        if (s == null) {
            return null;
        }
        Set<String> codes = new LinkedHashSet<>(Arrays.asList(s.split(",")));
        codes.removeIf(String::isBlank);
        List<String> sorted = new ArrayList<>(codes);
        sorted.replaceAll(String::trim);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            throw new UsageException("--only needs at least one ISO code");
        }
        return sorted;
    }
}
