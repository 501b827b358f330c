package io.tileindex.cli.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The grid input: its GeoTIFF header and its digest, read so that every byte is read at most once
 * when it can be. A small raster (up to {@link #IN_MEMORY_LIMIT}) is read whole, once, and both the
 * digest and the header come from those bytes; a larger one gets a header read of a few hundred bytes
 * plus the digest's read, which stays far inside the 1.25 × size read budget (SPEC §6): reading a
 * tiny raster twice would not.
 */
public record GridInput(GeoTiffHeader header, InputDigest digest) {
    public static final long IN_MEMORY_LIMIT = 1L << 20;

    /** Bytes read from the file for header and digest together. */
    public long bytesRead() {
        return header.bytesRead() + digest.bytesRead();
    }

    public static GridInput read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException | SecurityException e) {
            size = -1; // the header reader names the file and the reason
        }
        if (size > 0 && size <= IN_MEMORY_LIMIT) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException | SecurityException e) {
                content = null;
            }
            if (content != null) {
                return new GridInput(GeoTiffHeaderReader.read(file, content), InputDigest.ofBytes(content));
            }
        }
        GeoTiffHeader header = GeoTiffHeaderReader.read(file);
        return new GridInput(header, InputDigest.ofRaster(file, header));
    }
}
