package io.tileindex.validator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Validator#run} on a small partition written by {@link CoveragePartition}: with the column and
 * the run report's flag it passes (as an eight-column partition without the flag still does); the
 * column without the flag, or the flag without the column, is a schema failure naming the file; a
 * covered area that is not the rows' sum, and a value JTS disagrees with, are coverage_fraction failures.
 */
class CoverageFractionValidatorTest {
    @TempDir
    Path dir;

    /** name -> check of a verdict. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> checks(Validator.Verdict v) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        ((List<Map<String, Object>>) v.json().get("checks")).forEach(c -> m.put((String) c.get("name"), c));
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> failure(Validator.Verdict v, String check) {
        Map<String, Object> c = checks(v).get(check);
        assertEquals("fail", c.get("status"), v.json().toString());
        return (Map<String, Object>) c.get("example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"center", "any_overlap"})
    void aPartitionWithCoverageFractionsPasses(String predicate) throws Exception {
        CoveragePartition p = new CoveragePartition(dir, predicate);
        assertTrue(p.cells.stream().filter(c -> c.fraction() < 1).count() > 20, "boundary cells to sample");
        Validator.Verdict v = p.validate(CoveragePartition.Variant.good());
        assertTrue(v.passed(), v.json().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) checks(v).get("coverage_fraction").get("info");
        assertEquals(true, info.get("sums_checked"));
        assertTrue((Long) info.get("cells_sampled") > 20, info.toString());
    }

    @Test
    void anEightColumnPartitionOfAReportWithoutTheFlagPassesAsBefore() throws Exception {
        Validator.Verdict v = new CoveragePartition(dir, "center").validate(CoveragePartition.Variant.good().column(false).flag(null));
        assertTrue(v.passed(), v.json().toString());
        assertEquals(Map.of("column", false, "run_report_coverage_fraction", false), checks(v).get("coverage_fraction").get("info"));
    }

    @Test
    void aNinthColumnTheRunReportDoesNotAnnounceIsASchemaFailure() throws Exception {
        Validator.Verdict v = new CoveragePartition(dir, "center").validate(CoveragePartition.Variant.good().flag(null));
        assertEquals("tile_index/" + CoveragePartition.FILE, failure(v, "schema").get("file"));
        assertEquals(Set.of(Code.E011_INTEGRITY), Validator.codes(v.json()));
    }

    @Test
    void anAnnouncedColumnMissingFromAFileIsASchemaFailure() throws Exception {
        Validator.Verdict v = new CoveragePartition(dir, "center").validate(CoveragePartition.Variant.good().column(false));
        Map<String, Object> ex = failure(v, "schema");
        assertEquals("tile_index/" + CoveragePartition.FILE, ex.get("file"));
        assertEquals(8, ex.get("columns"));
    }

    @Test
    void aCoveredAreaThatIsNotTheSumOfTheRowsIsCaught() throws Exception {
        Validator.Verdict v = new CoveragePartition(dir, "center").validate(CoveragePartition.Variant.good().areaFactor(1 + 1e-8));
        Map<String, Object> ex = failure(v, "coverage_fraction");
        assertEquals("SM", ex.get("country_iso"));
        assertTrue(ex.containsKey("counted_km2"), ex.toString());
    }

    /** The summary is written from the altered rows, so only the JTS sample can see the change. */
    @ParameterizedTest
    @ValueSource(doubles = {1e-6, -3e-9})
    void aBoundaryValueJtsDisagreesWithIsCaughtByTheSample(double delta) throws Exception {
        CoveragePartition p = new CoveragePartition(dir, "any_overlap");
        CoveragePartition.Cell wrong = p.cells.stream().filter(c -> c.fraction() > 0.1 && c.fraction() < 0.9).toList().get(7);
        Validator.Verdict v = p.validate(CoveragePartition.Variant.good().rows(rows -> alter(rows, wrong, wrong.fraction() + delta)));
        Map<String, Object> ex = failure(v, "coverage_fraction");
        assertEquals(wrong.row() * p.g.ncols + wrong.col(), ex.get("tile_id"));
        assertEquals(wrong.fraction(), (Double) ex.get("jts_fraction"), 1e-12);
        assertEquals(Set.of(Code.E011_INTEGRITY), Validator.codes(v.json()));
    }

    @Test
    void anInteriorCellJustBelowOneIsCaught() throws Exception {
        CoveragePartition p = new CoveragePartition(dir, "center");
        CoveragePartition.Cell inside = p.cells.stream().filter(c -> c.fraction() == 1.0).toList().get(30);
        Validator.Verdict v = p.validate(CoveragePartition.Variant.good().rows(rows -> alter(rows, inside, Math.nextDown(1.0))));
        Map<String, Object> ex = failure(v, "coverage_fraction");
        assertEquals(inside.row() * p.g.ncols + inside.col(), ex.get("tile_id"));
        assertEquals(1.0, ex.get("jts_fraction"));
    }

    static List<CoveragePartition.Cell> alter(List<CoveragePartition.Cell> rows, CoveragePartition.Cell cell, double value) {
        List<CoveragePartition.Cell> out = new ArrayList<>();
        for (CoveragePartition.Cell c : rows) {
            out.add(c.equals(cell) ? new CoveragePartition.Cell(c.row(), c.col(), value) : c);
        }
        return out;
    }
}
