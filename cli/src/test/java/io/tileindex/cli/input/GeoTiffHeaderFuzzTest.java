package io.tileindex.cli.input;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tileindex.kernel.TileIndexException;

import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

/**
 * Fuzzes the GeoTIFF header reader on bytes written to a real file, followed by what the build does
 * with a header (digest, grid, extent check), so every failure the grid input can cause is covered.
 */
class GeoTiffHeaderFuzzTest {
    private static final Path FILE = FuzzOracle.scratch("grid.tif");

    // maxDuration is the long run's; CI and short runs override it with -Djazzer.max_duration.
    // @Timeout becomes libFuzzer's per-input -timeout: an input that takes 10 s is a hang.
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void geoTiffHeader(byte[] data) {
        FuzzOracle.write(FILE, data);
        // the build reads a small grid once and parses its header from memory: it must agree with the file parse
        GridInputTest.assertSameOutcomeOfWritten(FILE, data);
        try {
            GridInput g = GridInput.read(FILE);
            g.header().toCheckedGrid(FILE);
        } catch (TileIndexException e) {
            FuzzOracle.check(e, FILE);
        }
    }
}
