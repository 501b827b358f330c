package io.tileindex.kernel;

/** The failure codes of SPEC §7. The enum name is the code written into the S1_ERROR event. */
public enum ErrorCode {
    E001_GEO_INVALID,
    E002_RASTER_MISMATCH,
    E003_DUP_TILE,
    E004_BOUNDS,
    E005_ISO_FK,
    E006_AREA_NONPOS,
    E007_CRS_MISMATCH,
    E008_INCLUSION_RULE,
    E009_PERF_BUDGET
}
