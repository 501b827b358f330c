package io.tileindex.cli.input;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tileindex.kernel.TileIndexException;
import org.junit.jupiter.api.Timeout;
import org.locationtech.jts.io.WKBReader;

import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes a GeoParquet row's WKB value through the path the GeoParquet reader takes after Parquet
 * decoding: JTS's WKBReader into a {@link RawCountry} ({@link GeoParquetCountries#fromWkb}), then the
 * reader's validation and geometry health ({@link CountryReader#validate}). Going through a real
 * Parquet file per input would spend the time in parquet-java's writer instead of our code.
 */
class WkbGeometryFuzzTest {
    /** Named in messages as the file would be; nothing is read from it. */
    private static final Path FILE = Path.of("fuzz-countries.parquet");

    // maxDuration is the long run's; CI and short runs override it with -Djazzer.max_duration.
    // @Timeout becomes libFuzzer's per-input -timeout: an input that takes 10 s is a hang.
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void wkb(byte[] data) {
        RawCountry raw = GeoParquetCountries.fromWkb("row 0", "XX", null, data, new WKBReader());
        try {
            CountryReader.validate(CountryKeys.group(List.of(raw), FILE, CountryOptions.keyedBy("country_iso")), FILE, false);
        } catch (TileIndexException e) {
            FuzzOracle.check(e, FILE);
        }
    }
}
