package io.tileindex.validator;

/**
 * The SPEC §7 codes the validator reports, spelled as the spec spells them. Declared here, not taken
 * from the build, so that the validator shares no code with what it checks.
 */
public enum Code {
    E002_RASTER_MISMATCH,
    E003_DUP_TILE,
    E004_BOUNDS,
    E005_ISO_FK,
    E006_AREA_NONPOS,
    E008_INCLUSION_RULE,
    E009_PERF_BUDGET,
    E011_INTEGRITY
}
