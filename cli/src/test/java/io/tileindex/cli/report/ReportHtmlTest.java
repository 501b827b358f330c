package io.tileindex.cli.report;

import io.tileindex.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.html of a real build: self-contained, the map, the table's numbers, the checks. */
class ReportHtmlTest {
    @TempDir
    static Path tmp;
    static HtmlReportFixture run;
    static String html;

    @BeforeAll
    static void build() throws Exception {
        run = HtmlReportFixture.build(tmp.resolve("out"));
        html = Files.readString(run.html());
    }

    /** The reports stay under 1 MB whatever the grid; the whole world's map is report.html's largest part. */
    @Test
    void theWholeWorldsReportsStayUnderOneMegabyte(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.build(dir.resolve("out"));
        assertEquals(0, r.exit(), r.stderr());
        Path reports = Path.of(r.json().get("reports_partition").asText());
        for (String f : List.of(HtmlReport.FILE, "run_report.json")) {
            assertTrue(Files.size(reports.resolve(f)) < 1_000_000, f + " is " + Files.size(reports.resolve(f)) + " bytes");
        }
    }

    @Test
    void isSelfContainedAndOpensOffline() {
        // every src/href is inline data or an in-page anchor: nothing is fetched, from the network or the disk
        Matcher m = Pattern.compile("(?i)\\b(?:src|href)\\s*=\\s*[\"']?([^\"'\\s>]*)").matcher(html);
        int refs = 0;
        while (m.find()) {
            refs++;
            String ref = m.group(1);
            assertTrue(ref.startsWith("data:") || ref.startsWith("#"), "external reference: " + ref);
        }
        assertTrue(refs >= 1, "the map is an <img>");
        assertFalse(html.matches("(?s).*<link\\b.*"), "no linked stylesheets");
        assertFalse(html.matches("(?s).*@import.*"), "no CSS imports");
        assertFalse(html.matches("(?s).*url\\(.*"), "no CSS url()");
        assertTrue(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"),
                "a CSP that forbids fetching anything, so an accidental reference fails loudly in a browser");
        assertTrue(html.contains("<style>") && html.contains("<script>") && html.contains("<svg"));
    }

    @Test
    void mapIsAPngAtLeast2000PxWideShowingEveryCountryColour() throws Exception {
        BufferedImage img = map(html);
        assertTrue(img.getWidth() >= 2000, "width " + img.getWidth());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                colours.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        // countries with interior pixels show their exact colour (San Marino is ~3 px: blended with its border)
        for (String iso : List.of("IT", "LS", "ZA")) {
            assertTrue(colours.contains(CountryColors.rgb(iso)), "tiles of " + iso + " painted in its colour");
        }
        assertTrue(colours.contains(MapRenderer.OCEAN), "background");
    }

    @Test
    void tableHasEveryCountryWithTilesAreaAndExclusions() throws Exception {
        Path idx = Path.of(run.summary().get("tile_index_partition").asText()).resolve("*.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT country_iso, count(*), sum(pixel_area_m2) / 1e6 FROM read_parquet('"
                     + idx + "') GROUP BY ALL ORDER BY 1")) {
            int n = 0;
            while (rs.next()) {
                n++;
                List<String> cells = row(html, rs.getString(1));
                assertEquals(rs.getLong(2), Long.parseLong(cells.get(1)), "tiles of " + rs.getString(1));
                assertEquals(rs.getDouble(3), Double.parseDouble(cells.get(2)), 1e-6 * rs.getDouble(3),
                        "area km² of " + rs.getString(1) + " = DuckDB's sum of pixel_area_m2");
            }
            assertEquals(4, n);
        }
        // SM and VA are holes in IT; LS is a hole in ZA
        assertTrue(Double.parseDouble(row(html, "IT").get(5)) > 0, "IT: cells excluded by holes");
        assertTrue(Double.parseDouble(row(html, "ZA").get(5)) > 0, "ZA: cells excluded by the Lesotho hole");
        assertTrue(Double.parseDouble(row(html, "ZA").get(4)) > 0, "ZA: cells excluded outside");
        assertTrue(Double.parseDouble(row(html, "ZA").get(9)) > 0, "ZA: time spent");
        assertTrue(html.contains("class=\"grid sortable\""), "sortable by clicking a header");
    }

    @Test
    void receiptAndEveryEnvelopeBoundAreMarked() {
        String receipt = html.substring(html.indexOf("<h2>Determinism receipt</h2>"), html.indexOf("<h2>Envelope"));
        assertTrue(receipt.contains(run.summary().get("determinism_receipt").get("sha256_hex").asText()));
        assertTrue(receipt.contains("badge pass") && receipt.contains("identical to the receipt streamed"), receipt);
        String env = html.substring(html.indexOf("<h2>Envelope"), html.indexOf("<h2>Workers over time"));
        for (String k : List.of("rss_le_1gib", "open_files_le_256", "vector_reads_le_1_25x", "raster_reads_le_1_25x",
                "temp_disk_le_2gib", "worker_idle_imbalance_le_10pct")) {
            Matcher m = Pattern.compile(Pattern.quote(k) + "</span></td>.*?class=\"badge (pass|fail)\"").matcher(env);
            assertTrue(m.find(), "envelope bound " + k + " marked pass or fail");
        }
    }

    @Test
    void timelineHasALaneAndUnitsForEveryWorkerAndTheThroughputCurve() {
        int workers = Runtime.getRuntime().availableProcessors();
        for (int w = 0; w < workers; w++) {
            assertTrue(html.contains(">worker " + w + "<"), "lane of worker " + w);
        }
        assertTrue(html.contains("<title>scan ZA"), "scan unit of ZA");
        assertTrue(html.contains("<title>encode ZA"), "encode unit of ZA");
        assertTrue(html.contains("fill-opacity=\"0.18\""), "throughput area");
    }

    @Test
    void aBrokenReceiptIsMarkedFail(@TempDir Path dir) throws Exception {
        Path part = Path.of(run.summary().get("tile_index_partition").asText());
        HtmlReport.ReceiptCheck ok = HtmlReport.checkReceipt(part, run.summary().get("determinism_receipt").get("sha256_hex").asText());
        assertEquals(Boolean.TRUE, ok.pass(), ok.detail());
        HtmlReport.ReceiptCheck bad = HtmlReport.checkReceipt(part, "0".repeat(64));
        assertEquals(Boolean.FALSE, bad.pass());
        assertTrue(bad.detail().startsWith("MISMATCH"), bad.detail());
        assertEquals(Boolean.FALSE, HtmlReport.checkReceipt(dir.resolve("missing"), "x").pass());
    }

    @Test
    void pngEncoderRoundTripsThroughImageIo() throws Exception {
        int w = 37, h = 11;
        int[] px = new int[w * h];
        Random r = new Random(5);
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 7 == 0 ? r.nextInt(1 << 24) : (i > 0 ? px[i - 1] : 0x123456);
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Png.encode(px, w, h)));
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        int[] back = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < back.length; i++) {
            back[i] &= 0xffffff;
        }
        assertArrayEquals(px, back);
    }

    @Test
    void countryColoursAreFixedAndDistinct() {
        assertEquals(CountryColors.rgb("FI"), CountryColors.rgb("FI"));
        assertNotEquals(CountryColors.rgb("FI"), CountryColors.rgb("FJ"));
        Set<Integer> seen = new HashSet<>();
        for (char a = 'A'; a <= 'Z'; a++) {
            for (char b = 'A'; b <= 'Z'; b++) {
                seen.add(CountryColors.rgb("" + a + b));
            }
        }
        assertTrue(seen.size() > 600, "676 codes, " + seen.size() + " colours");
    }

    @Test
    void subsetRunsZoomTheMapAndTheWholeWorldDoesNot() throws Exception {
        String view = html.substring(html.indexOf("Equirectangular, "), html.indexOf(" px. Click"));
        assertTrue(view.contains("lon ") && view.contains("lat "), "a subset is shown zoomed: " + view);
        CliRun r = CliRun.build(tmp.resolve("fj"), "--only", "FJ,KI");
        assertEquals(0, r.exit(), r.stderr());
        String fj = Files.readString(Path.of(r.json().get("reports_partition").asText()).resolve(HtmlReport.FILE));
        assertTrue(fj.contains("Equirectangular, whole world"), "tiles on both sides of ±180: the whole world");
    }

    static BufferedImage map(String html) throws Exception {
        Matcher m = Pattern.compile("<img id=\"map\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        assertTrue(m.find(), "map image");
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
    }

    /** Sort keys (data-v) of the country's table row, in column order. */
    static List<String> row(String html, String iso) {
        int i = html.indexOf("<tr><td data-v=\"" + iso + "\">");
        assertTrue(i >= 0, "row of " + iso);
        String tr = html.substring(i, html.indexOf("</tr>", i));
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("data-v=\"([^\"]*)\"").matcher(tr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
