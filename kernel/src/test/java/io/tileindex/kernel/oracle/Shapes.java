package io.tileindex.kernel.oracle;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import io.tileindex.kernel.scan.CellRuns;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: JTS geometries to kernel shapes, and runs in a comparable form. */
public final class Shapes {
    private Shapes() {}

    public static Geometry wkt(String wkt) {
        try {
            return new WKTReader().read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    public static CountryShape fromWkt(String iso, String wkt) {
        return fromJts(iso, wkt(wkt));
    }

    public static CountryShape fromJts(String iso, Geometry g) {
        List<PolygonShape> polys = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            List<Ring> holes = new ArrayList<>();
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                holes.add(ring(p.getInteriorRingN(h).getCoordinates(), iso));
            }
            polys.add(new PolygonShape(ring(p.getExteriorRing().getCoordinates(), iso), holes));
        }
        return new CountryShape(iso, polys);
    }

    private static Ring ring(Coordinate[] cs, String iso) {
        double[] x = new double[cs.length], y = new double[cs.length];
        for (int i = 0; i < cs.length; i++) {
            x[i] = cs[i].x;
            y[i] = cs[i].y;
        }
        return new Ring(x, y, iso);
    }

    public static List<String> runs(CellRuns r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            out.add(r.row(i) + ":" + r.start(i) + "-" + r.end(i));
        }
        return out;
    }

    public static List<String> runs(List<int[]> r) {
        List<String> out = new ArrayList<>();
        for (int[] a : r) {
            out.add(a[0] + ":" + a[1] + "-" + a[2]);
        }
        return out;
    }
}
