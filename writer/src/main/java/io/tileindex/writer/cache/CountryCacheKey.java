package io.tileindex.writer.cache;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.parquet.TileSchemas;
import io.tileindex.writer.publish.DeterminismReceipt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What determines one country's encoded row groups, as a SHA-256: the cache format, the output format
 * version, the row-group shape, the grid, the predicate, the geometry policy and the country's code and
 * normalised geometry (every ring's coordinates, bit for bit, in order). Not the input file's name or
 * bytes, nor the other countries: an unchanged country keeps its key when its neighbours change.
 * Thread-safe and immutable.
 */
public record CountryCacheKey(Grid grid, Predicate predicate, String geometryPolicy, int rowGroupRows, int rowGroupsPerFile) {
    /** Bumped whenever the record or entry layout, or the encoding of any page, changes. */
    public static final String CACHE_FORMAT = "tileindex-country-cache-1";

    /** The key of {@code country}'s row groups under this context, 64 lowercase hex digits. */
    public String of(CountryShape country) {
        MessageDigest d = DeterminismReceipt.sha256();
        text(d, CACHE_FORMAT);
        text(d, TileSchemas.FORMAT_VERSION);
        text(d, predicate.wireName());
        text(d, geometryPolicy);
        ByteBuffer b = ByteBuffer.allocate(8 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(rowGroupRows).putInt(rowGroupsPerFile).putInt(grid.nrows()).putInt(grid.ncols());
        for (double g : grid.geoTransform()) {
            b.putLong(Double.doubleToRawLongBits(g));
        }
        b.flip();
        d.update(b);
        b.clear();
        text(d, country.iso());
        b.putInt(country.polygons().size());
        for (PolygonShape p : country.polygons()) {
            b = ring(d, b, p.shell());
            b.putInt(p.holes().size());
            for (Ring h : p.holes()) {
                b = ring(d, b, h);
            }
        }
        b.flip();
        d.update(b);
        return DeterminismReceipt.hex(d);
    }

    private static ByteBuffer ring(MessageDigest d, ByteBuffer b, Ring r) {
        b.putInt(r.size());
        for (int i = 0; i < r.size(); i++) {
            if (b.remaining() < 16) {
                b.flip();
                d.update(b);
                b.clear();
            }
            b.putLong(Double.doubleToRawLongBits(r.x(i))).putLong(Double.doubleToRawLongBits(r.y(i)));
        }
        if (b.remaining() < 64) {
            b.flip();
            d.update(b);
            b.clear();
        }
        return b;
    }

    /** A length-prefixed UTF-8 string, so that no two field sequences hash the same bytes. */
    private static void text(MessageDigest d, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        d.update(ByteBuffer.allocate(4).putInt(u.length).array());
        d.update(u);
    }
}
