package io.tileindex.cli.input;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Finds an open ring in Polygon / MultiPolygon WKB before JTS reads it: JTS's WKBReader closes open
 * rings silently (and has no strict mode), but OGC simple features require closed rings and an
 * open ring in a country file is a truncated or broken geometry (E001, as for GeoJSON).
 * Understands ISO (1000/2000/3000) and EWKB (Z/M/SRID flag) dimensions. Anything it cannot walk is
 * left to JTS to report.
 */
final class WkbRings {
    private WkbRings() {}

    /** A description of the first open ring ("polygon 1, ring 0: starts at … ends at …"), or null. */
    static String firstOpenRing(byte[] wkb) {
        try {
            ByteBuffer b = ByteBuffer.wrap(wkb);
            return geometry(b, 0);
        } catch (RuntimeException e) {
            return null; // malformed: JTS reports it with its own message
        }
    }

    private static String geometry(ByteBuffer b, int polygonBase) {
        b.order(b.get() == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int raw = b.getInt();
        boolean hasSrid = (raw & 0x20000000) != 0;
        int dims = 2 + ((raw & 0x80000000) != 0 ? 1 : 0) + ((raw & 0x40000000) != 0 ? 1 : 0);
        int type = raw & 0x0FFFFFFF;
        int iso = type / 1000;
        type %= 1000;
        dims += iso == 1 || iso == 2 ? 1 : iso == 3 ? 2 : 0;
        if (hasSrid) {
            b.getInt();
        }
        if (type == 3) {
            return polygon(b, dims, polygonBase);
        }
        if (type == 6) {
            int n = b.getInt();
            for (int i = 0; i < n; i++) {
                String open = geometry(b, i);
                if (open != null) {
                    return open;
                }
            }
        }
        return null;
    }

    private static String polygon(ByteBuffer b, int dims, int index) {
        int rings = b.getInt();
        for (int r = 0; r < rings; r++) {
            int n = b.getInt();
            if (n == 0) {
                continue;
            }
            int start = b.position();
            double x0 = b.getDouble(start), y0 = b.getDouble(start + 8);
            int last = start + (n - 1) * dims * 8;
            double xn = b.getDouble(last), yn = b.getDouble(last + 8);
            b.position(start + n * dims * 8);
            if (n > 1 && (Double.compare(x0, xn) != 0 || Double.compare(y0, yn) != 0)) {
                return "polygon " + (index + 1) + (r == 0 ? " shell" : " hole " + r) + ": ring is not closed: starts at lon/lat ("
                        + x0 + " " + y0 + ") but ends at lon/lat (" + xn + " " + yn + ")";
            }
        }
        return null;
    }
}
