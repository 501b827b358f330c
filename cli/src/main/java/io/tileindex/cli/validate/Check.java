package io.tileindex.cli.validate;

import io.tileindex.kernel.ErrorCode;

/**
 * The validator's checks, in the order the verdict lists them, each with the SPEC §7 code it reports
 * on failure; {@link Validator} explains each choice.
 */
enum Check {
    GRID("grid", ErrorCode.E002_RASTER_MISMATCH),
    PARTITION_FILES("partition_files", ErrorCode.E011_INTEGRITY),
    READABLE("files_readable", ErrorCode.E011_INTEGRITY),
    SCHEMA("schema", ErrorCode.E011_INTEGRITY),
    SORT_UNIQUE("sort_and_unique_key", ErrorCode.E003_DUP_TILE),
    ISO_FK("iso_foreign_key", ErrorCode.E005_ISO_FK),
    TILE_ID("tile_id_grid", ErrorCode.E002_RASTER_MISMATCH),
    COORDINATES("coordinates", ErrorCode.E004_BOUNDS),
    AREA("pixel_area", ErrorCode.E006_AREA_NONPOS),
    INCLUSION_RULE("inclusion_rule", ErrorCode.E008_INCLUSION_RULE),
    BOUNDS_MATCH_INDEX("tile_bounds_matches_tile_index", ErrorCode.E003_DUP_TILE),
    ELIGIBILITY("eligibility", ErrorCode.E008_INCLUSION_RULE),
    RECEIPT("determinism_receipt", ErrorCode.E011_INTEGRITY),
    RUN_REPORT("run_report", ErrorCode.E011_INTEGRITY),
    ENVELOPE("envelope", ErrorCode.E009_PERF_BUDGET);

    final String wireName;
    final ErrorCode code;

    Check(String wireName, ErrorCode code) {
        this.wireName = wireName;
        this.code = code;
    }
}
