package io.tileindex.cli.report;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryCells;

import java.io.IOException;
import java.util.List;

/**
 * Paints the included tiles and the country borders into an equirectangular PNG.
 *
 * <p>Cheap by construction: a country's tiles are already runs {@code (row, colStart, colEnd)}, so each
 * run is one horizontal rectangle in image space; its area coverage is accumulated per pixel (a 1 km
 * grid is ~18 cells per pixel at 2400 px, so coasts come out anti-aliased instead of blocky) and
 * blended over the background once. Borders are the countries' rings, thinned to one vertex per
 * half pixel, stroked in one {@code draw} call. No fonts are touched: text lives in the HTML.
 * Tiles are drawn where they are written: a grid overhanging ±180 or running 0..360 has columns that
 * SPEC §2 shifts by ±360°, and a run is split where the shift changes. A fine grid's country may come
 * with every k-th row only ({@link Tiles}): the map has far fewer pixel rows than such a grid has rows.
 */
public final class MapRenderer {
    static final int OCEAN = 0xdfe8f0, GRATICULE = 0xcfdbe6, FRAME = 0x7a8fa6, BORDER = 0x263240;
    static final float BORDER_ALPHA = 0.8f, CONTEXT_WEIGHT = 0.3f;

    /** The lon/lat window shown, and its size in pixels (same scale on both axes). */
    public record View(double west, double east, double south, double north, int width, int height) {
        double pxPerDeg() { return width / (east - west); }
        boolean world() { return west <= -180 && east >= 180; }
    }

    /**
     * A country's tiles as drawn: runs of every row ({@code rowStride} 1), or of every k-th row only, each
     * then standing for the k rows from it down (a fine grid's country that the scan did not keep whole).
     */
    public record Tiles(String iso, CellRuns runs, int rowStride) {
        public static Tiles of(CountryCells c) { return new Tiles(c.iso(), c.runs(), 1); }
    }

    public record Rendered(byte[] png, View view, long runs, double tilesSeconds, double bordersSeconds,
                           double encodeSeconds) {
        public double seconds() { return tilesSeconds + bordersSeconds + encodeSeconds; }
    }

    private MapRenderer() {}

    /**
     * The whole world, unless the included tiles fit a much smaller window (a subset run): then that
     * window, padded, at the same width, so three small countries are not three dots.
     */
    public static View chooseView(Grid grid, List<Tiles> cells, int width) {
        long minRow = Long.MAX_VALUE, maxRow = -1;
        double west = Double.POSITIVE_INFINITY, east = Double.NEGATIVE_INFINITY;
        List<Grid.ColumnRange> ranges = grid.columnRanges();
        for (Tiles c : cells) {
            CellRuns r = c.runs();
            if (r.size() == 0) {
                continue;
            }
            minRow = Math.min(minRow, r.row(0));
            maxRow = Math.max(maxRow, Math.min(grid.nrows() - 1L, r.row(r.size() - 1) + c.rowStride() - 1L));
            for (int i = 0; i < r.size(); i++) {
                for (Grid.ColumnRange cr : ranges) {
                    int a = Math.max(r.start(i), cr.start()), b = Math.min(r.end(i), cr.end());
                    if (a < b) {
                        west = Math.min(west, grid.colEdgeLon(a) + cr.shift());
                        east = Math.max(east, grid.colEdgeLon(b) + cr.shift());
                    }
                }
            }
        }
        View world = new View(-180, 180, -90, 90, width, width / 2);
        if (maxRow < 0) {
            return world;
        }
        double north = grid.rowEdgeLat(minRow), south = grid.rowEdgeLat(maxRow + 1);
        double lonSpan = east - west, latSpan = north - south;
        double pad = Math.max(0.5, 0.08 * Math.max(lonSpan, latSpan));
        lonSpan += 2 * pad;
        latSpan += 2 * pad;
        // at most 2:3 tall-to-wide (a tall map is unreadable in a page), at least 1:3
        lonSpan = Math.max(lonSpan, latSpan * 1.5);
        latSpan = Math.max(latSpan, lonSpan / 3.0);
        if (lonSpan > 240 || latSpan > 160) {
            return world; // zooming would gain less than 1.5x
        }
        double cx = (west + east) / 2, cy = (north + south) / 2;
        double w = clamp(cx - lonSpan / 2, -180, 180 - lonSpan);
        double s = clamp(cy - latSpan / 2, -90, 90 - latSpan);
        int height = (int) Math.round(width * latSpan / lonSpan);
        return new View(w, w + lonSpan, s, s + latSpan, width, height);
    }

    /**
     * @param shapes  the run's countries: their borders are drawn dark
     * @param context every country of the input (may be {@code shapes}): the others' borders are drawn faint,
     *                so a subset run still shows where it is
     */
    public static Rendered render(Grid grid, List<Tiles> cells, List<CountryShape> shapes, List<CountryShape> context,
                                  View v) throws IOException {
        long t0 = System.nanoTime();
        int w = v.width(), h = v.height();
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, OCEAN);
        graticule(px, v);

        // ---- tiles: per-pixel covered fraction and the colour of the last country touching it
        float[] cover = new float[w * h];
        int[] colour = new int[w * h];
        double k = v.pxPerDeg();
        double x0Grid = (grid.colEdgeLon(0) - v.west()) * k, dx = grid.gt1() * k;
        List<Grid.ColumnRange> ranges = grid.columnRanges();
        long runs = 0;
        for (Tiles c : cells) {
            CellRuns r = c.runs();
            if (r.size() == 0) {
                continue;
            }
            int rgb = CountryColors.rgb(c.iso());
            for (int i = 0; i < r.size(); i++) {
                int row = r.row(i);
                long below = Math.min(grid.nrows(), (long) row + c.rowStride());
                double ya = (v.north() - grid.rowEdgeLat(row)) * k, yb = (v.north() - grid.rowEdgeLat(below)) * k;
                for (Grid.ColumnRange cr : ranges) {
                    int a = Math.max(r.start(i), cr.start()), b = Math.min(r.end(i), cr.end());
                    if (a < b) {
                        double x0 = x0Grid + cr.shift() * k;
                        paint(cover, colour, w, h, x0 + a * dx, x0 + b * dx, ya, yb, rgb);
                    }
                }
            }
            runs += r.size();
        }
        for (int i = 0; i < px.length; i++) {
            float a = cover[i];
            if (a > 0) {
                px[i] = blend(px[i], colour[i], Math.min(1f, a));
            }
        }
        long t1 = System.nanoTime();

        // ---- borders (max-combined, so a border drawn by both neighbours is not darker than a coast) and the grid frame
        float[] ink = cover;
        java.util.Arrays.fill(ink, 0f);
        if (context != null && context != shapes) {
            java.util.Set<String> drawn = new java.util.HashSet<>();
            shapes.forEach(c -> drawn.add(c.iso()));
            borders(ink, context.stream().filter(c -> !drawn.contains(c.iso())).toList(), v, CONTEXT_WEIGHT);
        }
        borders(ink, shapes, v, 1f);
        for (int i = 0; i < px.length; i++) {
            if (ink[i] > 0) {
                px[i] = blend(px[i], BORDER, ink[i] * BORDER_ALPHA);
            }
        }
        frame(px, v, grid);
        long t2 = System.nanoTime();

        byte[] png = Png.encode(px, w, h);
        long t3 = System.nanoTime();
        return new Rendered(png, v, runs, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    /** Adds the area of rectangle [xa,xb) x [ya,yb) (pixel units) to every pixel it overlaps. */
    static void paint(float[] cover, int[] colour, int w, int h, double xa, double xb, double ya, double yb, int rgb) {
        if (xb <= 0 || xa >= w || yb <= 0 || ya >= h) {
            return;
        }
        xa = Math.max(0, xa);
        xb = Math.min(w, xb);
        ya = Math.max(0, ya);
        yb = Math.min(h, yb);
        int py0 = (int) ya, py1 = Math.min(h - 1, (int) Math.ceil(yb) - 1);
        int px0 = (int) xa, px1 = Math.min(w - 1, (int) Math.ceil(xb) - 1);
        for (int py = py0; py <= py1; py++) {
            float wy = (float) (Math.min(yb, py + 1) - Math.max(ya, py));
            int base = py * w;
            if (px0 == px1) {
                cover[base + px0] += (float) (xb - xa) * wy;
                colour[base + px0] = rgb;
                continue;
            }
            cover[base + px0] += (float) (px0 + 1 - xa) * wy;
            colour[base + px0] = rgb;
            for (int x = px0 + 1; x < px1; x++) {
                cover[base + x] += wy;
                colour[base + x] = rgb;
            }
            cover[base + px1] += (float) (xb - px1) * wy;
            colour[base + px1] = rgb;
        }
    }

    static int blend(int under, int over, float a) {
        int r = Math.round(((under >> 16) & 0xff) * (1 - a) + ((over >> 16) & 0xff) * a);
        int gg = Math.round(((under >> 8) & 0xff) * (1 - a) + ((over >> 8) & 0xff) * a);
        int b = Math.round((under & 0xff) * (1 - a) + (over & 0xff) * a);
        return r << 16 | gg << 8 | b;
    }

    /** Every ring of every country in view; vertices closer than half a pixel to the last kept one are skipped. */
    static void borders(float[] ink, List<CountryShape> shapes, View v, float weight) {
        for (CountryShape c : shapes) {
            for (PolygonShape p : c.polygons()) {
                if (p.maxX() < v.west() || p.minX() > v.east() || p.maxY() < v.south() || p.minY() > v.north()) {
                    continue;
                }
                ring(ink, p.shell(), v, weight);
                for (Ring hole : p.holes()) {
                    ring(ink, hole, v, weight);
                }
            }
        }
    }

    private static void ring(float[] ink, Ring r, View v, float weight) {
        double k = v.pxPerDeg(), minLen = 0.5;
        if ((r.maxX() - r.minX()) * k < minLen && (r.maxY() - r.minY()) * k < minLen) {
            return; // smaller than a pixel: its tiles, if any, already show it
        }
        int n = r.size();
        double lastX = (r.x(0) - v.west()) * k, lastY = (v.north() - r.y(0)) * k, lastLon = r.x(0);
        for (int i = 1; i <= n; i++) {
            int j = i % n;
            double lon = r.x(j);
            double x = (lon - v.west()) * k, y = (v.north() - r.y(j)) * k;
            if (Math.abs(lon - lastLon) > 180) {
                lastX = x; // a raw ring jumping across ±180: never a line around the world
                lastY = y;
            } else {
                double ddx = x - lastX, ddy = y - lastY;
                if (ddx * ddx + ddy * ddy >= minLen * minLen || i == n) {
                    line(ink, v.width(), v.height(), lastX, lastY, x, y, weight);
                    lastX = x;
                    lastY = y;
                }
            }
            lastLon = lon;
        }
    }

    /** Xiaolin Wu's anti-aliased line: two pixels per step along the major axis, weighted by distance. */
    static void line(float[] ink, int w, int h, double x0, double y0, double x1, double y1, float weight) {
        boolean steep = Math.abs(y1 - y0) > Math.abs(x1 - x0);
        if (steep) {
            double t = x0; x0 = y0; y0 = t;
            t = x1; x1 = y1; y1 = t;
        }
        if (x0 > x1) {
            double t = x0; x0 = x1; x1 = t;
            t = y0; y0 = y1; y1 = t;
        }
        double grad = x1 - x0 < 1e-12 ? 0 : (y1 - y0) / (x1 - x0);
        int xs = (int) Math.round(x0), xe = (int) Math.round(x1);
        double y = y0 + grad * (xs - x0);
        for (int x = xs; x <= xe; x++, y += grad) {
            int yi = (int) Math.floor(y);
            float f = (float) (y - yi);
            plot(ink, w, h, steep, x, yi, (1 - f) * weight);
            plot(ink, w, h, steep, x, yi + 1, f * weight);
        }
    }

    private static void plot(float[] ink, int w, int h, boolean steep, int a, int b, float v) {
        int x = steep ? b : a, y = steep ? a : b;
        if (x >= 0 && x < w && y >= 0 && y < h) {
            int i = y * w + x;
            if (v > ink[i]) {
                ink[i] = v;
            }
        }
    }

    private static void graticule(int[] px, View v) {
        double span = v.east() - v.west();
        double step = span > 200 ? 30 : span > 80 ? 10 : span > 30 ? 5 : span > 12 ? 2 : 1;
        double k = v.pxPerDeg();
        int w = v.width(), h = v.height();
        for (double lon = Math.ceil(v.west() / step) * step; lon <= v.east(); lon += step) {
            int x = (int) Math.round((lon - v.west()) * k);
            for (int y = 0; y < h && x >= 0 && x < w; y++) {
                px[y * w + x] = GRATICULE;
            }
        }
        for (double lat = Math.ceil(v.south() / step) * step; lat <= v.north(); lat += step) {
            int y = (int) Math.round((v.north() - lat) * k);
            if (y >= 0 && y < h) {
                java.util.Arrays.fill(px, y * w, y * w + w, GRATICULE);
            }
        }
    }

    /** The grid's extent as written (after the SPEC §2 shift), dashed: where tiles can exist at all (WorldPop stops at 56°S and 84°N). */
    private static void frame(int[] px, View v, Grid grid) {
        double k = v.pxPerDeg();
        int w = v.width(), h = v.height();
        int x0 = (int) Math.round((grid.shiftedWestLon() - v.west()) * k);
        int x1 = (int) Math.round((grid.shiftedEastLon() - v.west()) * k) - 1;
        int y0 = (int) Math.round((v.north() - grid.northLat()) * k), y1 = (int) Math.round((v.north() - grid.southLat()) * k) - 1;
        for (int x = Math.max(0, x0); x <= Math.min(w - 1, x1); x++) {
            if (x % 10 < 6) {
                dash(px, w, h, x, y0);
                dash(px, w, h, x, y1);
            }
        }
        for (int y = Math.max(0, y0); y <= Math.min(h - 1, y1); y++) {
            if (y % 10 < 6) {
                dash(px, w, h, x0, y);
                dash(px, w, h, x1, y);
            }
        }
    }

    private static void dash(int[] px, int w, int h, int x, int y) {
        if (x >= 0 && x < w && y >= 0 && y < h) {
            px[y * w + x] = FRAME;
        }
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
}
