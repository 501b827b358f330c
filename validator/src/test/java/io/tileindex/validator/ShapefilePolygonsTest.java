package io.tileindex.validator;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateArrays;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapefile ring assembly, the .cpg code pages and key text, on hand-made cases. */
class ShapefilePolygonsTest {
    static final GeometryFactory GF = new GeometryFactory();

    /** An axis-aligned square ring, clockwise (a shapefile outer ring) or counter-clockwise (a hole). */
    static LinearRing square(double x0, double y0, double x1, double y1, boolean clockwise) {
        Coordinate[] c = {new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1), new Coordinate(x0, y1),
                new Coordinate(x0, y0)}; // counter-clockwise
        if (clockwise) {
            CoordinateArrays.reverse(c);
        }
        return GF.createLinearRing(c);
    }

    static void assertSame(String wkt, Geometry got) throws ParseException {
        Geometry want = new WKTReader(GF).read(wkt);
        assertTrue(want.norm().equalsExact(got.norm()), "expected " + want + ", got " + got);
    }

    /** An island in a lake in an island is its own polygon, not a hole's hole. */
    @Test
    void anIslandInALakeIsItsOwnPolygon() throws ParseException {
        Geometry g = ShapefilePolygons.assemble(List.of(square(0, 0, 10, 10, true), square(2, 2, 8, 8, false),
                square(4, 4, 6, 6, true)), GF);
        assertSame("MULTIPOLYGON (((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 8 2, 8 8, 2 8, 2 2)), ((4 4, 4 6, 6 6, 6 4, 4 4)))", g);
    }

    /** A hole goes to the smallest outer ring covering it, even one touching it, listed in any order. */
    @Test
    void aHoleBelongsToTheSmallestCoveringShell() throws ParseException {
        Geometry g = ShapefilePolygons.assemble(List.of(square(5, 5, 6, 6, false), square(0, 0, 100, 100, true),
                square(4, 4, 10, 10, true), square(4, 20, 5, 21, false)), GF);
        assertEquals(2, g.getNumGeometries());
        assertSame("MULTIPOLYGON (((0 0, 0 100, 100 100, 100 0, 0 0), (4 20, 5 20, 5 21, 4 21, 4 20)),"
                + " ((4 4, 4 10, 10 10, 10 4, 4 4), (5 5, 6 5, 6 6, 5 6, 5 5)))", g);
        Geometry touching = ShapefilePolygons.assemble(List.of(square(0, 0, 10, 10, true), square(0, 2, 5, 5, false)), GF);
        assertTrue(touching instanceof Polygon p && p.getNumInteriorRing() == 1, touching.toString());
    }

    /** A counter-clockwise ring no outer ring covers is an outer ring of its own. */
    @Test
    void anUncoveredHoleIsAPolygon() throws ParseException {
        Geometry g = ShapefilePolygons.assemble(List.of(square(0, 0, 1, 1, true), square(3, 3, 4, 4, false)), GF);
        assertSame("MULTIPOLYGON (((0 0, 0 1, 1 1, 1 0, 0 0)), ((3 3, 4 3, 4 4, 3 4, 3 3)))", g);
    }

    @Test
    void codePagesAndKeyText() throws Exception {
        assertEquals(StandardCharsets.ISO_8859_1, ShapefileSet.charset(null));
        assertEquals("UTF-8", ShapefileSet.charset("UTF-8\r\n".getBytes(StandardCharsets.US_ASCII)).name());
        assertEquals("windows-1252", ShapefileSet.charset("1252".getBytes(StandardCharsets.US_ASCII)).name());
        assertEquals("windows-1251", ShapefileSet.charset("ANSI 1251".getBytes(StandardCharsets.US_ASCII)).name());
        assertEquals("ISO-8859-2", ShapefileSet.charset("88592".getBytes(StandardCharsets.US_ASCII)).name());
        assertEquals("894", KeyText.ofDecimal("   894.000"));
        assertEquals("894", KeyText.of(894.0));
        assertEquals("36", KeyText.of(36L));
        assertEquals("1.5", KeyText.of(1.5f));
        assertEquals("FJ", KeyText.of("FJ"));
    }
}
