package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static io.tileindex.cli.input.InputFixtures.assertFails;
import static io.tileindex.cli.input.InputFixtures.resource;
import static io.tileindex.cli.input.InputFixtures.writeString;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IsoTableTest {
    @TempDir
    Path dir;

    @Test
    void realTableHas249Codes() throws IOException {
        IsoTable t = IsoTable.read(InputFixtures.iso3166());
        assertEquals(249, t.codes().size());
        assertTrue(t.contains("FI") && t.contains("LS") && t.contains("FJ") && t.contains("AQ"));
        assertFalse(t.contains("XK"), "Debian's iso-codes has no Kosovo");
        assertEquals(Files.size(InputFixtures.iso3166()) + 4, t.bytesRead(), "4 sniffed bytes + one full read");
        assertEquals(t.codes().stream().sorted().toList(), List.copyOf(t.codes()));
    }

    @Test
    void quotedFieldsAndLineBreaksInQuotes() {
        IsoTable t = IsoTable.read(resource("iso_small.csv"));
        assertEquals(Set.of("FI", "BO", "KP", "XY", "ZA"), t.codes());
    }

    @Test
    void otherColumnPositionsAndCrlf() throws IOException {
        Path f = writeString(dir.resolve("crlf.csv"), "\uFEFFname,country_iso\r\nFinland,FI\r\n\"Iceland\",IS\r\n\r\n");
        assertEquals(Set.of("FI", "IS"), IsoTable.read(f).codes());
        Path code = writeString(dir.resolve("code.csv"), "code,name\nFI,Finland\n");
        assertEquals(Set.of("FI"), IsoTable.read(code, "code").codes());
    }

    @Test
    void parquetTable() throws IOException {
        Path f = GeoParquetFixtures.writeStrings(dir.resolve("iso.parquet"), "country_iso", List.of("FI", "IS", "LS"));
        IsoTable t = IsoTable.read(f);
        assertEquals(Set.of("FI", "IS", "LS"), t.codes());
        assertTrue(t.bytesRead() > 0 && t.bytesRead() <= Files.size(f) * 1.25, t.bytesRead() + " of " + Files.size(f));
    }

    // ---- refused tables

    @Test
    void missingColumn() {
        Path f = InputFixtures.iso3166();
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(f, "iso_a2"), f.toString(), "no column \"iso_a2\"");
        Path p = GeoParquetFixtures.writeStrings(dir.resolve("iso.parquet"), "code", List.of("FI"));
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(p), p.toString(), "no column \"country_iso\"");
    }

    @Test
    void rowThatIsNotACode() {
        Path f = resource("iso_bad_row.csv");
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(f), f.toString(), "row 2 (line 3)", "\"-99\"");
        Path lower = resource("iso_lowercase_row.csv");
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(lower), lower.toString(), "row 4 (line 5)", "\"fj\"");
        Path p = GeoParquetFixtures.writeStrings(dir.resolve("iso.parquet"), "country_iso", Arrays.asList("FI", null));
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(p), p.toString(), "row 2", "null");
        Path shortRow = writeString(dir.resolve("short.csv"), "name,country_iso\nFinland,FI\nIceland\n");
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(shortRow), "row 2 (line 3) has 1 fields");
    }

    @Test
    void notATable() {
        Path geojson = InputFixtures.world();
        TileIndexException e = assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(geojson), geojson.toString(), "no column");
        assertTrue(e.getMessage().length() < 400, "the 15 MB header line is not pasted into the message");
        Path tif = InputFixtures.bundledData().resolve("worldpop_1km_grid.tif");
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(tif), tif.toString(), "neither Parquet nor UTF-8 CSV");
    }

    @Test
    void missingEmptyAndTruncatedFiles() throws IOException {
        Path none = dir.resolve("none.csv");
        assertFails(ErrorCode.E010_IO, () -> IsoTable.read(none), none.toString(), "does not exist");
        Path empty = writeString(dir.resolve("empty.csv"), "");
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(empty), empty.toString(), "empty");
        Path header = writeString(dir.resolve("header.csv"), "country_iso,name\n");
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(header), header.toString(), "no rows");
        Path open = writeString(dir.resolve("open.csv"), "country_iso,name\nFI,\"Finl");
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(open), open.toString(), "unterminated quoted field");
        Path whole = GeoParquetFixtures.writeStrings(dir.resolve("whole.parquet"), "country_iso", List.of("FI", "IS"));
        byte[] b = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(b, b.length - 10));
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.read(cut), cut.toString(), "unreadable Parquet");
    }

    // ---- the foreign-key check

    @Test
    void knownCodesPass() {
        IsoTable t = IsoTable.read(InputFixtures.iso3166());
        for (String iso : List.of("FI", "IS", "LS", "FJ", "AQ", "US")) {
            assertDoesNotThrow(() -> IsoTable.checkCountryCode(iso, t), iso);
        }
    }

    @Test
    void unknownCode() {
        IsoTable t = IsoTable.read(InputFixtures.iso3166());
        TileIndexException e = assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.checkCountryCode("YU", t),
                "\"YU\"", "not in the ISO table", "iso3166.csv");
        assertEquals("YU", e.countryIso());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fi", "Fi", "fI"})
    void lowercaseCode(String iso) {
        IsoTable t = IsoTable.read(InputFixtures.iso3166());
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.checkCountryCode(iso, t), "\"" + iso + "\"", "not uppercase");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "ZZ", "AA", "QM", "QZ", "XA", "XK", "XZ"})
    void placeholderCode(String iso) {
        IsoTable t = IsoTable.read(resource("iso_small.csv")); // lists XY: still a placeholder
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.checkCountryCode(iso, t), "\"" + iso + "\"", "placeholder");
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.checkCountryCode("XY", t), "\"XY\"", "placeholder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-99", "FIN", "F", "F1", " FI", "ÅL"})
    void notAnAlpha2Code(String iso) {
        IsoTable t = IsoTable.read(InputFixtures.iso3166());
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.checkCountryCode(iso, t), "\"" + iso + "\"", "not an ISO 3166-1 alpha-2");
    }

    @Test
    void qlIsNotAPlaceholder() {
        // QM-QZ only: QA (Qatar) and codes below QM are real or unassigned, not user-assigned
        IsoTable t = IsoTable.read(InputFixtures.iso3166());
        assertDoesNotThrow(() -> IsoTable.checkCountryCode("QA", t));
        assertFails(ErrorCode.E005_ISO_FK, () -> IsoTable.checkCountryCode("QL", t), "not in the ISO table");
    }
}
