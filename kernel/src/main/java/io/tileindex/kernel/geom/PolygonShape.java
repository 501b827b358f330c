package io.tileindex.kernel.geom;

import java.util.List;

/** One polygon: an outer ring (shell) and the holes it removes. */
public record PolygonShape(Ring shell, List<Ring> holes) {
    public PolygonShape {
        holes = List.copyOf(holes);
    }

    public double minX() { return shell.minX; }
    public double maxX() { return shell.maxX; }
    public double minY() { return shell.minY; }
    public double maxY() { return shell.maxY; }

    public int vertexCount() {
        int n = shell.size();
        for (Ring h : holes) {
            n += h.size();
        }
        return n;
    }
}
