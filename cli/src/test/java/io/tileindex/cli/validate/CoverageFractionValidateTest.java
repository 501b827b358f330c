package io.tileindex.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tileindex.cli.BundledData;
import io.tileindex.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tileindex validate} on a build with {@code --coverage-fraction}: it passes, checking the column; a
 * boundary cell's fraction moved by 1e-6, or an interior cell's 1.0 made 0.999, fails the coverage_fraction check
 * (and the receipt, which covers every byte).
 */
class CoverageFractionValidateTest {
    @TempDir
    static Path shared;
    static Path good;
    static String hash;

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() {
        good = shared.resolve("good");
        CliRun b = ChildBuild.build(good, "--only", "LS,SM,IT", "--predicate", "any_overlap", "--coverage-fraction");
        assertEquals(0, b.exit(), b.stderr());
        hash = b.json().get("parameter_hash").asText();
    }

    static CliRun validate(Path root) {
        return ValidatorTest.validate(root, hash, BundledData.countries(), BundledData.worldPop(), "--predicate", "any_overlap");
    }

    @Test
    void aBuildWithCoverageFractionsPassesWithTheColumnChecked() {
        CliRun r = validate(good);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        JsonNode info = ValidatorTest.checks(r).get("coverage_fraction").get("info");
        assertTrue(info.get("column").asBoolean(), info.toString());
        assertTrue(info.get("sums_checked").asBoolean(), info.toString());
        assertTrue(info.get("cells_sampled").asInt() > 300, info.toString());
    }

    /** Row positions in tile_index: 8 is coverage_fraction. */
    private CliRun validateWith(double from, double to, java.util.function.DoublePredicate which) {
        Path copy = TileRows.copyTree(good, tmp.resolve("copy"));
        Path file = copy.resolve("data/layer1/1B/tile_index/parameter_hash=" + hash + "/part-IT-00000.parquet");
        TileRows.rewrite(file, rows -> {
            int changed = 0;
            for (Object[] row : rows) {
                double f = (Double) row[8];
                if (which.test(f) && changed < 400) {
                    row[8] = f == 1.0 ? to : f + (to - from);
                    changed++;
                }
            }
            assertTrue(changed > 0);
        });
        return validate(copy);
    }

    @Test
    void aBoundaryFractionOffByOneMillionthFails() {
        CliRun r = validateWith(0, 1e-6, f -> f < 0.5);
        ValidatorTest.assertFails(r, "coverage_fraction", "E011_INTEGRITY");
        assertEquals(List.of("coverage_fraction", "determinism_receipt"), ValidatorTest.failed(r));
    }

    @Test
    void anInteriorCellBelowOneFails() {
        CliRun r = validateWith(1.0, 0.999, f -> f == 1.0);
        ValidatorTest.assertFails(r, "coverage_fraction", "E011_INTEGRITY");
        assertEquals(List.of("coverage_fraction", "determinism_receipt"), ValidatorTest.failed(r));
    }
}
