package io.tileindex.validator;

/**
 * The validator's checks, in the order the verdict lists them, each with the SPEC §7 code it reports
 * on failure; {@link Validator} explains each choice.
 */
enum Check {
    GRID("grid", Code.E002_RASTER_MISMATCH),
    PARTITION_FILES("partition_files", Code.E011_INTEGRITY),
    READABLE("files_readable", Code.E011_INTEGRITY),
    SCHEMA("schema", Code.E011_INTEGRITY),
    SORT_UNIQUE("sort_and_unique_key", Code.E003_DUP_TILE),
    ISO_FK("iso_foreign_key", Code.E005_ISO_FK),
    TILE_ID("tile_id_grid", Code.E002_RASTER_MISMATCH),
    COORDINATES("coordinates", Code.E004_BOUNDS),
    AREA("pixel_area", Code.E006_AREA_NONPOS),
    INCLUSION_RULE("inclusion_rule", Code.E008_INCLUSION_RULE),
    BOUNDS_MATCH_INDEX("tile_bounds_matches_tile_index", Code.E003_DUP_TILE),
    ELIGIBILITY("eligibility", Code.E008_INCLUSION_RULE),
    COVERAGE_FRACTION("coverage_fraction", Code.E011_INTEGRITY),
    RECEIPT("determinism_receipt", Code.E011_INTEGRITY),
    RUN_REPORT("run_report", Code.E011_INTEGRITY),
    ENVELOPE("envelope", Code.E009_PERF_BUDGET);

    final String wireName;
    final Code code;

    Check(String wireName, Code code) {
        this.wireName = wireName;
        this.code = code;
    }
}
