package io.tileindex.bench;

import io.tileindex.cli.input.GeoTiffHeader;
import io.tileindex.cli.input.GeoTiffHeaderReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a grid {@code factor} times finer per axis than a base grid, with the same origin and
 * extent, as a header-only GeoTIFF ({@link HeaderOnlyGeoTiff}): the bundled 1 km WorldPop grid at
 * factor 4 is a 250 m grid, at factor 10 a 100 m one. Reproducible from the repository alone.
 *
 * <p>Usage: {@code bench/run-main.sh io.tileindex.bench.FinerGrid [--factor N] [--base FILE.tif] OUT.tif}
 * (defaults: factor 10, base data/worldpop_1km_grid.tif). Prints one line describing the grid.
 */
public final class FinerGrid {

    private FinerGrid() {}

    public static void main(String[] args) throws IOException {
        int factor = 10;
        Path base = BenchSupport.repoRoot().resolve("data/worldpop_1km_grid.tif");
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--factor" -> factor = Integer.parseInt(args[++i]);
                case "--base" -> base = Path.of(args[++i]);
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    out = Path.of(args[i]);
                }
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("usage: FinerGrid [--factor N] [--base FILE.tif] OUT.tif");
        }
        write(base, factor, out);
        GeoTiffHeader h = GeoTiffHeaderReader.read(out); // what the build will see
        double[] gt = h.geoTransform();
        System.out.printf(Locale.ROOT, "%s: %d x %d cells of %.9g x %.9g deg, origin (%.12g, %.12g), %d x %s%n",
                out, h.width(), h.height(), gt[1], -gt[5], gt[0], gt[3], factor, base.getFileName());
    }

    /**
     * Writes {@code out}: {@code factor}² cells for every cell of {@code base}, origin unchanged.
     *
     * @return the header of {@code base} (the grid that was refined)
     * @throws IllegalArgumentException if the factor is below 1, the base grid is rotated, or the
     *                                  finer grid has more than 2^31-1 columns or rows (the reader's limit)
     */
    public static GeoTiffHeader write(Path base, int factor, Path out) throws IOException {
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        }
        GeoTiffHeader h = GeoTiffHeaderReader.read(base);
        double[] gt = h.geoTransform();
        if (gt[2] != 0 || gt[4] != 0) {
            throw new IllegalArgumentException(base + " is rotated: only north-up grids can be refined");
        }
        long width = (long) h.width() * factor;
        long height = (long) h.height() * factor;
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(width + " x " + height + " cells: more than the reader takes");
        }
        // the reader gives the PixelIsArea origin (a PixelIsPoint base is already shifted), which is what is written
        HeaderOnlyGeoTiff.write(out, width, height, gt[0], gt[3], gt[1] / factor, -gt[5] / factor);
        return h;
    }
}
