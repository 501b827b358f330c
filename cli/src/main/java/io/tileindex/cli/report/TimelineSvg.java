package io.tileindex.cli.report;

import io.tileindex.writer.PipelineStats;

import java.util.List;
import java.util.Locale;

/**
 * The run over time as inline SVG: one lane per worker with its tasks (a country's scan, a row group's encoding) and
 * throughput of the ordered writer below on the same time axis. A worker idling while the other
 * works shows as a long empty stretch in its lane; a stalled writer as a dip in the curve.
 */
final class TimelineSvg {
    static final String SCAN = "#8e6cc0", ENCODE = "#3d84c6", CACHE = "#3fae6a";
    private static final int W = 1160, LEFT = 86, RIGHT = 178, LANE = 26, GAP = 8, TOP = 24, CHART = 150;

    private TimelineSvg() {}

    /** The drawing's geometry: time scale and the vertical places of lanes and chart. */
    private record Layout(double end, int workers, int chartTop, int chartBottom, int height, double plotW, double kx) {
        static Layout of(PipelineStats s) {
            double end = 0;
            for (PipelineStats.Span u : s.spans()) {
                end = Math.max(end, u.endSeconds());
            }
            for (double[] p : s.throughput().timeline()) {
                end = Math.max(end, p[0]);
            }
            end = Math.max(end, 1e-3);
            int lanesBottom = TOP + s.workers() * (LANE + GAP);
            int chartTop = lanesBottom + 34, chartBottom = chartTop + CHART;
            double plotW = W - LEFT - RIGHT;
            return new Layout(end, s.workers(), chartTop, chartBottom, chartBottom + 40, plotW, plotW / end);
        }
    }

    static String render(PipelineStats s, double scanSeconds) {
        Layout l = Layout.of(s);
        StringBuilder b = new StringBuilder(64 * s.spans().size() + 4096);
        b.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ')
                .append(l.height()).append("\" role=\"img\" aria-label=\"tasks per worker and throughput over time\">\n");
        timeGrid(b, l);
        lanes(b, l, s);
        for (PipelineStats.Span u : s.spans()) {
            span(b, l, u);
        }
        if (scanSeconds > 0) {
            double x = LEFT + scanSeconds * l.kx();
            b.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>\n",
                    x, TOP - 12, x, l.chartBottom()));
            b.append(text(x + 4, TOP - 12 + 4, "scan done", "start", "mark"));
        }
        throughput(b, l, s, scanSeconds);
        b.append("</svg>\n");
        return b.toString();
    }

    /** The time grid lanes and chart share. */
    private static void timeGrid(StringBuilder b, Layout l) {
        double step = niceStep(l.end(), 8);
        for (double t = 0; t <= l.end() + 1e-9; t += step) {
            double x = LEFT + t * l.kx();
            b.append(line(x, TOP - 6, x, l.chartBottom(), "#e3e8ee", 1));
            b.append(text(x, l.chartBottom() + 16, fmt(t, step) + " s", "middle", "axis"));
        }
        b.append(text(LEFT + l.plotW() / 2, l.chartBottom() + 34, "seconds since the pipeline started", "middle", "axis"));
    }

    private static void lanes(StringBuilder b, Layout l, PipelineStats s) {
        List<Double> idle = s.workerTimes().idleSeconds(), busy = s.workerTimes().busySeconds();
        for (int w = 0; w < l.workers(); w++) {
            int y = TOP + w * (LANE + GAP);
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#f1f3f6\"/>\n",
                    LEFT, y, l.plotW(), LANE));
            b.append(text(LEFT - 8, y + LANE / 2.0 + 4, "worker " + w, "end", "lane"));
            if (w < busy.size() && w < idle.size()) {
                b.append(text(W - RIGHT + 10, y + LANE / 2.0 + 4,
                        String.format(Locale.ROOT, "busy %.2f s · idle %.2f s", busy.get(w), idle.get(w)), "start", "axis"));
            }
        }
    }

    /** One task as a rectangle with a tooltip; appended by hand, since hundreds of String.format calls cost more than the map. */
    private static void span(StringBuilder b, Layout l, PipelineStats.Span u) {
        int y = TOP + u.worker() * (LANE + GAP);
        double x = LEFT + u.startSeconds() * l.kx();
        double wpx = Math.max(0.6, (u.endSeconds() - u.startSeconds()) * l.kx());
        boolean scan = u.stage().equals("scan");
        b.append("<rect x=\"");
        Html.fix(b, x, 2).append("\" y=\"").append(y + (scan ? 0 : 3)).append("\" width=\"");
        Html.fix(b, wpx, 2).append("\" height=\"").append(scan ? LANE : LANE - 6).append("\" fill=\"")
                .append(scan ? SCAN : u.stage().equals("cache") ? CACHE : ENCODE)
                .append("\" stroke=\"#fff\" stroke-width=\"0.4\"><title>")
                .append(Html.esc(u.stage())).append(' ').append(Html.esc(u.iso())).append(" · worker ").append(u.worker())
                .append(" · ");
        Html.fix(b, u.startSeconds(), 3).append('–');
        Html.fix(b, u.endSeconds(), 3).append(" s (");
        Html.fix(b, (u.endSeconds() - u.startSeconds()) * 1e3, 1).append(" ms) · ").append(Html.n(u.rows()))
                .append(" rows</title></rect>\n");
        if (wpx > 26) {
            b.append(text(x + wpx / 2, y + LANE / 2.0 + 4, u.iso(), "middle", "unit"));
        }
    }

    /** Throughput of the ordered writer: each point is the rate over the window ending there, drawn as steps. */
    private static void throughput(StringBuilder b, Layout l, PipelineStats s, double scanSeconds) {
        List<double[]> tp = s.throughput().timeline();
        double max = 0;
        for (double[] p : tp) {
            max = Math.max(max, p[1]);
        }
        double ystep = niceStep(Math.max(max, 1), 4);
        double ymax = Math.max(ystep, Math.ceil(max / ystep) * ystep);
        double ky = CHART / ymax;
        for (double v = 0; v <= ymax + 1e-9; v += ystep) {
            double y = l.chartBottom() - v * ky;
            b.append(line(LEFT, y, LEFT + l.plotW(), y, "#e3e8ee", 1));
            b.append(text(LEFT - 8, y + 4, fmtRate(v), "end", "axis"));
        }
        b.append(text(LEFT - 8, l.chartTop() - 12, "tiles/s", "end", "axis"));
        if (!tp.isEmpty()) {
            // the writer's first window opens when it starts, right after the scan and the plan
            steps(b, l, tp, ky, Math.min(scanSeconds, tp.get(0)[0]));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"none\" stroke=\"#b8c2cc\"/>\n",
                LEFT, l.chartTop(), l.plotW(), CHART));
        b.append(text(W - RIGHT + 10, l.chartTop() + 14, "ordered writer", "start", "lane"));
        b.append(text(W - RIGHT + 10, l.chartTop() + 30, "peak " + fmtRate(s.throughput().peakTilesPerSecond()) + "/s", "start", "axis"));
    }

    private static void steps(StringBuilder b, Layout l, List<double[]> tp, double ky, double first) {
        int bottom = l.chartBottom();
        double kx = l.kx();
        StringBuilder d = new StringBuilder();
        double prevT = first;
        d.append(String.format(Locale.ROOT, "M%.1f %d", LEFT + prevT * kx, bottom));
        for (double[] p : tp) {
            double y = bottom - p[1] * ky;
            d.append(String.format(Locale.ROOT, " L%.1f %.1f L%.1f %.1f", LEFT + prevT * kx, y, LEFT + p[0] * kx, y));
            prevT = p[0];
        }
        d.append(String.format(Locale.ROOT, " L%.1f %d Z", LEFT + prevT * kx, bottom));
        b.append("<path d=\"").append(d).append("\" fill=\"#3d84c6\" fill-opacity=\"0.18\" stroke=\"#3d84c6\" stroke-width=\"1.5\"/>\n");
        prevT = first;
        for (double[] p : tp) {
            double cy = bottom - p[1] * ky;
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"transparent\">"
                            + "<title>%.2f–%.2f s: %s tiles/s</title></rect>\n",
                    LEFT + prevT * kx, cy, Math.max(1, (p[0] - prevT) * kx), bottom - cy, prevT, p[0],
                    String.format(Locale.ROOT, "%,d", Math.round(p[1]))));
            prevT = p[0];
        }
    }

    private static String line(double x1, double y1, double x2, double y2, String stroke, double width) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>\n",
                x1, y1, x2, y2, stroke, width);
    }

    private static String text(double x, double y, String s, String anchor, String cls) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">%s</text>\n",
                x, y, anchor, cls, Html.esc(s));
    }

    /** 1, 2 or 5 times a power of ten, giving at most about {@code ticks} intervals over {@code span}. */
    static double niceStep(double span, int ticks) {
        double raw = span / ticks;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }

    private static String fmt(double t, double step) {
        return step >= 1 ? String.format(Locale.ROOT, "%.0f", t) : step >= 0.1 ? String.format(Locale.ROOT, "%.1f", t)
                : String.format(Locale.ROOT, "%.2f", t);
    }

    static String fmtRate(double v) {
        if (v >= 1e6) {
            return trim(v / 1e6) + " M";
        }
        if (v >= 1e3) {
            return trim(v / 1e3) + " k";
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String trim(double v) {
        return v >= 10 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
