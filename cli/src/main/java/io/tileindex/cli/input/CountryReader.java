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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
     * @param countries one per ISO alpha-2 code, sorted by code
     * @param bytesRead bytes actually read from the file
     * @param format    one of the {@code FORMAT_*} constants
     * @param skipped   features left out by {@code --skip-unknown-codes}, each with why
     * @param repaired  the codes of the countries {@code --repair-geometry} repaired
     */
    public record CountrySet(List<CountryShape> countries, long bytesRead, String format, InputDigest digest,
                             List<String> skipped, List<String> repaired) {
        public CountrySet {
            countries = List.copyOf(countries);
            skipped = List.copyOf(skipped);
            repaired = List.copyOf(repaired);
        }
    }

    private CountryReader() {}

    public static CountrySet read(Path file) {
        return read(file, DEFAULT_ISO_COLUMN);
    }

    public static CountrySet read(Path file, String isoColumn) {
        return read(file, CountryOptions.keyedBy(isoColumn));
    }

    /**
     * @param layer the GeoPackage feature layer to read; null when the file has only one (other formats
     *              hold a single layer and ignore it)
     */
    public static CountrySet read(Path file, String isoColumn, String layer) {
        return read(file, new CountryOptions(isoColumn, null, null, false, false, layer));
    }

    public static CountrySet read(Path file, CountryOptions options) {
        String layer = options.layer();
        Objects.requireNonNull(file, "file");
        String column = options.keyColumn() == null || options.keyColumn().isEmpty() ? DEFAULT_ISO_COLUMN : options.keyColumn();
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
        if (raw.isEmpty()) {
            // an empty FeatureCollection or table is a broken export, not a world without countries
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": the countries file has no features");
        }
        CountryKeys.Grouped grouped = CountryKeys.group(raw, file, options);
        List<CountryShape> countries = validate(grouped, file, options.repair());
        List<String> repaired = countries.stream().filter(GeometryRepair::repaired).map(CountryShape::iso).toList();
        return new CountrySet(countries, bytes, format, digest, grouped.skipped(), repaired);
    }

    /** How many invalid countries an E001 message names before "and N more". */
    static final int INVALID_LISTED = 5;

    /**
     * Geometry health of every country in parallel (JTS validity dominates the cost). Failures other
     * than invalid geometry are reported first-in-file-order; invalid geometry is collected, so that
     * one E001 lists every invalid country (count, then the first few) and names --repair-geometry.
     */
    static List<CountryShape> validate(CountryKeys.Grouped grouped, Path file, boolean repair) {
        List<RawCountry> raw = grouped.countries();
        Object[] results = new Object[raw.size()];
        IntStream.range(0, raw.size()).parallel().forEach(i -> {
            try {
                results[i] = GeometryHealth.check(raw.get(i), file, repair);
            } catch (RuntimeException e) {
                results[i] = e;
            }
        });
        List<CountryShape> shapes = new ArrayList<>(results.length);
        List<TileIndexException> invalid = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            RawCountry c = raw.get(i);
            if (results[i] instanceof TileIndexException e && e.code() == ErrorCode.E001_GEO_INVALID) {
                invalid.add(e);
            } else if (results[i] instanceof TileIndexException e) {
                throw e;
            } else if (results[i] instanceof RuntimeException e) {
                throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": country " + c.iso() + " ("
                        + c.where() + "): geometry check failed: " + e, c.iso(), null, null, e);
            } else {
                shapes.add(withMergeNote((CountryShape) results[i], grouped.featureCounts().get(c.iso())));
            }
        }
        if (!invalid.isEmpty()) {
            throw invalidCountries(invalid, file, repair);
        }
        shapes.sort(Comparator.comparing(CountryShape::iso));
        return shapes;
    }

    private static CountryShape withMergeNote(CountryShape s, int features) {
        if (features < 2) {
            return s;
        }
        List<String> notes = new ArrayList<>(s.notes());
        notes.add(features + " features merged (the union of their polygons)");
        return new CountryShape(s.iso(), s.polygons(), notes);
    }

    private static TileIndexException invalidCountries(List<TileIndexException> invalid, Path file, boolean repair) {
        if (invalid.size() == 1 || repair) {
            return invalid.getFirst(); // with --repair-geometry only what the fixer cannot take is left
        }
        StringBuilder b = new StringBuilder(file + ": " + invalid.size() + " countries have invalid geometry ("
                + "--repair-geometry repairs them with JTS GeometryFixer): ");
        for (int i = 0; i < Math.min(INVALID_LISTED, invalid.size()); i++) {
            String d = invalid.get(i).detail();
            b.append(i == 0 ? "" : "; ").append(d.startsWith(file + ": ") ? d.substring(file.toString().length() + 2) : d);
        }
        if (invalid.size() > INVALID_LISTED) {
            b.append("; and ").append(invalid.size() - INVALID_LISTED).append(" more: ")
                    .append(String.join(", ", invalid.subList(INVALID_LISTED, invalid.size()).stream()
                            .map(TileIndexException::countryIso).toList()));
        }
        return new TileIndexException(ErrorCode.E001_GEO_INVALID, b.toString(), invalid.getFirst().countryIso(), null,
                null, invalid.getFirst());
    }
}
