package io.tileindex.cli.input;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Geodesic area on the WGS84 ellipsoid (GeographicLib {@link PolygonArea}) of polygonal geometry in
 * lon/lat degrees, for the repair notes: per polygon, the shell's area minus its holes', each ring's
 * area taken as given and unsigned (a self-crossing ring counts what its signed sum gives).
 * Stateless and thread-safe.
 */
final class GeodesicArea {
    private GeodesicArea() {}

    /** Square kilometres; 0 for non-polygonal parts. */
    static double km2(Geometry g) {
        double m2 = 0;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i) instanceof Polygon p) {
                m2 += ring(p.getExteriorRing());
                for (int h = 0; h < p.getNumInteriorRing(); h++) {
                    m2 -= ring(p.getInteriorRingN(h));
                }
            }
        }
        return m2 / 1e6;
    }

    private static double ring(LineString r) {
        PolygonArea a = new PolygonArea(Geodesic.WGS84, false);
        Coordinate[] cs = r.getCoordinates();
        for (int i = 0; i + 1 < cs.length; i++) { // the closing vertex is implied
            a.AddPoint(cs[i].y, cs[i].x);
        }
        return Math.abs(a.Compute().area);
    }
}
