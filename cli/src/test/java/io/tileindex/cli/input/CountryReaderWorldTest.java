package io.tileindex.cli.input;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Natural Earth file: counts, known countries, the GeoParquet round trip. */
class CountryReaderWorldTest {
    private static CountryReader.CountrySet world;
    private static long readNanos;

    @BeforeAll
    static void readWorld() {
        long t0 = System.nanoTime();
        world = CountryReader.read(InputFixtures.world());
        readNanos = System.nanoTime() - t0;
        // reported, not asserted: a timing assertion would flake on a loaded 2-core box
        System.out.printf("world GeoJSON: %d countries read and validated in %.0f ms%n",
                world.countries().size(), readNanos / 1e6);
    }

    static final int MERGED_VERTICES = 174;

    @Test
    void countsMatchTheDataReadme() throws IOException {
        assertEquals(237, world.countries().size());
        assertEquals(CountryReader.FORMAT_GEOJSON, world.format());
        assertEquals(Files.size(InputFixtures.world()), world.bytesRead());
        // README's 543,326 counts every position in the file, closing vertices included; the kernel's
        // Ring drops the closing vertex, one per ring (4,276 rings in 4,249 polygons)
        long vertices = world.countries().stream().mapToLong(CountryShape::vertexCount).sum();
        long rings = world.countries().stream().flatMap(c -> c.polygons().stream())
                .mapToLong(p -> 1 + p.holes().size()).sum();
        long polygons = world.countries().stream().mapToLong(c -> c.polygons().size()).sum();
        // Antarctica's ring closed through the pole overlaps three parts drawn beside it: they are merged into
        // their union (OverlappingPolygons), which takes MERGED_VERTICES, 2 rings and 2 polygons off the file's counts
        CountryShape aq = world.countries().stream().filter(c -> c.iso().equals("AQ")).findFirst().orElseThrow();
        assertTrue(aq.notes().contains("overlapping polygons: 3 merged into their union"), aq.notes().toString());
        assertEquals(539_050 - MERGED_VERTICES, vertices);
        assertEquals(4_276 - 2, rings);
        assertEquals(4_249 - 2, polygons);
    }

    @Test
    void sortedByIsoAndKnownCountriesPresent() {
        List<String> isos = world.countries().stream().map(CountryShape::iso).toList();
        assertEquals(isos.stream().sorted().toList(), isos);
        for (String iso : List.of("FI", "IS", "LS", "FJ", "RU", "AQ", "US")) {
            assertTrue(isos.contains(iso), iso);
        }
        assertTrue(!isos.contains("VA"), "Vatican City collapses under the quantisation (data README)");
    }

    @Test
    void fijiComesInPiecesOnBothSidesOfTheAntimeridian() {
        CountryShape fj = byIso().get("FJ");
        assertTrue(fj.polygons().stream().anyMatch(p -> p.maxX() <= -179.0), "a piece east of the antimeridian");
        assertTrue(fj.polygons().stream().anyMatch(p -> p.minX() >= 177.0), "a piece west of it");
    }

    @Test
    void lesothoIsAHoleInSouthAfrica() {
        CountryShape za = byIso().get("ZA");
        CountryShape ls = byIso().get("LS");
        assertTrue(za.polygons().stream().anyMatch(p -> !p.holes().isEmpty()), "ZA has a hole");
        assertEquals(1, ls.polygons().size());
    }

    @Test
    void everyCodeIsInTheIsoTable() {
        IsoTable iso = IsoTable.read(InputFixtures.iso3166());
        for (CountryShape c : world.countries()) {
            IsoTable.checkCountryCode(c.iso(), iso);
        }
    }

    @Test
    void geoParquetRoundTripGivesTheSameCountriesAndCoordinates(@TempDir Path dir) throws IOException {
        // several row groups, so the reader's row-group loop is exercised too
        Path file = GeoParquetFixtures.writeCountries(dir.resolve("world.parquet"), world.countries(), 50);
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file), GeoParquetCountries.readOptions())) {
            assertEquals(5, r.getFooter().getBlocks().size());
        }
        long t0 = System.nanoTime();
        CountryReader.CountrySet back = CountryReader.read(file);
        System.out.printf("world GeoParquet (%d bytes): read and validated in %.0f ms%n",
                Files.size(file), (System.nanoTime() - t0) / 1e6);
        assertEquals(CountryReader.FORMAT_GEOPARQUET, back.format());
        assertSameCountries(world.countries(), back.countries());
        // SPEC §6 envelope: read each input at most 1.25x its size
        assertTrue(back.bytesRead() >= Files.size(file) * 0.9 && back.bytesRead() <= Files.size(file) * 1.25,
                back.bytesRead() + " bytes read of " + Files.size(file));
    }

    static void assertSameCountries(List<CountryShape> expected, List<CountryShape> actual) {
        assertEquals(expected.stream().map(CountryShape::iso).toList(), actual.stream().map(CountryShape::iso).toList());
        for (int c = 0; c < expected.size(); c++) {
            CountryShape e = expected.get(c), a = actual.get(c);
            assertEquals(e.polygons().size(), a.polygons().size(), e.iso());
            for (int p = 0; p < e.polygons().size(); p++) {
                PolygonShape ep = e.polygons().get(p), ap = a.polygons().get(p);
                assertSameRing(ep.shell(), ap.shell(), e.iso());
                assertEquals(ep.holes().size(), ap.holes().size(), e.iso());
                for (int h = 0; h < ep.holes().size(); h++) {
                    assertSameRing(ep.holes().get(h), ap.holes().get(h), e.iso());
                }
            }
        }
    }

    private static void assertSameRing(Ring e, Ring a, String iso) {
        double[] ex = new double[e.size()], ey = new double[e.size()], ax = new double[a.size()], ay = new double[a.size()];
        for (int i = 0; i < e.size(); i++) {
            ex[i] = e.x(i);
            ey[i] = e.y(i);
        }
        for (int i = 0; i < a.size(); i++) {
            ax[i] = a.x(i);
            ay[i] = a.y(i);
        }
        assertArrayEquals(ex, ax, 0.0, iso);
        assertArrayEquals(ey, ay, 0.0, iso);
    }

    private static Map<String, CountryShape> byIso() {
        return world.countries().stream().collect(Collectors.toMap(CountryShape::iso, Function.identity()));
    }
}
