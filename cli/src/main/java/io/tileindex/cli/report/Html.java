package io.tileindex.cli.report;

import java.util.Locale;

/** Escaping and number formatting for the report page (fixed locale: a report must not change with the shell's LANG). */
final class Html {
    private Html() {}

    static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code 12,345,678}: by hand, because thousands of {@code String.format} calls dominate a cold page. */
    static String n(long v) {
        String digits = Long.toString(Math.abs(v));
        StringBuilder b = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (v < 0) {
            b.append('-');
        }
        int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        b.append(digits, 0, first);
        for (int i = first; i < digits.length(); i += 3) {
            b.append(',').append(digits, i, i + 3);
        }
        return b.toString();
    }

    /** Grouped, fixed decimals (0..3), half-up: {@code f(1234.56, 1)} is {@code 1,234.6}. */
    static String f(double v, int decimals) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e15) {
            return String.format(Locale.ROOT, "%,." + decimals + "f", v);
        }
        long scale = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
        long m = Math.round(Math.abs(v) * scale);
        String whole = n(m / scale);
        String sign = v < 0 && m != 0 ? "-" : "";
        if (decimals == 0) {
            return sign + whole;
        }
        String frac = Long.toString(scale + m % scale).substring(1);
        return sign + whole + "." + frac;
    }

    /** Plain fixed decimals without grouping, for SVG coordinates. */
    static StringBuilder fix(StringBuilder b, double v, int decimals) {
        long scale = decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
        long m = Math.round(Math.abs(v) * scale);
        if (v < 0 && m != 0) {
            b.append('-');
        }
        b.append(m / scale).append('.');
        String frac = Long.toString(scale + m % scale);
        return b.append(frac, 1, frac.length());
    }

    static String bytes(double v) {
        if (v < 0) {
            return "n/a";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1e3) : String.format(Locale.ROOT, "%.2f s", s);
    }
}
