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
 */
final class CountryFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GF = new GeometryFactory();

    private CountryFile() {}

    static Map<String, Geometry> read(Path file, String isoColumn, Set<String> wanted) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        Map<String, List<Geometry>> parts = new TreeMap<>();
        try {
            if (Arrays.equals(head, new byte[] {'P', 'A', 'R', '1'})) {
                readGeoParquet(file, isoColumn, wanted, parts);
            } else {
                readGeoJson(file, isoColumn, wanted, parts);
            }
        } catch (ParseException e) {
            throw new IOException(file + ": unreadable geometry: " + e.getMessage(), e);
        }
        Map<String, Geometry> out = new TreeMap<>();
        parts.forEach((iso, gs) -> out.put(iso, gs.size() == 1 ? gs.getFirst()
                : GF.createGeometryCollection(gs.toArray(Geometry[]::new))));
        return out;
    }

    private static void readGeoJson(Path file, String isoColumn, Set<String> wanted, Map<String, List<Geometry>> out)
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
                    JsonNode geometry = feature.get("geometry");
                    if (iso.isTextual() && (wanted == null || wanted.contains(iso.asText())) && geometry != null && !geometry.isNull()) {
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

    private static void readGeoParquet(Path file, String isoColumn, Set<String> wanted, Map<String, List<Geometry>> out)
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
                String iso = g.getString(0, 0);
                if (wanted == null || wanted.contains(iso)) {
                    out.computeIfAbsent(iso, k -> new ArrayList<>()).add(wkb.read(g.getBinary(1, 0).getBytes()));
                }
            });
        }
    }
}
