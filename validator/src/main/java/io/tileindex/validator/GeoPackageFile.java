package io.tileindex.validator;

import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A GeoPackage feature layer through SQLite ({@code org.xerial:sqlite-jdbc}), opened read-only and
 * immutable (no lock, journal or WAL files appear beside the input). The layer is the one named, or
 * the only feature layer of {@code gpkg_contents}; its geometry column comes from
 * {@code gpkg_geometry_columns}. Each blob's GeoPackage header (OGC 12-128, "GP", version, flags,
 * srs_id, optional envelope) is skipped and the rest is standard WKB for JTS's {@link WKBReader}.
 */
final class GeoPackageFile {
    /** Envelope bytes by the header's envelope-contents indicator (flags bits 1-3): none, xy, xyz, xym, xyzm. */
    private static final int[] ENVELOPE_BYTES = {0, 32, 48, 48, 64};
    private static final int HEADER_BYTES = 8;

    private GeoPackageFile() {}

    static void read(Path file, String keyColumn, String layer, GeometryFactory gf, CountryFile.Sink out)
            throws IOException, ParseException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        String url = "jdbc:sqlite:file:" + file.toAbsolutePath().toUri().getRawPath() + "?immutable=1";
        try (Connection c = config.createConnection(url)) {
            String[] tableAndColumn = layer(c, layer, file);
            String sql = "SELECT " + quoted(keyColumn) + ", " + quoted(tableAndColumn[1]) + " FROM " + quoted(tableAndColumn[0]);
            WKBReader wkb = new WKBReader(gf);
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String key = KeyText.of(r.getObject(1));
                    byte[] blob = r.getBytes(2);
                    byte[] wkbBytes = blob == null ? null : wkb(blob);
                    if (key != null && wkbBytes != null) {
                        out.add(key, wkb.read(wkbBytes));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException(file + ": cannot read the GeoPackage: " + e.getMessage(), e);
        }
    }

    /** The feature layer's table and geometry column: the one named, else the only one. */
    private static String[] layer(Connection c, String name, Path file) throws SQLException, IOException {
        List<String[]> layers = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT g.table_name, g.column_name FROM gpkg_geometry_columns g"
                + " JOIN gpkg_contents t ON t.table_name = g.table_name WHERE t.data_type = 'features'"
                + " ORDER BY g.table_name"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                layers.add(new String[] {r.getString(1), r.getString(2)});
            }
        }
        List<String[]> chosen = name == null ? layers : layers.stream().filter(l -> l[0].equals(name)).toList();
        if (chosen.size() != 1) {
            throw new IOException(file + ": " + (name == null ? "name the feature layer to read (--layer)"
                    : "no feature layer \"" + name + "\"") + "; feature layers: " + layers.stream().map(l -> l[0]).toList());
        }
        return chosen.getFirst();
    }

    /** The WKB after a GeoPackage geometry header; null for an empty geometry with no WKB. */
    static byte[] wkb(byte[] blob) throws ParseException {
        if (blob.length < HEADER_BYTES || blob[0] != 'G' || blob[1] != 'P') {
            throw new ParseException("not a GeoPackage geometry blob (no \"GP\" magic)");
        }
        int flags = blob[3] & 0xff;
        int envelope = (flags >>> 1) & 0b111;
        if (envelope >= ENVELOPE_BYTES.length || (flags & 0b10_0000) != 0) {
            throw new ParseException("unsupported GeoPackage geometry header flags " + Integer.toBinaryString(flags));
        }
        int start = HEADER_BYTES + ENVELOPE_BYTES[envelope];
        boolean empty = (flags & 0b1_0000) != 0;
        if (start >= blob.length) {
            if (empty) {
                return null;
            }
            throw new ParseException("GeoPackage geometry blob of " + blob.length + " bytes has no WKB");
        }
        return Arrays.copyOfRange(blob, start, blob.length);
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
