package io.tileindex.cli.validate;

import io.tileindex.cli.BundledData;
import io.tileindex.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A partition built from a GeoPackage or an ESRI Shapefile (the five-country fixtures of
 * cli/src/test/resources/formats: FJ, LS, MT, SM, ZA) passes {@code tileindex validate} given the same
 * file: the validator reads those formats with its own code, so eligibility is really recomputed.
 */
class CountryFormatsValidateTest {
    static final Path FORMATS = BundledData.repoRoot().resolve("cli/src/test/resources/formats");

    @TempDir
    Path tmp;

    /**
     * Builds from {@code countries} in a separate JVM, validates, and asserts a passing verdict on all five.
     * One worker: with two, South Africa alone keeps one worker busy while the other idles, and the
     * build records (and the validator fails) the SPEC §6 idle-imbalance bound, whatever the input format
     * (the same five countries from the GeoJSON give an imbalance of about 0.5 too).
     */
    void buildAndValidate(Path countries, String... options) {
        Path out = tmp.resolve("out");
        List<String> build = new ArrayList<>(List.of("build", "--countries", countries.toString(), "--iso",
                BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--out", out.toString(),
                "--workers", "1", "--quiet"));
        build.addAll(List.of(options));
        CliRun b = ChildBuild.run(tmp.resolve("logs"), build.toArray(String[]::new));
        assertEquals(0, b.exit(), b.stderr());

        List<String> validate = new ArrayList<>(List.of("validate", "--out", out.toString(), "--parameter-hash",
                b.json().get("parameter_hash").asText(), "--countries", countries.toString(), "--iso",
                BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--quiet"));
        validate.addAll(List.of(options));
        CliRun r = CliRun.run(validate.toArray(String[]::new));
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals("pass", r.json().get("verdict").asText(), r.stdout());
        assertEquals(List.of(), ValidatorTest.failed(r));
        assertEquals(5, ValidatorTest.checks(r).get("eligibility").get("info").get("countries").asInt(), r.stdout());
    }

    @Test
    void aPartitionBuiltFromAGeoPackagePasses() {
        buildAndValidate(FORMATS.resolve("countries.gpkg"), "--layer", "countries");
    }

    @Test
    void aPartitionBuiltFromAShapefilePasses() {
        buildAndValidate(FORMATS.resolve("countries.shp"), "--iso-column", "ISO_A2");
    }
}
