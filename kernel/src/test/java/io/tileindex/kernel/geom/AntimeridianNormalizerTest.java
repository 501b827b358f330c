package io.tileindex.kernel.geom;

import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsOracle;
import io.tileindex.kernel.oracle.Shapes;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.Predicate;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AntimeridianNormalizer} on crafted rings: the unwrapped rings themselves, pole closure,
 * hole placement, the ±360° copies, and, through JTS, that the output clipped to the grid frame is
 * the intended shape (same area, same cells for the oracle's centre and any-overlap rules).
 */
class AntimeridianNormalizerTest {
    static final Grid WORLD_1DEG = new Grid(180, 360, -180, 1, 0, 90, 0, -1);
    static final Grid WORLD_HALF = new Grid(360, 720, -180, 0.5, 0, 90, 0, -0.5);
    /** The WorldPop grid: its west edge overhangs -180 by a fraction of a cell. */
    static final Grid WORLDPOP = new Grid(16755, 43199, -180.0012492999999921, 0.0083333333000000, 0,
            83.6329165016826985, 0, -0.0083333333000000);
    static final GeometryFactory GF = new GeometryFactory();
    /** A coast around the South Pole as one ring (a 360° jump closes it), and the same land as Natural Earth draws it. */
    static final String SOUTH_COAST = "-180 -65, -90 -70, 0 -65, 90 -70, 180 -65, -180 -65";
    static final String SOUTH_CAP = "-180 -90, 180 -90, 180 -65, 90 -70, 0 -65, -90 -70, -180 -65, -180 -90";

    static Ring ring(double[] x, double[] y) { return new Ring(x, y, "ZZ"); }

    static PolygonShape poly(Ring shell, Ring... holes) { return new PolygonShape(shell, List.of(holes)); }

    static CountryShape country(String wkt) { return Shapes.fromWkt("ZZ", wkt); }

    static Polygon jts(PolygonShape p) {
        LinearRing[] holes = new LinearRing[p.holes().size()];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = linearRing(p.holes().get(i));
        }
        return GF.createPolygon(linearRing(p.shell()), holes);
    }

    static LinearRing linearRing(Ring r) {
        Coordinate[] cs = new Coordinate[r.size() + 1];
        for (int i = 0; i < r.size(); i++) {
            cs[i] = new Coordinate(r.x(i), r.y(i));
        }
        cs[r.size()] = cs[0];
        return GF.createLinearRing(cs);
    }

    /** The normalized country as JTS polygons, unioned and clipped to the grid frame. */
    static Geometry clippedUnion(CountryShape c, Grid g) {
        Geometry[] parts = c.polygons().stream().map(AntimeridianNormalizerTest::jts).toArray(Geometry[]::new);
        Geometry frame = GF.toGeometry(new Envelope(g.westLon(), g.eastLon(), g.southLat(), g.northLat()));
        return GF.createGeometryCollection(parts).union().intersection(frame);
    }

    /**
     * The normalized country covers exactly the intended shape inside the grid frame: equal area, no
     * area in their symmetric difference, and the same cells for the JTS oracle under both rules.
     */
    static void assertSameShapeAs(String intendedWkt, CountryShape normalized, Grid g) {
        Geometry intended = Shapes.wkt(intendedWkt);
        Geometry got = clippedUnion(normalized, g);
        assertEquals(intended.getArea(), got.getArea(), 1e-9, "area");
        assertEquals(0, got.symDifference(intended).getArea(), 1e-9, "area of the symmetric difference");
        JtsOracle want = new JtsOracle(g, intended), have = new JtsOracle(g, got);
        assertEquals(Shapes.runs(want.centerRuns()), Shapes.runs(have.centerRuns()), "centre cells");
        assertEquals(Shapes.runs(want.anyOverlapRuns()), Shapes.runs(have.anyOverlapRuns()), "any-overlap cells");
    }

    /** Same y, every x moved by a whole number of turns (exactly as {@code x + 360.0 * k}), and no edge jumping more than 180°. */
    static void assertUnwrapOf(Ring original, Ring unwrapped) {
        assertEquals(original.size(), unwrapped.size());
        for (int i = 0; i < original.size(); i++) {
            assertEquals(original.y(i), unwrapped.y(i));
            double k = Math.rint((unwrapped.x(i) - original.x(i)) / 360.0);
            assertEquals(original.x(i) + 360.0 * k, unwrapped.x(i), "vertex " + i);
        }
        for (int i = 0; i < unwrapped.size(); i++) {
            int j = (i + 1) % unwrapped.size();
            assertTrue(Math.abs(unwrapped.x(j) - unwrapped.x(i)) <= 180.0, "edge " + i + " still jumps");
        }
    }

    @Test
    void polygonsWithoutJumpsAreLeftAlone() {
        // an edge of exactly 180° is not a jump
        PolygonShape p = poly(ring(new double[] {-90, 90, 90, -90}, new double[] {0, 0, 10, 10}));
        assertSame(p, AntimeridianNormalizer.seamless(p, "ZZ"));
        CountryShape c = new CountryShape("ZZ", List.of(p), List.of("earlier note"));
        assertSame(c, AntimeridianNormalizer.normalize(c, WORLD_1DEG));
    }

    @Test
    void ringCrossingTheAntimeridianIsUnwrappedFromItsFirstVertex() {
        // 178 -> -179 is +3° across the seam, not -357° around the globe
        Ring r = ring(new double[] {178, -179, -179, 178}, new double[] {-16, -16, -18, -18});
        Ring u = AntimeridianNormalizer.seamless(poly(r), "ZZ").shell();
        assertUnwrapOf(r, u);
        assertEquals(178, u.minX());
        assertEquals(181, u.maxX());
        // starting on the west side unwraps westwards instead
        Ring w = ring(new double[] {-179, -179, 178, 178}, new double[] {-16, -18, -18, -16});
        Ring uw = AntimeridianNormalizer.seamless(poly(w), "ZZ").shell();
        assertUnwrapOf(w, uw);
        assertEquals(-182, uw.minX());
        assertEquals(-179, uw.maxX());
    }

    @Test
    void unwrappingKeepsEveryVertexExactOnItsOwnSide() {
        // vertices already continuous with the first stay bit-identical; moved ones are x ± 360 exactly as computed
        double[] x = {179.99999999999997, -179.99999999999997, -179.1, 179.3, 179.99999999999997 - 1e-9};
        double[] y = {1, 1.5, -2, -2.5, 0};
        Ring r = ring(x, y);
        Ring u = AntimeridianNormalizer.unwrap(r, "ZZ");
        assertUnwrapOf(r, u);
        assertEquals(x[0], u.x(0));
        assertEquals(x[3], u.x(3));
    }

    @Test
    void normalizeAddsTheCopyOnTheOtherSideAndANote() {
        CountryShape c = country("POLYGON((178 -16, -179 -16, -179 -18, 178 -18, 178 -16))");
        CountryShape n = AntimeridianNormalizer.normalize(c, WORLD_1DEG);
        assertEquals(2, n.polygons().size());
        Ring q = n.polygons().get(0).shell(), copy = n.polygons().get(1).shell();
        for (int i = 0; i < q.size(); i++) {
            assertEquals(q.x(i) - 360.0, copy.x(i));
            assertEquals(q.y(i), copy.y(i));
        }
        assertTrue(n.notes().stream().anyMatch(s -> s.startsWith("antimeridian")), n.notes().toString());
        assertTrue(n.notes().stream().noneMatch(s -> s.startsWith("pole")), n.notes().toString());
        assertSameShapeAs("MULTIPOLYGON(((178 -18, 180 -18, 180 -16, 178 -16, 178 -18)),"
                + " ((-180 -18, -179 -18, -179 -16, -180 -16, -180 -18)))", n, WORLD_1DEG);
    }

    @Test
    void holesAreMovedNextToTheirUnwrappedShell() {
        // shell 170..190 after unwrapping; one hole lies wholly on the far side (-178..-175 -> 182..185),
        // one crosses the seam itself, one stays west of it
        CountryShape c = country("POLYGON((170 -10, -170 -10, -170 10, 170 10, 170 -10),"
                + " (-178 -5, -175 -5, -175 -2, -178 -2, -178 -5),"
                + " (179 1, -179 1, -179 3, 179 3, 179 1),"
                + " (171 4, 173 4, 173 6, 171 6, 171 4))");
        PolygonShape s = AntimeridianNormalizer.seamless(c.polygons().get(0), "ZZ");
        assertEquals(new Envelope(170, 190, -10, 10), jts(s).getEnvelopeInternal());
        assertTrue(jts(s).isValid(), "holes inside the unwrapped shell");
        assertEquals(182, s.holes().get(0).minX());
        assertEquals(179, s.holes().get(1).minX());
        assertEquals(171, s.holes().get(2).minX());
        // split at the seam, the crossing hole becomes a notch in each half
        assertSameShapeAs("MULTIPOLYGON(((170 -10, 180 -10, 180 1, 179 1, 179 3, 180 3, 180 10, 170 10, 170 -10),"
                + " (171 4, 173 4, 173 6, 171 6, 171 4)),"
                + " ((-180 -10, -170 -10, -170 10, -180 10, -180 3, -179 3, -179 1, -180 1, -180 -10),"
                + " (-178 -5, -175 -5, -175 -2, -178 -2, -178 -5)))",
                AntimeridianNormalizer.normalize(c, WORLD_HALF), WORLD_HALF);
    }

    @Test
    void ringAroundTheSouthPoleIsClosedThroughThePole() {
        // the coast only: -180 -> 180 and the closing edge back jumps 360°; pole-most vertex (-90, -70)
        CountryShape c = country("POLYGON((" + SOUTH_COAST + "))");
        Ring u = AntimeridianNormalizer.seamless(c.polygons().get(0), "ZZ").shell();
        assertEquals(5 + 3, u.size());
        assertEquals(-90, u.x(0));
        assertEquals(-70, u.y(0));
        // closed along x = -90 and x = 270 down to the pole, and along the pole
        assertEquals(List.of(270.0, -70.0, 270.0, -90.0, -90.0, -90.0),
                List.of(u.x(5), u.y(5), u.x(6), u.y(6), u.x(7), u.y(7)));
        CountryShape n = AntimeridianNormalizer.normalize(c, WORLD_1DEG);
        assertTrue(n.notes().stream().anyMatch(s -> s.startsWith("pole")), n.notes().toString());
        assertEquals(4 * 90 * 22.5, clippedUnion(n, WORLD_1DEG).getArea(), 1e-9);
        assertSameShapeAs("POLYGON((" + SOUTH_CAP + "))", n, WORLD_1DEG);
    }

    @Test
    void holeOfAPolarRingIsMovedInsideItsShell() {
        // shell unwrapped to -90..270: a lake at -170..-160 belongs at 190..200
        String lake = "(-170 -80, -160 -80, -160 -78, -170 -78, -170 -80)";
        CountryShape c = country("POLYGON((" + SOUTH_COAST + "), " + lake + ")");
        PolygonShape s = AntimeridianNormalizer.seamless(c.polygons().get(0), "ZZ");
        assertEquals(190, s.holes().get(0).minX());
        assertTrue(jts(s).isValid(), "hole inside the closed shell");
        assertSameShapeAs("POLYGON((" + SOUTH_CAP + "), " + lake + ")", AntimeridianNormalizer.normalize(c, WORLD_1DEG), WORLD_1DEG);
    }

    /**
     * Known bug, kept as its reproduction: the shell is closed along the meridian of its pole-most
     * vertex (-90 here), but a hole spanning that meridian is placed by whole turns only and stays
     * at -95.3..-84.7, half outside the shell's -90..270. JTS (the reader's health check) calls the
     * seamless polygon invalid, and the centre scan counts the lake's 20 cells west of -90 as land
     * (8080 cells instead of the 8060 of the same shape given Natural Earth style).
     */
    @Disabled("bug: a hole across the closing meridian of a pole-encircling shell is left half outside it")
    @Test
    void holeAcrossTheClosingMeridianOfAPolarRing() {
        String lake = "(-95.3 -82.3, -84.7 -82.3, -84.7 -77.7, -95.3 -77.7, -95.3 -82.3)";
        CountryShape c = country("POLYGON((" + SOUTH_COAST + "), " + lake + ")");
        String intended = "POLYGON((" + SOUTH_CAP + "), " + lake + ")";
        assertEquals(Shapes.runs(new JtsOracle(WORLD_1DEG, Shapes.wkt(intended)).centerRuns()),
                Shapes.runs(new CountryScanner(WORLD_1DEG).scan(c, Predicate.CENTER).runs()), "centre cells of the scan");
        assertTrue(jts(AntimeridianNormalizer.seamless(c.polygons().get(0), "ZZ")).isValid(), "hole inside the closed shell");
        assertSameShapeAs(intended, AntimeridianNormalizer.normalize(c, WORLD_1DEG), WORLD_1DEG);
    }

    @Test
    void ringAroundTheNorthPoleIsClosedThroughThePole() {
        CountryShape c = country("POLYGON((-180 70, -60 75, 60 72, 180 70, -180 70))");
        CountryShape n = AntimeridianNormalizer.normalize(c, WORLD_HALF);
        Ring u = n.polygons().get(0).shell();
        assertEquals(90, u.maxY());
        assertEquals(70, u.minY());
        assertEquals(360, u.maxX() - u.minX());
        assertSameShapeAs("POLYGON((-180 70, -60 75, 60 72, 180 70, 180 90, -180 90, -180 70))", n, WORLD_HALF);
    }

    @Test
    void naturalEarthStyleAntarcticaKeepsItsShape() {
        // already closed through the pole, but its edge along -90 from -180 to 180 is a 360° jump: it takes the pole path too
        String wkt = "POLYGON((" + SOUTH_CAP + "))";
        assertSameShapeAs(wkt, AntimeridianNormalizer.normalize(country(wkt), WORLD_1DEG), WORLD_1DEG);
    }

    @Test
    void polygonReachingPastTheFrameGetsACopyWithoutANote() {
        // no jump (the ring is given unwrapped), but it covers columns east of 180: copied to the west side
        CountryShape c = country("POLYGON((170 0, 190 0, 190 5, 170 5, 170 0))");
        CountryShape n = AntimeridianNormalizer.normalize(c, WORLD_1DEG);
        assertEquals(2, n.polygons().size());
        assertEquals(List.of(), n.notes());
        assertSameShapeAs("MULTIPOLYGON(((170 0, 180 0, 180 5, 170 5, 170 0)), ((-180 0, -170 0, -170 5, -180 5, -180 0)))",
                n, WORLD_1DEG);
    }

    @Test
    void copiesFollowTheGridFrameNotTheNominalOne() {
        // WorldPop's first column starts 0.00125° west of -180: a shape ending at 180 must cover it through a copy
        CountryShape c = country("POLYGON((175 0, 180 0, 180 5, 175 5, 175 0))");
        CountryShape n = AntimeridianNormalizer.normalize(c, WORLDPOP);
        assertEquals(2, n.polygons().size());
        assertEquals(-180, n.polygons().get(1).maxX());
        // a shape whose copies would all miss the frame is returned as it is
        CountryShape inside = country("POLYGON((170 0, 179 0, 179 5, 170 5, 170 0))");
        assertSame(inside, AntimeridianNormalizer.normalize(inside, WORLDPOP));
    }

    @Test
    void earlierNotesAreKept() {
        CountryShape c = new CountryShape("ZZ", country("POLYGON((178 -16, -179 -16, -179 -18, 178 -18, 178 -16))").polygons(),
                List.of("repaired"));
        List<String> notes = AntimeridianNormalizer.normalize(c, WORLD_1DEG).notes();
        assertEquals("repaired", notes.get(0));
        assertEquals(2, notes.size(), notes.toString());
    }
}
