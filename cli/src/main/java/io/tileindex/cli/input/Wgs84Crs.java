package io.tileindex.cli.input;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises the CRS declarations that mean WGS84 longitude/latitude. Axis order does not matter:
 * GeoJSON positions and GeoParquet WKB are always (x=lon, y=lat) whatever the CRS says, so EPSG:4326
 * is as good as OGC:CRS84 here.
 */
final class Wgs84Crs {
    private static final Pattern NAME = Pattern.compile(
            "EPSG:4326|OGC:CRS84|CRS84"
                    + "|URN:OGC:DEF:CRS:OGC:[0-9.]*:CRS84|URN:OGC:DEF:CRS:EPSG:[0-9.]*:4326"
                    + "|HTTPS?://WWW\\.OPENGIS\\.NET/DEF/CRS/OGC/[0-9.]+/CRS84"
                    + "|HTTPS?://WWW\\.OPENGIS\\.NET/DEF/CRS/EPSG/[0-9.]+/4326");

    private Wgs84Crs() {}

    static boolean isLonLatName(String name) {
        return name != null && NAME.matcher(name.trim().toUpperCase(Locale.ROOT)).matches();
    }

    /** A GeoParquet "crs" value: PROJJSON (or, leniently, a CRS name string). */
    static boolean isLonLatProjJson(JsonNode crs) {
        if (crs.isTextual()) {
            return isLonLatName(crs.asText());
        }
        if (!crs.isObject()) {
            return false;
        }
        boolean hasId = false;
        for (JsonNode id : ids(crs)) {
            hasId = true;
            if (isLonLatId(id)) {
                return true;
            }
        }
        if (hasId) {
            return false; // identified, and not as WGS84 lon/lat (e.g. EPSG:3857)
        }
        // PROJJSON without an id: accept a geographic CRS on the WGS84 datum
        String type = crs.path("type").asText("");
        String datum = crs.path("datum").path("name").asText(crs.path("datum_ensemble").path("name").asText(""));
        return type.equals("GeographicCRS") && datum.startsWith("World Geodetic System 1984");
    }

    private static Iterable<JsonNode> ids(JsonNode crs) {
        if (crs.has("id")) {
            return List.of(crs.get("id"));
        }
        return crs.path("ids");
    }

    private static boolean isLonLatId(JsonNode id) {
        String authority = id.path("authority").asText("").toUpperCase(Locale.ROOT);
        String code = id.path("code").asText("").toUpperCase(Locale.ROOT);
        return authority.equals("EPSG") && code.equals("4326") || authority.equals("OGC") && code.equals("CRS84");
    }

    /** A short description for messages: name and id when present, else the JSON itself (truncated). */
    static String describe(JsonNode crs) {
        if (crs.isObject() && (crs.has("name") || crs.has("id"))) {
            JsonNode id = crs.path("id");
            return crs.path("name").asText("?")
                    + (id.isObject() ? " [" + id.path("authority").asText() + ":" + id.path("code").asText() + "]" : "");
        }
        String s = crs.toString();
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
