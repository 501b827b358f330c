package io.tileindex.cli.input;

import java.util.List;

/**
 * How the countries file is read (SPEC §1, §3).
 *
 * @param keyColumn        the property or column holding each feature's ISO 3166-1 code (alpha-2, alpha-3 or
 *                         numeric); for GeoJSON, {@code id} also names the feature's own {@code id} member
 * @param iso              the table that maps alpha-3 and numeric codes to alpha-2; null: keys are taken as they are
 * @param only             the alpha-2 codes to read, or null for all: other features are neither keyed nor checked
 * @param repair           {@code --repair-geometry}: invalid countries are repaired instead of failing
 * @param skipUnknownCodes {@code --skip-unknown-codes}: features whose code the table does not know are left out
 * @param layer            {@code --layer}: the layer of a multi-layer file (GeoPackage); null for the only one
 */
public record CountryOptions(String keyColumn, IsoTable iso, List<String> only, boolean repair, boolean skipUnknownCodes,
                             String layer) {
    public CountryOptions(String keyColumn, IsoTable iso, List<String> only, boolean repair, boolean skipUnknownCodes) {
        this(keyColumn, iso, only, repair, skipUnknownCodes, null);
    }

    public static CountryOptions keyedBy(String keyColumn) {
        return new CountryOptions(keyColumn, null, null, false, false);
    }
}
