package io.tileindex.cli;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsOracle;
import io.tileindex.kernel.oracle.Shapes;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Natural Earth countries on the real WorldPop grid: the production scan (via the production
 * reader) equals an independent JTS computation (JTS's own GeoJSON parse, IndexedPointInAreaLocator per
 * centre, RelateNG per cell box).
 */
class RealCountriesOracleTest {
    static final List<String> CENTER = List.of("US", "BR", "IN", "RU", "CA", "FJ", "ZA", "LS", "IT", "SM", "ID", "NO",
            "GR", "PH", "CL", "MT", "BB", "MV", "SC", "TO", "KI", "NZ", "JP", "GB", "FI", "IS", "CH", "EG");
    static final List<String> ANY_OVERLAP = List.of("LS", "SM", "MT", "BB", "CH", "BE", "FJ", "CY", "LU", "JM", "SC", "TO");

    static Grid grid;
    static Map<String, CountryShape> shapes;

    @BeforeAll
    static void load() {
        grid = BundledData.worldPopGrid();
        shapes = BundledData.shapes();
    }

    static String compare(String iso, Predicate predicate) throws Exception {
        Geometry g = BundledData.jtsCountries().get(iso);
        CountryCells cells = new CountryScanner(grid).scan(shapes.get(iso), predicate);
        JtsOracle oracle = new JtsOracle(grid, g);
        List<String> expected = Shapes.runs(predicate == Predicate.CENTER ? oracle.centerRuns() : oracle.anyOverlapRuns());
        List<String> actual = Shapes.runs(cells.runs());
        if (expected.equals(actual)) {
            return null;
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        return iso + " " + predicate + ": runs missing " + missing.subList(0, Math.min(5, missing.size()))
                + " extra " + extra.subList(0, Math.min(5, extra.size()));
    }

    /** Every country's differences from the oracle (empty when all agree), compared in parallel. */
    static List<String> differences(List<String> isos, Predicate predicate) {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        isos.parallelStream().forEach(iso -> {
            try {
                String f = compare(iso, predicate);
                if (f != null) {
                    failures.add(f);
                }
            } catch (Exception e) {
                failures.add(iso + ": " + e);
            }
        });
        return failures;
    }

    @Test
    void centreRuleEqualsJtsOnTwentyEightCountries() {
        assertEquals(List.of(), differences(CENTER, Predicate.CENTER));
    }

    @Test
    void anyOverlapEqualsJtsOnTwelveCountries() {
        assertEquals(List.of(), differences(ANY_OVERLAP, Predicate.ANY_OVERLAP));
    }

    @Test
    void sanityFiguresFromTheDataReadme() {
        // computed independently with GEOS by the data's preparer (data/SOURCES.md)
        Map<String, Long> expected = Map.of("FI", 896_042L, "IS", 280_352L, "LS", 40_378L, "FJ", 23_167L);
        CountryScanner s = new CountryScanner(grid);
        expected.forEach((iso, n) -> assertEquals(n, s.scan(shapes.get(iso), Predicate.CENTER).cellsIncluded(), iso));
        // Lesotho is South Africa's hole: no cell in both
        CountryCells za = s.scan(shapes.get("ZA"), Predicate.CENTER), ls = s.scan(shapes.get("LS"), Predicate.CENTER);
        for (int i = 0; i < ls.runs().size(); i++) {
            for (int c = ls.runs().start(i); c < ls.runs().end(i); c++) {
                assertTrue(!za.runs().contains(ls.runs().row(i), c));
            }
        }
        assertTrue(za.cellsExcludedHole() >= ls.cellsIncluded() * 0.95, "ZA hole cells " + za.cellsExcludedHole());
    }

    /** All 237 countries (profile full-world): the result is written to docs/ORACLE_FULL_WORLD.md. */
    @Test
    @Tag("full-world")
    void centreRuleEqualsJtsOnAllCountries() throws Exception {
        long t0 = System.nanoTime();
        Map<String, String> result = Collections.synchronizedMap(new TreeMap<>());
        Map<String, Long> cells = Collections.synchronizedMap(new TreeMap<>());
        shapes.keySet().parallelStream().forEach(iso -> {
            try {
                String f = compare(iso, Predicate.CENTER);
                result.put(iso, f == null ? "equal" : f);
                cells.put(iso, new CountryScanner(grid).scan(shapes.get(iso), Predicate.CENTER).cellsIncluded());
            } catch (Exception e) {
                result.put(iso, "error: " + e);
            }
        });
        long equal = result.values().stream().filter("equal"::equals).count();
        long total = cells.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder md = new StringBuilder("# Centre rule vs JTS on every country\n\n");
        md.append("Generated by `RealCountriesOracleTest.centreRuleEqualsJtsOnAllCountries` (`./run-tests -Pfull-world -pl cli -am`).\n\n");
        md.append(String.format("Countries: %d, equal to the JTS oracle: %d, tiles: %,d, time: %.0f s on 2 cores.%n%n",
                result.size(), equal, total, (System.nanoTime() - t0) / 1e9));
        md.append("| ISO | tiles | result |\n|---|---:|---|\n");
        result.forEach((iso, r) -> md.append("| ").append(iso).append(" | ").append(String.format("%,d", cells.getOrDefault(iso, -1L)))
                .append(" | ").append(r).append(" |\n"));
        Path doc = BundledData.repoRoot().resolve("docs").resolve("ORACLE_FULL_WORLD.md");
        Files.writeString(doc, md.toString());
        assertEquals(result.size(), equal, result.entrySet().stream().filter(e -> !e.getValue().equals("equal"))
                .map(Map.Entry::toString).collect(Collectors.joining("\n")));
    }
}
