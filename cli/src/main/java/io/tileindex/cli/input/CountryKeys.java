package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys the raw features by alpha-2 code and groups them: each key is recognised by its form (two
 * letters, three letters, digits) and mapped through the ISO table; features that share a code are
 * one country (SPEC §3: the union of their polygons). A missing or unmappable key is E005 naming the
 * feature and the code, unless {@code --skip-unknown-codes} leaves the feature out (listed).
 * With {@code --only}, features of other countries, and features whose code is missing or unknown,
 * are dropped here, before any other check.
 */
final class CountryKeys {
    private CountryKeys() {}

    /**
     * @param countries one per code, its features' polygons merged, in file order of first appearance
     * @param featureCounts per code, how many features were merged
     * @param skipped the features left out by {@code --skip-unknown-codes}, each with why
     */
    record Grouped(List<RawCountry> countries, Map<String, Integer> featureCounts, List<String> skipped) {}

    static Grouped group(List<RawCountry> raw, Path file, CountryOptions o) {
        Map<String, List<RawCountry>> byCode = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (RawCountry c : raw) {
            String code = alpha2(c, file, o, skipped);
            if (code != null && (o.only() == null || o.only().contains(code))) {
                byCode.computeIfAbsent(code, k -> new ArrayList<>()).add(c);
            }
        }
        List<RawCountry> out = new ArrayList<>(byCode.size());
        Map<String, Integer> counts = new LinkedHashMap<>();
        byCode.forEach((code, features) -> {
            out.add(merge(code, features));
            counts.put(code, features.size());
        });
        return new Grouped(out, counts, List.copyOf(skipped));
    }

    /** The feature's alpha-2 code, or null when it is skipped. */
    private static String alpha2(RawCountry c, Path file, CountryOptions o, List<String> skipped) {
        if (c.iso() == null || c.iso().isEmpty()) {
            String why = c.iso() == null ? c.isoProblem() : "empty ISO code";
            if (o.only() != null) {
                return null; // --only: a feature without a code is not one of those selected
            }
            if (o.skipUnknownCodes()) {
                skipped.add(c.where() + ": " + why);
                return null;
            }
            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": " + c.where() + ": " + why);
        }
        if (o.iso() == null) {
            return c.iso();
        }
        String code = o.iso().toAlpha2(c.iso());
        if (code != null && (!code.equals(c.iso()) || o.iso().contains(code))) {
            return code;
        }
        if (code == null && o.only() != null) {
            return null; // --only: a code the table does not know is not one of those selected
        }
        if (code == null || o.skipUnknownCodes()) {
            String why = "code \"" + c.iso() + "\" is not in the ISO table " + o.iso().file()
                    + (code == null ? describeMissingColumn(c.iso(), o.iso()) : "");
            if (o.skipUnknownCodes()) {
                skipped.add(c.where() + " (" + c.iso() + "): " + why);
                return null;
            }
            throw TileIndexException.forCountry(ErrorCode.E005_ISO_FK, c.iso(), file + ": " + c.where() + ": " + why
                    + " (--skip-unknown-codes leaves such features out)");
        }
        return code; // an alpha-2 code the table lacks: the foreign-key check names it
    }

    private static String describeMissingColumn(String key, IsoTable iso) {
        boolean alpha3 = key.length() == 3 && Character.isLetter(key.charAt(0));
        if (alpha3 && !iso.mapsAlpha3()) {
            return " (the table has no \"" + IsoTable.ALPHA3_COLUMN + "\" column to map alpha-3 codes)";
        }
        if (!alpha3 && !iso.mapsNumeric()) {
            return " (the table has no \"" + IsoTable.NUMERIC_COLUMN + "\" column to map numeric codes)";
        }
        return "";
    }

    private static RawCountry merge(String code, List<RawCountry> features) {
        if (features.size() == 1) {
            RawCountry f = features.getFirst();
            return new RawCountry(f.where(), code, null, f.geometryType(), f.geometryProblem(), f.polygons());
        }
        List<RawCountry.Polygon> polygons = new ArrayList<>();
        List<String> where = new ArrayList<>();
        String type = "MultiPolygon", problem = null;
        for (RawCountry f : features) {
            polygons.addAll(f.polygons());
            where.add(f.where());
            if (!"Polygon".equals(f.geometryType()) && !"MultiPolygon".equals(f.geometryType())) {
                type = f.geometryType();
            }
            problem = problem != null ? problem : f.geometryProblem() == null ? null : f.where() + ": " + f.geometryProblem();
        }
        return new RawCountry(String.join(", ", where), code, null, type, problem, polygons);
    }
}
