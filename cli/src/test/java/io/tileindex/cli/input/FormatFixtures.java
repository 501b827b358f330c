package io.tileindex.cli.input;

import io.tileindex.cli.BundledData;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixtures of src/test/resources/formats/ (see its README) and the reference they are checked
 * against: the same countries as the bundled GeoJSON gives them.
 */
final class FormatFixtures {
    /** The countries in every fixture: antimeridian split (FJ), islands (MT), a hole (ZA around LS). */
    static final Set<String> ISOS = Set.of("FJ", "LS", "MT", "SM", "ZA");
    static final GeometryFactory JTS = new GeometryFactory();

    private static Map<String, RawCountry> reference;

    private FormatFixtures() {}

    static Path formats(String name) {
        try {
            return Path.of(FormatFixtures.class.getResource("/formats/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource formats/" + name, e);
        }
    }

    /** Copies a shapefile set (every component with the .shp's base name) into {@code dir}; returns the .shp. */
    static Path copyShapefile(Path dir) throws IOException {
        for (String ext : List.of("shp", "shx", "dbf", "prj", "cpg")) {
            Files.copy(formats("countries." + ext), dir.resolve("countries." + ext));
        }
        return dir.resolve("countries.shp");
    }

    /** The fixture countries as the GeoJSON reader reads them from the bundled world file, by ISO code. */
    static synchronized Map<String, RawCountry> reference() {
        if (reference == null) {
            Path world = BundledData.countries();
            try (InputStream in = Files.newInputStream(world)) {
                Map<String, RawCountry> m = new TreeMap<>();
                for (RawCountry c : GeoJsonCountries.read(in, world, "country_iso")) {
                    if (ISOS.contains(c.iso())) {
                        m.put(c.iso(), c);
                    }
                }
                reference = m;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    /** A country's polygons as one normalised JTS geometry: ring order, start and orientation no longer matter. */
    static Geometry normalised(RawCountry c) {
        Polygon[] polys = new Polygon[c.polygons().size()];
        for (int i = 0; i < polys.length; i++) {
            List<RawCountry.Ring> rings = c.polygons().get(i).rings();
            LinearRing[] holes = new LinearRing[rings.size() - 1];
            for (int h = 1; h < rings.size(); h++) {
                holes[h - 1] = ring(rings.get(h));
            }
            polys[i] = JTS.createPolygon(ring(rings.getFirst()), holes);
        }
        Geometry g = JTS.createMultiPolygon(polys);
        g.normalize();
        return g;
    }

    private static LinearRing ring(RawCountry.Ring r) {
        Coordinate[] cs = new Coordinate[r.x().length];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = new Coordinate(r.x()[i], r.y()[i]);
        }
        return JTS.createLinearRing(cs);
    }

    /** Asserts {@code read} holds exactly the reference countries with identical polygons (up to ring order). */
    static void assertSamePolygons(List<RawCountry> read, String format) {
        Map<String, RawCountry> byIso = new TreeMap<>();
        for (RawCountry c : read) {
            assertEquals(null, c.geometryProblem(), format + " " + c.where());
            byIso.put(c.iso(), c);
        }
        assertEquals(reference().keySet(), byIso.keySet(), format);
        for (RawCountry ref : reference().values()) {
            RawCountry got = byIso.get(ref.iso());
            assertEquals(ref.polygons().size(), got.polygons().size(), format + " " + ref.iso() + " polygon count");
            Geometry want = normalised(ref), have = normalised(got);
            assertTrue(want.equalsExact(have), () -> format + " " + ref.iso() + ": polygons differ from the GeoJSON's");
        }
    }
}
