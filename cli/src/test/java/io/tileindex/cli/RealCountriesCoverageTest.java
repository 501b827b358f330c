package io.tileindex.cli;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsCoverageOracle;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.CoverageFractions;
import io.tileindex.kernel.scan.PreparedCountry;
import io.tileindex.kernel.scan.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage fractions of real Natural Earth countries on the real WorldPop grid: every included cell's
 * fraction equals JTS's {@code cell ∩ country} area over the cell's area within 1e-9 (JTS's own GeoJSON
 * parse; production through the production reader).
 */
class RealCountriesCoverageTest {
    static final List<String> COUNTRIES = List.of("LS", "ZA", "IT", "SM", "FJ", "NO", "ID", "CH", "BE", "CY", "GR", "MT");

    static Grid grid;
    static Map<String, CountryShape> shapes;

    @BeforeAll
    static void load() {
        grid = BundledData.worldPopGrid();
        shapes = BundledData.shapes();
    }

    /** The mismatches of one country under any_overlap (the predicate with the most boundary cells). */
    static String compare(String iso) throws Exception {
        CountryScanner s = new CountryScanner(grid);
        PreparedCountry p = s.prepare(shapes.get(iso), Predicate.ANY_OVERLAP);
        CoverageFractions f = s.coverage(p);
        CellRuns runs = s.scan(shapes.get(iso), Predicate.ANY_OVERLAP).runs();
        int c0 = Integer.MAX_VALUE, c1 = -1;
        for (int i = 0; i < runs.size(); i++) {
            c0 = Math.min(c0, runs.start(i));
            c1 = Math.max(c1, runs.end(i) - 1);
        }
        JtsCoverageOracle oracle = new JtsCoverageOracle(grid, BundledData.jtsCountries().get(iso));
        List<String> bad = oracle.compare(runs.row(0), runs.row(runs.size() - 1), c0, c1, new JtsCoverageOracle.Actual() {
            public boolean included(int row, int col) { return runs.contains(row, col); }
            public double fraction(int row, int col) { return f.fractionOf(grid.tileId(row, col)); }
        }, 1e-9);
        if (oracle.checked() != runs.cellCount()) {
            return iso + ": compared " + oracle.checked() + " of " + runs.cellCount() + " cells";
        }
        if (oracle.partial() < f.size() / 2) {
            return iso + ": JTS found " + oracle.partial() + " partial cells, production lists " + f.size();
        }
        System.out.printf("coverage %s: %,d cells, %,d partial by JTS, largest |production - JTS| %.3g%n", iso, oracle.checked(),
                oracle.partial(), oracle.maxDeviation());
        return bad.isEmpty() ? null : iso + ": " + bad;
    }

    @Test
    void everyIncludedCellOfTwelveCountriesEqualsJts() {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        COUNTRIES.parallelStream().forEach(iso -> {
            try {
                String f = compare(iso);
                if (f != null) {
                    failures.add(f);
                }
            } catch (Exception e) {
                failures.add(iso + ": " + e);
            }
        });
        assertEquals(List.of(), failures);
    }

    @Test
    void lesothoFillsSouthAfricasHoleCellForCell() {
        CountryScanner s = new CountryScanner(grid);
        CoverageFractions za = s.coverage(s.prepare(shapes.get("ZA"), Predicate.ANY_OVERLAP));
        CoverageFractions ls = s.coverage(s.prepare(shapes.get("LS"), Predicate.ANY_OVERLAP));
        int shared = 0;
        for (int i = 0; i < ls.size(); i++) {
            int k = za.firstAtOrAfter(ls.tileId(i));
            if (k < za.size() && za.tileId(k) == ls.tileId(i)) {
                shared++;
                assertEquals(1.0, ls.fraction(i) + za.fraction(k), 1e-9, "tile " + ls.tileId(i));
            }
        }
        assertTrue(shared > 500, "border cells of Lesotho that South Africa shares: " + shared);
    }
}
