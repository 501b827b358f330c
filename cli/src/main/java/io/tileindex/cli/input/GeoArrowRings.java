package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GeoParquet 1.1's native (GeoArrow) encodings {@code polygon} and {@code multipolygon}: nested Parquet
 * LISTs (polygons → rings → coordinates) whose coordinates are either structs {@code {x, y[, z, m]}}
 * (the "separated" form GeoParquet 1.1 prescribes and GDAL / GeoPandas write) or, leniently, lists of
 * doubles (GeoArrow's interleaved form). Lists may use the standard three-level layout or the legacy
 * two-level one.
 */
final class GeoArrowRings {
    private GeoArrowRings() {}

    /** Whether {@code encoding} (the "geo" metadata value) is one this class reads. */
    static boolean isNative(String encoding) {
        return encoding.equalsIgnoreCase("polygon") || encoding.equalsIgnoreCase("multipolygon");
    }

    /** The geometry column must be a LIST group; E001 naming the file otherwise. */
    static void checkSchema(MessageType schema, String column, String encoding, Path file) {
        if (!schema.containsField(column) || schema.getType(column).isPrimitive()
                || !(schema.getType(column).getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": the geo metadata declares encoding \""
                    + encoding + "\" for column \"" + column + "\", but the file has no nested list column of that name");
        }
    }

    /** One row's geometry group (never null) as a {@link RawCountry}. */
    static RawCountry row(String where, String iso, String isoProblem, Group geometry, String encoding) {
        boolean multi = encoding.equalsIgnoreCase("multipolygon");
        List<RawCountry.Polygon> polygons = new ArrayList<>();
        try {
            if (multi) {
                List<Object> parts = items(geometry);
                for (int i = 0; i < parts.size(); i++) {
                    polygons.add(polygon(parts.get(i), "polygon " + (i + 1) + ": "));
                }
            } else {
                polygons.add(polygon(geometry, ""));
            }
        } catch (IllegalArgumentException e) {
            return new RawCountry(where, iso, isoProblem, null, "malformed " + encoding + " value: " + e.getMessage(), List.of());
        }
        // an empty polygon (no rings) is reported by the health check as empty, as for WKB
        polygons.removeIf(p -> p.rings().isEmpty());
        return new RawCountry(where, iso, isoProblem, multi ? "MultiPolygon" : "Polygon", null, polygons);
    }

    private static RawCountry.Polygon polygon(Object value, String prefix) {
        if (!(value instanceof Group g)) {
            throw new IllegalArgumentException(prefix + "null polygon");
        }
        List<Object> rings = items(g);
        List<RawCountry.Ring> out = new ArrayList<>(rings.size());
        for (int r = 0; r < rings.size(); r++) {
            if (!(rings.get(r) instanceof Group ring)) {
                throw new IllegalArgumentException(prefix + "ring " + (r + 1) + " is null");
            }
            out.add(ring(ring, prefix + "ring " + (r + 1)));
        }
        return new RawCountry.Polygon(out);
    }

    private static RawCountry.Ring ring(Group ring, String who) {
        List<Object> coords = items(ring);
        double[] x = new double[coords.size()], y = new double[coords.size()];
        for (int i = 0; i < coords.size(); i++) {
            if (!(coords.get(i) instanceof Group c)) {
                throw new IllegalArgumentException(who + ": coordinate " + i + " is null");
            }
            if (c.getType().getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                List<Object> xy = items(c); // interleaved: [x, y, ...]
                if (xy.size() < 2 || !(xy.get(0) instanceof Double cx) || !(xy.get(1) instanceof Double cy)) {
                    throw new IllegalArgumentException(who + ": coordinate " + i + " has fewer than 2 numbers");
                }
                x[i] = cx;
                y[i] = cy;
            } else {
                if (!c.getType().containsField("x") || !c.getType().containsField("y")
                        || c.getFieldRepetitionCount("x") == 0 || c.getFieldRepetitionCount("y") == 0) {
                    throw new IllegalArgumentException(who + ": coordinate " + i + " lacks x or y");
                }
                x[i] = c.getDouble("x", 0);
                y[i] = c.getDouble("y", 0);
            }
        }
        return new RawCountry.Ring(x, y);
    }

    /**
     * The elements of a LIST group, null for null elements: Groups for nested values, Doubles for
     * leaves. Three-level lists wrap each element in a repeated group of one field; in the legacy
     * two-level form the repeated field is the element itself (Parquet's backward-compatibility rules).
     */
    static List<Object> items(Group list) {
        GroupType t = list.getType();
        Type repeated = t.getType(0);
        int n = list.getFieldRepetitionCount(0);
        boolean threeLevel = !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
                && !repeated.getName().equals("array") && !repeated.getName().equals(t.getName() + "_tuple");
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (repeated.isPrimitive()) {
                out.add(list.getDouble(0, i));
            } else if (!threeLevel) {
                out.add(list.getGroup(0, i));
            } else {
                Group wrapper = list.getGroup(0, i);
                Type element = repeated.asGroupType().getType(0);
                out.add(wrapper.getFieldRepetitionCount(0) == 0 ? null
                        : element.isPrimitive() ? (Object) wrapper.getDouble(0, 0) : wrapper.getGroup(0, 0));
            }
        }
        return out;
    }
}
