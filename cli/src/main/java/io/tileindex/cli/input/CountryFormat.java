package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The country file formats, recognised by their first bytes (SPEC §1: by content, not by extension),
 * and the dispatch to each format's reader. GeoJSON is the only text format: anything else that does
 * not start with a known magic is refused with the list of supported formats, never handed to the
 * JSON parser to fail with "Unrecognized token".
 */
enum CountryFormat {
    GEOJSON(CountryReader.FORMAT_GEOJSON),
    GEOPARQUET(CountryReader.FORMAT_GEOPARQUET),
    GEOPACKAGE(CountryReader.FORMAT_GEOPACKAGE),
    SHAPEFILE(CountryReader.FORMAT_SHAPEFILE),
    /** A .zip holding one shapefile set; reported as a shapefile. */
    SHAPEFILE_ZIP(CountryReader.FORMAT_SHAPEFILE),
    FLATGEOBUF(CountryReader.FORMAT_FLATGEOBUF);

    /** Bytes {@link #of} looks at; enough for every magic below and for leading JSON whitespace. */
    static final int SNIFF_LENGTH = 64;
    static final String SUPPORTED = "GeoJSON, GeoParquet (WKB or native GeoArrow polygons; or Parquet with a GEOMETRY"
            + " column), GeoPackage, ESRI Shapefile (.shp with its .dbf and .prj, or a .zip of one), FlatGeobuf";

    private static final byte[] PARQUET = {'P', 'A', 'R', '1'};
    private static final byte[] SQLITE = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final int SHAPEFILE_CODE = 9994;

    /** The run report's {@code format} value. */
    final String reportName;

    CountryFormat(String reportName) {
        this.reportName = reportName;
    }

    /** What a non-JSON reader hands back: the features, the file set's digest and the bytes it read. */
    record Loaded(List<RawCountry> raw, InputDigest digest, long bytesRead) {}

    /**
     * The format of a file whose first bytes are {@code head} (at most {@link #SNIFF_LENGTH}, fewer when
     * the file is shorter). Throws E001 naming the file and the supported formats when none matches.
     */
    static CountryFormat of(byte[] head, Path file) {
        if (startsWith(head, PARQUET)) {
            return GEOPARQUET;
        }
        if (startsWith(head, SQLITE)) {
            return GEOPACKAGE;
        }
        if (head.length >= 4 && ((head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | head[3] & 0xff)
                == SHAPEFILE_CODE) {
            return SHAPEFILE;
        }
        if (startsWith(head, ZIP)) {
            return SHAPEFILE_ZIP;
        }
        // "fgb", major version, "fgb", patch version
        if (head.length >= 8 && head[0] == 'f' && head[1] == 'g' && head[2] == 'b' && head[4] == 'f' && head[5] == 'g'
                && head[6] == 'b') {
            return FLATGEOBUF;
        }
        if (looksLikeJson(head)) {
            return GEOJSON;
        }
        throw unrecognised(head, file);
    }

    /** Reads a non-JSON format ({@link #GEOPARQUET} stays with CountryReader's own Parquet path). */
    Loaded read(Path file, String isoColumn, String layer) {
        return switch (this) {
            case GEOPACKAGE -> GeoPackageCountries.read(file, isoColumn, layer);
            case SHAPEFILE -> ShapefileCountries.read(file, isoColumn);
            case SHAPEFILE_ZIP -> ShapefileCountries.readZip(file, isoColumn);
            case FLATGEOBUF -> FlatGeobufCountries.read(file, isoColumn);
            case GEOJSON, GEOPARQUET -> throw new IllegalStateException(this + " is read by CountryReader itself");
        };
    }

    /** Optional UTF-8 byte order mark, JSON whitespace, then an object or array (or only whitespace so far). */
    private static boolean looksLikeJson(byte[] head) {
        int i = startsWith(head, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}) ? 3 : 0;
        while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')) {
            i++;
        }
        return i == head.length || head[i] == '{' || head[i] == '[';
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    private static TileIndexException unrecognised(byte[] head, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String hint = name.endsWith(".dbf") || name.endsWith(".shx") || name.endsWith(".prj")
                ? " (a part of a shapefile: pass the .shp)" : "";
        byte[] first = Arrays.copyOf(head, Math.min(head.length, 8));
        return new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": not a supported country file format"
                + hint + " (first bytes: " + HexFormat.ofDelimiter(" ").formatHex(first) + "); supported, recognised by"
                + " content: " + SUPPORTED);
    }
}
