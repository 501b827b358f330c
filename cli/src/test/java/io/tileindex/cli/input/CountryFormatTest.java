package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.tileindex.cli.input.InputFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Recognition by content, whatever the extension; clear refusals of everything else. */
class CountryFormatTest {
    @TempDir
    Path dir;

    private static CountryFormat of(String head) {
        return CountryFormat.of(head.getBytes(StandardCharsets.ISO_8859_1), Path.of("x"));
    }

    @Test
    void magics() {
        assertEquals(CountryFormat.GEOPARQUET, of("PAR1\u0015\u0004"));
        assertEquals(CountryFormat.GEOPACKAGE, of("SQLite format 3\0\u0010\0"));
        assertEquals(CountryFormat.SHAPEFILE, of("\0\0'\n\0\0"));
        assertEquals(CountryFormat.SHAPEFILE_ZIP, of("PK\u0003\u0004"));
        assertEquals(CountryFormat.FLATGEOBUF, of("fgb\u0003fgb\u0001"));
        assertEquals(CountryFormat.GEOJSON, of("{\"type\""));
        assertEquals(CountryFormat.GEOJSON, of("\u00ef\u00bb\u00bf \n\t{"), "UTF-8 byte order mark and whitespace");
        assertEquals(CountryFormat.GEOJSON, of("[1]"), "an array: the GeoJSON reader explains what is wrong with it");
        assertEquals(CountryFormat.GEOJSON, of("   "), "only whitespace so far");
    }

    @Test
    void extensionsDoNotMatter() throws IOException {
        Path gpkg = Files.copy(FormatFixtures.formats("countries.gpkg"), dir.resolve("countries.json"));
        assertEquals(CountryReader.FORMAT_GEOPACKAGE, CountryReader.read(gpkg).format());
        Path fgb = Files.copy(FormatFixtures.formats("countries.fgb"), dir.resolve("countries"));
        assertEquals(CountryReader.FORMAT_FLATGEOBUF, CountryReader.read(fgb).format());
    }

    @Test
    void unrecognisedContentNamesTheFileAndTheSupportedFormats() throws IOException {
        Path tif = Files.copy(InputFixtures.bundledData().resolve("worldpop_1km_grid.tif"), dir.resolve("grid.geojson"));
        var e = assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(tif), tif.toString(),
                "not a supported country file format", "49 49 2a 00", "GeoJSON", "GeoParquet", "GeoPackage",
                "ESRI Shapefile", "FlatGeobuf");
        assertFalse(e.getMessage().contains("Unrecognized token"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.txt"), "SQLite? no, just text");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(text), "not a supported country file format");
        Path dbf = Files.copy(FormatFixtures.formats("countries.dbf"), dir.resolve("countries.dbf"));
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(dbf), "pass the .shp");
    }

    @Test
    void bytesReadAndDigestCoverTheFile() throws IOException {
        Path f = FormatFixtures.formats("countries.fgb");
        CountryReader.CountrySet set = CountryReader.read(f);
        assertEquals(InputDigest.ofFile(f).sha256(), set.digest().sha256());
        assertEquals(Files.size(f) + CountryFormat.SNIFF_LENGTH, set.bytesRead(), "the sniffed head plus one pass");
        Path g = FormatFixtures.formats("countries.gpkg");
        assertEquals(InputDigest.ofFile(g).sha256(), CountryReader.read(g).digest().sha256());
    }

    @Test
    void keyValues() {
        assertEquals("894", KeyValues.ofDouble(894.0));
        assertEquals("-4", KeyValues.ofDouble(-4.0));
        assertEquals("1.5", KeyValues.ofDouble(1.5));
        assertEquals("1.0E20", KeyValues.ofDouble(1e20));
        assertEquals("894", KeyValues.ofDecimalText("  894.000"));
        assertEquals("894", KeyValues.ofDecimalText("894"));
        assertEquals("0", KeyValues.ofDecimalText("-0.00"));
        assertEquals("12.5", KeyValues.ofDecimalText("12.50"));
        assertEquals("1200", KeyValues.ofDecimalText("1.2E3"));
        assertEquals("ZA", KeyValues.ofDecimalText(" ZA "));
    }
}
