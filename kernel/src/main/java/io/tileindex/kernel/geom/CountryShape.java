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

    public int vertexCount() {
        int n = 0;
        for (PolygonShape p : polygons) {
            n += p.vertexCount();
        }
        return n;
    }
}
