package io.tileindex.cli.report;

import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.Predicate;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report map draws tiles where they are written: on a 0..360 grid, the eastern half at -180..0. */
class MapRendererShiftTest {
    static final Grid ZERO_360 = new Grid(720, 1440, 0.0, 0.25, 0, 90.0, 0, -0.25);

    @Test
    void shiftedColumnsAreDrawnAtTheirWrittenLongitude() throws Exception {
        CellRuns runs = new CellRuns();
        for (int row = 200; row < 220; row++) {
            runs.add(row, 960, 1000); // formula 240..250, written -120..-110
        }
        List<MapRenderer.Tiles> tiles = List.of(MapRenderer.Tiles.of(new CountryCells("US", Predicate.CENTER, runs, 800, 800, 0, 0, List.of())));
        MapRenderer.View v = MapRenderer.chooseView(ZERO_360, tiles, 800);
        assertTrue(v.west() < -120 && v.east() > -110, "a window around -120..-110: " + v);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(MapRenderer.render(ZERO_360, tiles, List.of(), null, v).png()));
        int x = (int) ((-115 - v.west()) * v.pxPerDeg()), y = (int) ((v.north() - 37.5) * v.pxPerDeg());
        assertEquals(CountryColors.rgb("US"), img.getRGB(x, y) & 0xffffff, "a shifted tile at (-115, 37.5)");
        MapRenderer.View world = new MapRenderer.View(-180, 180, -90, 90, 720, 360);
        BufferedImage w = ImageIO.read(new ByteArrayInputStream(MapRenderer.render(ZERO_360, tiles, List.of(), null, world).png()));
        assertEquals(CountryColors.rgb("US"), w.getRGB((int) ((-115 + 180) * 2.0), (int) ((90 - 37.5) * 2.0)) & 0xffffff);
    }

    /** A fine grid's country kept as every k-th row is drawn as if every row were there. */
    @Test
    void everyKthRowStandsForTheRowsBelowIt() throws Exception {
        CellRuns all = new CellRuns(), sampled = new CellRuns();
        for (int row = 200; row < 240; row++) {
            all.add(row, 100, 180);
            if (row % 8 == 0) {
                sampled.add(row, 100, 180);
            }
        }
        MapRenderer.View world = new MapRenderer.View(-180, 180, -90, 90, 720, 360);
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(MapRenderer.render(ZERO_360,
                List.of(new MapRenderer.Tiles("NO", all, 1)), List.of(), null, world).png()));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(MapRenderer.render(ZERO_360,
                List.of(new MapRenderer.Tiles("NO", sampled, 8)), List.of(), null, world).png()));
        for (int y = 0; y < 360; y++) {
            for (int x = 0; x < 720; x++) {
                assertEquals(a.getRGB(x, y), b.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        assertEquals(CountryColors.rgb("NO"), a.getRGB((35 + 180) * 2, (90 - 35) * 2) & 0xffffff, "the block (lon 25..45, lat 30..40) is drawn");
    }
}
