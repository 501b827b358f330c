package io.tileindex.cli.input;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Walks Polygon / MultiPolygon WKB before JTS reads it, for two things JTS does not do:
 * <ul>
 *   <li>reject open rings: JTS's WKBReader closes them silently (no strict mode), but OGC simple
 *       features require closed rings and an open ring in a country file is a broken geometry;</li>
 *   <li>bound every declared count by the bytes that remain: JTS trusts counts, and a 200-byte
 *       value declaring two billion rings kept it busy past any time limit (found by Jazzer:
 *       {@code WkbGeometryFuzzTestInputs/wkb/timeout-c39e7f0a...}).</li>
 * </ul>
 * Understands ISO (1000/2000/3000) and EWKB (Z/M/SRID flag) dimensions.
 */
final class WkbRings {
    private WkbRings() {}

    /** The first structural problem ("polygon 1 shell: ring is not closed …", "malformed WKB: …"), or null. */
    static String firstProblem(byte[] wkb) {
        try {
            ByteBuffer b = ByteBuffer.wrap(wkb);
            return geometry(b, 0, false);
        } catch (java.nio.BufferUnderflowException e) {
            return "malformed WKB: truncated (" + wkb.length + " bytes)";
        } catch (RuntimeException e) {
            return "malformed WKB: " + e;
        }
    }

    /** A declared count of elements of at least {@code minBytes} each must fit in what remains. */
    private static String checkCount(ByteBuffer b, long count, int minBytes, String what) {
        if (count < 0 || count * minBytes > b.remaining()) {
            return "malformed WKB: " + Integer.toUnsignedString((int) count) + " " + what + " declared, but only "
                    + b.remaining() + " bytes remain";
        }
        return null;
    }

    private static String geometry(ByteBuffer b, int polygonBase, boolean member) {
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
        if (member && type != 3) {
            // members are Polygons: no nesting, so crafted input cannot recurse deeper than one level
            return "malformed WKB: a MultiPolygon member has type " + type + ", not Polygon";
        }
        if (type == 3) {
            return polygon(b, dims, polygonBase);
        }
        if (type == 1) {
            return null; // a point: no count; JTS reports the wrong type
        }
        // every other type starts with a count of parts, points or geometries of at least 4 bytes
        int n = b.getInt();
        String bad = checkCount(b, n, 4, "parts");
        if (bad != null) {
            return bad;
        }
        if (type == 6) {
            for (int i = 0; i < n; i++) {
                String open = geometry(b, i, true);
                if (open != null) {
                    return open;
                }
            }
        }
        return null;
    }

    private static String polygon(ByteBuffer b, int dims, int index) {
        int rings = b.getInt();
        String bad = checkCount(b, rings, 4, "rings");
        if (bad != null) {
            return bad;
        }
        for (int r = 0; r < rings; r++) {
            int n = b.getInt();
            bad = checkCount(b, n, dims * 8, "points");
            if (bad != null) {
                return bad;
            }
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
