package io.tileindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.input.GeoTiffHeaderReader;
import io.tileindex.kernel.grid.Grid;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real inputs the repository carries in {@code data/} (see data/SOURCES.md), so that the default
 * suite runs from a bare clone, and an independent JTS parse of the countries for oracles.
 */
public final class BundledData {
    private BundledData() {}

    /** The repository's {@code data/}; {@code -Dtileindex.data=DIR} points the tests at another copy. */
    public static Path dir() {
        String p = System.getProperty("tileindex.data");
        return (p != null ? Path.of(p) : repoRoot().resolve("data")).toAbsolutePath().normalize();
    }

    /** Surefire sets {@code tileindex.repo.root}; an IDE run from a module directory finds it upwards. */
    public static Path repoRoot() {
        String p = System.getProperty("tileindex.repo.root");
        if (p != null) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("data/worldpop_1km_grid.tif")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("repository root not found: set -Dtileindex.repo.root");
    }

    public static Path countries() { return dir().resolve("world_countries_ne10m.geojson"); }
    public static Path iso() { return dir().resolve("iso3166.csv"); }
    public static Path worldPop() { return dir().resolve("worldpop_1km_grid.tif"); }

    public static Grid worldPopGrid() { return GeoTiffHeaderReader.read(worldPop()).toGrid(); }

    private static Map<String, io.tileindex.kernel.geom.CountryShape> shapes;

    /** The bundled countries as the production reader gives them, keyed by ISO code. */
    public static synchronized Map<String, io.tileindex.kernel.geom.CountryShape> shapes() {
        if (shapes == null) {
            Map<String, io.tileindex.kernel.geom.CountryShape> m = new TreeMap<>();
            for (var c : io.tileindex.cli.input.CountryReader.read(countries(), "country_iso").countries()) {
                m.put(c.iso(), c);
            }
            shapes = java.util.Collections.unmodifiableMap(m);
        }
        return shapes;
    }

    private static Map<String, Geometry> jts;

    /** Countries parsed by JTS's own GeoJSON reader (properties by Jackson), keyed by ISO code. */
    public static synchronized Map<String, Geometry> jtsCountries() throws Exception {
        if (jts == null) {
            String text = Files.readString(countries());
            Geometry all = new GeoJsonReader().read(text);
            JsonNode features = new ObjectMapper().readTree(text).get("features");
            Map<String, Geometry> m = new TreeMap<>();
            for (int i = 0; i < all.getNumGeometries(); i++) {
                m.put(features.get(i).get("properties").get("country_iso").asText(), all.getGeometryN(i));
            }
            jts = m;
        }
        return jts;
    }
}
