package io.tileindex.cli.report;

/**
 * A fixed colour per ISO code, from a hash of the code alone: FI is the same colour in every report,
 * whatever else the run contained. Hue is spread by the hash; saturation and lightness stay in a
 * band that reads well on the pale ocean and under dark borders.
 */
public final class CountryColors {
    private CountryColors() {}

    /** {@code 0xRRGGBB}. */
    public static int rgb(String iso) {
        int h = 0x811c9dc5; // FNV-1a, then a murmur-style finaliser so "FI" and "FJ" land far apart
        for (int i = 0; i < iso.length(); i++) {
            h ^= iso.charAt(i);
            h *= 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x7feb352d;
        h ^= h >>> 15;
        h *= 0x846ca68b;
        h ^= h >>> 16;
        double hue = (h & 0xffff) / 65536.0 * 360.0;
        double sat = 0.38 + ((h >>> 16) & 0xff) / 255.0 * 0.24;
        double light = 0.56 + ((h >>> 24) & 0xff) / 255.0 * 0.16;
        return hsl(hue, sat, light);
    }

    public static String css(String iso) { return String.format("#%06x", rgb(iso)); }

    static int hsl(double hueDeg, double s, double l) {
        double c = (1 - Math.abs(2 * l - 1)) * s;
        double hp = hueDeg / 60.0;
        double x = c * (1 - Math.abs(hp % 2 - 1));
        double r, g, b;
        if (hp < 1) { r = c; g = x; b = 0; }
        else if (hp < 2) { r = x; g = c; b = 0; }
        else if (hp < 3) { r = 0; g = c; b = x; }
        else if (hp < 4) { r = 0; g = x; b = c; }
        else if (hp < 5) { r = x; g = 0; b = c; }
        else { r = c; g = 0; b = x; }
        double m = l - c / 2;
        return channel(r + m) << 16 | channel(g + m) << 8 | channel(b + m);
    }

    private static int channel(double v) { return (int) Math.round(Math.max(0, Math.min(1, v)) * 255); }
}
