package io.tileindex.cli;

import io.tileindex.cli.input.GeoParquetFixtures;
import io.tileindex.cli.input.TinyTiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC §7: every bad input gives its code in an S1_ERROR event, a non-zero exit, and publishes nothing. */
class ErrorCasesTest {
    @TempDir
    Path tmp;

    CliRun build(Path countries, Path iso, Path grid, String... extra) {
        List<String> a = new ArrayList<>(List.of("build", "--countries", countries.toString(), "--iso", iso.toString(),
                "--grid", grid.toString(), "--out", tmp.resolve("out").toString(), "--quiet"));
        a.addAll(Arrays.asList(extra));
        return CliRun.run(a.toArray(String[]::new));
    }

    void assertFails(CliRun r, String code) throws Exception {
        assertNotEquals(0, r.exit(), r.stdout());
        assertEquals(code, r.errorEvent().get("code").asText(), r.stderr());
        assertTrue(r.errorEvent().has("at") && r.errorEvent().has("detail"));
        assertFalse(r.stderr().contains("\tat "), "no raw stack trace: " + r.stderr());
        Path data = tmp.resolve("out").resolve("data");
        if (Files.exists(data)) {
            try (var s = Files.walk(data)) {
                assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "nothing published");
            }
        }
    }

    Path countries() { return BundledData.countries(); }
    Path iso() { return BundledData.iso(); }
    Path grid() { return BundledData.worldPop(); }

    Path geojson(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    static String feature(String iso, String coords) {
        return "{\"type\":\"Feature\",\"properties\":{\"country_iso\":\"" + iso + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + coords + "}}";
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    @Test
    void missingInputFilesNameTheFile() throws Exception {
        // SPEC §7: a missing input is E010_IO, whichever input it is
        CliRun r = build(tmp.resolve("nope.geojson"), iso(), grid());
        assertFails(r, "E010_IO");
        assertTrue(r.errorEvent().get("detail").asText().contains("nope.geojson"));
        assertFails(build(countries(), tmp.resolve("nope.csv"), grid()), "E010_IO");
        CliRun g = build(countries(), iso(), tmp.resolve("nope.tif"));
        assertFails(g, "E010_IO");
        assertTrue(g.errorEvent().get("detail").asText().contains("nope.tif"));
    }

    @Test
    void truncatedAndMalformedGeoJson() throws Exception {
        String good = Files.readString(countries());
        assertFails(build(geojson("trunc.geojson", good.substring(0, good.length() / 2)), iso(), grid()), "E001_GEO_INVALID");
        assertFails(build(geojson("bad.geojson", "{\"type\": \"FeatureCollection\", \"features\": [ {]}"), iso(), grid()), "E001_GEO_INVALID");
        assertFails(build(geojson("empty.geojson", ""), iso(), grid()), "E001_GEO_INVALID");
    }

    @Test
    void truncatedAndMalformedGeoParquet() throws Exception {
        Path ok = GeoParquetFixtures.write(tmp.resolve("ok.parquet"), List.of(
                GeoParquetFixtures.Row.of("LS", GeoParquetFixtures.wkt("POLYGON((27 -30, 29 -30, 29 -29, 27 -29, 27 -30))"))));
        byte[] b = Files.readAllBytes(ok);
        assertFails(build(Files.write(tmp.resolve("trunc.parquet"), Arrays.copyOf(b, b.length - 20)), iso(), grid()), "E001_GEO_INVALID");
        Path badWkb = GeoParquetFixtures.write(tmp.resolve("badwkb.parquet"), List.of(new GeoParquetFixtures.Row("LS", new byte[] {1, 3, 0, 0, 0, 9})));
        assertFails(build(badWkb, iso(), grid()), "E001_GEO_INVALID");
    }

    @Test
    void nonWgs84AndRotatedGrids() throws Exception {
        List<TinyTiffWriter.Field> projected = TinyTiffWriter.geographic(100, 50, new double[] {1000, 1000, 0},
                new double[] {0, 0, 0, 500000, 6000000, 0},
                TinyTiffWriter.geoKeys(new int[] {1024, 1}, new int[] {1025, 1}, new int[] {3072, 32633}));
        Path utm = TinyTiffWriter.write(tmp.resolve("utm.tif"), ByteOrder.LITTLE_ENDIAN, false, projected);
        assertFails(build(countries(), iso(), utm, "--only", "LS"), "E007_CRS_MISMATCH");
        List<TinyTiffWriter.Field> rotated = new ArrayList<>();
        rotated.add(TinyTiffWriter.longs(TinyTiffWriter.IMAGE_WIDTH, 100));
        rotated.add(TinyTiffWriter.longs(TinyTiffWriter.IMAGE_LENGTH, 50));
        rotated.add(TinyTiffWriter.doubles(TinyTiffWriter.MODEL_TRANSFORMATION,
                0.1, 0.01, 0, -10, 0.01, -0.1, 0, 10, 0, 0, 0, 0, 0, 0, 0, 1));
        rotated.add(TinyTiffWriter.wgs84Keys(false));
        Path rot = TinyTiffWriter.write(tmp.resolve("rot.tif"), ByteOrder.LITTLE_ENDIAN, false, rotated);
        assertFails(build(countries(), iso(), rot, "--only", "LS"), "E002_RASTER_MISMATCH");
    }

    @Test
    void selfIntersectingPolygonAndNanCoordinates() throws Exception {
        CliRun bowtie = build(geojson("bowtie.geojson", collection(feature("LS", "[[[27,-30],[29,-29],[29,-30],[27,-29],[27,-30]]]"))), iso(), grid());
        assertFails(bowtie, "E001_GEO_INVALID");
        assertEquals("LS", bowtie.errorEvent().get("country_iso").asText());
        Path nan = GeoParquetFixtures.write(tmp.resolve("nan.parquet"), List.of(
                GeoParquetFixtures.Row.of("LS", GeoParquetFixtures.wkt("POLYGON((27 -30, 29 -30, 29 -29, 27 -29, 27 -30))")),
                new GeoParquetFixtures.Row("SZ", nanPolygonWkb())));
        CliRun r = build(nan, iso(), grid());
        assertFails(r, "E001_GEO_INVALID");
        assertEquals("SZ", r.errorEvent().get("country_iso").asText());
    }

    /** WKB of POLYGON((31 -27, NaN -27, 32 -26, 31 -27)), little-endian, written by hand. */
    static byte[] nanPolygonWkb() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 + 4 + 4 + 4 + 4 * 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putInt(3).putInt(1).putInt(4);
        double[][] pts = {{31, -27}, {Double.NaN, -27}, {32, -26}, {31, -27}};
        for (double[] p : pts) {
            b.putDouble(p[0]).putDouble(p[1]);
        }
        return b.array();
    }

    @Test
    void unknownAndLowercaseIsoCodes() throws Exception {
        String square = "[[[27,-30],[29,-30],[29,-29],[27,-29],[27,-30]]]";
        CliRun unknown = build(geojson("xq.geojson", collection(feature("XQ", square))), iso(), grid());
        assertFails(unknown, "E005_ISO_FK");
        assertTrue(unknown.errorEvent().get("detail").asText().contains("XQ"));
        assertFails(build(geojson("lower.geojson", collection(feature("ls", square))), iso(), grid()), "E005_ISO_FK");
        assertFails(build(countries(), iso(), grid(), "--only", "LS,QQ"), "E005_ISO_FK");
    }

    @Test
    void badPredicateAndMalformedParameterHash() throws Exception {
        assertFails(build(countries(), iso(), grid(), "--predicate", "centroid"), "E008_INCLUSION_RULE");
    }

    /** A malformed --parameter-hash is a command-line mistake (exit 2), not a predicate problem (E008 named the wrong thing). */
    @Test
    void malformedParameterHashIsAUsageError() throws Exception {
        for (String h : new String[] {"ABC123", "A".repeat(64)}) {
            CliRun r = build(countries(), iso(), grid(), "--parameter-hash", h);
            assertEquals(2, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("--parameter-hash must be 64 lowercase hex"), r.stderr());
        }
    }

    @Test
    void unwritableOutputDirectory() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path target = root ? Files.writeString(tmp.resolve("a-file"), "x").resolve("out") : ro.resolve("out");
        CliRun r = CliRun.run("build", "--countries", countries().toString(), "--iso", iso().toString(), "--grid",
                grid().toString(), "--out", target.toString(), "--only", "LS", "--quiet");
        assertNotEquals(0, r.exit());
        assertEquals("E010_IO", r.errorEvent().get("code").asText());
        assertTrue(r.errorEvent().get("detail").asText().contains(target.toString()), r.stderr());
    }

    @Test
    void unknownOptionsAreNamedInAUsageError() {
        CliRun r = CliRun.run("build", "--countries", "x", "--frobnicate", "--colour=blue");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("--frobnicate") && r.stderr().contains("--colour"), r.stderr());
        assertTrue(r.stderr().contains("Usage: tileindex build"));
    }
}
