package io.tileindex.cli.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.BundledData;
import io.tileindex.cli.CliRun;
import io.tileindex.cli.input.TinyTiffWriter;
import io.tileindex.kernel.grid.CellArea;
import io.tileindex.kernel.grid.Grid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run report lists where countries' coverage fractions sum past one cell: hand-computed on three
 * overlapping synthetic countries (one cell of all three), and found on the OSM-derived border file, whose
 * South Africa has no hole for Lesotho and whose Morocco includes Western Sahara.
 */
class CoverageOverlapsReportTest {
    @TempDir
    Path tmp;

    static JsonNode report(Path out, JsonNode build) throws Exception {
        return new ObjectMapper().readTree(out.resolve("reports/layer1/1B/tile_index/parameter_hash="
                + build.get("parameter_hash").asText() + "/run_report.json").toFile());
    }

    static String feature(String iso, String ring) {
        return "{\"type\":\"Feature\",\"properties\":{\"country_iso\":\"" + iso + "\"},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[" + ring + "]]}}";
    }

    /**
     * On 1° cells (north edge 10°N): AD = [0, 4] x [0, 3.5], BE = [3.5, 6] x [0, 4] and CH = [0, 4] x [3.5, 6].
     * Column 3 (x 3..4) rows 7-9 (y 0..3): AD 1 + BE 0.5; row 6 (y 3..4): AD 0.5 + BE 0.5 + CH 0.5. AD and CH
     * share row 6's columns 0-2 at 0.5 + 0.5, exactly one: shared, no overlap.
     */
    @Test
    void threeOverlappingCountriesHandComputed() throws Exception {
        Path countries = tmp.resolve("overlapping.geojson");
        Files.writeString(countries, "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",",
                feature("AD", "[0,0],[4,0],[4,3.5],[0,3.5],[0,0]"),
                feature("BE", "[3.5,0],[6,0],[6,4],[3.5,4],[3.5,0]"),
                feature("CH", "[0,3.5],[4,3.5],[4,6],[0,6],[0,3.5]")) + "]}");
        Path grid = TinyTiffWriter.write(tmp.resolve("deg.tif"), ByteOrder.LITTLE_ENDIAN, false, 8, 1 << 16,
                TinyTiffWriter.geographic(20, 20, new double[] {1, 1, 0}, new double[] {0, 0, 0, 0, 10, 0},
                        TinyTiffWriter.wgs84Keys(false)));
        Path out = tmp.resolve("out");
        CliRun b = CliRun.run("build", "--countries", countries.toString(), "--iso", BundledData.iso().toString(), "--grid",
                grid.toString(), "--out", out.toString(), "--predicate", "any_overlap", "--coverage-fraction", "--quiet", "--no-cache");
        assertEquals(0, b.exit(), b.stderr());
        JsonNode o = report(out, b.json()).get("coverage_overlaps");
        double[] area = CellArea.allRows(new Grid(20, 20, 0, 1, 0, 10, 0, -1));
        assertEquals(7, o.get("cells_shared").asLong());
        assertEquals(4, o.get("cells_over_one").asLong());
        JsonNode list = o.get("overlaps");
        assertEquals(2, list.size(), list.toString());
        assertEquals(List.of("AD", "BE"), isos(list.get(0)));
        assertEquals(3, list.get(0).get("tiles").asLong());
        assertEquals(0.5 * (area[7] + area[8] + area[9]) / 1e6, list.get(0).get("overlap_km2").asDouble(), 1e-6);
        assertEquals(List.of("AD", "BE", "CH"), isos(list.get(1)));
        assertEquals(1, list.get(1).get("tiles").asLong());
        assertEquals(0.5 * area[6] / 1e6, list.get(1).get("overlap_km2").asDouble(), 1e-6);
    }

    private static List<String> isos(JsonNode e) {
        List<String> l = new ArrayList<>();
        e.get("countries").forEach(x -> l.add(x.asText()));
        return l;
    }

    @Test
    void theOsmBorderFilesOverlapsAreListed() throws Exception {
        Path out = tmp.resolve("osm");
        CliRun b = CliRun.run("build", "--countries", BundledData.dir().resolve("countries_land_10km_geomaps.geojson").toString(),
                "--iso", BundledData.iso().toString(), "--grid", BundledData.worldPop().toString(), "--out", out.toString(),
                "--iso-column", "A3", "--repair-geometry", "--only", "LS,ZA,MA,EH,BW", "--predicate", "any_overlap",
                "--coverage-fraction", "--quiet", "--no-cache");
        assertEquals(0, b.exit(), b.stderr());
        JsonNode list = report(out, b.json()).get("coverage_overlaps").get("overlaps");
        List<String> pairs = new ArrayList<>();
        list.forEach(e -> pairs.add(String.join("/", isos(e))));
        assertTrue(pairs.contains("LS/ZA") && pairs.contains("EH/MA"), pairs.toString());
        String html = Files.readString(out.resolve("reports/layer1/1B/tile_index/parameter_hash="
                + b.json().get("parameter_hash").asText() + "/report.html"));
        assertTrue(html.contains("<h2>Overlapping countries</h2>") && html.contains(">EH · MA</td>")
                && html.contains("<th class=\"num\">covered km²</th>"), "report.html lists the overlaps and covered areas");
        for (JsonNode e : list) {
            if (isos(e).equals(List.of("LS", "ZA"))) {
                assertTrue(e.get("overlap_km2").asDouble() > 29_000, "Lesotho lies wholly in this South Africa: " + e);
            }
        }
    }
}
