package io.tileindex.cli.input;

import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.grid.Grid;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link GeoTiffHeaderReader} takes from a GeoTIFF: the raster size, the GDAL geotransform
 * (already shifted to PixelIsArea when the file is tagged PixelIsPoint, exactly as GDAL does) and
 * the GeoKeys the CRS check looked at.
 *
 * @param width                 ImageWidth, the number of columns
 * @param height                ImageLength, the number of rows
 * @param geoTransform          GDAL geotransform {@code (GT0..GT5)}; the record keeps its own copy
 * @param pixelIsPoint          GTRasterTypeGeoKey was 2 (RasterPixelIsPoint)
 * @param bigTiff               the file is a BigTIFF (magic 43)
 * @param geographicTypeGeoKey  GeographicTypeGeoKey (2048), 0 if absent
 * @param modelTypeGeoKey       GTModelTypeGeoKey (1024), 0 if absent
 * @param bytesRead             bytes read from the file to get all this (header, first IFD, tag values)
 */
public record GeoTiffHeader(int width, int height, double[] geoTransform, boolean pixelIsPoint, boolean bigTiff,
                            int geographicTypeGeoKey, int modelTypeGeoKey, long bytesRead) {

    public GeoTiffHeader {
        Objects.requireNonNull(geoTransform, "geoTransform");
        if (geoTransform.length != 6) {
            throw new IllegalArgumentException("geoTransform needs 6 values, got " + geoTransform.length);
        }
        // A record with an array component is only immutable if it copies in and out.
        geoTransform = geoTransform.clone();
    }

    /** A copy: callers cannot change the header through it. */
    @Override
    public double[] geoTransform() {
        return geoTransform.clone();
    }

    /** The same header, as if it had cost {@code n} bytes of reading. */
    public GeoTiffHeader withBytesRead(long n) {
        return new GeoTiffHeader(width, height, geoTransform, pixelIsPoint, bigTiff, geographicTypeGeoKey, modelTypeGeoKey, n);
    }

    /** The grid this header describes; rows are ImageLength, columns ImageWidth. */
    public Grid toGrid() {
        return Grid.of(height, width, geoTransform);
    }

    /**
     * {@link #toGrid()} plus the lon/lat extent check the build needs, a failure reported against
     * {@code file}: SPEC §7 wants an input's error to name the input (found by GeoTiffHeaderFuzzTest).
     */
    public Grid toCheckedGrid(Path file) {
        Grid g = toGrid();
        try {
            g.checkGeographicExtent();
        } catch (TileIndexException e) {
            throw new TileIndexException(e.code(), file + ": " + e.detail(), e);
        }
        return g;
    }

    // Records compare array components by reference; two reads of the same file must be equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof GeoTiffHeader h
                && width == h.width && height == h.height
                && Arrays.equals(geoTransform, h.geoTransform)
                && pixelIsPoint == h.pixelIsPoint && bigTiff == h.bigTiff
                && geographicTypeGeoKey == h.geographicTypeGeoKey && modelTypeGeoKey == h.modelTypeGeoKey
                && bytesRead == h.bytesRead;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, Arrays.hashCode(geoTransform), pixelIsPoint, bigTiff,
                geographicTypeGeoKey, modelTypeGeoKey, bytesRead);
    }

    @Override
    public String toString() {
        return "GeoTiffHeader[width=" + width + ", height=" + height + ", geoTransform=" + Arrays.toString(geoTransform)
                + ", pixelIsPoint=" + pixelIsPoint + ", bigTiff=" + bigTiff
                + ", geographicTypeGeoKey=" + geographicTypeGeoKey + ", modelTypeGeoKey=" + modelTypeGeoKey
                + ", bytesRead=" + bytesRead + "]";
    }
}
