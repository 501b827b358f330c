package io.tileindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.input.CountryOptions;
import io.tileindex.cli.input.CountryReader;
import io.tileindex.cli.input.IsoTable;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsOracle;
import io.tileindex.kernel.oracle.Shapes;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenStreetMap-derived world file as published (alpha-3 keys, self-touching rings, crossings,
 * holes outside shells), on the bundled 1 km grid. With {@code --repair-geometry} every country's
 * tile set equals an independent computation: JTS's own GeoJSON reader, the alpha-3 key mapped by
 * the test, JTS {@code GeometryFixer.fix} of each invalid country (self-touching rings count as
 * valid, as SPEC §3 says), then the JTS oracle on every cell centre, boundary inclusive.
 */
class GeoMapsWorldTest {
    static Path file = BundledData.dir().resolve("countries_land_10km_geomaps.geojson");
    static IsoTable iso;
    static Grid grid;

    @BeforeAll
    static void load() {
        iso = IsoTable.read(BundledData.iso());
        grid = BundledData.worldPopGrid();
    }

    /** --only isolates: 77 invalid countries and an unknown code elsewhere in the file do not fail the run. */
    @Test
    void onlyBuildsValidCountriesOfAFileWithInvalidOnesElsewhere(@org.junit.jupiter.api.io.TempDir Path out) {
        CliRun r = CliRun.run("build", "--countries", file.toString(), "--iso", BundledData.iso().toString(), "--grid",
                BundledData.worldPop().toString(), "--out", out.toString(), "--iso-column", "A3", "--only", "FJ,LS", "--quiet");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.json().get("rows_emitted").asLong() > 40_000, r.stdout());
    }

    @Test
    void withoutRepairItIsE001ListingTheInvalidCountries() {
        TileIndexException e = assertThrows(TileIndexException.class,
                () -> CountryReader.read(file, new CountryOptions("A3", iso, null, false, true)));
        assertEquals(ErrorCode.E001_GEO_INVALID, e.code());
        assertTrue(e.detail().matches("(?s).*: \\d+ countries have invalid geometry \\(--repair-geometry.*"), e.detail());
        assertTrue(e.detail().contains("and ") && e.detail().contains(" more: "), e.detail());
    }

    @Test
    void repairedWorldEqualsGeometryFixerThenJtsOnEveryCellCentre() throws Exception {
        CountryReader.CountrySet set = CountryReader.read(file, new CountryOptions("A3", iso, null, true, true));
        assertEquals(1, set.skipped().size(), set.skipped().toString()); // Kosovo, XKX
        assertTrue(set.repaired().size() > 20, set.repaired().toString());
        Map<String, Geometry> truth = independentCountries();
        assertEquals(truth.keySet(), new java.util.TreeSet<>(set.countries().stream().map(CountryShape::iso).toList()));
        List<String> differing = new ArrayList<>();
        CountryScanner scanner = new CountryScanner(grid);
        long tiles = 0;
        for (CountryShape c : set.countries()) {
            JtsOracle oracle = new JtsOracle(grid, truth.get(c.iso()));
            List<String> expected = Shapes.runs(oracle.centerRuns());
            List<String> actual = Shapes.runs(scanner.scan(c, Predicate.CENTER).runs());
            tiles += scanner.scan(c, Predicate.CENTER).cellsIncluded();
            if (!expected.equals(actual)) {
                differing.add(c.iso());
            }
        }
        assertEquals(List.of(), differing, "countries whose tiles differ from the oracle");
        assertTrue(tiles > 200_000_000L, "tiles " + tiles);
    }

    /** JTS reads the file; A3 keys through the ISO CSV read here; invalid countries fixed by GeometryFixer. */
    static Map<String, Geometry> independentCountries() throws Exception {
        Map<String, String> a3 = new HashMap<>();
        for (String line : Files.readAllLines(BundledData.iso()).subList(1, 250)) {
            String[] f = line.split(",");
            a3.put(f[1], f[0]);
        }
        String text = Files.readString(file);
        Geometry all = new GeoJsonReader().read(text);
        JsonNode features = new ObjectMapper().readTree(text).get("features");
        Map<String, List<Geometry>> parts = new TreeMap<>();
        for (int i = 0; i < all.getNumGeometries(); i++) {
            String code = a3.get(features.get(i).get("properties").get("A3").asText());
            if (code != null) {
                parts.computeIfAbsent(code, k -> new ArrayList<>()).add(all.getGeometryN(i));
            }
        }
        Map<String, Geometry> out = new TreeMap<>();
        GeometryFactory gf = new GeometryFactory();
        parts.forEach((code, gs) -> {
            Geometry g = gf.buildGeometry(gs);
            Geometry country = !valid(g) ? GeometryFixer.fix(g) : gs.size() > 1 ? g.union() : g;
            out.put(code, polygons(country, gf));
        });
        return out;
    }

    /** The polygons of {@code g} as one MultiPolygon (what the oracle takes). */
    static Geometry polygons(Geometry g, GeometryFactory gf) {
        List<org.locationtech.jts.geom.Polygon> ps = new ArrayList<>();
        org.locationtech.jts.geom.util.PolygonExtracter.getPolygons(g, ps);
        return gf.createMultiPolygon(ps.toArray(org.locationtech.jts.geom.Polygon[]::new));
    }

    static boolean valid(Geometry g) {
        for (int i = 0; i < g.getNumGeometries(); i++) {
            org.locationtech.jts.operation.valid.IsValidOp op = new org.locationtech.jts.operation.valid.IsValidOp(g.getGeometryN(i));
            op.setSelfTouchingRingFormingHoleValid(true);
            if (!op.isValid()) {
                return false;
            }
        }
        return true;
    }
}
