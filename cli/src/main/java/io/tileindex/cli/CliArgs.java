package io.tileindex.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small, strict option parser: {@code --name value}, {@code --name=value} and boolean flags.
 * Unknown options fail with a usage error naming every one of them.
 */
public final class CliArgs {
    private final Map<String, String> values = new LinkedHashMap<>();

    private CliArgs() {}

    public static CliArgs parse(String[] args, int from, Set<String> valued, Set<String> flags) {
        CliArgs a = new CliArgs();
        List<String> unknown = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") && flags.contains("--help")) {
                arg = "--help"; // as at the top level: every command answers -h
            }
            if (!arg.startsWith("--")) {
                unknown.add(arg);
                continue;
            }
            String name = arg, value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option " + name + " takes no value");
                }
                a.values.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (a.values.containsKey(name)) {
                    throw new UsageException("option " + name + " given twice");
                }
                a.values.put(name, value);
            } else {
                unknown.add(name);
                if (value == null && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    i++; // most likely its value: "--countrys x.geojson" is one mistake, not two
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new UsageException("unknown option" + (unknown.size() > 1 ? "s: " : ": ") + String.join(", ", unknown));
        }
        return a;
    }

    public String get(String name) { return values.get(name); }

    public String get(String name, String dflt) { return values.getOrDefault(name, dflt); }

    public boolean flag(String name) { return values.containsKey(name); }

    /** A thread-count option ({@code --workers}, {@code --threads}): 1..1024, default the available processors. */
    public int threadCount(String name) {
        String s = values.get(name);
        if (s == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > 1024) {
                throw new UsageException(name + " must be between 1 and 1024, got " + s);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, got '" + s + "'");
        }
    }

    /** A required path option; an empty or blank value is a usage error, never the current directory. */
    public java.nio.file.Path path(String name) {
        String v = require(name);
        if (v.isBlank()) {
            throw new UsageException("option " + name + " needs a path, got an empty value");
        }
        try {
            return java.nio.file.Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("option " + name + ": not a valid path: " + e.getMessage());
        }
    }

    public String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing required option " + name);
        }
        return v;
    }
}
