package io.tileindex.cli.input;

import io.tileindex.cli.CliRun;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs that broke a reader (docs/RELIABILITY.md, "Fuzzing"), each test named after what broke. Those
 * small enough to be fuzzing seeds also sit in the targets' seed directories, so the fuzz tests'
 * regression mode replays them too.
 */
class FuzzFindingsRegressionTest {

    /**
     * GeoTiffHeaderFuzzTest, first run: a grid whose extent leaves ±90° (here PixelIsPoint, 721 x 361
     * half-degree cells centred from 90° N, so the cell edges reach 90.25°) failed with
     * "E004_BOUNDS: grid latitude extent [-90.25, 90.25] leaves [-90, 90]", not naming the grid file.
     */
    @Test
    void gridExtentBeyondThePoleNamesTheGridFile(@TempDir Path tmp) {
        Path grid = TinyTiffWriter.write(tmp.resolve("beyond-pole.tif"), ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.geographic(721, 361, new double[] {0.5, 0.5, 0}, new double[] {0, 0, 0, -180, 90, 0},
                        TinyTiffWriter.wgs84Keys(true)));
        GeoTiffHeader h = GeoTiffHeaderReader.read(grid);
        TileIndexException e = assertThrows(TileIndexException.class, () -> h.toCheckedGrid(grid));
        assertEquals(ErrorCode.E004_BOUNDS, e.code());
        assertTrue(e.getMessage().contains(grid.toString()), e.getMessage());

        CliRun r = CliRun.run("build", "--countries", InputFixtures.resource("valid_edge_cases.geojson").toString(),
                "--iso", InputFixtures.iso3166().toString(), "--grid", grid.toString(), "--out", tmp.resolve("out").toString(),
                "--quiet");
        assertEquals(1, r.exit());
        assertEquals("E004_BOUNDS", r.errorEvent().get("code").asText());
        assertTrue(r.errorEvent().get("detail").asText().contains(grid.toString()), r.stderr());
    }

    /**
     * WkbGeometryFuzzTest, CI's short run: a 200-byte Polygon WKB declaring 1,979,711,490 rings kept
     * JTS's WKBReader busy past libFuzzer's 12 s limit (JTS trusts declared counts). Now every count is
     * bounded by the bytes left before JTS sees the value: E001 at once.
     */
    @Test
    void wkbDeclaringTwoBillionRingsFailsFastInsteadOfHanging() throws Exception {
        byte[] wkb = java.nio.file.Files.readAllBytes(Path.of(FuzzFindingsRegressionTest.class.getResource(
                "WkbGeometryFuzzTestInputs/wkb/timeout-c39e7f0a64e0e2cef57232a1c45000a8c240784a").toURI()));
        long t0 = System.nanoTime();
        RawCountry c = GeoParquetCountries.fromWkb("features[0]", "LS", null, wkb, new org.locationtech.jts.io.WKBReader());
        assertTrue((System.nanoTime() - t0) < 1_000_000_000L, "took " + (System.nanoTime() - t0) / 1e6 + " ms");
        assertTrue(c.geometryProblem() != null && c.geometryProblem().contains("1979711490 rings declared"), c.geometryProblem());
    }

    /**
     * Found while the WKB target ran, by an input beyond its 4 KiB limit: JTS's WKBReader reads nested
     * GeometryCollections recursively, and 100,000 nested collection headers (900 KB) in one GeoParquet
     * row threw StackOverflowError, which no catch in the reader or in BuildCommand handles: the build
     * died with a bare stack trace and no S1_ERROR event.
     */
    @Test
    void deeplyNestedWkbCollectionsAreACodedError(@TempDir Path tmp) {
        int depth = 100_000;
        ByteBuffer wkb = ByteBuffer.allocate(9 * depth + 9).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < depth; i++) {
            wkb.put((byte) 1).putInt(7).putInt(1); // GeometryCollection of one...
        }
        wkb.put((byte) 1).putInt(3).putInt(0); // ...innermost: an empty Polygon
        Path file = GeoParquetFixtures.write(tmp.resolve("nested.parquet"),
                List.of(new GeoParquetFixtures.Row("LS", wkb.array())));
        TileIndexException e = assertThrows(TileIndexException.class, () -> CountryReader.read(file));
        assertEquals(ErrorCode.E001_GEO_INVALID, e.code());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("nested too deeply"), e.getMessage());

        CliRun r = CliRun.run("build", "--countries", file.toString(), "--iso", InputFixtures.iso3166().toString(),
                "--grid", InputFixtures.bundledData().resolve("worldpop_1km_grid.tif").toString(),
                "--out", tmp.resolve("out").toString(), "--quiet");
        assertEquals(1, r.exit());
        assertEquals("E001_GEO_INVALID", r.errorEvent().get("code").asText());
        assertFalse(r.stderr().contains("\tat "), r.stderr());
    }
    /**
     * WkbGeometryFuzzTest, CI's short run (session 2): a ring distinct and closed in the file's frame,
     * (152 2) (512 2) (152 3), whose 360° edge makes it cross the antimeridian. Unwrapped, 512° becomes
     * 152° and the ring collapses to two points; the kernel's E001 named the country but not the file.
     */
    @Test
    void ringCollapsingWhenUnwrappedNamesTheFile(@TempDir Path tmp) throws Exception {
        ByteBuffer wkb = ByteBuffer.allocate(9 + 4 + 4 * 16).order(ByteOrder.LITTLE_ENDIAN);
        wkb.put((byte) 1).putInt(3).putInt(1).putInt(4);
        for (double[] xy : new double[][] {{152, 2}, {512, 2}, {152, 3}, {152, 2}}) {
            wkb.putDouble(xy[0]).putDouble(xy[1]);
        }
        Path file = GeoParquetFixtures.write(tmp.resolve("collapsing.parquet"),
                List.of(new GeoParquetFixtures.Row("LS", wkb.array())));
        TileIndexException e = assertThrows(TileIndexException.class, () -> CountryReader.read(file));
        assertEquals(ErrorCode.E001_GEO_INVALID, e.code());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("country LS")
                && e.getMessage().contains("after unwrapping across the antimeridian")
                && e.getMessage().contains("fewer than 3 distinct points"), e.getMessage());

        Path geojson = java.nio.file.Files.writeString(tmp.resolve("collapsing.geojson"), """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"country_iso":"LS"},
                 "geometry":{"type":"Polygon","coordinates":[[[152,2],[512,2],[152,3],[152,2]]]}}]}""");
        CliRun r = CliRun.run("build", "--countries", geojson.toString(), "--iso", InputFixtures.iso3166().toString(),
                "--grid", InputFixtures.bundledData().resolve("worldpop_1km_grid.tif").toString(),
                "--out", tmp.resolve("out").toString(), "--quiet");
        assertEquals(1, r.exit());
        assertEquals("E001_GEO_INVALID", r.errorEvent().get("code").asText());
        assertTrue(r.errorEvent().get("detail").asText().contains(geojson.toString()), r.stderr());
    }
}
