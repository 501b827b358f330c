package io.tileindex.kernel.geom;

import java.util.List;

/**
 * A country: the set union of its polygons (SPEC §3). {@code notes} carries what normalisation did
 * (antimeridian unwrapping, pole closure) into the per-country summary.
 */
public record CountryShape(String iso, List<PolygonShape> polygons, List<String> notes) {
    public CountryShape {
        polygons = List.copyOf(polygons);
        notes = List.copyOf(notes);
    }

    public CountryShape(String iso, List<PolygonShape> polygons) {
        this(iso, polygons, List.of());
    }

    /** {minX, maxX, minY, maxY} over every shell, or null for a country without polygons. */
    public double[] bounds() {
        if (polygons.isEmpty()) {
            return null;
        }
        double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (PolygonShape p : polygons) {
            b[0] = Math.min(b[0], p.minX());
            b[1] = Math.max(b[1], p.maxX());
            b[2] = Math.min(b[2], p.minY());
            b[3] = Math.max(b[3], p.maxY());
        }
        return b;
    }

    /**
     * The polygons' exact coordinates, in order: the polygon count, then per polygon its shell, its hole
     * count and its holes, a ring as its size, every x, every y (IEEE-754 bits; rings hold no NaN). What the
     * Spark engine ships to executors and the country cache keys on: equal bytes, an equally scanned country.
     */
    public void writeGeometry(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(polygons.size());
        for (PolygonShape p : polygons) {
            writeRing(out, p.shell());
            out.writeInt(p.holes().size());
            for (Ring h : p.holes()) {
                writeRing(out, h);
            }
        }
    }

    private static void writeRing(java.io.DataOutput out, Ring r) throws java.io.IOException {
        out.writeInt(r.size());
        for (int i = 0; i < r.size(); i++) {
            out.writeDouble(r.x(i));
        }
        for (int i = 0; i < r.size(); i++) {
            out.writeDouble(r.y(i));
        }
    }

    public int vertexCount() {
        int n = 0;
        for (PolygonShape p : polygons) {
            n += p.vertexCount();
        }
        return n;
    }
}
