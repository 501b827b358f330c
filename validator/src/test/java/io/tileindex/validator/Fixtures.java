package io.tileindex.validator;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test inputs the repository carries: {@code data/} and the build's country-format fixtures. */
final class Fixtures {
    private Fixtures() {}

    /** Surefire sets {@code tileindex.repo.root}; otherwise the first directory upwards that holds the fixtures. */
    static Path repoRoot() {
        String p = System.getProperty("tileindex.repo.root");
        if (p != null) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("cli/src/test/resources/formats")) && Files.isDirectory(d.resolve("data"))) {
                return d;
            }
        }
        throw new IllegalStateException("repository root not found: set -Dtileindex.repo.root");
    }

    /** The GDAL-written GeoPackage, Shapefile and FlatGeobuf of five countries (see the README there). */
    static Path formats() {
        return repoRoot().resolve("cli/src/test/resources/formats");
    }
}
