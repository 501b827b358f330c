package io.tileindex.cli.input;

import java.util.List;

/**
 * One country feature exactly as a format reader found it, before any health check. Problems that
 * need the ISO code for their message (bad geometry type, malformed coordinates) are carried here
 * and reported by {@link GeometryHealth}, because the code may come after the geometry in a file.
 *
 * @param where           where the feature sits in the file, e.g. {@code features[12]} or {@code row 12}
 * @param iso             the key property, or null when missing or not a string
 * @param isoProblem      why {@code iso} is null (for the E005 message), else null
 * @param geometryType    the declared geometry type (GeoJSON "type", JTS type name for WKB)
 * @param geometryProblem a structural problem found while reading the geometry, else null
 * @param polygons        Polygon/MultiPolygon content; empty for other types
 */
record RawCountry(String where, String iso, String isoProblem, String geometryType, String geometryProblem,
                  List<Polygon> polygons) {

    RawCountry {
        polygons = List.copyOf(polygons);
    }

    /** Rings as read: ring 0 is the shell, the rest are holes. */
    record Polygon(List<Ring> rings) {
        Polygon {
            rings = List.copyOf(rings);
        }
    }

    /** Vertices as read, closing vertex included when the file has it. */
    record Ring(double[] x, double[] y) {}
}
