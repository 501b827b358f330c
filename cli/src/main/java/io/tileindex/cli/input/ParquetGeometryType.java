package io.tileindex.cli.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Parquet's own GEOMETRY logical type (parquet-format 2.11, parquet-java 1.18) in a file without a
 * GeoParquet "geo" key: a BINARY column of WKB whose CRS is a type parameter, OGC:CRS84 when absent.
 * The CRS may be a name ("OGC:CRS84", "EPSG:4326"), "srid:4326", inline PROJJSON, or "projjson:KEY"
 * naming a file key-value entry holding PROJJSON. GEOGRAPHY columns (edges along geodesics, not the
 * straight lon/lat segments the scan assumes) are refused like GeoParquet's spherical edges.
 */
final class ParquetGeometryType {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParquetGeometryType() {}

    /**
     * The first top-level GEOMETRY column, its CRS checked (E007 otherwise); E001 when there is none
     * (then the file is neither GeoParquet nor typed geometry).
     */
    static String column(MessageType schema, Map<String, String> keyValue, Path file) {
        for (Type t : schema.getFields()) {
            if (!t.isPrimitive() || t.asPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
                continue;
            }
            LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
            if (a instanceof LogicalTypeAnnotation.GeographyLogicalTypeAnnotation) {
                throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, file + ": column \"" + t.getName()
                        + "\" has Parquet's GEOGRAPHY type (geodesic edges); planar lon/lat edges (GEOMETRY) are required");
            }
            if (a instanceof LogicalTypeAnnotation.GeometryLogicalTypeAnnotation g) {
                checkCrs(g.getCrs(), keyValue, file, t.getName());
                return t.getName();
            }
        }
        throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": Parquet file without GeoParquet \"geo\" metadata"
                + " and without a GEOMETRY column; not a GeoParquet country file");
    }

    private static void checkCrs(String crs, Map<String, String> keyValue, Path file, String column) {
        if (crs == null || crs.isBlank() || isLonLat(crs.strip(), keyValue)) {
            return;
        }
        throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, file + ": GEOMETRY column \"" + column + "\" has CRS \""
                + (crs.length() > 120 ? crs.substring(0, 120) + "…" : crs)
                + "\"; WGS84 lon/lat (OGC:CRS84 / EPSG:4326) is required");
    }

    private static boolean isLonLat(String crs, Map<String, String> keyValue) {
        String lower = crs.toLowerCase(Locale.ROOT);
        if (lower.startsWith("srid:")) {
            return crs.substring(5).strip().equals("4326");
        }
        String json = lower.startsWith("projjson:") ? keyValue.get(crs.substring(9)) : crs.startsWith("{") ? crs : null;
        if (json == null) {
            return Wgs84Crs.isLonLatName(crs);
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && Wgs84Crs.isLonLatProjJson(node);
        } catch (JacksonException e) {
            return false;
        }
    }
}
