package io.tileindex.bench;

import io.tileindex.cli.input.GeoTiffHeader;
import io.tileindex.cli.input.GeoTiffHeaderReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FinerGridTest {

    private static final Path BUNDLED = BenchSupport.repoRoot().resolve("data/worldpop_1km_grid.tif");

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 10})
    void theCliReadsBackFactorTimesTheCellsWithTheSameOriginAndExtent(int factor, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("finer.tif");
        GeoTiffHeader base = FinerGrid.write(BUNDLED, factor, out);
        GeoTiffHeader fine = GeoTiffHeaderReader.read(out);
        assertEquals((long) base.width() * factor, fine.width());
        assertEquals((long) base.height() * factor, fine.height());
        double[] b = base.geoTransform();
        double[] f = fine.geoTransform();
        assertEquals(b[0], f[0], "west edge");
        assertEquals(b[3], f[3], "north edge");
        assertEquals(b[1] / factor, f[1]);
        assertEquals(b[5] / factor, f[5]);
        assertEquals(0, f[2]);
        assertEquals(0, f[4]);
        assertEquals(b[0] + base.width() * b[1], f[0] + fine.width() * f[1], 1e-9, "east edge");
        assertEquals(b[3] + base.height() * b[5], f[3] + fine.height() * f[5], 1e-9, "south edge");
        assertEquals(4326, fine.geographicTypeGeoKey());
        assertFalse(fine.pixelIsPoint());
        assertTrue(Files.size(out) < 512, "header only: " + Files.size(out) + " bytes");
        fine.toCheckedGrid(out); // inside the lon/lat bounds the build checks
    }

    @Test
    void aPixelIsPointBaseKeepsItsAreaOrigin(@TempDir Path dir) throws Exception {
        Path base = BenchSupport.repoRoot().resolve("data/gpw_30s_grid_pixelispoint.tif");
        Path out = dir.resolve("finer.tif");
        FinerGrid.write(base, 2, out);
        assertEquals(GeoTiffHeaderReader.read(base).geoTransform()[0], GeoTiffHeaderReader.read(out).geoTransform()[0]);
        assertEquals(GeoTiffHeaderReader.read(base).geoTransform()[3], GeoTiffHeaderReader.read(out).geoTransform()[3]);
    }

    @Test
    void aFactorBelowOneIsRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> FinerGrid.write(BUNDLED, 0, dir.resolve("x.tif")));
    }
}
