package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.CountryShape;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Reads the country polygons (SPEC §1 {@code world_countries}): GeoJSON, GeoParquet, GeoPackage, ESRI
 * Shapefile or FlatGeobuf, told apart by content ({@link CountryFormat}), not by extension. Every feature
 * is keyed by its ISO property, checked for geometry health (SPEC §3, {@link GeometryHealth}) and
 * converted to the kernel's {@link CountryShape}.
 *
 * <p>Failures are {@link TileIndexException}s whose message names the file: E001 for anything
 * missing, truncated, malformed or geometrically unusable; E005 for a feature without a usable ISO
 * property; E007 for a CRS that is not WGS84 lon/lat (declared, or evident from coordinates outside
 * ±90° latitude / ±540° longitude). Whether the codes exist in the ISO table is checked elsewhere
 * ({@link IsoTable#checkCountryCode}).
 */
public final class CountryReader {
    public static final String DEFAULT_ISO_COLUMN = "country_iso";
    public static final String FORMAT_GEOJSON = "geojson";
    public static final String FORMAT_GEOPARQUET = "geoparquet";
    public static final String FORMAT_GEOPACKAGE = "geopackage";
    public static final String FORMAT_SHAPEFILE = "shapefile";
    public static final String FORMAT_FLATGEOBUF = "flatgeobuf";

    /**
     * @param countries one per ISO code, sorted by code
     * @param bytesRead bytes actually read from the file
     * @param format    one of the {@code FORMAT_*} constants
     */
    public record CountrySet(List<CountryShape> countries, long bytesRead, String format, InputDigest digest) {
        public CountrySet {
            countries = List.copyOf(countries);
        }
    }

    private CountryReader() {}

    public static CountrySet read(Path file) {
        return read(file, DEFAULT_ISO_COLUMN);
    }

    public static CountrySet read(Path file, String isoColumn) {
        return read(file, isoColumn, null);
    }

    /**
     * @param layer the GeoPackage feature layer to read; null when the file has only one (other formats
     *              hold a single layer and ignore it)
     */
    public static CountrySet read(Path file, String isoColumn, String layer) {
        Objects.requireNonNull(file, "file");
        String column = isoColumn == null || isoColumn.isEmpty() ? DEFAULT_ISO_COLUMN : isoColumn;
        List<RawCountry> raw = null;
        long bytes = 0;
        InputDigest digest = null;
        byte[] head;
        CountryFormat kind;
        try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file))) {
            head = in.readNBytes(CountryFormat.SNIFF_LENGTH);
            if (head.length == 0) {
                throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": country file is empty");
            }
            kind = CountryFormat.of(head, file);
            if (kind == CountryFormat.GEOJSON) {
                // hand the sniffed bytes back in front of the rest: the file is read exactly once
                // the parser closes its source at the end; keep ours open to drain the digest
                InputStream json = new SequenceInputStream(new ByteArrayInputStream(head), new java.io.FilterInputStream(in) {
                    @Override
                    public void close() { }
                });
                raw = GeoJsonCountries.read(json, file, column);
                digest = in.finish();
                bytes = in.count();
            }
        } catch (NoSuchFileException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": country file does not exist", e);
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": cannot read country file: " + e, e);
        }
        String format = kind.reportName;
        if (raw == null && kind != CountryFormat.GEOPARQUET) {
            CountryFormat.Loaded loaded = kind.read(file, column, layer);
            raw = loaded.raw();
            digest = loaded.digest();
            bytes = head.length + loaded.bytesRead();
        }
        if (raw == null) {
            CountingInputFile parquet;
            try {
                parquet = new CountingInputFile(file);
            } catch (IOException e) {
                throw new TileIndexException(ErrorCode.E010_IO, file + ": cannot read country file: " + e, e);
            }
            raw = GeoParquetCountries.read(parquet, file, column);
            digest = parquet.digest();
            bytes = head.length + parquet.bytesRead();
        }
        return new CountrySet(validate(raw, file), bytes, format, digest);
    }

    /** Keys, duplicates, then geometry health in parallel; the first failure in file order is reported. */
    static List<CountryShape> validate(List<RawCountry> raw, Path file) {
        Map<String, String> seen = new HashMap<>();
        for (RawCountry c : raw) {
            if (c.iso() == null) {
                throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": " + c.where() + ": " + c.isoProblem());
            }
            if (c.iso().isEmpty()) {
                throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": " + c.where() + ": empty ISO code");
            }
            String first = seen.putIfAbsent(c.iso(), c.where());
            if (first != null) {
                throw TileIndexException.forCountry(ErrorCode.E001_GEO_INVALID, c.iso(), file
                        + ": duplicate features for ISO code " + c.iso() + " (" + first + " and " + c.where() + ")");
            }
        }
        // JTS validity dominates the cost and is independent per country; collect outcomes by index
        // so the reported error does not depend on scheduling
        Object[] results = new Object[raw.size()];
        IntStream.range(0, raw.size()).parallel().forEach(i -> {
            try {
                results[i] = GeometryHealth.check(raw.get(i), file);
            } catch (RuntimeException e) {
                results[i] = e;
            }
        });
        CountryShape[] shapes = new CountryShape[results.length];
        for (int i = 0; i < results.length; i++) {
            if (results[i] instanceof TileIndexException e) {
                throw e;
            }
            if (results[i] instanceof RuntimeException e) {
                throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": country " + raw.get(i).iso() + " ("
                        + raw.get(i).where() + "): geometry check failed: " + e, raw.get(i).iso(), null, null, e);
            }
            shapes[i] = (CountryShape) results[i];
        }
        return Arrays.stream(shapes).sorted(Comparator.comparing(CountryShape::iso)).toList();
    }
}
