package io.tileindex.validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Country geometries read with JTS's own readers, independently of the build's readers: GeoJSON
 * (Jackson streams the features and reads the properties, JTS's {@link GeoJsonReader} parses each
 * geometry) or GeoParquet (JTS's {@link WKBReader} on the primary geometry column). Only the
 * countries asked for are kept ({@code wanted == null}: all).
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

    private CountryFile() {}

    static Map<String, Geometry> read(Path file, String isoColumn, Set<String> wanted) throws IOException {
        return read(file, isoColumn, wanted, null, false);
    }

    static Map<String, Geometry> read(Path file, String isoColumn, Set<String> wanted, IsoCodes iso, boolean repair)
            throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        Map<String, List<Geometry>> parts = new TreeMap<>();
        Map<String, List<Geometry>> byKey = new TreeMap<>();
        try {
            if (Arrays.equals(head, new byte[] {'P', 'A', 'R', '1'})) {
                readGeoParquet(file, isoColumn, byKey);
            } else {
                readGeoJson(file, isoColumn, byKey);
            }
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

    /** JTS validity of every polygonal part, a ring touching itself at points allowed (SPEC §3). */
    private static boolean valid(Geometry g) {
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part.getNumGeometries() > 1 || part != g) {
                if (!valid(part)) {
                    return false;
                }
                continue;
            }
            IsValidOp op = new IsValidOp(part);
            op.setSelfTouchingRingFormingHoleValid(true);
            if (!op.isValid()) {
                return false;
            }
        }
        return true;
    }

    private static void readGeoJson(Path file, String isoColumn, Map<String, List<Geometry>> out)
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
                        out.computeIfAbsent(iso.asText(), k -> new ArrayList<>()).add(reader.read(geometry.toString()));
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

    private static void readGeoParquet(Path file, String isoColumn, Map<String, List<Geometry>> out)
            throws IOException, ParseException {
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            String geo = r.getFileMetaData().getKeyValueMetaData().get("geo");
            String geometryColumn = geo == null ? "geometry" : JSON.readTree(geo).path("primary_column").asText("geometry");
            MessageType schema = r.getFileMetaData().getSchema();
            MessageType projection = new MessageType(schema.getName(), schema.getType(isoColumn), schema.getType(geometryColumn));
            WKBReader wkb = new WKBReader(GF);
            ParquetFiles.<ParseException>forEachRow(r, projection, g -> {
                if (g.getFieldRepetitionCount(0) == 0 || g.getFieldRepetitionCount(1) == 0) {
                    return;
                }
                out.computeIfAbsent(g.getString(0, 0), k -> new ArrayList<>()).add(wkb.read(g.getBinary(1, 0).getBytes()));
            });
        }
    }
}
