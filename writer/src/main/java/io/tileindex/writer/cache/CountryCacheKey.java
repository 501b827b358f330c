package io.tileindex.writer.cache;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.parquet.TileSchemas;
import io.tileindex.writer.publish.DeterminismReceipt;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * What determines one country's encoded row groups, as a SHA-256: the cache format, the output format
 * version, whether tile_index has coverage_fraction, the row-group shape, the grid, the predicate, the geometry policy and the country's code and
 * normalised geometry (every ring's coordinates, bit for bit, in order). Not the input file's name or
 * bytes, nor the other countries: an unchanged country keeps its key when its neighbours change.
 * Thread-safe and immutable.
 */
public record CountryCacheKey(Grid grid, Predicate predicate, String geometryPolicy, int rowGroupRows, int rowGroupsPerFile,
                              boolean coverageFraction) {
    /** Bumped whenever the record or entry layout, the key's fields, or the encoding of any page, changes. */
    public static final String CACHE_FORMAT = "tileindex-country-cache-2";

    public CountryCacheKey(Grid grid, Predicate predicate, String geometryPolicy, int rowGroupRows, int rowGroupsPerFile) {
        this(grid, predicate, geometryPolicy, rowGroupRows, rowGroupsPerFile, false);
    }

    /** The key of {@code country}'s row groups under this context, 64 lowercase hex digits. */
    public String of(CountryShape country) {
        MessageDigest d = DeterminismReceipt.sha256();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new DigestOutputStream(OutputStream.nullOutputStream(), d), 1 << 16))) {
            for (String s : new String[] {CACHE_FORMAT, TileSchemas.FORMAT_VERSION, predicate.wireName(), geometryPolicy}) {
                out.writeUTF(s); // length-prefixed: no two field sequences give the same bytes
            }
            out.writeBoolean(coverageFraction);
            out.writeInt(rowGroupRows);
            out.writeInt(rowGroupsPerFile);
            out.writeInt(grid.nrows());
            out.writeInt(grid.ncols());
            for (double g : grid.geoTransform()) {
                out.writeLong(Double.doubleToRawLongBits(g));
            }
            out.writeUTF(country.iso());
            country.writeGeometry(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into a digest: cannot happen
        }
        return DeterminismReceipt.hex(d);
    }
}
