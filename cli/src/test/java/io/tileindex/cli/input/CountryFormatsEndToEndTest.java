package io.tileindex.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.tileindex.cli.BundledData;
import io.tileindex.cli.CliRun;
import io.tileindex.cli.input.GeoParquet11Fixtures.Coordinates;
import io.tileindex.writer.publish.DeterminismReceipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One country set built from every input format under one {@code --parameter-hash} (given, since the
 * input bytes differ) publishes byte-identical tile_index partitions.
 */
class CountryFormatsEndToEndTest {
    private static final String HASH = "ab".repeat(32);
    private static final String ONLY = "FJ,LS,MT,SM,ZA";

    @TempDir
    Path dir;

    private static JsonNode runReport(Path out) throws java.io.IOException {
        Path report = out.resolve("reports/layer1/1B/tile_index/parameter_hash=" + HASH + "/run_report.json");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
    }

    @Test
    void everyFormatPublishesTheSameTileIndex() throws Exception {
        List<RawCountry> ref = List.copyOf(FormatFixtures.reference().values());
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        inputs.put("geojson", List.of(BundledData.countries().toString()));
        inputs.put("geoparquet-wkb", List.of(GeoParquetFixtures.writeCountries(dir.resolve("wkb.parquet"),
                CountryReader.read(FormatFixtures.formats("countries.gpkg")).countries()).toString()));
        inputs.put("geoparquet-native-covering", List.of(GeoParquet11Fixtures.nativeEncoding(dir.resolve("native.parquet"), ref,
                true, Coordinates.SEPARATED).toString()));
        inputs.put("geoparquet-wkb-covering", List.of(GeoParquet11Fixtures.wkbWithCovering(dir.resolve("covering.parquet"),
                ref).toString()));
        inputs.put("geopackage", List.of(FormatFixtures.formats("countries.gpkg").toString()));
        inputs.put("shapefile", List.of(FormatFixtures.formats("countries.shp").toString(), "--iso-column", "ISO_A2"));
        inputs.put("flatgeobuf", List.of(FormatFixtures.formats("countries.fgb").toString()));
        Map<String, String> receipts = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> in : inputs.entrySet()) {
            List<String> args = new ArrayList<>(List.of("build", "--countries"));
            args.addAll(in.getValue());
            args.addAll(List.of("--iso", BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(),
                    "--out", dir.resolve("out-" + in.getKey()).toString(), "--only", ONLY, "--parameter-hash", HASH, "--quiet"));
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), in.getKey() + ": " + r.stderr());
            JsonNode j = r.json();
            Path partition = Path.of(j.get("tile_index_partition").asText());
            assertEquals(j.get("determinism_receipt").get("sha256_hex").asText(), DeterminismReceipt.of(partition), in.getKey());
            assertTrue(j.get("rows_emitted").asLong() > 1_000_000L, in.getKey() + ": ZA alone has over a million cells");
            receipts.put(in.getKey(), DeterminismReceipt.of(partition));
            JsonNode countries = runReport(dir.resolve("out-" + in.getKey())).get("ingress_versions").get(0);
            assertEquals("world_countries", countries.get("name").asText());
            assertEquals(in.getKey().equals("shapefile") ? "shapefile_set" : "file", countries.get("sha256_scope").asText(),
                    in.getKey() + ": the validator re-hashes only plain files");
        }
        for (Map.Entry<String, String> e : receipts.entrySet()) {
            assertEquals(receipts.get("geojson"), e.getValue(), e.getKey() + " vs geojson: " + receipts);
        }
    }
}
