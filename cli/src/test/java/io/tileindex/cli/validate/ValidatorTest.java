package io.tileindex.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tileindex.cli.CliRun;
import io.tileindex.cli.BundledData;
import io.tileindex.cli.input.TinyTiffWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tileindex validate} (issue 4, item 2): a good partition passes; a corrupted copy of it, one
 * corruption at a time, fails with the code that names the corruption and an example row.
 */
class ValidatorTest {
    @TempDir
    static Path shared;
    static Path good;
    static String hash;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildGoodPartition() {
        good = shared.resolve("good");
        CliRun b = ChildBuild.build(good, "--only", "LS,SM,FJ,MT");
        assertEquals(0, b.exit(), b.stderr());
        hash = b.json().get("parameter_hash").asText();
    }

    static CliRun validate(Path root, String h, Path countries, Path grid, String... extra) {
        List<String> a = new ArrayList<>(List.of("validate", "--out", root.toString(), "--parameter-hash", h,
                "--countries", countries.toString(), "--iso", BundledData.iso().toString(), "--grid", grid.toString(), "--quiet"));
        a.addAll(List.of(extra));
        return CliRun.run(a.toArray(String[]::new));
    }

    static CliRun validate(Path root) {
        return validate(root, hash, BundledData.countries(), BundledData.worldPop());
    }

    /** name -> check, for the checks of a verdict. */
    static Map<String, JsonNode> checks(CliRun r) {
        assertEquals(1, r.stdout().strip().lines().count(), "exactly one JSON line on stdout: " + r.stdout());
        Map<String, JsonNode> m = new TreeMap<>();
        r.json().get("checks").forEach(c -> m.put(c.get("name").asText(), c));
        return m;
    }

    static List<String> failed(CliRun r) {
        return checks(r).values().stream().filter(c -> c.get("status").asText().equals("fail"))
                .map(c -> c.get("name").asText()).sorted().toList();
    }

    /** Asserts a failing verdict whose check {@code name} failed with {@code code}; returns its example. */
    static JsonNode assertFails(CliRun r, String name, String code) {
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertEquals("fail", r.json().get("verdict").asText());
        JsonNode c = checks(r).get(name);
        assertEquals("fail", c.get("status").asText(), () -> name + " should fail: " + r.stdout());
        assertEquals(code, c.get("code").asText());
        assertTrue(c.get("count").asLong() >= 1);
        assertTrue(c.get("example").isObject(), r.stdout());
        return c.get("example");
    }

    Path copy() {
        return TileRows.copyTree(good, tmp.resolve("copy"));
    }

    static Path part(Path root, String dataset, String iso) {
        return root.resolve("data/layer1/1B").resolve(dataset).resolve("parameter_hash=" + hash).resolve("part-" + iso + "-00000.parquet");
    }

    /** The validator's own Parquet paths: GeoParquet countries and a Parquet ISO table, several row groups each. */
    @Test
    void aPartitionBuiltFromParquetInputsPassesOnThoseInputs() {
        java.util.Set<String> only = java.util.Set.of("LS", "SM", "FJ", "MT"); // the good partition's countries
        Path countries = io.tileindex.cli.input.GeoParquetFixtures.writeCountries(tmp.resolve("countries.parquet"),
                io.tileindex.cli.input.CountryReader.read(BundledData.countries()).countries().stream()
                        .filter(c -> only.contains(c.iso())).toList(), 2);
        Path iso = io.tileindex.cli.input.GeoParquetFixtures.writeStrings(tmp.resolve("iso.parquet"), "country_iso",
                List.copyOf(io.tileindex.cli.input.IsoTable.read(BundledData.iso()).codes()));
        Path out = tmp.resolve("parquet-inputs");
        CliRun b = ChildBuild.run(tmp.resolve("logs"), "build", "--countries", countries.toString(), "--iso", iso.toString(),
                "--grid", BundledData.worldPop().toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, b.exit(), b.stderr());
        CliRun r = CliRun.run("validate", "--out", out.toString(), "--parameter-hash", b.json().get("parameter_hash").asText(),
                "--countries", countries.toString(), "--iso", iso.toString(), "--grid", BundledData.worldPop().toString(), "--quiet");
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals(List.of(), failed(r));
        assertEquals(4, checks(r).get("eligibility").get("info").get("countries").asInt(), r.stdout());
    }

    @Test
    void aGoodPartitionPasses() {
        CliRun r = validate(good);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals("pass", r.json().get("verdict").asText());
        assertEquals(List.of(), failed(r));
        assertEquals(16, checks(r).size()); // coverage_fraction passes on a partition without the column
        checks(r).values().forEach(c -> {
            assertTrue(c.get("code").isNull());
            assertEquals(0, c.get("count").asLong());
        });
        JsonNode el = checks(r).get("eligibility").get("info");
        assertEquals(4, el.get("countries").asInt());
        assertEquals(4, el.get("exhaustive_countries").asInt()); // all four boxes are below 2 M cells
        assertTrue(el.get("cells_tested").asLong() > 500_000, el.toString());
        assertEquals(r.json().get("rows_checked").get("tile_index").asLong(),
                r.json().get("rows_checked").get("tile_bounds").asLong());
    }

    @Test
    void droppedRowIsAMissingEligibleCell() {
        Path root = copy();
        long[] dropped = new long[1];
        TileRows.rewrite(part(root, "tile_index", "LS"), rows -> dropped[0] = (Long) rows.remove(rows.size() / 2)[1]);
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "eligibility", "E008_INCLUSION_RULE");
        assertEquals(dropped[0], ex.get("tile_id").asLong());
        assertTrue(ex.get("eligible").asBoolean() && !ex.get("indexed").asBoolean());
        assertEquals(dropped[0], assertFails(r, "tile_bounds_matches_tile_index", "E003_DUP_TILE").get("tile_id").asLong());
        assertEquals(List.of("determinism_receipt", "eligibility", "run_report", "tile_bounds_matches_tile_index"), failed(r));
    }

    @Test
    void duplicatedRow() {
        Path root = copy();
        TileRows.rewrite(part(root, "tile_index", "SM"), rows -> rows.add(10, rows.get(10).clone()));
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "sort_and_unique_key", "E003_DUP_TILE");
        assertTrue(ex.get("reason").asText().startsWith("duplicate key (SM, "), ex.toString());
        assertEquals("tile_index/part-SM-00000.parquet", ex.get("file").asText());
        assertEquals(11, ex.get("row_in_file").asLong());
    }

    @Test
    void swappedRows() {
        Path root = copy();
        TileRows.rewrite(part(root, "tile_index", "MT"), rows -> {
            Object[] a = rows.get(100);
            rows.set(100, rows.get(200));
            rows.set(200, a);
        });
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "sort_and_unique_key", "E003_DUP_TILE");
        assertTrue(ex.get("reason").asText().contains(" after "), ex.toString());
        // the same rows, only out of order: nothing else about them is wrong
        assertEquals(List.of("determinism_receipt", "sort_and_unique_key"), failed(r));
    }

    @Test
    void flippedBitInACentroid() {
        Path root = copy();
        TileRows.rewrite(part(root, "tile_index", "FJ"), rows -> rows.get(5)[4] =
                Double.longBitsToDouble(Double.doubleToRawLongBits((Double) rows.get(5)[4]) ^ 1L));
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "coordinates", "E004_BOUNDS");
        assertEquals(5, ex.get("row_in_file").asLong());
        assertEquals(List.of("coordinates", "determinism_receipt"), failed(r));
    }

    @Test
    void zeroArea() {
        Path root = copy();
        TileRows.rewrite(part(root, "tile_index", "LS"), rows -> rows.get(7)[6] = 0.0);
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "pixel_area", "E006_AREA_NONPOS");
        assertEquals(0.0, ex.get("pixel_area_m2").asDouble());
        assertEquals(List.of("determinism_receipt", "pixel_area"), failed(r));
    }

    /**
     * A partition whose every pixel_area_m2 came from a wrong area function: the authalic-latitude
     * quadrangle (1e-9..1e-8 off at 1 km) and a sphere (0.2-0.9 % off). The validator computes the
     * reference itself, so both fail.
     */
    @ParameterizedTest
    @ValueSource(strings = {"authalic_quadrangle", "sphere"})
    void areasFromAWrongAreaFunctionFail(String formula) {
        Path root = copy();
        double[] gt = {-180.0012493, 0.0083333333, 0, 83.6329165016827, 0, -0.0083333333};
        TileRows.rewrite(part(root, "tile_index", "LS"), rows -> rows.forEach(row -> {
            long r = (Long) row[2];
            double north = gt[3] + r * gt[5], south = gt[3] + (r + 1) * gt[5];
            row[6] = formula.equals("sphere") ? sphereArea(south, north, gt[1])
                    : io.tileindex.kernel.grid.CellArea.quadrangleClosedForm(south, north, gt[1]);
        }));
        CliRun r = validate(root);
        JsonNode check = checks(r).get("pixel_area");
        assertEquals("fail", check.get("status").asText(), r.stdout());
        assertEquals("E006_AREA_NONPOS", check.get("code").asText());
        assertTrue(check.get("count").asLong() > 1000, check.toString());
    }

    static double sphereArea(double south, double north, double dLon) {
        double radius = 6_371_008.8; // the mean Earth radius
        return radius * radius * Math.toRadians(dLon) * (Math.sin(Math.toRadians(north)) - Math.sin(Math.toRadians(south)));
    }

    @Test
    void areaThatIsNotGeographicLibs() {
        Path root = copy();
        TileRows.rewrite(part(root, "tile_index", "LS"), rows -> rows.get(7)[6] = (Double) rows.get(7)[6] * (1 + 1e-6));
        JsonNode ex = assertFails(validate(root), "pixel_area", "E006_AREA_NONPOS");
        assertTrue(ex.get("reason").asText().contains("GeographicLib"), ex.toString());
    }

    @Test
    void wrongTileId() {
        Path root = copy();
        // the row keeps its place in the order (the next cell of LS is further on), only the id is wrong
        TileRows.rewrite(part(root, "tile_index", "LS"), rows -> rows.get(0)[1] = (Long) rows.get(0)[1] + 43199L * 16755L);
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "tile_id_grid", "E002_RASTER_MISMATCH");
        assertEquals(0, ex.get("row_in_file").asLong());
    }

    @Test
    void lowercaseIsoCode() {
        Path root = copy();
        TileRows.rewrite(part(root, "tile_index", "SM"), rows -> rows.forEach(row -> row[0] = "sm"));
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "iso_foreign_key", "E005_ISO_FK");
        assertEquals("sm", ex.get("country_iso").asText());
        assertTrue(ex.get("reason").asText().contains("uppercase"), ex.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tile_index", "tile_bounds"})
    void extraFileInAPartition(String dataset) throws IOException {
        Path root = copy();
        Files.writeString(part(root, dataset, "LS").resolveSibling("_SUCCESS"), "ok\n");
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "partition_files", "E011_INTEGRITY");
        assertEquals("_SUCCESS", ex.get("file").asText());
        // the receipt covers every file of both partitions, so it changes too
        assertEquals(List.of("determinism_receipt", "partition_files"), failed(r));
    }

    @Test
    void truncatedFile() throws IOException {
        Path root = copy();
        Path f = part(root, "tile_bounds", "FJ");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "files_readable", "E011_INTEGRITY");
        assertEquals("tile_bounds/part-FJ-00000.parquet", ex.get("file").asText());
        // its rows are gone, so tile_bounds no longer matches tile_index
        assertFails(r, "tile_bounds_matches_tile_index", "E003_DUP_TILE");
    }

    @Test
    void tamperedReceipt() throws IOException {
        Path root = copy();
        Path receipt = root.resolve("reports/layer1/1B/tile_index/parameter_hash=" + hash + "/determinism_receipt.json");
        String text = Files.readString(receipt);
        int at = text.indexOf("\"sha256_hex\"") + 30;
        char c = text.charAt(at);
        Files.writeString(receipt, text.substring(0, at) + (c == '0' ? '1' : '0') + text.substring(at + 1));
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "determinism_receipt", "E011_INTEGRITY");
        assertTrue(ex.get("file").asText().endsWith("determinism_receipt.json"), ex.toString());
        assertEquals(List.of("determinism_receipt"), failed(r));
    }

    /**
     * Regression: validate_swapped_tile_bounds_file_passed. The same rows from a build under another
     * parameter hash, copied into the partition, are a foreign file; tile_bounds' digest no longer
     * matches its receipt either.
     */
    @Test
    void aTileBoundsFileFromAnotherBuildIsForeign() throws IOException {
        Path other = tmp.resolve("other");
        CliRun b = ChildBuild.build(other, "--only", "LS,SM,FJ,MT", "--parameter-hash", "ab".repeat(32));
        assertEquals(0, b.exit(), b.stderr());
        Path root = copy();
        Path foreign = other.resolve("data/layer1/1B/tile_bounds/parameter_hash=" + "ab".repeat(32) + "/part-LS-00000.parquet");
        Files.copy(foreign, part(root, "tile_bounds", "LS"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun r = validate(root);
        JsonNode ex = assertFails(r, "partition_files", "E011_INTEGRITY");
        assertEquals("ab".repeat(32), ex.get("embedded_parameter_hash").asText(), ex.toString());
        assertEquals("tile_bounds", assertFails(r, "determinism_receipt", "E011_INTEGRITY").get("dataset").asText());
        assertEquals(List.of("determinism_receipt", "partition_files"), failed(r));
    }

    /**
     * Regression: validate_crashed_with_null_pointer_without_evidence. Missing or malformed evidence is
     * its own failed check naming the file; every check that can run still runs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reports", "run_report.json", "determinism_receipt.json", "country_summaries.jsonl",
            "run_report.json:malformed", "determinism_receipt.json:malformed"})
    void missingOrMalformedEvidenceIsItsOwnFailure(String what) throws IOException {
        Path root = copy();
        Path reports = root.resolve("reports/layer1/1B/tile_index/parameter_hash=" + hash);
        String file = what.split(":")[0];
        if (file.equals("reports")) {
            TileRows.deleteTree(reports);
        } else if (what.endsWith(":malformed")) {
            Files.writeString(reports.resolve(file), "{\"sha256_hex\": ");
        } else {
            Files.delete(reports.resolve(file));
        }
        CliRun r = validate(root);
        assertFalse(r.stdout().contains("\"error\""), r.stdout());
        Map<String, JsonNode> c = checks(r);
        for (String passes : List.of("schema", "sort_and_unique_key", "coordinates", "pixel_area", "eligibility")) {
            assertEquals("pass", c.get(passes).get("status").asText(), () -> passes + ": " + r.stdout());
        }
        String failing = file.equals("determinism_receipt.json") || file.equals("reports") ? "determinism_receipt" : "run_report";
        JsonNode ex = assertFails(r, failing, "E011_INTEGRITY");
        String named = file.equals("reports") ? "determinism_receipt.json" : file;
        assertTrue(r.stdout().contains(named), () -> "names " + named + ": " + r.stdout());
        assertTrue(ex.isObject());
    }

    @Test
    void failedEnvelopeBoundIsE009() throws IOException {
        Path root = copy();
        Path report = root.resolve("reports/layer1/1B/tile_index/parameter_hash=" + hash + "/run_report.json");
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("envelope").get("open_files_le_256"))
                .put("value", 300.0).put("pass", false);
        Files.writeString(report, json.toPrettyString());
        CliRun r = validate(root);
        assertEquals("open_files_le_256", assertFails(r, "envelope", "E009_PERF_BUDGET").get("bound").asText());
        assertEquals(List.of("envelope"), failed(r));
    }

    @Test
    void anotherPredicateThanTheRunsIsE008() {
        CliRun r = validate(good, hash, BundledData.countries(), BundledData.worldPop(), "--predicate", "any_overlap");
        assertFails(r, "inclusion_rule", "E008_INCLUSION_RULE");
        assertFails(r, "eligibility", "E008_INCLUSION_RULE"); // border cells overlap without their centre inside
    }

    @Test
    void anyOverlapPartitionPasses() {
        Path root = tmp.resolve("overlap");
        CliRun b = ChildBuild.build(root, "--only", "LS,SM,MT", "--predicate", "any_overlap");
        assertEquals(0, b.exit(), b.stderr());
        CliRun r = validate(root, b.json().get("parameter_hash").asText(), BundledData.countries(), BundledData.worldPop(),
                "--predicate", "any_overlap");
        assertEquals(0, r.exit(), r.stdout());
    }

    /**
     * The seam cases on a coarse global grid tagged PixelIsPoint: FJ given as one ring across ±180
     * (unwrapped and split), AQ as a ring around the south pole (closed through the pole), ZA with a
     * hole. The validator reads the grid, unwraps and closes rings with its own code.
     */
    @ParameterizedTest
    @ValueSource(strings = {"center", "any_overlap"})
    void seamPoleAndHoleOnAPixelIsPointGrid(String predicate) throws URISyntaxException {
        // 64 kB long (sparse), like a real raster: the header read is then a small part of the file's
        // bytes, as the 1.25x read envelope assumes (a 200-byte grid file cannot meet it)
        Path grid = TinyTiffWriter.write(tmp.resolve("global-1deg-point.tif"), ByteOrder.BIG_ENDIAN, false, 8, 1 << 16,
                TinyTiffWriter.geographic(360, 180, new double[] {1, 1, 0}, new double[] {0, 0, 0, -179.5, 89.5, 0},
                        TinyTiffWriter.wgs84Keys(true)));
        Path countries = Path.of(ValidatorTest.class.getResource("/inputs/valid_edge_cases.geojson").toURI());
        Path root = tmp.resolve("seam");
        CliRun b = ChildBuild.run(tmp.resolve("logs"), "build", "--countries", countries.toString(), "--iso",
                BundledData.iso().toString(), "--grid", grid.toString(), "--out", root.toString(), "--predicate", predicate, "--quiet");
        assertEquals(0, b.exit(), b.stderr());
        CliRun r = validate(root, b.json().get("parameter_hash").asText(), countries, grid, "--predicate", predicate);
        assertEquals(0, r.exit(), r.stdout());
        JsonNode gridInfo = checks(r).get("grid").get("info");
        assertTrue(gridInfo.get("pixel_is_point").asBoolean());
        assertEquals(-180.0, gridInfo.get("geotransform").get(0).asDouble());
        assertEquals(90.0, gridInfo.get("geotransform").get(3).asDouble());
        assertTrue(r.json().get("rows_checked").get("tile_index").asLong() > 360 * 10, r.stdout()); // AQ's cap
    }

    @Test
    void validatorNoticesWhenTheCountriesAreNotTheRunsInputs() throws IOException {
        Path other = Files.writeString(tmp.resolve("other.geojson"), """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"country_iso":"LS"},
                 "geometry":{"type":"Polygon","coordinates":[[[27,-30],[29,-30],[29,-29],[27,-29],[27,-30]]]}}]}""");
        CliRun r = validate(good, hash, other, BundledData.worldPop());
        assertFails(r, "run_report", "E011_INTEGRITY");
        assertFails(r, "eligibility", "E008_INCLUSION_RULE");
    }

    @Test
    void missingPartitionAndUsageErrors() {
        CliRun r = validate(tmp.resolve("nothing-here"));
        assertFails(r, "partition_files", "E011_INTEGRITY");
        assertFalse(r.stderr().contains("\tat "), r.stderr());
        CliRun u = CliRun.run("validate", "--out", tmp.toString(), "--parameter-hash", "XYZ");
        assertEquals(2, u.exit());
        assertTrue(u.stderr().contains("Usage: tileindex validate"), u.stderr());
        assertEquals(2, CliRun.run("validate", "--out", tmp.toString()).exit());
        assertEquals(0, CliRun.run("validate", "--help").exit());
        assertTrue(Stream.of(CliRun.run("--help").stdout().split("\n")).anyMatch(l -> l.trim().startsWith("validate")));
    }
}
