package io.tileindex.kernel;

/**
 * The failure codes of SPEC §7. The enum name is the code written into the S1_ERROR event.
 * {@link #E000_INTERNAL} is not a SPEC code: it marks a defect of tileindex itself (an exception no
 * input or I/O condition explains), so that no failure is reported under a code that names something else.
 */
public enum ErrorCode {
    E000_INTERNAL,
    E001_GEO_INVALID,
    E002_RASTER_MISMATCH,
    E003_DUP_TILE,
    E004_BOUNDS,
    E005_ISO_FK,
    E006_AREA_NONPOS,
    E007_CRS_MISMATCH,
    E008_INCLUSION_RULE,
    E009_PERF_BUDGET,
    E010_IO,
    E011_INTEGRITY
}
