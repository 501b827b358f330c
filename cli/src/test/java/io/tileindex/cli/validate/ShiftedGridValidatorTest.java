package io.tileindex.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tileindex.cli.BundledData;
import io.tileindex.cli.CliRun;
import io.tileindex.cli.input.TinyTiffWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validator applies SPEC §2's shift with its own formulas: on a 0..360 grid (columns 720..1439 are
 * written shifted by -360°) a correct partition of FJ and US passes, and a partition in which shifted
 * cells were written at their unshifted formula position fails with E004_BOUNDS, in either dataset.
 */
class ShiftedGridValidatorTest {
    static final double GT0 = 0.0, GT1 = 0.25;

    @TempDir
    static Path shared;
    static Path good, grid;
    static String hash;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildOnAZeroTo360Grid() {
        grid = TinyTiffWriter.write(shared.resolve("quarter-0-360.tif"), ByteOrder.LITTLE_ENDIAN, false, 8, 1 << 16,
                TinyTiffWriter.geographic(1440, 720, new double[] {GT1, GT1, 0}, new double[] {0, 0, 0, GT0, 90, 0},
                        TinyTiffWriter.wgs84Keys(false)));
        good = shared.resolve("good");
        CliRun b = ChildBuild.run(shared.resolve("logs"), "build", "--countries", BundledData.countries().toString(),
                "--iso", BundledData.iso().toString(), "--grid", grid.toString(), "--out", good.toString(),
                "--only", "FJ,US", "--quiet");
        assertEquals(0, b.exit(), b.stderr());
        hash = b.json().get("parameter_hash").asText();
    }

    static CliRun validate(Path root) {
        return ValidatorTest.validate(root, hash, BundledData.countries(), grid);
    }

    static Path part(Path root, String dataset, String iso) {
        return root.resolve("data/layer1/1B").resolve(dataset).resolve("parameter_hash=" + hash).resolve("part-" + iso + "-00000.parquet");
    }

    @Test
    void theShiftedPartitionPasses() {
        CliRun r = validate(good);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals(List.of(), ValidatorTest.failed(r));
    }

    @Test
    void aShiftedCentroidWrittenUnshiftedIsE004() {
        Path root = TileRows.copyTree(good, tmp.resolve("copy"));
        int[] changed = {0};
        TileRows.rewrite(part(root, "tile_index", "US"), rows -> rows.forEach(row -> {
            long col = (Long) row[3];
            if (col >= 720) {
                row[4] = GT0 + (col + 0.5) * GT1; // the formula centre, 180..190, not shifted back
                changed[0]++;
            }
        }));
        assertTrue(changed[0] > 0);
        CliRun r = validate(root);
        JsonNode ex = ValidatorTest.assertFails(r, "coordinates", "E004_BOUNDS");
        assertTrue(ex.get("reason").asText().contains("shifts the cell by -360"), ex.toString());
        assertEquals(List.of("coordinates", "determinism_receipt"), ValidatorTest.failed(r));
    }

    @Test
    void shiftedBoundsWrittenUnshiftedAreE004() {
        Path root = TileRows.copyTree(good, tmp.resolve("copy"));
        TileRows.rewrite(part(root, "tile_bounds", "US"), rows -> rows.forEach(row -> {
            long col = (Long) row[1] % 1440;
            if (col >= 720) {
                row[4] = GT0 + col * GT1;
                row[5] = GT0 + (col + 1) * GT1;
                row[7] = GT0 + (col + 0.5) * GT1;
            }
        }));
        CliRun r = validate(root);
        JsonNode ex = ValidatorTest.assertFails(r, "coordinates", "E004_BOUNDS");
        assertTrue(ex.get("file").asText().startsWith("tile_bounds/part-US"), ex.toString());
        assertTrue(ex.get("min_lon_deg").asDouble() >= 180, ex.toString());
    }
}
