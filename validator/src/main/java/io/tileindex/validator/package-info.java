/**
 * The independent validator of a published partition (SPEC §8). Depends on no tileindex module (the
 * build enforces it): Parquet column readers and page decompression, the GeoTIFF header, the SPEC §2
 * formulas and the GeographicLib cell area, JTS for eligibility and coverage fractions, and the codes are its own.
 * {@code Validator.run} is thread-safe; it runs its own pool.
 */
package io.tileindex.validator;
