package io.tileindex.kernel.geom;

import io.tileindex.kernel.grid.Grid;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a country's polygons seamless across ±180° (SPEC §3). A ring with an edge whose longitude
 * jump exceeds 180° is unwrapped into a continuous ring (so it is one shape, never a band around the
 * globe); a ring whose unwrapped form still gains 360° encircles a pole and is closed through that
 * pole. Every polygon reaching beyond the ±180° frame is then also emitted shifted by ±360° so each
 * copy covers the grid columns on its side: the scan treats the copies as parts of the union.
 * The frame is the grid as written: its cells after the SPEC §2 shift ({@link Grid#shiftedWestLon},
 * {@link Grid#shiftedEastLon}), which lies within about a cell of [-180, 180] whatever the origin.
 *
 * <p>Shifted copies are computed with one double addition. The copy's vertices inside the frame
 * are exact (x ± 360 back into [-180, 180] is exact for |x| ≤ 540); only vertices that fall outside
 * the frame may round, and those lie beyond the grid.
 */
public final class AntimeridianNormalizer {
    private AntimeridianNormalizer() {}

    public static CountryShape normalize(CountryShape country, Grid grid) {
        List<PolygonShape> out = new ArrayList<>();
        List<String> notes = new ArrayList<>(country.notes());
        boolean unwrapped = false, polar = false;
        double west = grid.shiftedWestLon(), east = grid.shiftedEastLon();
        for (PolygonShape p : country.polygons()) {
            PolygonShape q = seamless(p, country.iso());
            if (q != p) {
                polar |= q.shell().size() > p.shell().size();
                unwrapped = true;
            }
            out.add(q);
            // copies at ±360° wherever they overlap the grid frame
            for (int k = -2; k <= 2; k++) {
                if (k == 0) {
                    continue;
                }
                double dx = 360.0 * k;
                if (q.maxX() + dx >= west && q.minX() + dx <= east) {
                    out.add(shift(q, dx));
                }
            }
        }
        if (unwrapped) {
            notes.add("antimeridian: rings crossing ±180 unwrapped and split");
        }
        if (polar) {
            notes.add("pole: a ring encircling a pole was closed through it");
        }
        if (!unwrapped && out.size() == country.polygons().size()) {
            return country;
        }
        return new CountryShape(country.iso(), out, notes);
    }

    /**
     * The polygon as one seamless shape: itself when no ring jumps more than 180°, otherwise with every
     * ring unwrapped (pole-encircling rings closed through the pole) and each hole moved by whole turns
     * next to its shell. Also used by the input reader to validate such polygons in this same frame.
     */
    public static PolygonShape seamless(PolygonShape p, String iso) {
        if (!crossesAntimeridian(p)) {
            return p;
        }
        Ring shell = unwrap(p.shell(), iso);
        List<Ring> holes = new ArrayList<>();
        double shellMid = 0.5 * (shell.minX + shell.maxX);
        for (Ring h : p.holes()) {
            Ring uh = unwrap(h, iso);
            double mid = 0.5 * (uh.minX + uh.maxX);
            double k = Math.rint((shellMid - mid) / 360.0);
            holes.add(k == 0 ? uh : uh.shifted(360.0 * k));
        }
        return new PolygonShape(shell, holes);
    }

    static boolean crossesAntimeridian(PolygonShape p) {
        if (hasJump(p.shell())) {
            return true;
        }
        for (Ring h : p.holes()) {
            if (hasJump(h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasJump(Ring r) {
        int n = r.size();
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            if (Math.abs(r.x[j] - r.x[i]) > 180.0) {
                return true;
            }
        }
        return false;
    }

    /** Continuous longitudes; closes through the nearer pole when the ring gains a full turn. */
    static Ring unwrap(Ring r, String iso) {
        int n = r.size();
        int turns = unwrapInto(r, 0, new double[n]);
        if (turns == 0) {
            double[] x = new double[n];
            unwrapInto(r, 0, x);
            return new Ring(x, r.y.clone(), iso);
        }
        // net ±360°: the ring encircles a pole. Start it at its pole-most vertex and close along that
        // vertex's meridian: no edge reaches further towards the pole, so the closing path crosses none.
        double sumLat = 0;
        for (int i = 0; i < n; i++) {
            sumLat += r.y[i];
        }
        boolean south = sumLat < 0;
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (south ? r.y[i] < r.y[start] : r.y[i] > r.y[start]) {
                start = i;
            }
        }
        double poleLat = south ? -90.0 : 90.0;
        double[] x = new double[n + 3];
        double[] y = new double[n + 3];
        turns = unwrapInto(r, start, x);
        for (int i = 0; i < n; i++) {
            y[i] = r.y[(start + i) % n];
        }
        double endX = x[0] + 360.0 * turns;
        x[n] = endX; y[n] = y[0];
        x[n + 1] = endX; y[n + 1] = poleLat;
        x[n + 2] = x[0]; y[n + 2] = poleLat;
        return new Ring(x, y, iso);
    }

    /** Unwraps the ring starting at vertex {@code start} into {@code x}; returns the net turns on closing. */
    private static int unwrapInto(Ring r, int start, double[] x) {
        int n = r.size();
        int k = 0;
        x[0] = r.x[start];
        for (int i = 1; i <= n; i++) {
            double prev = r.x[(start + i - 1) % n], cur = r.x[(start + i) % n];
            double d = cur - prev;
            if (d > 180.0) {
                k--;
            } else if (d < -180.0) {
                k++;
            }
            if (i < n) {
                x[i] = k == 0 ? cur : cur + 360.0 * k;
            }
        }
        return k;
    }

    private static PolygonShape shift(PolygonShape p, double dx) {
        List<Ring> holes = new ArrayList<>(p.holes().size());
        for (Ring h : p.holes()) {
            holes.add(h.shifted(dx));
        }
        return new PolygonShape(p.shell().shifted(dx), holes);
    }
}
