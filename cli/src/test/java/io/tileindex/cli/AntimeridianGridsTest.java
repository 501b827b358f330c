package io.tileindex.cli;

import io.tileindex.cli.input.CountryReader;
import io.tileindex.cli.input.GeoTiffHeaderReader;
import io.tileindex.cli.input.TinyTiffWriter;
import io.tileindex.cli.validate.ChildBuild;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.JtsOracle;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SPEC §2 grids that overhang or wrap the antimeridian, end to end on real countries at the seam (FJ, NZ,
 * RU, US): a 0.25° grid running 0..360 (its eastern half shifts by -360°) and WorldPop's 3-arc-second
 * grid whose origin -180.0012493 overhangs by 1.5 cells (its column 0 shifts by +360°). Builds run in a
 * child JVM like a user's; the result equals the JTS oracle applied with the shift rule, and
 * {@code tileindex validate} passes. A grid wider than 360° is E002.
 */
class AntimeridianGridsTest {
    static final List<String> SEAM = List.of("FJ", "NZ", "RU", "US");
    static final int[][] ARCSEC3_BANDS = {{0, 2000}, {430000, 432000}};

    @TempDir
    Path tmp;

    /** A header-only GeoTIFF (sparse 64 kB, as a raster's header is a small part of it), PixelIsArea, EPSG:4326. */
    static Path grid(Path file, long width, long height, double step, double west, double north) {
        return TinyTiffWriter.write(file, ByteOrder.LITTLE_ENDIAN, false, 8, 1 << 16,
                TinyTiffWriter.geographic(width, height, new double[] {step, step, 0}, new double[] {0, 0, 0, west, north, 0},
                        TinyTiffWriter.wgs84Keys(false)));
    }

    static Path zeroTo360(Path dir) { return grid(dir.resolve("quarter-0-360.tif"), 1440, 720, 0.25, 0.0, 90.0); }

    static Path arcSec3(Path dir) {
        return grid(dir.resolve("worldpop-3arcsec.tif"), 432000, 167550, 1.0 / 1200, -180.0012493, 84.0);
    }

    static CliRun build(Path dir, Path grid, String only, String predicate) {
        CliRun b = ChildBuild.run(dir.resolve("logs"), "build", "--countries", BundledData.countries().toString(),
                "--iso", BundledData.iso().toString(), "--grid", grid.toString(), "--out", dir.resolve("out").toString(),
                "--only", only, "--predicate", predicate, "--quiet");
        assertEquals(0, b.exit(), b.stderr());
        return b;
    }

    /** {@code tileindex validate} in a child JVM too: a 3-arc-second partition needs the heap a user's run has. */
    static void assertValidates(Path dir, Path grid, CliRun build, String predicate) {
        CliRun v = ChildBuild.run(dir.resolve("logs"), "validate", "--out", dir.resolve("out").toString(), "--parameter-hash",
                build.json().get("parameter_hash").asText(), "--countries", BundledData.countries().toString(),
                "--iso", BundledData.iso().toString(), "--grid", grid.toString(), "--predicate", predicate, "--quiet");
        assertEquals(0, v.exit(), v.stdout() + v.stderr());
        assertEquals("pass", v.json().get("verdict").asText());
    }

    /** One row of tile_index with the bounds tile_bounds holds for it. */
    record Row(long tile, long col, double lon, double minLon, double maxLon) {}

    /** The partition's tile ids, in key order, streamed from DuckDB (tens of millions fit; no row objects). */
    static long[] tileIds(Path dir, CliRun build) throws Exception {
        String hash = build.json().get("parameter_hash").asText();
        String idx = dir.resolve("out/data/layer1/1B/tile_index/parameter_hash=" + hash) + "/*.parquet";
        long[] out = new long[1 << 20];
        int n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tile_id FROM read_parquet('" + idx + "') ORDER BY country_iso, tile_id")) {
            while (rs.next()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = rs.getLong(1);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Rows of the partition matching {@code where}, per country, in key order, read by DuckDB (tile_index joined to tile_bounds). */
    static Map<String, List<Row>> rows(Path dir, CliRun build, String where) throws Exception {
        String hash = build.json().get("parameter_hash").asText();
        Path data = dir.resolve("out/data/layer1/1B");
        String idx = data.resolve("tile_index/parameter_hash=" + hash) + "/*.parquet";
        String bnd = data.resolve("tile_bounds/parameter_hash=" + hash) + "/*.parquet";
        Map<String, List<Row>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT i.country_iso, i.tile_id, i.raster_col, i.centroid_lon, b.min_lon_deg, "
                     + "b.max_lon_deg, b.centroid_lon_deg FROM read_parquet('" + idx + "') i JOIN read_parquet('" + bnd
                     + "') b USING (country_iso, tile_id) WHERE " + where + " ORDER BY 1, 2")) {
            while (rs.next()) {
                assertEquals(rs.getDouble(4), rs.getDouble(7), "centroid_lon = centroid_lon_deg");
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Row(rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)));
            }
        }
        return out;
    }

    static List<String> runStrings(List<int[]> runs) {
        return runs.stream().map(r -> r[0] + ":" + r[1] + "-" + r[2]).toList();
    }

    static long[] tileIds(List<int[]> runs, long ncols) {
        return runs.stream().flatMapToLong(r -> java.util.stream.LongStream.range(r[0] * ncols + r[1], r[0] * ncols + r[2])).toArray();
    }

    /** Every written longitude is the shift rule's, computed from the oracle's own shift. */
    static void assertShiftedLongitudes(Grid g, JtsOracle oracle, List<Row> rows) {
        for (Row r : rows) {
            int c = (int) r.col();
            double s = oracle.shift(c);
            assertEquals(g.centroidLon(c) + s, r.lon(), "col " + c);
            assertEquals(g.minLon(c) + s, r.minLon(), "col " + c);
            assertEquals(g.maxLon(c) + s, r.maxLon(), "col " + c);
            assertTrue(r.lon() >= -180 && r.lon() < 180, "col " + c + ": " + r.lon());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"center", "any_overlap"})
    void zeroTo360GridEqualsTheShiftedOracleCellForCell(String predicate) throws Exception {
        Path gridFile = zeroTo360(tmp);
        Grid g = GeoTiffHeaderReader.read(gridFile).toGrid();
        CliRun b = build(tmp, gridFile, String.join(",", SEAM), predicate);
        assertValidates(tmp, gridFile, b, predicate);
        Map<String, List<Row>> rows = rows(tmp, b, "true");
        assertEquals(SEAM, List.copyOf(rows.keySet()));
        for (String iso : SEAM) {
            JtsOracle oracle = new JtsOracle(g, BundledData.jtsCountries().get(iso));
            long[] expected = tileIds(predicate.equals("center") ? oracle.centerRuns() : oracle.anyOverlapRuns(), g.ncols());
            assertArrayEquals(expected, rows.get(iso).stream().mapToLong(Row::tile).toArray(), iso);
            assertShiftedLongitudes(g, oracle, rows.get(iso));
        }
        // west of 0° lies in shifted columns: all of the US, Chukotka (and at 0.25° Fiji's eastern islands only by overlap)
        for (String iso : predicate.equals("center") ? List.of("RU", "US") : SEAM) {
            assertTrue(rows.get(iso).stream().anyMatch(r -> r.col() >= 720), iso + " has cells in shifted columns");
        }
    }

    /**
     * Fiji on the 3-arc-second grid (2.3 M cells): exact in 2000 columns at each end of the grid, and on a
     * deterministic sample of cells elsewhere (random cells of its rows, and its own cells' neighbours).
     */
    @Test
    void threeArcSecondGridFijiEqualsTheShiftedOracleAtTheSeam() throws Exception {
        Path gridFile = arcSec3(tmp);
        Grid g = GeoTiffHeaderReader.read(gridFile).toGrid();
        CliRun b = build(tmp, gridFile, "FJ", "center");
        assertEquals(2_319_482, b.json().get("rows_emitted").asLong());
        assertValidates(tmp, gridFile, b, "center");
        long[] tiles = tileIds(tmp, b);
        JtsOracle oracle = new JtsOracle(g, BundledData.jtsCountries().get("FJ"));
        assertBandsAndSampleEqual(g, oracle, of(tiles, g.ncols()), Predicate.CENTER, 20_000);
        List<Row> ends = rows(tmp, b, "raster_col <= 1 OR raster_col >= 431990").get("FJ");
        List<Row> col0 = ends.stream().filter(r -> r.col() == 0).toList();
        assertTrue(!col0.isEmpty(), "column 0, shifted to 179.99917, holds Fiji cells");
        assertEquals(179.99916736666665, col0.getFirst().lon());
        assertShiftedLongitudes(g, oracle, ends);
    }

    /** A country's included cells, as a sorted tile array (read back) or as the scan's runs (billions of cells). */
    interface Cells {
        boolean contains(long tile);

        /** The included cells in the columns of {@code bands}, as maximal runs "row:start-end" in order. */
        List<String> inBands(int[][] bands);

        /** An included tile, drawn at random. */
        long anyIncluded(SplittableRandom rnd);

        long firstRow();

        long lastRow();
    }

    static Cells of(long[] tiles, long ncols) {
        return new Cells() {
            public boolean contains(long t) { return Arrays.binarySearch(tiles, t) >= 0; }
            public List<String> inBands(int[][] bands) {
                List<int[]> runs = new ArrayList<>();
                for (long t : tiles) {
                    int r = (int) (t / ncols), c = (int) (t % ncols);
                    if (Arrays.stream(bands).anyMatch(b -> c >= b[0] && c < b[1])) {
                        JtsOracle.addRun(runs, r, c, c + 1);
                    }
                }
                return runStrings(runs);
            }
            public long anyIncluded(SplittableRandom rnd) { return tiles[rnd.nextInt(tiles.length)]; }
            public long firstRow() { return tiles[0] / ncols; }
            public long lastRow() { return tiles[tiles.length - 1] / ncols; }
        };
    }

    static Cells of(CellRuns runs, long ncols) {
        return new Cells() {
            public boolean contains(long t) { return runs.contains((int) (t / ncols), (int) (t % ncols)); }
            public List<String> inBands(int[][] bands) {
                List<int[]> out = new ArrayList<>();
                for (int i = 0; i < runs.size(); i++) {
                    for (int[] b : bands) {
                        int s = Math.max(b[0], runs.start(i)), e = Math.min(b[1], runs.end(i));
                        if (s < e) {
                            JtsOracle.addRun(out, runs.row(i), s, e);
                        }
                    }
                }
                return runStrings(out);
            }
            public long anyIncluded(SplittableRandom rnd) {
                int i = rnd.nextInt(runs.size());
                return runs.row(i) * ncols + rnd.nextInt(runs.start(i), runs.end(i));
            }
            public long firstRow() { return runs.row(0); }
            public long lastRow() { return runs.row(runs.size() - 1); }
        };
    }

    /** Cells of the bands compared exactly, then {@code samples} cells at random and next to included cells. */
    static void assertBandsAndSampleEqual(Grid g, JtsOracle oracle, Cells cells, Predicate predicate, int samples) {
        boolean centre = predicate == Predicate.CENTER;
        long n = g.ncols();
        List<String> expected = runStrings(centre ? oracle.centerRuns(ARCSEC3_BANDS) : oracle.anyOverlapRuns(ARCSEC3_BANDS));
        assertEquals(expected, cells.inBands(ARCSEC3_BANDS), "cells in the 2000 columns at each end");
        assertTrue(!expected.isEmpty());
        SplittableRandom rnd = new SplittableRandom(0x5EA_3A11L);
        for (int i = 0; i < samples; i++) {
            long t = i % 2 == 0 ? rnd.nextLong(cells.firstRow(), cells.lastRow() + 1) * n + rnd.nextLong(n)
                    : cells.anyIncluded(rnd) + List.of(-1L, 1L, -n, n).get(rnd.nextInt(4));
            if (t < 0 || t >= g.cellCount()) {
                continue;
            }
            boolean want = oracle.included((int) (t / n), (int) (t % n), centre);
            assertEquals(want, cells.contains(t), "cell " + t + " (row " + t / n + ", col " + t % n + ")");
        }
    }

    @Test
    void aGridWiderThan360IsE002() {
        Path wide = grid(tmp.resolve("wide.tif"), 1441, 720, 0.25, 0.0, 90.0);
        CliRun r = CliRun.run("build", "--countries", BundledData.countries().toString(), "--iso", BundledData.iso().toString(),
                "--grid", wide.toString(), "--out", tmp.resolve("out").toString(), "--only", "FJ", "--quiet");
        assertEquals(1, r.exit(), r.stderr());
        assertEquals("E002_RASTER_MISMATCH", r.errorEvent().get("code").asText());
        assertTrue(r.errorEvent().get("detail").asText().contains(wide.toString()), r.stderr());
    }

    /**
     * RU, US, NZ and FJ on the full 3-arc-second grid (RU alone is 4.2 billion cells, about 5 minutes
     * and 31 GB to build on 2 cores): the production scan, which the build runs, against the oracle in the
     * 2000 columns at each end and on 200,000 sampled cells per country, both predicates for the three
     * smaller countries; and New Zealand (42 M cells) built and validated end to end.
     */
    @Test
    @Tag("full-world")
    void threeArcSecondGridSeamCountriesEqualTheShiftedOracle() throws Exception {
        Path gridFile = arcSec3(tmp);
        Grid g = GeoTiffHeaderReader.read(gridFile).toGrid();
        Map<String, CountryShape> shapes = new TreeMap<>();
        CountryReader.read(BundledData.countries(), "country_iso").countries().forEach(c -> shapes.put(c.iso(), c));
        CountryScanner scanner = new CountryScanner(g);
        for (String iso : SEAM) {
            JtsOracle oracle = new JtsOracle(g, BundledData.jtsCountries().get(iso));
            for (Predicate p : iso.equals("RU") ? List.of(Predicate.CENTER) : List.of(Predicate.values())) {
                assertBandsAndSampleEqual(g, oracle, of(scanner.scan(shapes.get(iso), p).runs(), g.ncols()), p, 200_000);
            }
        }
        CliRun b = build(tmp, gridFile, "NZ", "center");
        assertValidates(tmp, gridFile, b, "center");
        assertPartitionHolds(tmp, b, scanner.scan(shapes.get("NZ"), Predicate.CENTER).runs(), g.ncols());
    }

    /** The partition's tile ids are exactly the runs' cells, compared as DuckDB streams them (no array of 42 M ids). */
    static void assertPartitionHolds(Path dir, CliRun build, CellRuns runs, long ncols) throws Exception {
        String hash = build.json().get("parameter_hash").asText();
        String idx = dir.resolve("out/data/layer1/1B/tile_index/parameter_hash=" + hash) + "/*.parquet";
        long n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tile_id FROM read_parquet('" + idx + "') ORDER BY tile_id")) {
            for (int i = 0; i < runs.size(); i++) {
                for (int col = runs.start(i); col < runs.end(i); col++, n++) {
                    long want = runs.row(i) * ncols + col;
                    if (!rs.next() || rs.getLong(1) != want) {
                        fail("cell " + n + " of the scan, tile " + want + ": partition " + (rs.isAfterLast() ? "ended" : "has " + rs.getLong(1)));
                    }
                }
            }
            assertTrue(!rs.next(), "partition holds more than the " + n + " cells of the scan");
        }
    }
}
