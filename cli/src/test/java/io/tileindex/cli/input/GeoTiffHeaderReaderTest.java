package io.tileindex.cli.input;

import static io.tileindex.cli.input.TinyTiffWriter.GEO_ASCII_PARAMS;
import static io.tileindex.cli.input.TinyTiffWriter.GEO_KEY_DIRECTORY;
import static io.tileindex.cli.input.TinyTiffWriter.IMAGE_LENGTH;
import static io.tileindex.cli.input.TinyTiffWriter.IMAGE_WIDTH;
import static io.tileindex.cli.input.TinyTiffWriter.MODEL_PIXEL_SCALE;
import static io.tileindex.cli.input.TinyTiffWriter.MODEL_TIEPOINT;
import static io.tileindex.cli.input.TinyTiffWriter.MODEL_TRANSFORMATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.grid.Grid;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeoTiffHeaderReaderTest {

    /*
     * Expected geotransforms, computed from the raw tag doubles (read with Python's struct, no GDAL)
     * using GDAL's GTiff arithmetic. Hex literals are the exact IEEE-754 values.
     */

    /** worldpop_1km_grid(.tif|_bigtiff.tif): ModelPixelScale (0.0083333333, 0.0083333333), tiepoint (0,0) -> (-180.0012493, 83.6329165016827). */
    static final double[] WORLDPOP_GT = {
        -0x1.6800a3bf8d493p+7, 0x1.111110febdd13p-7, 0.0, 0x1.4e881b436f4dcp+6, 0.0, -0x1.111110febdd13p-7};

    /** gpw_30s_grid_pixelispoint.tif, raw tags: scale 1/120 (as stored) and the first cell's centre. */
    static final double GPW_SCALE = 0x1.1111111111111p-7;
    static final double GPW_TIE_X = -0x1.67fdddddddddep+7; // -179.99583333333334
    static final double GPW_TIE_Y = 0x1.67fbbbbbbbbbcp+6;  //   89.99583333333334
    /** ... and the PixelIsPoint-shifted transform GDAL reports: the half-cell shift lands exactly on (-180, 90). */
    static final double[] GPW_GT = {-0x1.68p+7, 0x1.1111111111111p-7, 0.0, 0x1.68p+6, 0.0, -0x1.1111111111111p-7};

    @TempDir
    Path tmp;

    // ---- real files ----

    @Test
    void worldpopClassicTiff() {
        GeoTiffHeader h = GeoTiffHeaderReader.read(bundledData().resolve("worldpop_1km_grid.tif"));
        assertEquals(43199, h.width());
        assertEquals(16755, h.height());
        assertExactly(WORLDPOP_GT, h.geoTransform());
        // the hex literals are the doubles nearest the decimal values of data/README.md
        assertTrue(WORLDPOP_GT[0] == -180.0012493 && WORLDPOP_GT[1] == 0.0083333333
                && WORLDPOP_GT[3] == 83.6329165016827 && WORLDPOP_GT[5] == -0.0083333333);
        assertFalse(h.pixelIsPoint());
        assertFalse(h.bigTiff());
        assertEquals(4326, h.geographicTypeGeoKey());
        assertEquals(2, h.modelTypeGeoKey());
        assertTrue(h.bytesRead() > 0 && h.bytesRead() < 1024, "bytes read: " + h.bytesRead());
    }

    @Test
    void worldpopBigTiffGivesTheSameGrid() {
        GeoTiffHeader classic = GeoTiffHeaderReader.read(bundledData().resolve("worldpop_1km_grid.tif"));
        GeoTiffHeader big = GeoTiffHeaderReader.read(bundledData().resolve("worldpop_1km_grid_bigtiff.tif"));
        assertTrue(big.bigTiff());
        assertEquals(classic.width(), big.width());
        assertEquals(classic.height(), big.height());
        assertExactly(classic.geoTransform(), big.geoTransform());
        assertExactly(WORLDPOP_GT, big.geoTransform());
        assertEquals(classic.pixelIsPoint(), big.pixelIsPoint());
        assertEquals(classic.geographicTypeGeoKey(), big.geographicTypeGeoKey());
        assertEquals(classic.modelTypeGeoKey(), big.modelTypeGeoKey());
        assertEquals(classic.toGrid(), big.toGrid());
        assertTrue(big.bytesRead() < 1024, "bytes read: " + big.bytesRead());
    }

    @Test
    void worldpopGrid() {
        Grid g = GeoTiffHeaderReader.read(bundledData().resolve("worldpop_1km_grid.tif")).toGrid();
        assertEquals(16755, g.nrows());
        assertEquals(43199, g.ncols());
        assertEquals(43199L * 16755L, g.cellCount());
        assertExactly(WORLDPOP_GT, g.geoTransform());
    }

    @Test
    void gpwPixelIsPointIsShiftedAsGdalDoes() {
        GeoTiffHeader h = GeoTiffHeaderReader.read(bundledData().resolve("gpw_30s_grid_pixelispoint.tif"));
        assertEquals(43200, h.width());
        assertEquals(21600, h.height());
        assertTrue(h.pixelIsPoint());
        assertFalse(h.bigTiff());
        assertEquals(4326, h.geographicTypeGeoKey());
        assertEquals(2, h.modelTypeGeoKey());
        // GDAL: GT0 = X - I*GT1 (I = 0), GT3 = Y - J*GT5 (J = 0), then
        //       GT0 -= GT1*0.5 + GT2*0.5;  GT3 -= GT4*0.5 + GT5*0.5
        double gt1 = GPW_SCALE;
        double gt5 = -GPW_SCALE;
        double gt0 = GPW_TIE_X - 0.0 * gt1;
        double gt3 = GPW_TIE_Y - 0.0 * gt5;
        gt0 -= gt1 * 0.5 + 0.0 * 0.5;
        gt3 -= 0.0 * 0.5 + gt5 * 0.5;
        assertExactly(new double[] {gt0, gt1, 0.0, gt3, 0.0, gt5}, h.geoTransform());
        assertExactly(GPW_GT, h.geoTransform());
        assertTrue(h.geoTransform()[0] == -180.0 && h.geoTransform()[3] == 90.0);
        Grid g = h.toGrid();
        assertEquals(21600, g.nrows());
        assertEquals(43200, g.ncols());
        assertTrue(g.southLat() == -90.0 && g.eastLon() == 180.0, g.southLat() + " " + g.eastLon());
        assertTrue(h.bytesRead() < 1024, "bytes read: " + h.bytesRead());
    }

    // ---- a huge sparse BigTIFF: only the header is read ----

    @Test
    void hugeSparseBigTiffReadsKilobytes() throws IOException {
        long fileLength = 6L << 30; // 6 GiB, nearly all of it a hole
        long ifdOffset = (5L << 30) + 4096; // past 4 GiB: needs BigTIFF's 64-bit offsets
        double[] scale = {0.00018, 0.00018, 0.0};
        double[] tie = {0.0, 0.0, 0.0, -180.0, 90.0, 0.0};
        Path file = TinyTiffWriter.write(tmp.resolve("huge.tif"), ByteOrder.LITTLE_ENDIAN, true, ifdOffset, fileLength,
                TinyTiffWriter.geographic(2_000_000, 1_000_000, scale, tie, TinyTiffWriter.wgs84Keys(false)));
        assertEquals(fileLength, Files.size(file));

        GeoTiffHeader h = GeoTiffHeaderReader.read(file);
        assertEquals(2_000_000, h.width());
        assertEquals(1_000_000, h.height());
        assertTrue(h.bigTiff());
        assertExactly(new double[] {-180.0, 0.00018, 0.0, 90.0, 0.0, -0.00018}, h.geoTransform());
        assertTrue(h.bytesRead() < 16 * 1024, "bytes read: " + h.bytesRead());
        assertEquals(2_000_000_000_000L, h.toGrid().cellCount());
    }

    // ---- layouts: byte order x classic/BigTIFF x inline/offset values ----

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(ByteOrder.LITTLE_ENDIAN, false), Arguments.of(ByteOrder.BIG_ENDIAN, false),
                Arguments.of(ByteOrder.LITTLE_ENDIAN, true), Arguments.of(ByteOrder.BIG_ENDIAN, true));
    }

    @ParameterizedTest(name = "{0} bigTiff={1}")
    @MethodSource("layouts")
    void everyLayoutGivesTheSameHeader(ByteOrder order, boolean big) {
        List<TinyTiffWriter.Field> fields = TinyTiffWriter.geographic(3600, 1800, new double[] {0.1, 0.1, 0.0},
                new double[] {0.0, 0.0, 0.0, -180.0, 90.0, 0.0}, TinyTiffWriter.wgs84Keys(false));
        GeoTiffHeader h = GeoTiffHeaderReader.read(TinyTiffWriter.write(tmp.resolve("t.tif"), order, big, fields));
        assertEquals(3600, h.width());
        assertEquals(1800, h.height());
        assertEquals(big, h.bigTiff());
        assertExactly(new double[] {-180.0, 0.1, 0.0, 90.0, 0.0, -0.1}, h.geoTransform());
        assertEquals(4326, h.geographicTypeGeoKey());
        assertEquals(2, h.modelTypeGeoKey());
    }

    @Test
    void bigEndianClassicWithShortDimensions() throws IOException {
        List<TinyTiffWriter.Field> fields = TinyTiffWriter.geographic(0, 0, new double[] {0.5, 0.25, 0.0},
                new double[] {2.0, 4.0, 0.0, 10.0, 50.0, 0.0}, TinyTiffWriter.wgs84Keys(false));
        fields = TinyTiffWriter.with(fields, IMAGE_WIDTH, TinyTiffWriter.shorts(IMAGE_WIDTH, 65535));
        fields = TinyTiffWriter.with(fields, IMAGE_LENGTH, TinyTiffWriter.shorts(IMAGE_LENGTH, 40000));
        Path file = TinyTiffWriter.write(tmp.resolve("mm.tif"), ByteOrder.BIG_ENDIAN, false, fields);
        byte[] head = Files.readAllBytes(file);
        assertTrue(head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42);

        GeoTiffHeader h = GeoTiffHeaderReader.read(file);
        assertEquals(65535, h.width()); // unsigned SHORT
        assertEquals(40000, h.height());
        // GT0 = 10 - 2*0.5, GT3 = 50 - 4*(-0.25)
        assertExactly(new double[] {9.0, 0.5, 0.0, 51.0, 0.0, -0.25}, h.geoTransform());
    }

    @Test
    void bigTiffLong8DimensionsInline() {
        List<TinyTiffWriter.Field> fields = TinyTiffWriter.geographic(0, 0, new double[] {1.0, 1.0, 0.0},
                new double[] {0.0, 0.0, 0.0, -180.0, 90.0, 0.0}, TinyTiffWriter.wgs84Keys(false));
        fields = TinyTiffWriter.with(fields, IMAGE_WIDTH, TinyTiffWriter.long8s(IMAGE_WIDTH, 360));
        fields = TinyTiffWriter.with(fields, IMAGE_LENGTH, TinyTiffWriter.long8s(IMAGE_LENGTH, 180));
        GeoTiffHeader h = GeoTiffHeaderReader.read(
                TinyTiffWriter.write(tmp.resolve("l8.tif"), ByteOrder.BIG_ENDIAN, true, fields));
        assertEquals(360, h.width());
        assertEquals(180, h.height());
    }

    @Test
    void firstOfSeveralTiepointsIsUsed() {
        List<TinyTiffWriter.Field> fields = TinyTiffWriter.geographic(10, 10, new double[] {1.0, 1.0, 0.0},
                new double[] {0, 0, 0, -10.0, 10.0, 0, 9, 9, 0, 99.0, 99.0, 0}, TinyTiffWriter.wgs84Keys(false));
        GeoTiffHeader h = GeoTiffHeaderReader.read(TinyTiffWriter.write(tmp.resolve("gcps.tif"), ByteOrder.LITTLE_ENDIAN, false, fields));
        assertExactly(new double[] {-10.0, 1.0, 0.0, 10.0, 0.0, -1.0}, h.geoTransform());
    }

    @Test
    void negativeScaleYIsTakenAsNorthUpLikeGdal() {
        List<TinyTiffWriter.Field> fields = TinyTiffWriter.geographic(10, 10, new double[] {1.0, -1.0, 0.0},
                new double[] {0, 0, 0, -10.0, 10.0, 0}, TinyTiffWriter.wgs84Keys(false));
        GeoTiffHeader h = GeoTiffHeaderReader.read(TinyTiffWriter.write(tmp.resolve("negy.tif"), ByteOrder.LITTLE_ENDIAN, false, fields));
        assertExactly(new double[] {-10.0, 1.0, 0.0, 10.0, 0.0, -1.0}, h.geoTransform());
    }

    // ---- ModelTransformation ----

    static double[] matrix(double a, double b, double c, double d, double e, double f) {
        // GT = (c, a, b, f, d, e) <- m = [a b 0 c; d e 0 f; 0 0 0 0; 0 0 0 1]
        return new double[] {a, b, 0, c, d, e, 0, f, 0, 0, 0, 0, 0, 0, 0, 1};
    }

    List<TinyTiffWriter.Field> withMatrix(double[] m, boolean pixelIsPoint) {
        List<TinyTiffWriter.Field> f = TinyTiffWriter.geographic(100, 50, new double[] {1, 1, 0}, new double[6],
                TinyTiffWriter.wgs84Keys(pixelIsPoint));
        f = TinyTiffWriter.with(f, MODEL_PIXEL_SCALE, null);
        f = TinyTiffWriter.with(f, MODEL_TIEPOINT, null);
        return TinyTiffWriter.with(f, MODEL_TRANSFORMATION, TinyTiffWriter.doubles(MODEL_TRANSFORMATION, m));
    }

    @Test
    void modelTransformationNorthUp() {
        Path file = TinyTiffWriter.write(tmp.resolve("m.tif"), ByteOrder.BIG_ENDIAN, true,
                withMatrix(matrix(0.25, 0.0, -20.0, 0.0, -0.5, 40.0), false));
        assertExactly(new double[] {-20.0, 0.25, 0.0, 40.0, 0.0, -0.5}, GeoTiffHeaderReader.read(file).geoTransform());
    }

    @Test
    void modelTransformationPixelIsPointShiftsToo() {
        Path file = TinyTiffWriter.write(tmp.resolve("mp.tif"), ByteOrder.LITTLE_ENDIAN, false,
                withMatrix(matrix(0.25, 0.0, -20.0, 0.0, -0.5, 40.0), true));
        GeoTiffHeader h = GeoTiffHeaderReader.read(file);
        assertTrue(h.pixelIsPoint());
        assertExactly(new double[] {-20.125, 0.25, 0.0, 40.25, 0.0, -0.5}, h.geoTransform());
    }

    @Test
    void pixelScaleWinsOverModelTransformation() {
        List<TinyTiffWriter.Field> f = TinyTiffWriter.geographic(10, 10, new double[] {1.0, 1.0, 0.0},
                new double[] {0, 0, 0, 5.0, 6.0, 0}, TinyTiffWriter.wgs84Keys(false));
        f = TinyTiffWriter.with(f, MODEL_TRANSFORMATION,
                TinyTiffWriter.doubles(MODEL_TRANSFORMATION, matrix(0.1, 0.2, 0, 0.3, -0.1, 0)));
        GeoTiffHeader h = GeoTiffHeaderReader.read(TinyTiffWriter.write(tmp.resolve("both.tif"), ByteOrder.LITTLE_ENDIAN, false, f));
        assertExactly(new double[] {5.0, 1.0, 0.0, 6.0, 0.0, -1.0}, h.geoTransform());
    }

    @Test
    void rotatedModelTransformationIsE002() {
        Path file = TinyTiffWriter.write(tmp.resolve("rot.tif"), ByteOrder.LITTLE_ENDIAN, false,
                withMatrix(matrix(0.25, 0.01, -20.0, 0.0, -0.5, 40.0), false));
        TileIndexException e = expect(ErrorCode.E002_RASTER_MISMATCH, file);
        assertTrue(e.getMessage().contains("rotated"), e.getMessage());
        Path file2 = TinyTiffWriter.write(tmp.resolve("rot2.tif"), ByteOrder.BIG_ENDIAN, true,
                withMatrix(matrix(0.25, 0.0, -20.0, -0.02, -0.5, 40.0), false));
        expect(ErrorCode.E002_RASTER_MISMATCH, file2);
    }

    @Test
    void southUpModelTransformationIsE002() {
        Path file = TinyTiffWriter.write(tmp.resolve("south.tif"), ByteOrder.LITTLE_ENDIAN, false,
                withMatrix(matrix(0.25, 0.0, -20.0, 0.0, 0.5, 40.0), false));
        TileIndexException e = expect(ErrorCode.E002_RASTER_MISMATCH, file);
        assertTrue(e.getMessage().contains("north-up"), e.getMessage());
    }

    @Test
    void matrixOfOtherThan16ValuesIsIgnoredLikeGdal() {
        Path file = TinyTiffWriter.write(tmp.resolve("m12.tif"), ByteOrder.LITTLE_ENDIAN, false,
                withMatrix(java.util.Arrays.copyOf(matrix(0.25, 0.0, -20.0, 0.0, -0.5, 40.0), 12), false));
        TileIndexException e = expect(ErrorCode.E002_RASTER_MISMATCH, file);
        assertTrue(e.getMessage().contains("no georeferencing"), e.getMessage());
    }

    // ---- CRS ----

    Path withKeys(String name, TinyTiffWriter.Field keys) {
        return TinyTiffWriter.write(tmp.resolve(name), ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.geographic(360, 180, new double[] {1, 1, 0}, new double[] {0, 0, 0, -180, 90, 0}, keys));
    }

    @Test
    void projectedCrsIsE007() {
        // UTM 33N as GDAL writes it: model type 1, ProjectedCSTypeGeoKey 32633, PCS citation in the ASCII params
        List<TinyTiffWriter.Field> f = TinyTiffWriter.geographic(100, 100, new double[] {30, 30, 0},
                new double[] {0, 0, 0, 500000, 6000000, 0},
                TinyTiffWriter.shorts(GEO_KEY_DIRECTORY, 1, 1, 0, 4,
                        1024, 0, 1, 1,
                        1025, 0, 1, 1,
                        3072, 0, 1, 32633,
                        3073, GEO_ASCII_PARAMS, 22, 0));
        f.add(TinyTiffWriter.ascii(GEO_ASCII_PARAMS, "WGS 84 / UTM zone 33N|"));
        Path file = TinyTiffWriter.write(tmp.resolve("utm.tif"), ByteOrder.LITTLE_ENDIAN, false, f);
        TileIndexException e = expect(ErrorCode.E007_CRS_MISMATCH, file);
        assertTrue(e.getMessage().contains("32633"), e.getMessage());
        assertTrue(e.getMessage().contains("WGS 84 / UTM zone 33N"), e.getMessage());
    }

    @Test
    void projectedKeyEvenWithGeographicModelTypeIsE007() {
        expect(ErrorCode.E007_CRS_MISMATCH, withKeys("p2.tif", TinyTiffWriter.geoKeys(
                new int[] {1024, 2}, new int[] {2048, 4326}, new int[] {3072, 3857})));
    }

    @Test
    void otherGeographicCrsIsE007() {
        TileIndexException e = expect(ErrorCode.E007_CRS_MISMATCH, withKeys("nad27.tif",
                TinyTiffWriter.geoKeys(new int[] {1024, 2}, new int[] {2048, 4267})));
        assertTrue(e.getMessage().contains("4267"), e.getMessage());
    }

    @Test
    void missingModelTypeOrGeographicTypeIsE007() {
        expect(ErrorCode.E007_CRS_MISMATCH, withKeys("nomodel.tif", TinyTiffWriter.geoKeys(new int[] {2048, 4326})));
        expect(ErrorCode.E007_CRS_MISMATCH, withKeys("nogcs.tif", TinyTiffWriter.geoKeys(new int[] {1024, 2})));
        expect(ErrorCode.E007_CRS_MISMATCH, withKeys("geocentric.tif",
                TinyTiffWriter.geoKeys(new int[] {1024, 3}, new int[] {2048, 4326})));
    }

    @Test
    void noGeoKeyDirectoryIsE007() {
        Path file = TinyTiffWriter.write(tmp.resolve("nokeys.tif"), ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.with(TinyTiffWriter.geographic(10, 10, new double[] {1, 1, 0}, new double[] {0, 0, 0, 0, 10, 0},
                        TinyTiffWriter.wgs84Keys(false)), GEO_KEY_DIRECTORY, null));
        expect(ErrorCode.E007_CRS_MISMATCH, file);
    }

    @Test
    void userDefinedGeographicNeedsTheWgs84Datum() {
        GeoTiffHeader ok = GeoTiffHeaderReader.read(withKeys("ud.tif",
                TinyTiffWriter.geoKeys(new int[] {1024, 2}, new int[] {2048, 32767}, new int[] {2050, 6326})));
        assertEquals(32767, ok.geographicTypeGeoKey());
        expect(ErrorCode.E007_CRS_MISMATCH, withKeys("ud-nad83.tif",
                TinyTiffWriter.geoKeys(new int[] {1024, 2}, new int[] {2048, 32767}, new int[] {2050, 6269})));
        expect(ErrorCode.E007_CRS_MISMATCH, withKeys("ud-nodatum.tif",
                TinyTiffWriter.geoKeys(new int[] {1024, 2}, new int[] {2048, 32767})));
    }

    @Test
    void radiansOrAnotherPrimeMeridianIsE007() {
        expect(ErrorCode.E007_CRS_MISMATCH, withKeys("rad.tif",
                TinyTiffWriter.geoKeys(new int[] {1024, 2}, new int[] {2048, 4326}, new int[] {2054, 9101})));
        expect(ErrorCode.E007_CRS_MISMATCH, withKeys("paris.tif",
                TinyTiffWriter.geoKeys(new int[] {1024, 2}, new int[] {2048, 4326}, new int[] {2051, 8903})));
    }

    @Test
    void keyValueStoredInTheDirectoryItselfIsRead() {
        // GTModelTypeGeoKey's value at index 8 of the directory (TIFFTagLocation = 34735)
        Path file = withKeys("indirect.tif", TinyTiffWriter.shorts(GEO_KEY_DIRECTORY, 1, 1, 0, 2,
                1024, GEO_KEY_DIRECTORY, 1, 12,
                2048, 0, 1, 4326,
                2));
        assertEquals(2, GeoTiffHeaderReader.read(file).modelTypeGeoKey());
    }

    // ---- unreadable inputs: E010 (SPEC §7: an input that cannot be read) naming the file ----

    @Test
    void missingFileIsE010NamingIt() {
        Path file = tmp.resolve("does-not-exist.tif");
        TileIndexException e = expect(ErrorCode.E010_IO, file);
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void directoryIsE010() {
        expect(ErrorCode.E010_IO, tmp);
    }

    @Test
    void emptyFileIsE002() throws IOException {
        Path file = Files.createFile(tmp.resolve("empty.tif"));
        TileIndexException e = expect(ErrorCode.E002_RASTER_MISMATCH, file);
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void nonTiffBytesAreE002() throws IOException {
        for (String content : new String[] {"\u0089PNG\r\n\u001a\n....", "{\"type\": \"FeatureCollection\"}", "II", "MM\u0000\u002b", "x"}) {
            Path file = Files.write(tmp.resolve("not.tif"), content.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            expect(ErrorCode.E002_RASTER_MISMATCH, file);
        }
        Path ii41 = Files.write(tmp.resolve("ii41.tif"), new byte[] {'I', 'I', 41, 0, 8, 0, 0, 0, 0, 0});
        assertTrue(expect(ErrorCode.E002_RASTER_MISMATCH, ii41).getMessage().contains("not a TIFF"));
    }

    @Test
    void everyTruncationIsE002() throws IOException {
        for (boolean big : new boolean[] {false, true}) {
            List<TinyTiffWriter.Field> f = TinyTiffWriter.geographic(360, 180, new double[] {1, 1, 0},
                    new double[] {0, 0, 0, -180, 90, 0}, TinyTiffWriter.wgs84Keys(false));
            byte[] whole = Files.readAllBytes(TinyTiffWriter.write(tmp.resolve("whole.tif"), ByteOrder.BIG_ENDIAN, big, f));
            GeoTiffHeaderReader.read(tmp.resolve("whole.tif")); // the whole file is fine
            Path cut = tmp.resolve("cut.tif");
            for (int len = 0; len < whole.length; len++) {
                Files.write(cut, java.util.Arrays.copyOf(whole, len));
                expect(ErrorCode.E002_RASTER_MISMATCH, cut);
            }
        }
    }

    @Test
    void realFileTruncatedIsE002() throws IOException {
        byte[] whole = Files.readAllBytes(bundledData().resolve("worldpop_1km_grid_bigtiff.tif"));
        Path cut = tmp.resolve("cut.tif");
        for (int len : new int[] {1, 7, 15, 24, 100, 300}) {
            Files.write(cut, java.util.Arrays.copyOf(whole, len));
            expect(ErrorCode.E002_RASTER_MISMATCH, cut);
        }
    }

    @Test
    void zeroWidthOrHeightIsE002() {
        for (long[] wh : new long[][] {{0, 180}, {360, 0}}) {
            Path file = TinyTiffWriter.write(tmp.resolve("zero.tif"), ByteOrder.LITTLE_ENDIAN, false,
                    TinyTiffWriter.geographic(wh[0], wh[1], new double[] {1, 1, 0}, new double[] {0, 0, 0, -180, 90, 0},
                            TinyTiffWriter.wgs84Keys(false)));
            TileIndexException e = expect(ErrorCode.E002_RASTER_MISMATCH, file);
            assertTrue(e.getMessage().contains("no cells"), e.getMessage());
        }
    }

    @Test
    void missingDimensionIsE002() {
        Path file = TinyTiffWriter.write(tmp.resolve("nowidth.tif"), ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.with(TinyTiffWriter.geographic(1, 1, new double[] {1, 1, 0}, new double[] {0, 0, 0, 0, 1, 0},
                        TinyTiffWriter.wgs84Keys(false)), IMAGE_WIDTH, null));
        assertTrue(expect(ErrorCode.E002_RASTER_MISMATCH, file).getMessage().contains("ImageWidth"));
    }

    @Test
    void widthTimesHeightOverflowing64BitsIsE002() {
        List<TinyTiffWriter.Field> f = TinyTiffWriter.geographic(0, 0, new double[] {1e-9, 1e-9, 0},
                new double[] {0, 0, 0, -180, 90, 0}, TinyTiffWriter.wgs84Keys(false));
        f = TinyTiffWriter.with(f, IMAGE_WIDTH, TinyTiffWriter.long8s(IMAGE_WIDTH, 1L << 33));
        f = TinyTiffWriter.with(f, IMAGE_LENGTH, TinyTiffWriter.long8s(IMAGE_LENGTH, 1L << 31));
        Path file = TinyTiffWriter.write(tmp.resolve("overflow.tif"), ByteOrder.LITTLE_ENDIAN, true, f);
        TileIndexException e = expect(ErrorCode.E002_RASTER_MISMATCH, file);
        assertTrue(e.getMessage().contains("overflows 64 bits"), e.getMessage());

        // the top bit set (negative as a Java long) is still an unsigned size
        f = TinyTiffWriter.with(f, IMAGE_WIDTH, TinyTiffWriter.long8s(IMAGE_WIDTH, -2L));
        f = TinyTiffWriter.with(f, IMAGE_LENGTH, TinyTiffWriter.long8s(IMAGE_LENGTH, 2));
        e = expect(ErrorCode.E002_RASTER_MISMATCH, TinyTiffWriter.write(tmp.resolve("overflow2.tif"), ByteOrder.BIG_ENDIAN, true, f));
        assertTrue(e.getMessage().contains("overflows 64 bits"), e.getMessage());
    }

    @Test
    void dimensionBeyondIntIsE002() {
        List<TinyTiffWriter.Field> f = TinyTiffWriter.geographic(3_000_000_000L, 10, new double[] {1e-7, 1e-7, 0},
                new double[] {0, 0, 0, -180, 90, 0}, TinyTiffWriter.wgs84Keys(false));
        TileIndexException e = expect(ErrorCode.E002_RASTER_MISMATCH,
                TinyTiffWriter.write(tmp.resolve("wide.tif"), ByteOrder.LITTLE_ENDIAN, false, f));
        assertTrue(e.getMessage().contains("3000000000"), e.getMessage());
    }

    @Test
    void noGeoreferencingIsE002() {
        List<TinyTiffWriter.Field> base = TinyTiffWriter.geographic(10, 10, new double[] {1, 1, 0},
                new double[] {0, 0, 0, 0, 10, 0}, TinyTiffWriter.wgs84Keys(false));
        List<List<TinyTiffWriter.Field>> variants = List.of(
                TinyTiffWriter.with(base, MODEL_TIEPOINT, null),
                TinyTiffWriter.with(base, MODEL_PIXEL_SCALE, null),
                TinyTiffWriter.with(TinyTiffWriter.with(base, MODEL_PIXEL_SCALE, null), MODEL_TIEPOINT, null),
                TinyTiffWriter.with(base, MODEL_PIXEL_SCALE, TinyTiffWriter.doubles(MODEL_PIXEL_SCALE, 0.0, 1.0, 0.0)),
                TinyTiffWriter.with(base, MODEL_TIEPOINT, TinyTiffWriter.doubles(MODEL_TIEPOINT, 0, 0, 0, 0, 10)));
        int i = 0;
        for (List<TinyTiffWriter.Field> v : variants) {
            TileIndexException e = expect(ErrorCode.E002_RASTER_MISMATCH,
                    TinyTiffWriter.write(tmp.resolve("nogeo" + i++ + ".tif"), ByteOrder.LITTLE_ENDIAN, false, v));
            assertTrue(e.getMessage().contains("no georeferencing"), e.getMessage());
        }
    }

    @Test
    void wrongTagTypesAreE002() {
        List<TinyTiffWriter.Field> base = TinyTiffWriter.geographic(10, 10, new double[] {1, 1, 0},
                new double[] {0, 0, 0, 0, 10, 0}, TinyTiffWriter.wgs84Keys(false));
        expect(ErrorCode.E002_RASTER_MISMATCH, TinyTiffWriter.write(tmp.resolve("w1.tif"), ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.with(base, MODEL_PIXEL_SCALE, TinyTiffWriter.longs(MODEL_PIXEL_SCALE, 1, 1, 0))));
        expect(ErrorCode.E002_RASTER_MISMATCH, TinyTiffWriter.write(tmp.resolve("w2.tif"), ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.with(base, IMAGE_WIDTH, TinyTiffWriter.doubles(IMAGE_WIDTH, 10.0))));
        expect(ErrorCode.E002_RASTER_MISMATCH, TinyTiffWriter.write(tmp.resolve("w3.tif"), ByteOrder.LITTLE_ENDIAN, false,
                TinyTiffWriter.with(base, GEO_KEY_DIRECTORY, TinyTiffWriter.longs(GEO_KEY_DIRECTORY, 1, 1, 0, 0))));
    }

    @Test
    void floatTagsAreWidenedExactly() {
        List<TinyTiffWriter.Field> f = TinyTiffWriter.geographic(10, 10, new double[] {1, 1, 0},
                new double[] {0, 0, 0, 0, 10, 0}, TinyTiffWriter.wgs84Keys(false));
        f = TinyTiffWriter.with(f, MODEL_PIXEL_SCALE, TinyTiffWriter.floats(MODEL_PIXEL_SCALE, 0.1f, 0.1f, 0f));
        GeoTiffHeader h = GeoTiffHeaderReader.read(TinyTiffWriter.write(tmp.resolve("f.tif"), ByteOrder.BIG_ENDIAN, false, f));
        assertTrue(h.geoTransform()[1] == (double) 0.1f);
    }

    /** Random byte corruption must only ever produce a header or a coded exception naming the file. */
    @Test
    void corruptHeadersNeverEscapeAsRawExceptions() throws IOException {
        Random rnd = new Random(20251124);
        for (boolean big : new boolean[] {false, true}) {
            byte[] good = Files.readAllBytes(TinyTiffWriter.write(tmp.resolve("good.tif"), ByteOrder.LITTLE_ENDIAN, big,
                    TinyTiffWriter.geographic(360, 180, new double[] {1, 1, 0}, new double[] {0, 0, 0, -180, 90, 0},
                            TinyTiffWriter.wgs84Keys(true))));
            Path bad = tmp.resolve("bad.tif");
            for (int iter = 0; iter < 1500; iter++) {
                byte[] b = good.clone();
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : 0xFF);
                }
                Files.write(bad, b);
                try {
                    GeoTiffHeaderReader.read(bad);
                } catch (TileIndexException e) {
                    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
                } catch (RuntimeException e) {
                    fail("raw exception for mutation " + iter + ": " + e, e);
                }
            }
        }
    }

    @Test
    void headerRecordIsImmutableAndComparesByValue() {
        GeoTiffHeader a = GeoTiffHeaderReader.read(bundledData().resolve("worldpop_1km_grid.tif"));
        GeoTiffHeader b = GeoTiffHeaderReader.read(bundledData().resolve("worldpop_1km_grid.tif"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        a.geoTransform()[0] = 0.0;
        assertExactly(WORLDPOP_GT, a.geoTransform());
        assertNotEquals(a, GeoTiffHeaderReader.read(bundledData().resolve("worldpop_1km_grid_bigtiff.tif")));
    }

    // ---- helpers ----

    static TileIndexException expect(ErrorCode code, Path file) {
        TileIndexException e = assertThrows(TileIndexException.class, () -> GeoTiffHeaderReader.read(file),
                () -> "expected " + code + " for " + file);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), "message must name the file: " + e.getMessage());
        return e;
    }

    /** Element-wise {@code ==}, reporting the exact (hex) values on failure. */
    static void assertExactly(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (!(expected[i] == actual[i])) {
                fail("GT" + i + ": expected " + Double.toHexString(expected[i]) + " (" + expected[i] + ") but was "
                        + Double.toHexString(actual[i]) + " (" + actual[i] + ")");
            }
        }
    }

    static Path bundledData() {
        return io.tileindex.cli.BundledData.dir();
    }
}
