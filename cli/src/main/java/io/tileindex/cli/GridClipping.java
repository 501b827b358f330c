package io.tileindex.cli;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SPEC §3: countries extending beyond the grid are clipped to it, and say so. The measure is the
 * fraction of the country's bounding box (longitude/latitude plane) outside the grid's extent,
 * counting the extent shifted by ±360° as eligibility does.
 */
public final class GridClipping {
    private GridClipping() {}

    /** One clipped country and the fraction of its bounding box outside the grid, in (0, 1]. */
    public record Clip(String iso, double outsideFraction) {
        String note() {
            return String.format(Locale.ROOT, "extends beyond the grid: %s of its bounding box lies outside it; clipped to the grid",
                    percent(outsideFraction));
        }

        @Override
        public String toString() { return iso + " (" + percent(outsideFraction) + " outside)"; }
    }

    /** The clipped countries among {@code countries}, in their order. */
    public static List<Clip> of(Grid grid, List<CountryShape> countries) {
        List<Clip> out = new ArrayList<>();
        for (CountryShape c : countries) {
            double[] b = c.bounds();
            if (b != null) {
                double f = grid.fractionOutside(b[0], b[1], b[2], b[3]);
                if (f > 0) {
                    out.add(new Clip(c.iso(), f));
                }
            }
        }
        return out;
    }

    /** The one stderr line of a run that clips countries. */
    public static String warning(List<Clip> clipped) {
        int n = clipped.size();
        List<String> shown = new ArrayList<>();
        clipped.subList(0, Math.min(5, n)).forEach(c -> shown.add(c.toString()));
        return n + (n == 1 ? " country extends beyond the grid and is" : " countries extend beyond the grid and are")
                + " clipped to it: " + String.join(", ", shown) + (n > 5 ? ", ..." : "") + " (notes in country_summaries.jsonl)";
    }

    static String percent(double f) {
        return f >= 0.001 ? String.format(Locale.ROOT, "%.1f%%", f * 100) : String.format(Locale.ROOT, "%.2g%%", f * 100);
    }
}
