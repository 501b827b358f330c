package io.tileindex.bench.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link StackTree} as a self-contained flame graph SVG: one rectangle per call path, its
 * width proportional to its samples, callees above callers, each with a text label (when it fits)
 * and a {@code <title>} tooltip giving the full frame name, samples and share. No script and no
 * external resource: it renders the same in a browser, an image viewer or a repository's file view.
 *
 * <p>Siblings narrower than the minimum width are merged into one "[n narrow frames]" rectangle with
 * nothing drawn above it; the minimum starts at one pixel and doubles until the file fits the size
 * budget, so the SVG stays small whatever the recording.
 */
public final class FlameGraphSvg {

    static final double WIDTH = 1200;
    static final double FRAME_HEIGHT = 16;
    static final double HEADER = 56;
    static final double MARGIN = 10;
    /** Monospace 11 px: about 6.6 px per character, used to cut labels to their rectangle. */
    private static final double CHAR_WIDTH = 6.6;
    static final String NARROW_FILL = "#d0d0d0";

    /** One rectangle to draw: {@code level} 0 is the bottom row. */
    private record Frame(String name, String label, long samples, double x, int level, double width, String fill) {}

    private final StackTree tree;
    private final String title;
    private final String subtitle;

    /** A graph of {@code tree} under a title line and a subtitle line (plain text, escaped here). */
    public FlameGraphSvg(StackTree tree, String title, String subtitle) {
        this.tree = tree;
        this.title = title;
        this.subtitle = subtitle;
    }

    /**
     * The SVG text, at most {@code maxChars} characters long (frames are merged more coarsely until
     * it is), unless even merging everything narrower than the whole width cannot get there.
     */
    public String render(int maxChars) {
        String svg = render(1.0);
        for (double minPx = 2; svg.length() > maxChars && minPx <= WIDTH; minPx *= 2) {
            svg = render(minPx);
        }
        return svg;
    }

    /** The SVG text with siblings narrower than {@code minPx} merged. */
    String render(double minPx) {
        List<Frame> frames = new ArrayList<>();
        long all = Math.max(1, tree.root().total());
        layout(tree.root(), MARGIN, 0, (WIDTH - 2 * MARGIN) / all, minPx, frames);
        int top = frames.stream().mapToInt(Frame::level).max().orElse(0);
        double height = HEADER + (top + 1) * FRAME_HEIGHT + MARGIN;
        StringBuilder b = new StringBuilder(frames.size() * 220 + 2048);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(WIDTH))
                .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(WIDTH)).append(' ')
                .append(num(height)).append("\" font-family=\"monospace\" font-size=\"11\">\n")
                .append("<rect x=\"0\" y=\"0\" width=\"").append(num(WIDTH)).append("\" height=\"").append(num(height))
                .append("\" fill=\"#fbfbf8\"/>\n");
        header(b, minPx);
        for (Frame f : frames) {
            double y = HEADER + (top - f.level) * FRAME_HEIGHT;
            frame(b, f, y, all);
        }
        return b.append("</svg>\n").toString();
    }

    /** Places {@code n} and every callee wide enough to see, left to right in name order. */
    private static void layout(StackTree.Node n, double x, int level, double pxPerSample, double minPx,
                               List<Frame> out) {
        double w = n.total() * pxPerSample;
        out.add(new Frame(n.name(), label(n.name(), level), n.total(), x, level, w, fill(n.name(), level)));
        double cx = x;
        long narrowSamples = 0;
        int narrowCount = 0;
        for (StackTree.Node c : n.children()) {
            if (c.total() * pxPerSample < minPx) {
                narrowSamples += c.total();
                narrowCount++;
            } else {
                layout(c, cx, level + 1, pxPerSample, minPx, out);
                cx += c.total() * pxPerSample;
            }
        }
        // merged siblings go last; if even together they are too narrow, their parent's width shows them
        if (narrowCount > 0 && narrowSamples * pxPerSample >= minPx) {
            String name = "[" + narrowCount + " narrow frames]";
            out.add(new Frame(name, name, narrowSamples, cx, level + 1, narrowSamples * pxPerSample, NARROW_FILL));
        }
    }

    private static void frame(StringBuilder b, Frame f, double y, long all) {
        b.append("<g><title>").append(escape(f.name)).append(" (").append(f.samples)
                .append(f.samples == 1 ? " sample, " : " samples, ")
                .append(String.format(Locale.ROOT, "%.2f", 100.0 * f.samples / all)).append("%)</title>")
                .append("<rect x=\"").append(num(f.x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(f.width)).append("\" height=\"").append(num(FRAME_HEIGHT - 1)).append("\" fill=\"")
                .append(f.fill).append("\" rx=\"2\"/>");
        String text = fit(f.label, f.width);
        if (!text.isEmpty()) {
            b.append("<text x=\"").append(num(f.x + 3)).append("\" y=\"").append(num(y + FRAME_HEIGHT - 4.5))
                    .append("\">").append(escape(text)).append("</text>");
        }
        b.append("</g>\n");
    }

    private void header(StringBuilder b, double minPx) {
        b.append("<text x=\"").append(num(MARGIN)).append("\" y=\"20\" font-size=\"15\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n")
                .append("<text x=\"").append(num(MARGIN)).append("\" y=\"40\">").append(escape(subtitle))
                .append(escape(String.format(Locale.ROOT, "; siblings under %.0f px merged", minPx))).append("</text>\n");
        String[][] legend = {{"#a8bccf", "thread group"}, {"#f0a050", "tileindex"}, {"#e6cf5a", "JDK"},
                {"#e27a66", "library"}, {NARROW_FILL, "merged"}};
        double x = WIDTH - MARGIN - legend.length * 100;
        for (String[] l : legend) {
            b.append("<rect x=\"").append(num(x)).append("\" y=\"8\" width=\"11\" height=\"11\" fill=\"").append(l[0])
                    .append("\"/><text x=\"").append(num(x + 15)).append("\" y=\"18\">").append(l[1]).append("</text>\n");
            x += 100;
        }
    }

    /** Thread groups keep their name; methods drop their package: {@code Foo.bar}, {@code Foo$Inner.baz}. */
    static String label(String name, int level) {
        int method = name.lastIndexOf('.');
        if (level <= 1 || method <= 0) {
            return name;
        }
        int pkg = name.lastIndexOf('.', method - 1);
        return name.substring(pkg + 1);
    }

    /** Colour by origin, the shade varied by name so that neighbours stand apart. */
    static String fill(String name, int level) {
        int shade = Math.floorMod(name.hashCode(), 40);
        if (level <= 1 || name.startsWith("[")) {
            return rgb(168 - shade / 2, 188 - shade / 2, 207);
        }
        if (name.startsWith("io.tileindex.")) {
            return rgb(240, 150 + shade, 70 + shade / 2);
        }
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.") || name.startsWith("com.sun.")) {
            return rgb(225, 195 + shade / 2, 80 + shade);
        }
        return rgb(226, 110 + shade, 96 + shade / 2);
    }

    /** {@code label} cut to {@code width} pixels with ".." appended, or empty if not even 3 characters fit. */
    static String fit(String label, double width) {
        int chars = (int) ((width - 6) / CHAR_WIDTH);
        if (chars < 3) {
            return "";
        }
        return label.length() <= chars ? label : label.substring(0, chars - 2) + "..";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 ? ' ' : c); // XML 1.0 forbids most control characters
            }
        }
        return b.toString();
    }

    private static String rgb(int r, int g, int b) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    /** One decimal is well under a pixel and keeps the file small. */
    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
