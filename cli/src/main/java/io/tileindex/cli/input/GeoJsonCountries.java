package io.tileindex.cli.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a GeoJSON FeatureCollection into {@link RawCountry} values. Why not JTS's GeoJsonReader:
 * in JTS 1.20 it turns a FeatureCollection into a GeometryCollection and drops every Feature's
 * "properties" (so the ISO code is lost); handing it each geometry re-serialised from a Jackson tree
 * parses every coordinate twice (Jackson, then json-simple) and it silently fills a missing ordinate
 * with 0. One streaming pass straight into coordinate arrays is faster and reports malformed input
 * with its line and column. JTS still does the topology checks ({@link GeometryHealth}).
 */
final class GeoJsonCountries {
    // NaN/Infinity literals are let through so they fail as E001 "non-finite coordinate" at their vertex
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build());

    private final JsonParser p;
    private final Path file;
    private final String isoColumn;
    /** The feature being parsed, for messages about its coordinates; null outside features. */
    private String feature;

    private GeoJsonCountries(JsonParser p, Path file, String isoColumn) {
        this.p = p;
        this.file = file;
        this.isoColumn = isoColumn;
    }

    static List<RawCountry> read(InputStream in, Path file, String isoColumn) {
        try (JsonParser p = JSON.createParser(in)) {
            return new GeoJsonCountries(p, file, isoColumn).document();
        } catch (StreamReadException e) {
            JsonLocation at = e.getLocation();
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": not valid JSON (truncated or malformed)"
                    + (at != null ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "")
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private List<RawCountry> document() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw fail("no JSON content (blank file)");
        }
        if (t != JsonToken.START_OBJECT) {
            throw fail("not a GeoJSON FeatureCollection: the document is a JSON " + kind(t) + ", not an object");
        }
        String type = null;
        List<RawCountry> features = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "type" -> type = string(v);
                case "features" -> features = features(v);
                case "crs" -> checkCrs(v);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw fail("unexpected content after the top-level object");
        }
        if (!"FeatureCollection".equals(type)) {
            throw fail("not a GeoJSON FeatureCollection (top-level \"type\" is "
                    + (type == null ? "missing" : "\"" + type + "\"") + ")");
        }
        if (features == null) {
            throw fail("FeatureCollection without a \"features\" array");
        }
        return features;
    }

    private List<RawCountry> features(JsonToken v) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            throw fail("\"features\" is a JSON " + kind(v) + ", not an array");
        }
        List<RawCountry> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            out.add(feature(t, out.size()));
        }
        feature = null;
        return out;
    }

    /** A key value: a string as given, an integer as its decimal digits (numeric ISO codes); else null. */
    private String key(JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getBigIntegerValue().toString();
            default -> null;
        };
    }

    private RawCountry feature(JsonToken t, int index) throws IOException {
        String where = "features[" + index + "]";
        feature = null;
        if (t != JsonToken.START_OBJECT) {
            throw fail(where + " is a JSON " + kind(t) + ", not a Feature object");
        }
        feature = where;
        String type = null, iso = null, isoProblem = "no \"" + isoColumn + "\" property";
        String id = null;
        boolean keyProperty = false;
        Geometry g = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "type" -> type = string(v);
                case "id" -> {
                    id = key(v);
                    p.skipChildren();
                }
                case "properties" -> {
                    if (v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            boolean key = p.currentName().equals(isoColumn);
                            JsonToken pv = p.nextToken();
                            String value = key ? key(pv) : null;
                            keyProperty |= key;
                            if (key && value != null) {
                                iso = value;
                                isoProblem = null;
                            } else {
                                if (key) {
                                    iso = null;
                                    isoProblem = "\"" + isoColumn + "\" is a JSON " + kind(pv) + ", not a string or integer";
                                }
                                p.skipChildren();
                            }
                        }
                    } else if (v != JsonToken.VALUE_NULL) {
                        throw fail(where + ": \"properties\" is a JSON " + kind(v) + ", not an object");
                    }
                }
                case "geometry" -> {
                    if (v == JsonToken.START_OBJECT) {
                        g = geometry();
                    } else if (v != JsonToken.VALUE_NULL) {
                        throw fail(where + ": \"geometry\" is a JSON " + kind(v) + ", not an object");
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (!keyProperty && isoColumn.equals("id") && id != null) {
            iso = id; // the feature's own "id" member, when no property is called "id"
            isoProblem = null;
        }
        if (!"Feature".equals(type)) {
            throw fail(where + " is not a Feature (\"type\" is " + (type == null ? "missing" : "\"" + type + "\"") + ")");
        }
        if (g == null) {
            return new RawCountry(where, iso, isoProblem, null, "feature has no geometry", List.of());
        }
        return g.toRaw(where, iso, isoProblem);
    }

    private void checkCrs(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        JsonNode crs = JSON.readTree(p);
        JsonNode props = crs.path("properties");
        boolean ok = switch (crs.path("type").asText("")) {
            case "name" -> Wgs84Crs.isLonLatName(props.path("name").asText(null));
            case "EPSG" -> props.path("code").asText("").equals("4326"); // GeoJSON 2008 draft form
            default -> false;
        };
        if (!ok) {
            throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, file + ": \"crs\" " + crs
                    + " is not WGS84 lon/lat (EPSG:4326 / OGC:CRS84)");
        }
    }

    /** A geometry object's members; "type" may come before or after "coordinates". */
    private Geometry geometry() throws IOException {
        String type = null;
        Object coords = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "type" -> type = string(v);
                case "coordinates" -> {
                    if (v == JsonToken.START_ARRAY) {
                        coords = array(p.nextToken());
                    } else if (v != JsonToken.VALUE_NULL) {
                        throw fail("\"coordinates\" is a JSON " + kind(v) + ", not an array");
                    }
                }
                case "crs" -> checkCrs(v);
                default -> p.skipChildren();
            }
        }
        return new Geometry(type, coords);
    }

    /** Nested coordinate arrays: a position, a list of positions, or a list of nested lists. */
    private record Positions(double[] x, double[] y) {}

    private record Nest(List<Object> items) {}

    private static final Nest EMPTY = new Nest(List.of());

    /** Parses one array whose first inner token is {@code first}: double[2] | Positions | Nest. */
    private Object array(JsonToken first) throws IOException {
        if (first == JsonToken.END_ARRAY) {
            return EMPTY;
        }
        if (first.isNumeric()) {
            double[] xy = new double[2];
            position(first, xy, 0);
            return xy;
        }
        if (first != JsonToken.START_ARRAY) {
            throw fail("coordinates contain a JSON " + kind(first) + " where an array or a number belongs");
        }
        JsonToken inner = p.nextToken();
        if (inner.isNumeric()) {
            // an array of positions: read straight into growable x/y arrays
            double[] x = new double[16], y = new double[16];
            double[] xy = new double[2];
            int n = 0;
            JsonToken t = inner;
            while (true) {
                position(t, xy, n);
                if (n == x.length) {
                    x = Arrays.copyOf(x, n * 2);
                    y = Arrays.copyOf(y, n * 2);
                }
                x[n] = xy[0];
                y[n] = xy[1];
                n++;
                t = p.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    break;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw fail("a list of positions contains a JSON " + kind(t) + " where a position belongs");
                }
                t = p.nextToken();
                if (!t.isNumeric()) {
                    throw fail("position " + n + " starts with a JSON " + kind(t) + ", not a number");
                }
            }
            return new Positions(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
        }
        List<Object> items = new ArrayList<>();
        JsonToken t = inner;
        while (true) {
            Object item = array(t);
            if (item instanceof double[]) {
                throw fail("coordinates mix positions and nested arrays at the same depth");
            }
            items.add(item);
            t = p.nextToken();
            if (t == JsonToken.END_ARRAY) {
                break;
            }
            if (t != JsonToken.START_ARRAY) {
                throw fail("coordinates contain a JSON " + kind(t) + " where an array belongs");
            }
            t = p.nextToken();
        }
        return new Nest(items);
    }

    /** One position [x, y, ...]: the current token is its first number; extra ordinates (z, m) are ignored. */
    private void position(JsonToken first, double[] xy, int vertex) throws IOException {
        xy[0] = p.getDoubleValue();
        JsonToken t = p.nextToken();
        if (t == null || !t.isNumeric()) {
            throw fail("position " + vertex + " has fewer than 2 numbers");
        }
        xy[1] = p.getDoubleValue();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null || !t.isNumeric()) {
                throw fail("position " + vertex + " contains a JSON " + kind(t));
            }
        }
    }

    private record Geometry(String type, Object coords) {
        RawCountry toRaw(String where, String iso, String isoProblem) {
            List<RawCountry.Polygon> polygons = new ArrayList<>();
            String problem = null;
            if ("Polygon".equals(type)) {
                problem = coords == EMPTY ? null : polygon(coords, polygons, ""); // [] is the empty Polygon
            } else if ("MultiPolygon".equals(type)) {
                if (coords instanceof Nest n) {
                    for (int i = 0; i < n.items().size() && problem == null; i++) {
                        problem = polygon(n.items().get(i), polygons, "polygon " + (i + 1) + ": ");
                    }
                } else if (coords != null) {
                    problem = "MultiPolygon \"coordinates\" nested too shallow (expected an array of polygons)";
                }
            }
            return new RawCountry(where, iso, isoProblem, type, problem, problem == null ? polygons : List.of());
        }

        /** Adds one polygon (an array of rings); returns a problem description or null. */
        private static String polygon(Object c, List<RawCountry.Polygon> out, String prefix) {
            if (c == null) {
                return null; // no coordinates: reported as an empty geometry
            }
            if (!(c instanceof Nest n)) {
                return prefix + "polygon coordinates nested too shallow (expected an array of rings)";
            }
            List<RawCountry.Ring> rings = new ArrayList<>(n.items().size());
            for (int i = 0; i < n.items().size(); i++) {
                if (!(n.items().get(i) instanceof Positions ps)) {
                    return prefix + "ring " + (i + 1) + (n.items().get(i) == EMPTY
                            ? " has no positions" : " is nested too deep (expected an array of positions)");
                }
                rings.add(new RawCountry.Ring(ps.x(), ps.y()));
            }
            out.add(new RawCountry.Polygon(rings));
            return null;
        }
    }

    /** A string member's value; anything else is skipped and read as absent. */
    private String string(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private TileIndexException fail(String what) {
        JsonLocation at = p.currentLocation();
        String in = feature != null && !what.startsWith(feature) ? feature + ": " : "";
        return new TileIndexException(ErrorCode.E001_GEO_INVALID,
                file + ": " + in + what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
}
