package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.writer.publish.DeterminismReceipt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 of an input for {@code ingress_versions} and the parameter hash, with the bytes it cost.
 * A raster larger than {@link #RASTER_FULL_HASH_LIMIT} is identified by its grid header instead of its
 * pixels (pixel values never affect the output, and hashing gigabytes would defeat header-only reads).
 */
public record InputDigest(String sha256, String scope, long bytesRead) {
    public static final long RASTER_FULL_HASH_LIMIT = 64L << 20;

    public static InputDigest ofBytes(byte[] content) {
        return new InputDigest(HexFormat.of().formatHex(DeterminismReceipt.sha256().digest(content)), "file", content.length);
    }

    public static InputDigest ofFile(Path p) {
        MessageDigest d = DeterminismReceipt.sha256();
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                d.update(buf, 0, r);
                n += r;
            }
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, "cannot read " + p + ": " + e.getMessage(), e);
        }
        return new InputDigest(HexFormat.of().formatHex(d.digest()), "file", n);
    }

    public static InputDigest ofRaster(Path p, GeoTiffHeader h) {
        long size;
        try {
            size = Files.size(p);
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, "cannot read " + p + ": " + e.getMessage(), e);
        }
        if (size <= RASTER_FULL_HASH_LIMIT) {
            return ofFile(p);
        }
        StringBuilder sb = new StringBuilder("geotiff-grid/1;").append(h.width()).append('x').append(h.height());
        for (double v : h.geoTransform()) {
            sb.append(';').append(Double.toHexString(v));
        }
        sb.append(";point=").append(h.pixelIsPoint()).append(";gcs=").append(h.geographicTypeGeoKey());
        byte[] canon = sb.toString().getBytes(StandardCharsets.UTF_8);
        return new InputDigest(HexFormat.of().formatHex(DeterminismReceipt.sha256().digest(canon)), "grid_header", 0);
    }
}
