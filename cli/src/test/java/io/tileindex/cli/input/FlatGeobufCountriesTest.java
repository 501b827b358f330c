package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.tileindex.cli.input.FormatFixtures.formats;
import static io.tileindex.cli.input.InputFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** FlatGeobuf through the generated FlatBuffers accessors: header, index skip, properties, CRS, damage. */
class FlatGeobufCountriesTest {
    @TempDir
    Path dir;

    @Test
    void readsKeysOfEveryColumnType() {
        Path f = formats("countries.fgb");
        // with its R-tree, GDAL writes features in Hilbert order
        assertEquals(List.of("ZA", "LS", "SM", "MT", "FJ"),
                FlatGeobufCountries.read(f, "country_iso").raw().stream().map(RawCountry::iso).toList());
        assertEquals(List.of("710", "426", "674", "470", "242"),
                FlatGeobufCountries.read(f, "iso_n3").raw().stream().map(RawCountry::iso).toList());
        assertEquals(CountryReader.FORMAT_FLATGEOBUF, CountryReader.read(f).format());
    }

    @Test
    void otherCrsIsACrsMismatchNamingTheFile() {
        Path f = formats("sm_web_mercator.fgb");
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(f), f.toString(), "3857", "EPSG:4326 is required");
    }

    @Test
    void missingKeyColumnListsTheColumns() {
        Path f = formats("countries.fgb");
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(f, "ISO_A2"), f.toString(), "[country_iso, name, iso_n3]");
    }

    @Test
    void truncatedFileNamesIt() throws IOException {
        byte[] all = Files.readAllBytes(formats("countries.fgb"));
        for (int cut : new int[] {all.length - 100, all.length / 2, 40, 10}) {
            Path f = Files.write(dir.resolve("cut" + cut + ".fgb"), Arrays.copyOf(all, cut));
            assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(f), f.toString(), "FlatGeobuf");
        }
    }

    @Test
    void indexSizeMatchesTheReferenceFormula() {
        assertEquals(40L * (1 + 1), FlatGeobufCountries.indexSize(1, 16));
        assertEquals(40L * (5 + 1), FlatGeobufCountries.indexSize(5, 16));
        assertEquals(40L * (17 + 2 + 1), FlatGeobufCountries.indexSize(17, 16));
    }
}
