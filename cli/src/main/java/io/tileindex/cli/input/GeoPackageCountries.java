package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.locationtech.jts.io.WKBReader;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Reads one feature layer of a GeoPackage (OGC 12-128r18): the layer from {@code gpkg_contents} and
 * {@code gpkg_geometry_columns}, its SRS from {@code gpkg_spatial_ref_sys} (WGS84 lon/lat required, else
 * E007 naming the file and layer), then the key column and the geometry blobs (a "GP" header, then
 * standard WKB, walked by {@link WkbRings} and read by JTS as for GeoParquet).
 *
 * <p>Files up to {@link #IN_MEMORY_LIMIT} are read once into memory (digest on the way) and handed to
 * SQLite with {@code sqlite3_deserialize}: one read, no lock or journal files beside the input. Larger
 * files are opened read-only in place and digested separately.
 */
final class GeoPackageCountries {
    static final long IN_MEMORY_LIMIT = 512L << 20;
    private static final int WKB_GEOMETRY_MIN = 5;

    private GeoPackageCountries() {}

    /** One feature layer: table, geometry column, SRS id. */
    record Layer(String table, String geometryColumn, int srsId) {}

    /**
     * @param layer the feature table to read, or null when the file has exactly one feature layer
     *              (several without a name is E001 listing them)
     */
    static CountryFormat.Loaded read(Path file, String isoColumn, String layer) {
        try {
            long size = Files.size(file);
            if (size <= IN_MEMORY_LIMIT) {
                byte[] data = Files.readAllBytes(file);
                try (Connection c = inMemory(data)) {
                    return new CountryFormat.Loaded(read(c, file, isoColumn, layer), InputDigest.ofBytes(data), data.length);
                }
            }
            SQLiteConfig cfg = new SQLiteConfig();
            cfg.setReadOnly(true);
            try (Connection c = cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
                List<RawCountry> raw = read(c, file, isoColumn, layer);
                InputDigest d = InputDigest.ofFile(file);
                return new CountryFormat.Loaded(raw, d, size + d.bytesRead());
            }
        } catch (NoSuchFileException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": country file does not exist", e);
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": cannot read country file: " + e, e);
        } catch (SQLException e) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID,
                    file + ": unreadable GeoPackage (truncated or corrupt?): " + e.getMessage(), e);
        }
    }

    private static Connection inMemory(byte[] data) throws SQLException {
        // the file format's WAL flag (bytes 18-19 = 2) makes an in-memory image unreadable; what a
        // pending -wal file might hold is not part of the input we digest, so read the main file as is
        if (data.length > 19 && data[18] == 2 && data[19] == 2) {
            data[18] = 1;
            data[19] = 1;
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite::memory:", new Properties());
        try {
            c.unwrap(SQLiteConnection.class).deserialize("main", data);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The features of the chosen layer, in primary-key order. */
    static List<RawCountry> read(Connection c, Path file, String isoColumn, String layerName) throws SQLException {
        if (!hasTable(c, "gpkg_contents") || !hasTable(c, "gpkg_geometry_columns")) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file
                    + ": an SQLite database but not a GeoPackage (no gpkg_contents / gpkg_geometry_columns table)");
        }
        Layer layer = chooseLayer(featureLayers(c), file, layerName);
        checkSrs(c, file, layer);
        List<String> columns = new ArrayList<>();
        String pk = null;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA table_info(" + quote(layer.table()) + ")")) {
            while (r.next()) {
                columns.add(r.getString("name"));
                if (r.getInt("pk") == 1) {
                    pk = r.getString("name");
                }
            }
        }
        if (!columns.contains(isoColumn)) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": layer \"" + layer.table() + "\" has no column \""
                    + isoColumn + "\" (columns: " + columns + ")");
        }
        return features(c, layer, isoColumn, pk);
    }

    private static List<RawCountry> features(Connection c, Layer layer, String isoColumn, String pk) throws SQLException {
        String sql = "SELECT " + quote(isoColumn) + ", " + quote(layer.geometryColumn()) + (pk != null ? ", " + quote(pk) : "")
                + " FROM " + quote(layer.table()) + (pk != null ? " ORDER BY " + quote(pk) : "");
        List<RawCountry> out = new ArrayList<>();
        WKBReader wkb = new WKBReader();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                String where = "layer " + layer.table() + (pk != null ? ", " + pk + " " + r.getLong(3) : ", row " + out.size());
                Object key = r.getObject(1);
                String iso = key(key);
                String isoProblem = key == null ? "\"" + isoColumn + "\" is null"
                        : iso == null ? "\"" + isoColumn + "\" is a binary value, not text or a number" : null;
                byte[] blob = r.getBytes(2);
                out.add(blob == null ? new RawCountry(where, iso, isoProblem, null, "geometry is null", List.of())
                        : fromBlob(where, iso, isoProblem, blob, wkb));
            }
        }
        return out;
    }

    /** A key cell as text; null for SQL NULL and for blobs. */
    private static String key(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Double d -> KeyValues.ofDouble(d);
            case Float f -> KeyValues.ofDouble(f);
            case Number n -> Long.toString(n.longValue());
            case byte[] b -> null;
            default -> v.toString();
        };
    }

    private static List<Layer> featureLayers(Connection c) throws SQLException {
        List<Layer> layers = new ArrayList<>();
        String sql = "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c JOIN gpkg_geometry_columns g"
                + " ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name";
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                layers.add(new Layer(r.getString(1), r.getString(2), r.getInt(3)));
            }
        }
        return layers;
    }

    private static Layer chooseLayer(List<Layer> layers, Path file, String name) {
        List<String> names = layers.stream().map(Layer::table).toList();
        if (layers.isEmpty()) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": GeoPackage has no feature layer");
        }
        if (name == null) {
            if (layers.size() > 1) {
                throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": GeoPackage has " + layers.size()
                        + " feature layers " + names + "; name the one to read (--layer)");
            }
            return layers.getFirst();
        }
        return layers.stream().filter(l -> l.table().equals(name)).findFirst().orElseThrow(() -> new TileIndexException(
                ErrorCode.E001_GEO_INVALID, file + ": GeoPackage has no feature layer \"" + name + "\" (layers: " + names + ")"));
    }

    /**
     * EPSG:4326 by code, srs_id 0 ("undefined geographic": lon/lat, checked for range later like GeoJSON
     * without a crs), or a definition {@link WktCrs} accepts; anything else is E007.
     */
    private static void checkSrs(Connection c, Path file, Layer layer) throws SQLException {
        String who = file + ": layer \"" + layer.table() + "\"";
        if (layer.srsId() == 0) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT organization, organization_coordsys_id, definition,"
                + " srs_name FROM gpkg_spatial_ref_sys WHERE srs_id = ?")) {
            s.setInt(1, layer.srsId());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, who + ": srs_id " + layer.srsId()
                            + " is not in gpkg_spatial_ref_sys; WGS84 lon/lat (EPSG:4326) is required");
                }
                String org = r.getString(1), def = r.getString(3), srsName = r.getString(4);
                int code = r.getInt(2);
                if ("EPSG".equalsIgnoreCase(org) && code == 4326) {
                    return;
                }
                String problem = layer.srsId() == -1 || def == null || def.isBlank() || def.equalsIgnoreCase("undefined")
                        ? "an undefined Cartesian SRS" : WktCrs.problem(def);
                if (problem != null) {
                    throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, who + ": SRS " + org + ":" + code + " \""
                            + srsName + "\" is not WGS84 lon/lat (" + problem + "); EPSG:4326 is required");
                }
            }
        }
    }

    /**
     * A GeoPackage geometry blob: "GP", version, flags (bit 0 byte order, bits 1-3 envelope kind, bit 4
     * empty, bit 5 extended type), srs_id, envelope, then standard WKB.
     */
    static RawCountry fromBlob(String where, String iso, String isoProblem, byte[] blob, WKBReader wkb) {
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            return new RawCountry(where, iso, isoProblem, null, "not a GeoPackage geometry blob (no \"GP\" header)", List.of());
        }
        int flags = blob[3] & 0xff;
        if ((flags & 0x20) != 0) {
            return new RawCountry(where, iso, isoProblem, null, "extended GeoPackage geometry type", List.of());
        }
        int envelope = (flags >> 1) & 7;
        if (envelope > 4) {
            return new RawCountry(where, iso, isoProblem, null, "GeoPackage geometry header: invalid envelope kind "
                    + envelope, List.of());
        }
        int offset = 8 + new int[] {0, 32, 48, 48, 64}[envelope];
        if (blob.length - offset < WKB_GEOMETRY_MIN) {
            boolean empty = (flags & 0x10) != 0;
            return new RawCountry(where, iso, isoProblem, null, empty ? "empty geometry"
                    : "GeoPackage geometry truncated (" + blob.length + " bytes)", List.of());
        }
        return GeoParquetCountries.fromWkb(where, iso, isoProblem, Arrays.copyOfRange(blob, offset, blob.length), wkb);
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** An SQL identifier in double quotes, inner quotes doubled: layer and column names come from the file. */
    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
