package io.tileindex.cli.report;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.writer.PipelineStats;
import io.tileindex.writer.ScannedCountry;
import io.tileindex.writer.TileIndexPipeline;
import io.tileindex.writer.publish.DeterminismReceipt;
import io.tileindex.writer.publish.PartitionPublisher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page beside {@code run_report.json} (inline CSS, JS and SVG,
 * the map as a {@code data:} PNG), so it opens from disk, offline, years later. It shows the map of
 * included tiles, the per-country table, the worker timeline, and the receipt and envelope checks.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    static final int MAP_WIDTH = 2000; // the widest that keeps report.html under 1 MB with the world map in it
    /** Re-hashing the published partition for the receipt check is skipped above this (it is ~1 GB/s). */
    static final long RECEIPT_RECHECK_LIMIT = 4L << 30;

    /**
     * What the page is made of.
     *
     * @param shapes             the run's countries (after {@code --only})
     * @param allShapes          every country of the input file, for faint context borders on subset maps
     * @param runReport          the {@code run_report.json} object, as written
     * @param tileIndexPartition the {@code tile_index} files the receipt is checked against (staged: the
     *        evidence is complete before anything is published)
     * @param map                the map, from {@link #renderMap} (started as soon as the scan is done)
     */
    public record Inputs(Grid grid, List<CountryShape> shapes, List<CountryShape> allShapes,
                         TileIndexPipeline.Result result, Map<String, Object> runReport, Path tileIndexPartition,
                         java.util.concurrent.CompletableFuture<MapRenderer.Rendered> map) {}

    /** Where the page went and what it cost. */
    public record Written(Path file, long bytes, double seconds, double cpuSeconds, MapRenderer.Rendered map,
                          ReceiptCheck receipt) {}

    /** The receipt recomputed from the bytes on disk (SPEC §6 rule) and compared with the one streamed while writing. */
    public record ReceiptCheck(Boolean pass, String detail, int files, long bytes, double seconds, double cpuSeconds) {}

    private HtmlReport() {}

    /**
     * Draws the map on a thread of its own. It needs only the scanned cells, so the CLI starts it when
     * the scan ends and it is drawn while the pipeline encodes and writes, not after publishing.
     */
    public static java.util.concurrent.CompletableFuture<MapRenderer.Rendered> renderMap(Grid grid, List<MapRenderer.Tiles> cells,
                                                                                          List<CountryShape> shapes,
                                                                                          List<CountryShape> allShapes) {
        java.util.concurrent.CompletableFuture<MapRenderer.Rendered> f = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().name("tileindex-map").daemon().start(() -> {
            try {
                MapRenderer.View view = MapRenderer.chooseView(grid, cells, MAP_WIDTH);
                f.complete(MapRenderer.render(grid, cells, shapes, allShapes.size() == shapes.size() ? shapes : allShapes, view));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    public static Written write(Path dir, Inputs in, io.tileindex.writer.publish.FaultInjector faults) throws IOException {
        long t0 = System.nanoTime(), c0 = cpu();
        TileIndexPipeline.Result r = in.result();
        // the re-hash (I/O and SHA-256) runs beside the page assembly; the map was drawn during the write
        ReceiptCheck[] receipt = new ReceiptCheck[1];
        Thread check = Thread.ofPlatform().name("tileindex-receipt-check").start(
                () -> receipt[0] = checkReceipt(in.tileIndexPartition(), r.tileIndexReceipt()));
        MapRenderer.Rendered map;
        try {
            map = in.map().join();
            check.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking the receipt", e);
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("map rendering failed: " + e.getCause(), e.getCause());
        }
        String html = page(in, map, receipt[0], t0);
        Path file = dir.resolve(FILE);
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        faults.beforeWrite(file);
        Files.write(file, bytes);
        return new Written(file, bytes.length, (System.nanoTime() - t0) / 1e9, (cpu() - c0) / 1e9 + receipt[0].cpuSeconds(),
                map, receipt[0]);
    }

    /** This thread's CPU time: on a shared machine wall time says more about the neighbours than about us. */
    private static long cpu() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static ReceiptCheck checkReceipt(Path partition, String expected) {
        long t0 = System.nanoTime(), c0 = cpu();
        Boolean pass;
        String detail;
        int count = 0;
        long bytes = 0;
        try {
            if (partition == null || !Files.isDirectory(partition)) {
                pass = false;
                detail = "partition " + partition + " not found";
            } else {
                List<String> files = PartitionPublisher.relativeFiles(partition);
                count = files.size();
                for (String f : files) {
                    bytes += Files.size(partition.resolve(f));
                }
                if (bytes > RECEIPT_RECHECK_LIMIT) {
                    pass = null;
                    detail = "not re-hashed: " + Html.bytes(bytes) + " exceeds the " + Html.bytes(RECEIPT_RECHECK_LIMIT)
                            + " re-check limit; run the validator";
                } else {
                    String actual = DeterminismReceipt.of(partition);
                    pass = actual.equals(expected);
                    detail = pass ? "recomputed from the " + count + " files written (" + Html.bytes(bytes)
                            + "), which are renamed into place unchanged: identical to the receipt streamed while writing"
                            : "MISMATCH: the files written hash to " + actual;
                }
            }
        } catch (IOException | RuntimeException e) {
            pass = false;
            detail = "cannot recompute: " + e;
        }
        return new ReceiptCheck(pass, detail, count, bytes, (System.nanoTime() - t0) / 1e9, (cpu() - c0) / 1e9);
    }

    // ------------------------------------------------------------------ page

    private static String page(Inputs in, MapRenderer.Rendered map, ReceiptCheck receipt, long t0) {
        Map<String, Object> rep = in.runReport();
        Map<String, Object> pat = obj(rep.get("pat"));
        TileIndexPipeline.Result r = in.result();
        PipelineStats st = r.stats();
        String hash = str(rep.get("parameter_hash"));
        StringBuilder b = new StringBuilder(map.png().length * 4 / 3 + 200_000);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                // nothing may be fetched: the page is evidence and must open offline, from disk
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                        + "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>tileindex report · ").append(Html.esc(hash.length() > 12 ? hash.substring(0, 12) : hash))
                .append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");

        header(b, in, receipt);
        mapSection(b, map, r);
        evidenceChecks(b, rep, r, receipt);
        timelineSection(b, st, pat);
        countryTable(b, in);
        footer(b, rep, map, receipt, t0);
        b.append("</main>\n<script>").append(JS).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void header(StringBuilder b, Inputs in, ReceiptCheck receipt) {
        Map<String, Object> rep = in.runReport();
        Map<String, Object> pat = obj(rep.get("pat"));
        TileIndexPipeline.Result r = in.result();
        String hash = str(rep.get("parameter_hash"));
        boolean allPass = receipt.pass() != Boolean.FALSE && envelopePass(rep);
        b.append("<header><h1>tileindex run report</h1>")
                .append(badge(allPass ? Boolean.TRUE : Boolean.FALSE, allPass ? "all checks pass" : "a check failed"))
                .append("<p class=\"sub\">parameter_hash <code>").append(Html.esc(hash)).append("</code> · predicate <b>")
                .append(Html.esc(rep.get("predicate"))).append("</b> · tool ").append(Html.esc(rep.get("tool_version")))
                .append("</p></header>\n<main>\n");
        b.append("<section class=\"cards\">");
        card(b, Html.n(r.rowsEmitted()), "tiles written");
        card(b, Html.n(r.countries().size()), "countries");
        card(b, Html.seconds(num(pat.get("wall_clock_seconds_total"))), "wall clock");
        card(b, Html.seconds(num(pat.get("cpu_seconds_total"))), "CPU");
        card(b, TimelineSvg.fmtRate(num(pat.get("tiles_per_second_mean"))) + "/s", "tiles/s (mean)");
        card(b, Html.n(r.stats().workers()), "workers");
        card(b, Html.bytes(r.bytesWritten()), "written, " + r.filesWritten() + " files");
        Map<String, Object> dims = obj(rep.get("grid_dims"));
        card(b, Html.esc(dims.get("nrows")) + " × " + Html.esc(dims.get("ncols")), "grid rows × cols");
        b.append("</section>\n");
    }

    private static void mapSection(StringBuilder b, MapRenderer.Rendered map, TileIndexPipeline.Result r) {
        MapRenderer.View v = map.view();
        b.append("<section><h2>Included tiles</h2><p class=\"note\">Each country's tiles in its own colour, ")
                .append("borders of the run's countries dark grey, of others faint, the grid's extent dashed. Equirectangular, ")
                .append(v.world() ? "whole world" : String.format(java.util.Locale.ROOT,
                        "lon %.1f…%.1f, lat %.1f…%.1f", v.west(), v.east(), v.south(), v.north()))
                .append(", ").append(v.width()).append(" × ").append(v.height())
                .append(" px. Click to toggle full resolution.</p>\n<div class=\"map\" id=\"mapwrap\"><img id=\"map\" alt=\"map of included tiles\" width=\"")
                .append(v.width()).append("\" height=\"").append(v.height()).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(map.png())).append("\"></div>\n");
        legend(b, r.countries().stream().map(ScannedCountry::cells).toList());
        b.append("</section>\n");
    }

    private static void evidenceChecks(StringBuilder b, Map<String, Object> rep, TileIndexPipeline.Result r, ReceiptCheck receipt) {
        b.append("<section class=\"two\"><div><h2>Determinism receipt</h2>")
                .append("<table class=\"kv\"><tr><th>partition</th><td><code>")
                .append(Html.esc(obj(rep.get("determinism_receipt")).get("partition_path"))).append("</code></td></tr>")
                .append("<tr><th>sha256</th><td><code>").append(Html.esc(r.tileIndexReceipt())).append("</code></td></tr>")
                .append("<tr><th>tile_bounds sha256</th><td><code>").append(Html.esc(r.tileBoundsReceipt())).append("</code></td></tr>")
                .append("<tr><th>check</th><td>").append(badge(receipt.pass(), receipt.pass() == null ? "not checked"
                        : receipt.pass() ? "pass" : "fail")).append(' ').append(Html.esc(receipt.detail()))
                .append("</td></tr></table>\n");
        inputs(b, rep);
        b.append("</div><div><h2>Envelope (SPEC §6)</h2>");
        envelope(b, rep);
        b.append("</div></section>\n");
    }

    private static void timelineSection(StringBuilder b, PipelineStats st, Map<String, Object> pat) {
        double imbalance = st.workerTimes().idleImbalance();
        b.append("<section><h2>Workers over time</h2><p class=\"note\">One lane per worker: <span class=\"sw\" style=\"background:")
                .append(TimelineSvg.SCAN).append("\"></span> scanning a country, <span class=\"sw\" style=\"background:")
                .append(TimelineSvg.ENCODE).append("\"></span> encoding one row group (")
                .append(Html.n(st.rowGroupRows())).append(" rows), <span class=\"sw\" style=\"background:")
                .append(TimelineSvg.CACHE).append("\"></span> reading one from the country cache; grey is idle (waiting for its turn in the ordered handoff). ")
                .append("Below, tiles/s written by the ordered writer. Worker idle imbalance: ")
                .append(Html.f(imbalance * 100, 1)).append(" % ").append(badge(imbalance <= 0.10, imbalance <= 0.10 ? "≤ 10 %" : "> 10 %"))
                .append(". Hover for details.</p>\n")
                .append(TimelineSvg.render(st, st.stages().scanWallSeconds()));
        stages(b, pat);
        b.append("</section>\n");
    }

    private static void footer(StringBuilder b, Map<String, Object> rep, MapRenderer.Rendered map, ReceiptCheck receipt, long t0) {
        b.append("<footer>Written by tileindex ").append(Html.esc(rep.get("tool_version")))
                .append(" · map ").append(Html.n(map.runs())).append(" runs: tiles ").append(Html.seconds(map.tilesSeconds()))
                .append(", borders ").append(Html.seconds(map.bordersSeconds())).append(", PNG ")
                .append(Html.seconds(map.encodeSeconds())).append(" (").append(Html.bytes(map.png().length))
                .append(") · receipt re-check ").append(Html.seconds(receipt.seconds()))
                .append(" · page ").append(Html.seconds((System.nanoTime() - t0) / 1e9))
                .append(". Machine-readable: run_report.json, country_summaries.jsonl, determinism_receipt.json.</footer>\n");
    }

    private static void card(StringBuilder b, String value, String label) {
        b.append("<div class=\"card\"><div class=\"v\">").append(value).append("</div><div class=\"l\">")
                .append(Html.esc(label)).append("</div></div>");
    }

    static String badge(Boolean pass, String text) {
        String cls = pass == null ? "na" : pass ? "pass" : "fail";
        return "<span class=\"badge " + cls + "\">" + Html.esc(text) + "</span>";
    }

    private static void legend(StringBuilder b, List<CountryCells> cells) {
        List<CountryCells> top = new ArrayList<>(cells);
        top.removeIf(c -> c.cellsIncluded() == 0);
        top.sort(Comparator.comparingLong(CountryCells::cellsIncluded).reversed().thenComparing(CountryCells::iso));
        b.append("<p class=\"legend\">");
        int n = Math.min(top.size(), 24);
        for (int i = 0; i < n; i++) {
            CountryCells c = top.get(i);
            b.append("<span><i class=\"sw\" style=\"background:").append(CountryColors.css(c.iso())).append("\"></i>")
                    .append(Html.esc(c.iso())).append("</span>");
        }
        if (top.size() > n) {
            b.append("<span class=\"more\">+ ").append(top.size() - n).append(" more (colours in the table)</span>");
        }
        b.append("</p>\n");
    }

    private static void inputs(StringBuilder b, Map<String, Object> rep) {
        b.append("<h3>Inputs</h3><table class=\"kv\">");
        for (Object o : list(rep.get("ingress_versions"))) {
            Map<String, Object> m = obj(o);
            b.append("<tr><th>").append(Html.esc(m.get("name"))).append("</th><td><code title=\"")
                    .append(Html.esc(m.get("sha256"))).append("\">").append(Html.esc(shortHash(str(m.get("sha256")))))
                    .append("</code> ").append(Html.bytes(num(m.get("size_bytes")))).append(" · <span class=\"path\">")
                    .append(Html.esc(m.get("path"))).append("</span></td></tr>");
        }
        b.append("</table>\n");
    }

    private static final Map<String, String> ENVELOPE_LABELS = Map.of(
            "rss_le_1gib", "peak RSS ≤ 1 GiB",
            "open_files_le_256", "open files ≤ 256",
            "vector_reads_le_1_25x", "vector input read ≤ 1.25 × size",
            "raster_reads_le_1_25x", "raster read ≤ 1.25 × size",
            "temp_disk_le_2gib", "temp disk ≤ 2 GiB",
            "worker_idle_imbalance_le_10pct", "worker idle imbalance ≤ 10 %");

    private static boolean envelopePass(Map<String, Object> rep) {
        for (Object o : obj(rep.get("envelope")).values()) {
            if (!Boolean.TRUE.equals(obj(o).get("pass"))) {
                return false;
            }
        }
        return true;
    }

    private static void envelope(StringBuilder b, Map<String, Object> rep) {
        b.append("<table class=\"grid\"><thead><tr><th>bound</th><th class=\"num\">measured</th><th class=\"num\">limit</th><th></th></tr></thead><tbody>");
        for (Map.Entry<String, Object> e : obj(rep.get("envelope")).entrySet()) {
            Map<String, Object> m = obj(e.getValue());
            String k = e.getKey();
            double value = num(m.get("value")), bound = num(m.get("bound"));
            boolean pass = Boolean.TRUE.equals(m.get("pass"));
            b.append("<tr><td>").append(Html.esc(ENVELOPE_LABELS.getOrDefault(k, k))).append(" <span class=\"key\">")
                    .append(Html.esc(k)).append("</span></td><td class=\"num\">").append(envValue(k, value))
                    .append("</td><td class=\"num\">").append(envValue(k, bound)).append("</td><td>")
                    .append(badge(pass, pass ? "pass" : "fail")).append("</td></tr>");
        }
        b.append("</tbody></table>\n");
    }

    private static String envValue(String key, double v) {
        if (key.contains("variance")) {
            return Html.f(v * 100, 1) + " %";
        }
        if (key.contains("rss") || key.contains("reads") || key.contains("disk")) {
            return Html.bytes(v);
        }
        return Html.n(Math.round(v));
    }

    private static void stages(StringBuilder b, Map<String, Object> pat) {
        Map<String, Object> st = obj(pat.get("stage_seconds"));
        if (st.isEmpty()) {
            return;
        }
        b.append("<details><summary>Stage timings (pat.stage_seconds)</summary><table class=\"grid narrow\"><tbody>");
        st.forEach((k, v) -> b.append("<tr><td><code>").append(Html.esc(k)).append("</code></td><td class=\"num\">")
                .append(Html.f(num(v), 3)).append(" s</td></tr>"));
        b.append("</tbody></table></details>\n");
    }

    private static void countryTable(StringBuilder b, Inputs in) {
        TileIndexPipeline.Result r = in.result();
        Grid grid = in.grid();
        Map<String, double[]> time = new HashMap<>();
        for (PipelineStats.Span u : r.stats().spans()) {
            double[] t = time.computeIfAbsent(u.iso(), k -> new double[2]);
            t[u.stage().equals("scan") ? 0 : 1] += u.endSeconds() - u.startSeconds();
        }
        long rowGroupRows = r.stats().rowGroupRows();
        List<ScannedCountry> cells = new ArrayList<>(r.countries());
        cells.sort(Comparator.comparingLong(ScannedCountry::cellsIncluded).reversed().thenComparing(ScannedCountry::iso));
        b.append("<section><h2>Countries</h2><p class=\"note\">Click a column header to sort. Area is the sum of ")
                .append("<code>pixel_area_m2</code> of the included tiles. Excluded cells lie in the country's bounding ")
                .append("windows but outside it, or inside a hole. Time is the summed worker time of its scan and of its ")
                .append("row-group encodes (or cache reads); <b>cache</b> says the country's row groups came from the ")
                .append("country cache.").append(r.overlaps() == null ? "" : " <b>Covered km²</b> is the sum of coverage_fraction × "
                        + "pixel_area_m2: the country's own part of its tiles.")
                .append("</p>\n<div class=\"scroll\"><table class=\"grid sortable\" id=\"countries\"><thead><tr>")
                .append("<th data-t=\"s\">country</th><th class=\"num\">tiles</th><th class=\"num\">area km²</th>")
                .append(r.overlaps() == null ? "" : "<th class=\"num\">covered km²</th>")
                .append("<th class=\"num\">cells visited</th><th class=\"num\">excl. outside</th><th class=\"num\">excl. hole</th>")
                .append("<th class=\"num\">row groups</th><th class=\"num\">scan ms</th><th class=\"num\">encode ms</th>")
                .append("<th class=\"num\">time ms</th><th data-t=\"s\">cache</th><th data-t=\"s\">notes</th></tr></thead><tbody>\n");
        for (ScannedCountry sc : cells) {
            CountryCells c = sc.cells();
            double area = sc.areaM2() / 1e6;
            double[] t = time.getOrDefault(c.iso(), new double[2]);
            List<String> notes = new ArrayList<>(c.notes());
            if (c.cellsIncluded() == 0) {
                notes.add("no eligible cells on this grid");
            }
            b.append("<tr><td data-v=\"").append(Html.esc(c.iso())).append("\"><i class=\"sw\" style=\"background:")
                    .append(CountryColors.css(c.iso())).append("\"></i>").append(Html.esc(c.iso())).append("</td>");
            numCell(b, Long.toString(c.cellsIncluded()), Html.n(c.cellsIncluded()));
            numCell(b, Double.toString(area), Html.f(area, 1));
            if (r.overlaps() != null) {
                numCell(b, Double.toString(sc.coveredAreaM2() / 1e6), Html.f(sc.coveredAreaM2() / 1e6, 1));
            }
            numCell(b, Long.toString(c.cellsVisited()), Html.n(c.cellsVisited()));
            numCell(b, Long.toString(c.cellsExcludedOutside()), Html.n(c.cellsExcludedOutside()));
            numCell(b, Long.toString(c.cellsExcludedHole()), Html.n(c.cellsExcludedHole()));
            long rowGroups = (c.cellsIncluded() + rowGroupRows - 1) / rowGroupRows; // the plan's cut, not the spans
            numCell(b, Long.toString(rowGroups), Html.n(rowGroups));
            numCell(b, Html.f(t[0] * 1e3, 3).replace(",", ""), Html.f(t[0] * 1e3, 1));
            numCell(b, Html.f(t[1] * 1e3, 3).replace(",", ""), Html.f(t[1] * 1e3, 1));
            numCell(b, Html.f((t[0] + t[1]) * 1e3, 3).replace(",", ""), Html.f((t[0] + t[1]) * 1e3, 1));
            String cache = r.cache() == null ? "" : r.cachedIsos().contains(c.iso()) ? "cached" : "encoded";
            b.append("<td data-v=\"").append(cache).append("\">").append(cache.equals("cached") ? "<b>cached</b>" : cache)
                    .append("</td>");
            b.append("<td class=\"notes\">").append(Html.esc(String.join("; ", notes))).append("</td></tr>\n");
        }
        b.append("</tbody></table></div></section>\n");
        overlaps(b, r.overlaps());
    }

    /** With coverage fractions: the countries whose fractions sum past one cell (their polygons overlap). */
    private static void overlaps(StringBuilder b, io.tileindex.writer.CoverageOverlaps.Result o) {
        if (o == null) {
            return;
        }
        b.append("<section><h2>Overlapping countries</h2><p class=\"note\">").append(Html.n(o.sharedCells()))
                .append(" tiles lie in two or more countries; where their coverage fractions sum past one (+1e-9), their ")
                .append("polygons overlap. km² is Σ (sum − 1) × pixel area over those tiles.</p>\n");
        if (o.overlaps().isEmpty()) {
            b.append("<p>None.</p></section>\n");
            return;
        }
        b.append("<div class=\"scroll\"><table class=\"grid sortable\" id=\"overlaps\"><thead><tr><th data-t=\"s\">countries</th>")
                .append("<th class=\"num\">tiles</th><th class=\"num\">overlap km²</th></tr></thead><tbody>\n");
        for (var x : o.overlaps()) {
            b.append("<tr><td data-v=\"").append(Html.esc(String.join(" ", x.countries()))).append("\">")
                    .append(Html.esc(String.join(" · ", x.countries()))).append("</td>");
            numCell(b, Long.toString(x.tiles()), Html.n(x.tiles()));
            numCell(b, Double.toString(x.km2()), Html.f(x.km2(), 3));
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div></section>\n");
    }

    private static void numCell(StringBuilder b, String sortKey, String shown) {
        b.append("<td class=\"num\" data-v=\"").append(sortKey).append("\">").append(shown).append("</td>");
    }

    private static String shortHash(String h) { return h.length() > 16 ? h.substring(0, 16) + "…" : h; }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) { return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(); }

    private static List<?> list(Object o) { return o instanceof List<?> l ? l : List.of(); }

    private static double num(Object o) { return o instanceof Number n ? n.doubleValue() : Double.NaN; }

    private static String str(Object o) { return o == null ? "" : o.toString(); }

    // ------------------------------------------------------------------ inline assets

    static final String CSS = """
            :root{--fg:#1d2733;--mut:#5b6b7c;--line:#dde3ea;--bg:#f7f9fb;--pass:#1e8e3e;--fail:#c5221f;--na:#8a96a3}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
            header{padding:18px 28px 10px;background:#fff;border-bottom:1px solid var(--line)}
            h1{display:inline;font-size:22px;margin:0 12px 0 0}
            h2{font-size:17px;margin:0 0 6px}
            h3{font-size:14px;margin:14px 0 4px;color:var(--mut)}
            .sub{margin:6px 0 0;color:var(--mut)}
            main{padding:14px 28px 28px;max-width:1700px}
            section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 14px}
            section.cards{display:flex;flex-wrap:wrap;gap:10px;background:none;border:none;padding:0}
            .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:130px}
            .card .v{font-size:20px;font-weight:600}
            .card .l{color:var(--mut);font-size:12px}
            section.two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px}
            @media (max-width:1000px){section.two{grid-template-columns:1fr}}
            .note{color:var(--mut);margin:0 0 10px}
            code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
            .map{overflow:auto;border:1px solid var(--line);border-radius:4px;cursor:zoom-in;max-height:1300px}
            .map img{display:block;width:100%;height:auto}
            .map.full{cursor:zoom-out}.map.full img{width:auto;max-width:none}
            .legend{display:flex;flex-wrap:wrap;gap:4px 12px;margin:8px 0 0;font-size:12px}
            .legend .more{color:var(--mut)}
            .sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px;border:1px solid rgba(0,0,0,.25)}
            table{border-collapse:collapse}
            table.kv th{text-align:left;font-weight:500;color:var(--mut);padding:3px 12px 3px 0;vertical-align:top;white-space:nowrap}
            table.kv td{padding:3px 0}
            .path{color:var(--mut);font-size:12px}
            table.grid{width:100%}
            table.grid.narrow{width:auto}
            table.grid th,table.grid td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left}
            table.grid th{background:#f0f3f7;font-weight:600;white-space:nowrap;position:sticky;top:0}
            table.grid .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            table.grid tbody tr:nth-child(even){background:#fafbfc}
            table.sortable th{cursor:pointer;user-select:none}
            table.sortable th:hover{background:#e4e9ef}
            table.sortable th.asc::after{content:" \\25B2";font-size:10px}
            table.sortable th.desc::after{content:" \\25BC";font-size:10px}
            .scroll{max-height:720px;overflow:auto;border:1px solid var(--line);border-radius:4px}
            td.notes{color:var(--mut);font-size:12px}
            .key{color:var(--na);font-size:11px;font-family:ui-monospace,Menlo,Consolas,monospace}
            .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;vertical-align:1px}
            .badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}.badge.na{background:var(--na)}
            svg.timeline{width:100%;height:auto;display:block;margin:6px 0}
            svg.timeline text{font:11px system-ui,sans-serif;fill:#445566}
            svg.timeline text.lane{font-size:12px;fill:#1d2733}
            svg.timeline text.unit{font-size:10px;fill:#fff;pointer-events:none}
            svg.timeline text.mark{fill:#c0392b}
            details{margin-top:8px}summary{cursor:pointer;color:var(--mut)}
            footer{color:var(--mut);font-size:12px;margin-top:8px}
            """;

    /**
     * Sorting, map zoom, and a load check a headless browser can read: the page marks
     * {@code <html data-report-status>} once every image decoded, and logs to the console only on failure.
     */
    static final String JS = """
            (function () {
              'use strict';
              var root = document.documentElement;
              window.addEventListener('error', function (e) {
                root.dataset.reportStatus = 'error script: ' + e.message;
              });
              document.querySelectorAll('table.sortable').forEach(function (table) {
                var ths = table.tHead.rows[0].cells;
                Array.prototype.forEach.call(ths, function (th, col) {
                  th.addEventListener('click', function () {
                    var asc = !th.classList.contains('asc');
                    Array.prototype.forEach.call(ths, function (h) { h.classList.remove('asc', 'desc'); });
                    th.classList.add(asc ? 'asc' : 'desc');
                    var text = th.dataset.t === 's';
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    rows.sort(function (a, b) {
                      var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
                      if (x === undefined) { x = a.cells[col].textContent; }
                      if (y === undefined) { y = b.cells[col].textContent; }
                      var c = text ? (x < y ? -1 : x > y ? 1 : 0) : (parseFloat(x) - parseFloat(y));
                      return asc ? c : -c;
                    });
                    rows.forEach(function (r) { body.appendChild(r); });
                  });
                });
              });
              var wrap = document.getElementById('mapwrap');
              if (wrap) { wrap.addEventListener('click', function () { wrap.classList.toggle('full'); }); }
              // after 'load' every image has loaded or failed (headless --virtual-time-budget waits for it,
              // unlike for img.decode(), which runs off the clock)
              function check() {
                var imgs = Array.prototype.slice.call(document.images);
                var failed = imgs.filter(function (im) { return !im.complete || im.naturalWidth === 0; })
                                 .map(function (im) { return im.id || im.alt; });
                if (root.dataset.reportStatus && root.dataset.reportStatus.indexOf('error') === 0) { return; }
                if (failed.length) {
                  root.dataset.reportStatus = 'error images: ' + failed.join(',');
                  console.error('report: images failed to load: ' + failed.join(','));
                } else {
                  root.dataset.reportStatus = 'ok images=' + imgs.length;
                }
              }
              if (document.readyState === 'complete') { check(); } else { window.addEventListener('load', check); }
            })();
            """;
}
