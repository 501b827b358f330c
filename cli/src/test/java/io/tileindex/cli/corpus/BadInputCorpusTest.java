package io.tileindex.cli.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.CliRun;
import io.tileindex.cli.BundledData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, item 5: every file of the bad-input corpus ({@code src/test/resources/corpus}, listed in its
 * {@code MANIFEST.csv}) goes through the real {@code build} command with good other inputs and gives
 * the expected outcome: its coded S1_ERROR, no raw stack trace, nothing published; or, for the valid
 * edge cases, a published partition.
 */
class BadInputCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Path corpus() {
        try {
            return Path.of(BadInputCorpusTest.class.getResource("/corpus/MANIFEST.csv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** file, role (countries, iso or grid), expected code or OK, note. */
    static Stream<Arguments> manifest() throws IOException {
        return Files.readAllLines(corpus().resolve("MANIFEST.csv")).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",", 4)).map(f -> Arguments.of(f[0], f[1], f[2], f.length > 3 ? f[3] : ""));
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("manifest")
    void corpusFile(String file, String role, String expected, String note) throws IOException {
        Path c = corpus();
        Path input = c.resolve(file);
        Path countries = role.equals("countries") ? input : c.resolve("good_countries.geojson");
        Path iso = role.equals("iso") ? input : BundledData.iso();
        Path grid = role.equals("grid") ? input : c.resolve("good_grid.tif");
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("build", "--countries", countries.toString(), "--iso", iso.toString(), "--grid",
                grid.toString(), "--out", out.toString(), "--quiet");
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception in thread"),
                () -> "raw stack trace on stderr: " + r.stderr());
        if (expected.equals("OK")) {
            assertEquals(0, r.exit(), () -> note + "\n" + r.stderr());
            assertEquals("published", r.json().get("status").asText());
            if (file.equals("grid_pixel_is_point.tif")) {
                assertPixelIsPointShift(out, r.json().get("parameter_hash").asText());
            }
            return;
        }
        assertEquals(1, r.exit(), () -> "should fail with " + expected + ": " + r.stdout() + r.stderr());
        assertEquals("", r.stdout(), "no success line on stdout");
        JsonNode event = r.errorEvent();
        assertEquals(expected, event.get("code").asText(), r.stderr());
        assertTrue(event.has("at") && event.has("parameter_hash"), event.toString());
        String detail = event.get("detail").asText();
        // SPEC §7: a clear message naming the file, or for a country-level problem the country
        assertTrue(detail.contains(file) || event.hasNonNull("country_iso"),
                () -> "the detail names neither the file nor a country: " + event);
        assertNothingPublished(out);
    }

    /** The tiepoint (-179.9375, 89.9375) names the first cell's centre: GDAL's grid starts at (-180, 90). */
    private static void assertPixelIsPointShift(Path out, String hash) throws IOException {
        JsonNode report = JSON.readTree(out.resolve("reports/layer1/1B/tile_index/parameter_hash=" + hash + "/run_report.json").toFile());
        JsonNode gt = report.get("geotransform");
        assertArrayEquals(new double[] {-180.0, 0.125, 0.0, 90.0, 0.0, -0.125},
                new double[] {gt.get(0).asDouble(), gt.get(1).asDouble(), gt.get(2).asDouble(), gt.get(3).asDouble(),
                        gt.get(4).asDouble(), gt.get(5).asDouble()});
        assertEquals(1440, report.get("grid_dims").get("nrows").asInt());
        assertEquals(2880, report.get("grid_dims").get("ncols").asInt());
    }

    private static void assertNothingPublished(Path out) throws IOException {
        for (String dir : List.of("data", "reports")) {
            Path d = out.resolve(dir);
            if (Files.exists(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "nothing published under " + dir);
                }
            }
        }
        if (Files.exists(out.resolve(".staging"))) {
            try (Stream<Path> s = Files.list(out.resolve(".staging"))) {
                assertEquals(List.of(), s.toList(), "no staging left behind");
            }
        }
    }

    @Test
    void manifestListsEveryCorpusFileAndTheCorpusIsLargeEnough() throws IOException {
        Set<String> listed = new TreeSet<>();
        manifest().forEach(a -> listed.add((String) a.get()[0]));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(corpus())) {
            s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("MANIFEST.csv")).forEach(present::add);
        }
        assertEquals(present, listed);
        assertTrue(manifest().filter(a -> !a.get()[2].equals("OK")).count() >= 40, "at least 40 bad inputs");
        manifest().forEach(a -> assertTrue(Set.of("countries", "iso", "grid").contains((String) a.get()[1]), a.get()[0].toString()));
    }

    @Test
    void generatorReproducesTheCommittedBinaries() throws IOException {
        Path fresh = tmp.resolve("fresh");
        Files.createDirectories(fresh);
        List<String> names = CorpusGenerator.generate(fresh);
        assertTrue(names.size() >= 40, names.toString());
        for (String n : names) {
            assertTrue(Files.exists(corpus().resolve(n)), n + " is generated but not committed");
            assertEquals(-1L, Files.mismatch(fresh.resolve(n), corpus().resolve(n)), n + " differs from its generator's output");
        }
    }
}
