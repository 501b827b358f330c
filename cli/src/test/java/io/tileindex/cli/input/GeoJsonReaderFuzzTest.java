package io.tileindex.cli.input;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.CountryShape;

import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Fuzzes the country reader on bytes written to a real file, so the production entry point
 * ({@link CountryReader#read(Path, String)}: format sniffing, the streaming GeoJSON parser, geometry
 * health, and the GeoParquet reader when an input starts with "PAR1") is what runs. Seeds:
 * {@code src/test/resources/io/tileindex/cli/input/GeoJsonReaderFuzzTestInputs/geoJson/}. Without
 * JAZZER_FUZZ only the seeds run, as an ordinary regression test.
 */
class GeoJsonReaderFuzzTest {
    private static final Path FILE = FuzzOracle.scratch("countries.geojson");

    // maxDuration is the long run's; CI and short runs override it with -Djazzer.max_duration.
    // @Timeout becomes libFuzzer's per-input -timeout: an input that takes 10 s is a hang.
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void geoJson(byte[] data) {
        FuzzOracle.write(FILE, data);
        try {
            for (CountryShape c : CountryReader.read(FILE, CountryReader.DEFAULT_ISO_COLUMN).countries()) {
                assertFalse(c.iso() == null || c.iso().isEmpty(), "accepted a country without an ISO code");
            }
        } catch (TileIndexException e) {
            FuzzOracle.check(e, FILE);
        }
    }
}
