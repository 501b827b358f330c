package io.tileindex.bench;

import io.tileindex.kernel.grid.Grid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared by the JMH suite and the end-to-end benchmark: where things are, the JVM flags. */
public final class BenchSupport {
    private BenchSupport() {}

    /** The WorldPop 1 km grid as GDAL reports it (data/worldpop_1km_grid.tif). */
    public static final Grid WORLDPOP = new Grid(16755, 43199, -0x1.6800a3bf8d493p+7, 0x1.111110febdd13p-7, 0,
            0x1.4e881b436f4dcp+6, 0, -0x1.111110febdd13p-7);

    public static Path repoRoot() {
        String p = System.getProperty("tileindex.repo.root");
        if (p != null) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.exists(d.resolve(".mvn/runtime-jvm.options"))) {
            d = d.getParent();
        }
        if (d == null) {
            throw new IllegalStateException("run from inside the tileindex repository or set -Dtileindex.repo.root");
        }
        return d;
    }

    /** The project's JVM flags (.mvn/runtime-jvm.options), for JMH forks and child JVMs. */
    public static List<String> jvmFlags() {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(repoRoot().resolve(".mvn/runtime-jvm.options"))) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
