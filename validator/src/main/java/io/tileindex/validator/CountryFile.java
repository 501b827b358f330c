package io.tileindex.validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Country geometries read with libraries and readers of the validator's own, independently of the
 * build's readers. The format is recognised by content, as the build does: GeoJSON (Jackson streams
 * the features and reads the properties, JTS's {@link GeoJsonReader} parses each geometry),
 * GeoParquet ({@link GeoParquetFile}), GeoPackage ({@link GeoPackageFile}), ESRI Shapefile or a .zip
 * of one ({@link ShapefileSet}) and FlatGeobuf ({@link FlatGeobufFile}). Only the countries asked for
 * are kept ({@code wanted == null}: all).
 *
 * <p>Keys are mapped to alpha-2 the way SPEC §1 says (alpha-3 and numeric codes through the ISO
 * table; a GeoJSON feature's {@code id} member when the key column is {@code id} and no property has
 * that name); features sharing a code are one country; unknown codes are left out (the build failed
 * or skipped them). With {@code repair}, a country JTS finds invalid (self-touching rings allowed) is
 * replaced by {@link GeometryFixer#fix} of all its parts, as SPEC §3 defines {@code --repair-geometry}.
 */
final class CountryFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GF = new GeometryFactory();

    private static final byte[] PARQUET = {'P', 'A', 'R', '1'};
    private static final byte[] SQLITE = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] FLATGEOBUF = {'f', 'g', 'b'};
    private static final int SHAPEFILE_CODE = 9994;

    private CountryFile() {}

    /** Where a format's reader puts each feature: its key cell as text, and its geometry. */
    interface Sink {
        void add(String key, Geometry geometry);
    }

    static Map<String, Geometry> read(Path file, String isoColumn, Set<String> wanted) throws IOException {
        return read(file, isoColumn, wanted, null, false, null);
    }

    /**
     * @param layer the GeoPackage layer to read; null when the file has one feature layer (and for
     *              every other format)
     */
    static Map<String, Geometry> read(Path file, String isoColumn, Set<String> wanted, IsoCodes iso, boolean repair,
                                      String layer) throws IOException {
        Map<String, List<Geometry>> parts = new TreeMap<>();
        Map<String, List<Geometry>> byKey = new TreeMap<>();
        Sink sink = (key, g) -> byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(g);
        try {
            readFormat(file, isoColumn, layer, sink);
        } catch (ParseException e) {
            throw new IOException(file + ": unreadable geometry: " + e.getMessage(), e);
        }
        byKey.forEach((key, gs) -> {
            String code = iso == null ? key : iso.alpha2(key);
            if (code != null && (wanted == null || wanted.contains(code))) {
                parts.computeIfAbsent(code, k -> new ArrayList<>()).addAll(gs);
            }
        });
        Map<String, Geometry> out = new TreeMap<>();
        parts.forEach((code, gs) -> {
            Geometry g = gs.size() == 1 ? gs.getFirst() : GF.createGeometryCollection(gs.toArray(Geometry[]::new));
            out.put(code, repair && !valid(g) ? GeometryFixer.fix(g) : g);
        });
        return out;
    }

    /** Reads every feature of {@code file} into {@code sink}, in the format its first bytes announce. */
    private static void readFormat(Path file, String isoColumn, String layer, Sink sink) throws IOException, ParseException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SQLITE.length);
        }
        if (startsWith(head, PARQUET)) {
            GeoParquetFile.read(file, isoColumn, GF, sink);
        } else if (startsWith(head, SQLITE)) {
            GeoPackageFile.read(file, isoColumn, layer, GF, sink);
        } else if (head.length >= 4 && ByteBuffer.wrap(head).getInt(0) == SHAPEFILE_CODE) {
            ShapefileSet.read(file, isoColumn, GF, sink);
        } else if (startsWith(head, ZIP)) {
            ShapefileSet.readZip(file, isoColumn, GF, sink);
        } else if (startsWith(head, FLATGEOBUF) && head.length >= 8 && head[4] == 'f' && head[5] == 'g' && head[6] == 'b') {
            FlatGeobufFile.read(file, isoColumn, sink);
        } else {
            readGeoJson(file, isoColumn, sink);
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** JTS validity of every polygonal part, a ring touching itself at points allowed (SPEC §3). */
    private static boolean valid(Geometry g) {
        if (g instanceof GeometryCollection c) { // MultiPolygon too: its parts may overlap (union semantics)
            for (int i = 0; i < c.getNumGeometries(); i++) {
                if (!valid(c.getGeometryN(i))) {
                    return false;
                }
            }
            return true;
        }
        IsValidOp op = new IsValidOp(g);
        op.setSelfTouchingRingFormingHoleValid(true);
        return op.isValid();
    }

    private static void readGeoJson(Path file, String isoColumn, Sink out)
            throws IOException, ParseException {
        GeoJsonReader reader = new GeoJsonReader(GF);
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + ": not a GeoJSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (!name.equals("features") || t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    JsonNode feature = JSON.readTree(p);
                    JsonNode iso = feature.path("properties").path(isoColumn);
                    if (iso.isMissingNode() && isoColumn.equals("id")) {
                        iso = feature.path("id");
                    }
                    JsonNode geometry = feature.get("geometry");
                    if ((iso.isTextual() || iso.isIntegralNumber()) && geometry != null && !geometry.isNull()) {
                        closeRings(geometry);
                        out.add(iso.asText(), reader.read(geometry.toString()));
                    }
                }
            }
        }
    }

    /**
     * GeoJSON rings must repeat their first position at the end; the build accepts rings left open
     * and closes them, and JTS refuses them, so the validator closes them the same way first.
     */
    private static void closeRings(JsonNode geometry) {
        JsonNode coords = geometry.get("coordinates");
        if (coords == null || !coords.isArray()) {
            return;
        }
        switch (geometry.path("type").asText()) {
            case "Polygon" -> coords.forEach(CountryFile::closeRing);
            case "MultiPolygon" -> coords.forEach(p -> p.forEach(CountryFile::closeRing));
            default -> { }
        }
    }

    private static void closeRing(JsonNode ring) {
        if (ring instanceof ArrayNode a && !a.isEmpty()) {
            JsonNode first = a.get(0), last = a.get(a.size() - 1);
            if (first.path(0).asDouble() != last.path(0).asDouble() || first.path(1).asDouble() != last.path(1).asDouble()) {
                a.add(first.deepCopy());
            }
        }
    }
}
