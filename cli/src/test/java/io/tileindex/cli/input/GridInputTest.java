package io.tileindex.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid input reads each byte at most once where it can, and the in-memory header parse equals the file parse. */
class GridInputTest {
    @TempDir
    Path tmp;

    static List<TinyTiffWriter.Field> oneDegreeWorld() {
        return TinyTiffWriter.geographic(360, 180, new double[] {1, 1, 0}, new double[] {0, 0, 0, -180, 90, 0},
                TinyTiffWriter.wgs84Keys(false));
    }

    /** Regression: a 300-byte grid was read 1.6 times (header, then the whole file for its digest). */
    @Test
    void tinyGridIsReadExactlyOnce() throws Exception {
        Path f = TinyTiffWriter.write(tmp.resolve("tiny.tif"), ByteOrder.LITTLE_ENDIAN, false, oneDegreeWorld());
        long size = Files.size(f);
        assertTrue(size < 1024, "fixture is tiny: " + size);
        GridInput g = GridInput.read(f);
        assertEquals(size, g.bytesRead());
        assertEquals(InputDigest.ofFile(f), g.digest());
        assertEquals(GeoTiffHeaderReader.read(f).withBytesRead(0), g.header());
        assertEquals(360, g.header().width());
    }

    /** The same, seen where users see it: the run report's envelope check on a build over a tiny grid. */
    @Test
    void buildOverATinyGridPassesTheRasterReadBound() throws Exception {
        Path grid = TinyTiffWriter.write(tmp.resolve("tiny.tif"), ByteOrder.LITTLE_ENDIAN, false, oneDegreeWorld());
        Path countries = Files.writeString(tmp.resolve("c.geojson"), "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"properties\":{\"country_iso\":\"LS\"},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[27,-30.9],[29.9,-30.9],[29.9,-28.1],[27,-28.1],[27,-30.9]]]}}]}");
        Path iso = Files.writeString(tmp.resolve("iso.csv"), "country_iso,name\nLS,Lesotho\n");
        io.tileindex.cli.CliRun r = io.tileindex.cli.CliRun.run("build", "--countries", countries.toString(), "--iso",
                iso.toString(), "--grid", grid.toString(), "--out", tmp.resolve("out").toString(), "--quiet");
        assertEquals(0, r.exit(), r.stderr());
        Path report = Path.of(r.json().get("reports_partition").asText()).resolve("run_report.json");
        com.fasterxml.jackson.databind.JsonNode rep = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertEquals(Files.size(grid), rep.get("pat").get("bytes_read_raster_total").asLong());
        assertTrue(rep.get("envelope").get("raster_reads_le_1_25x").get("pass").asBoolean(), rep.get("envelope").toString());
        assertEquals(9, r.json().get("rows_emitted").asLong()); // centres 27.5..29.5 x -30.5..-28.5
    }

    @Test
    void largeGridReadsItsHeaderThenDigestsWithinTheBudget() throws Exception {
        long length = 3L << 20; // sparse: IFD near the start, file padded past the in-memory limit
        Path f = TinyTiffWriter.write(tmp.resolve("big.tif"), ByteOrder.BIG_ENDIAN, true, 16, length, oneDegreeWorld());
        GridInput g = GridInput.read(f);
        GeoTiffHeader fromFile = GeoTiffHeaderReader.read(f);
        assertEquals(fromFile, g.header());
        assertTrue(fromFile.bytesRead() > 0);
        assertEquals(length + fromFile.bytesRead(), g.bytesRead());
        assertTrue(g.bytesRead() <= length * 1.25);
    }

    /** Every prefix of a valid file, and byte flips of it: both parses agree on the header or on the error. */
    @Test
    void inMemoryParseAgreesWithTheFileParse() throws Exception {
        byte[] whole = Files.readAllBytes(TinyTiffWriter.write(tmp.resolve("w.tif"), ByteOrder.BIG_ENDIAN, false, oneDegreeWorld()));
        Path f = tmp.resolve("case.tif");
        for (int len = 0; len <= whole.length; len++) {
            assertSameOutcome(f, Arrays.copyOf(whole, len));
        }
        for (int i = 0; i < whole.length; i++) {
            byte[] b = whole.clone();
            b[i] ^= (byte) 0x5a;
            assertSameOutcome(f, b);
        }
    }

    static void assertSameOutcome(Path f, byte[] content) throws Exception {
        Files.write(f, content);
        assertSameOutcomeOfWritten(f, content);
    }

    /** {@code f} already holds {@code content}. */
    static void assertSameOutcomeOfWritten(Path f, byte[] content) {
        String fromFile, fromBytes;
        try {
            fromFile = GeoTiffHeaderReader.read(f).withBytesRead(0).toString();
        } catch (TileIndexException e) {
            fromFile = e.code() + " " + e.getMessage();
        }
        try {
            fromBytes = GeoTiffHeaderReader.read(f, content).toString();
        } catch (TileIndexException e) {
            fromBytes = e.code() + " " + e.getMessage();
        }
        assertEquals(fromFile, fromBytes, "content of " + content.length + " bytes");
    }
}
