package io.tileindex.writer.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/** The two output schemas of SPEC §4, column order as specified, nothing nullable. */
public final class TileSchemas {
    private TileSchemas() {}

    /** Bumped whenever output bytes may change for the same inputs; part of the parameter hash. */
    public static final String FORMAT_VERSION = "tileindex-parquet-2";

    public static final MessageType TILE_INDEX = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country_iso")
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("tile_id")
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("raster_row")
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("raster_col")
            .required(PrimitiveTypeName.DOUBLE).named("centroid_lon")
            .required(PrimitiveTypeName.DOUBLE).named("centroid_lat")
            .required(PrimitiveTypeName.DOUBLE).named("pixel_area_m2")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("inclusion_rule")
            .named("tile_index");

    /** {@link #TILE_INDEX} and, ninth, {@code coverage_fraction} (SPEC §4, with {@code --coverage-fraction}). */
    public static final MessageType TILE_INDEX_COVERAGE = Types.buildMessage()
            .addFields(TILE_INDEX.getFields().toArray(org.apache.parquet.schema.Type[]::new))
            .required(PrimitiveTypeName.DOUBLE).named("coverage_fraction")
            .named("tile_index");

    /** The tile_index schema of a build with or without coverage fractions. */
    public static MessageType tileIndex(boolean coverageFraction) {
        return coverageFraction ? TILE_INDEX_COVERAGE : TILE_INDEX;
    }

    public static final MessageType TILE_BOUNDS = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country_iso")
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("tile_id")
            .required(PrimitiveTypeName.DOUBLE).named("min_lat_deg")
            .required(PrimitiveTypeName.DOUBLE).named("max_lat_deg")
            .required(PrimitiveTypeName.DOUBLE).named("min_lon_deg")
            .required(PrimitiveTypeName.DOUBLE).named("max_lon_deg")
            .required(PrimitiveTypeName.DOUBLE).named("centroid_lat_deg")
            .required(PrimitiveTypeName.DOUBLE).named("centroid_lon_deg")
            .named("tile_bounds");
}
