package io.tileindex.cli.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a WKT CRS (a shapefile's .prj, a GeoPackage's {@code gpkg_spatial_ref_sys.definition},
 * a FlatGeobuf header) is WGS84 longitude/latitude in degrees. Reads WKT1 (OGC and ESRI flavours) and WKT2.
 * Axis order does not matter here: these formats always store x = longitude, y = latitude.
 */
final class WktCrs {
    private static final Set<String> GEOGRAPHIC = Set.of("GEOGCS", "GEOGCRS", "GEOGRAPHICCRS", "GEODCRS", "GEODETICCRS",
            "BASEGEOGCRS");
    private static final Set<String> DATUM = Set.of("DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE");
    /** Datum names normalised to lowercase letters and digits: OGC, ESRI ("D_WGS_1984") and WKT2 spellings. */
    private static final Set<String> WGS84_DATUM = Set.of("wgs1984", "dwgs1984", "wgs84", "worldgeodeticsystem1984",
            "worldgeodeticsystem1984ensemble");
    private static final double DEGREE = Math.PI / 180.0;

    private WktCrs() {}

    /** One WKT node: KEYWORD[args], where an arg is a String (quoted), a Double, a bare word or a Node. */
    record Node(String keyword, List<Object> args) {
        String name() {
            return !args.isEmpty() && args.getFirst() instanceof Quoted q ? q.text() : "";
        }

        List<Node> children(Set<String> keywords) {
            List<Node> out = new ArrayList<>();
            for (Object a : args) {
                if (a instanceof Node n && keywords.contains(n.keyword())) {
                    out.add(n);
                }
            }
            return out;
        }
    }

    /** A quoted string (as opposed to a bare enumeration word such as {@code north}). */
    record Quoted(String text) {}

    /**
     * Why {@code wkt} is not WGS84 lon/lat in degrees, or null when it is. Accepts a geographic CRS
     * identified as EPSG:4326, or any geographic CRS on the WGS 84 datum with Greenwich as prime
     * meridian and degrees as unit (ESRI's {@code GCS_WGS_1984}, EPSG:4979's 2D part).
     */
    static String problem(String wkt) {
        Node root;
        try {
            root = new Parser(wkt).parse();
        } catch (IllegalArgumentException e) {
            return "unreadable WKT (" + e.getMessage() + ")";
        }
        String kw = root.keyword();
        if (!GEOGRAPHIC.contains(kw) || kw.equals("BASEGEOGCRS")) {
            return kw.startsWith("PROJ") ? "projected CRS \"" + root.name() + "\"" : kw + " \"" + root.name()
                    + "\" is not a geographic CRS";
        }
        for (Node cs : root.children(Set.of("CS"))) {
            if (!cs.args().isEmpty() && !"ellipsoidal".equalsIgnoreCase(String.valueOf(cs.args().getFirst()))) {
                return "geodetic CRS \"" + root.name() + "\" has a " + cs.args().getFirst() + " coordinate system";
            }
        }
        if (isEpsg4326(root)) {
            return null;
        }
        List<Node> datums = root.children(DATUM);
        String datum = datums.isEmpty() ? "" : datums.getFirst().name();
        if (!WGS84_DATUM.contains(datum.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""))) {
            return "datum \"" + datum + "\" is not WGS 84";
        }
        for (Node pm : root.children(Set.of("PRIMEM"))) {
            if (pm.args().size() < 2 || !(pm.args().get(1) instanceof Double d) || d != 0.0) {
                return "prime meridian \"" + pm.name() + "\" is not Greenwich";
            }
        }
        return angleUnitProblem(root);
    }

    /** Every angle unit (WKT1 UNIT of the CRS, WKT2 ANGLEUNIT anywhere) must be the degree. */
    private static String angleUnitProblem(Node root) {
        List<Node> units = new ArrayList<>(root.children(Set.of("UNIT")));
        collect(root, "ANGLEUNIT", units);
        for (Node u : units) {
            if (u.args().size() < 2 || !(u.args().get(1) instanceof Double f) || Math.abs(f - DEGREE) > 1e-12) {
                return "angle unit \"" + u.name() + "\" is not the degree";
            }
        }
        return null;
    }

    private static void collect(Node n, String keyword, List<Node> out) {
        for (Object a : n.args()) {
            if (a instanceof Node c) {
                if (c.keyword().equals(keyword)) {
                    out.add(c);
                }
                collect(c, keyword, out);
            }
        }
    }

    private static boolean isEpsg4326(Node root) {
        for (Node id : root.children(Set.of("AUTHORITY", "ID"))) {
            if (id.args().size() >= 2 && id.name().equalsIgnoreCase("EPSG")) {
                Object code = id.args().get(1);
                String c = code instanceof Quoted q ? q.text() : String.valueOf(code);
                return c.equals("4326") || c.equals("4326.0");
            }
        }
        return false;
    }

    /** A short name for messages: the CRS's own name, else the start of the text. */
    static String describe(String wkt) {
        try {
            String name = new Parser(wkt).parse().name();
            if (!name.isEmpty()) {
                return "\"" + name + "\"";
            }
        } catch (IllegalArgumentException e) {
            // fall through to the raw text
        }
        String s = wkt.strip();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Recursive descent over KEYWORD[arg, ...] (round brackets are allowed too, as WKT1 permits). */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Node parse() {
            Node n = node();
            skipSpace();
            if (i != s.length()) {
                throw new IllegalArgumentException("text after the CRS at offset " + i);
            }
            return n;
        }

        private Node node() {
            return nodeAfter(word());
        }

        private Node nodeAfter(String kw) {
            skipSpace();
            if (i >= s.length() || (s.charAt(i) != '[' && s.charAt(i) != '(')) {
                throw new IllegalArgumentException("expected '[' after " + kw + " at offset " + i);
            }
            char close = s.charAt(i++) == '[' ? ']' : ')';
            List<Object> args = new ArrayList<>();
            while (true) {
                skipSpace();
                args.add(arg());
                skipSpace();
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated " + kw);
                }
                char c = s.charAt(i++);
                if (c == close) {
                    return new Node(kw.toUpperCase(Locale.ROOT), args);
                }
                if (c != ',') {
                    throw new IllegalArgumentException("unexpected '" + c + "' in " + kw + " at offset " + (i - 1));
                }
            }
        }

        private Object arg() {
            if (i < s.length() && s.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated string");
                    }
                    char c = s.charAt(i++);
                    if (c == '"' && i < s.length() && s.charAt(i) == '"') {
                        b.append('"'); // WKT escapes a quote by doubling it
                        i++;
                    } else if (c == '"') {
                        return new Quoted(b.toString());
                    } else {
                        b.append(c);
                    }
                }
            }
            int start = i;
            while (i < s.length() && "+-.0123456789eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (i > start && (i >= s.length() || !Character.isLetter(s.charAt(i)))) {
                try {
                    return Double.parseDouble(s.substring(start, i));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad number at offset " + start);
                }
            }
            i = start;
            String w = word();
            skipSpace();
            return i < s.length() && (s.charAt(i) == '[' || s.charAt(i) == '(') ? nodeAfter(w) : w;
        }

        private String word() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("expected a keyword at offset " + start);
            }
            return s.substring(start, i);
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
