package io.tileindex.cli.input;

import io.tileindex.writer.parquet.ParquetCodecs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a GeoParquet country file: the "geo" key-value metadata (primary_column, encoding, PROJJSON
 * crs), then the ISO column and the geometry column row by row. Geometry is WKB, or GeoParquet 1.1's
 * native polygon / multipolygon encoding ({@link GeoArrowRings}); a file without "geo" may instead
 * carry Parquet's GEOMETRY logical type ({@link ParquetGeometryType}). Other columns (a covering
 * {@code bbox} struct, names) are never read: the projection holds the key and the geometry only.
 */
final class GeoParquetCountries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GeoParquetCountries() {}

    static ParquetReadOptions readOptions() {
        // PlainParquetConfiguration + our codecs: no Hadoop Configuration (and its missing runtime) involved
        return ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .build();
    }

    static List<RawCountry> read(CountingInputFile in, Path file, String isoColumn) {
        try (ParquetFileReader r = ParquetFileReader.open(in, readOptions())) {
            MessageType schema = r.getFileMetaData().getSchema();
            Map<String, String> keyValue = r.getFileMetaData().getKeyValueMetaData();
            // without a "geo" key, Parquet's own GEOMETRY type (WKB, CRS in the type) may still mark the column
            GeoColumn geo = keyValue.get("geo") != null ? checkGeoMetadata(keyValue.get("geo"), file)
                    : new GeoColumn(ParquetGeometryType.column(schema, keyValue, file), "WKB");
            String geometryColumn = geo.name();
            if (GeoArrowRings.isNative(geo.encoding())) {
                GeoArrowRings.checkSchema(schema, geometryColumn, geo.encoding(), file);
            } else if (!isTopLevelBinary(schema, geometryColumn)) {
                throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": the geo metadata names primary column \""
                        + geometryColumn + "\", but the file has no top-level binary (WKB) column of that name");
            }
            if (!schema.containsField(isoColumn)) {
                throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": no column \"" + isoColumn + "\" (columns: "
                        + schema.getFields().stream().map(Type::getName).toList() + ")");
            }
            if (!isTopLevelBinary(schema, isoColumn)) {
                throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": column \"" + isoColumn + "\" is not a string column");
            }
            MessageType projection = new MessageType(schema.getName(), schema.getType(isoColumn), schema.getType(geometryColumn));
            r.setRequestedSchema(projection);
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection);
            WKBReader wkb = new WKBReader();
            List<RawCountry> out = new ArrayList<>();
            PageReadStore rowGroup;
            while ((rowGroup = r.readNextRowGroup()) != null) {
                RecordReader<Group> rows = io.getRecordReader(rowGroup, new GroupRecordConverter(projection));
                for (long i = 0, n = rowGroup.getRowCount(); i < n; i++) {
                    out.add(row(rows.read(), "row " + out.size(), wkb, isoColumn, geo.encoding()));
                }
            }
            return out;
        } catch (TileIndexException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // truncated files, bad magic, corrupt pages, unsupported codecs all land here
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID,
                    file + ": unreadable Parquet file (truncated or corrupt?): " + e.getMessage(), e);
        }
    }

    /** The primary geometry column and its encoding ("WKB", or a native GeoArrow encoding name). */
    private record GeoColumn(String name, String encoding) {}

    /** Validates the "geo" metadata and returns the primary geometry column. */
    private static GeoColumn checkGeoMetadata(String geo, Path file) {
        if (geo == null) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID,
                    file + ": Parquet file without GeoParquet \"geo\" metadata; not a GeoParquet country file");
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(geo);
        } catch (JacksonException e) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": \"geo\" metadata is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        String primary = meta.path("primary_column").asText("");
        JsonNode column = meta.path("columns").path(primary);
        if (primary.isEmpty() || !column.isObject()) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file
                    + ": \"geo\" metadata lacks primary_column or its entry under \"columns\"");
        }
        String encoding = column.path("encoding").asText("");
        if (!encoding.equalsIgnoreCase("WKB") && !GeoArrowRings.isNative(encoding)) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": geometry column \"" + primary
                    + "\" has encoding \"" + encoding + "\"; supported: WKB, polygon, multipolygon");
        }
        // absent crs means OGC:CRS84; an explicit null means "unknown", which we cannot accept as lon/lat
        if (column.has("crs")) {
            JsonNode crs = column.get("crs");
            if (crs.isNull()) {
                throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, file + ": geometry column \"" + primary
                        + "\" declares crs null (unknown CRS); WGS84 lon/lat (OGC:CRS84 / EPSG:4326) is required");
            }
            if (!Wgs84Crs.isLonLatProjJson(crs)) {
                throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, file + ": geometry column \"" + primary
                        + "\" has CRS " + Wgs84Crs.describe(crs) + "; WGS84 lon/lat (OGC:CRS84 / EPSG:4326) is required");
            }
        }
        // spherical edges are geodesics, not the straight lon/lat segments the scan assumes
        if (column.path("edges").asText("planar").equalsIgnoreCase("spherical")) {
            throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, file + ": geometry column \"" + primary
                    + "\" declares spherical edges; planar lon/lat edges are required");
        }
        return new GeoColumn(primary, encoding);
    }

    private static boolean isTopLevelBinary(MessageType schema, String name) {
        if (!schema.containsField(name)) {
            return false;
        }
        Type t = schema.getType(name);
        return t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED)
                && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY;
    }

    private static RawCountry row(Group g, String where, WKBReader wkb, String isoColumn, String encoding) {
        String iso = g.getFieldRepetitionCount(0) > 0 ? g.getString(0, 0) : null;
        String isoProblem = iso == null ? "\"" + isoColumn + "\" is null" : null;
        if (g.getFieldRepetitionCount(1) == 0) {
            return new RawCountry(where, iso, isoProblem, null, "geometry is null", List.of());
        }
        if (GeoArrowRings.isNative(encoding)) {
            return GeoArrowRings.row(where, iso, isoProblem, g.getGroup(1, 0), encoding);
        }
        return fromWkb(where, iso, isoProblem, g.getBinary(1, 0).getBytes(), wkb);
    }

    /** One row's WKB value as a {@link RawCountry}; package-private so the WKB fuzz target takes this exact path. */
    static RawCountry fromWkb(String where, String iso, String isoProblem, byte[] bytes, WKBReader wkb) {
        Geometry geom;
        String open = WkbRings.firstProblem(bytes);
        if (open != null) {
            return new RawCountry(where, iso, isoProblem, null, open, List.of());
        }
        try {
            geom = wkb.read(bytes);
        } catch (ParseException | RuntimeException e) {
            return new RawCountry(where, iso, isoProblem, null, "malformed WKB: " + e.getMessage(), List.of());
        } catch (StackOverflowError e) {
            // JTS reads nested GeometryCollections recursively: ~100 KB of nested headers exhaust the stack.
            // The error is raised and unwound inside WKBReader, whose state the next read() resets.
            return new RawCountry(where, iso, isoProblem, null, "malformed WKB: geometry collections nested too deeply",
                    List.of());
        }
        List<RawCountry.Polygon> polygons = new ArrayList<>();
        if (geom instanceof Polygon p) {
            if (!p.isEmpty()) {
                polygons.add(polygon(p));
            }
        } else if (geom instanceof MultiPolygon mp) {
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                Polygon p = (Polygon) mp.getGeometryN(i);
                if (!p.isEmpty()) {
                    polygons.add(polygon(p));
                }
            }
        }
        return new RawCountry(where, iso, isoProblem, geom.getGeometryType(), null, polygons);
    }

    private static RawCountry.Polygon polygon(Polygon p) {
        List<RawCountry.Ring> rings = new ArrayList<>(1 + p.getNumInteriorRing());
        rings.add(ring(p.getExteriorRing().getCoordinateSequence()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            rings.add(ring(p.getInteriorRingN(i).getCoordinateSequence()));
        }
        return new RawCountry.Polygon(rings);
    }

    private static RawCountry.Ring ring(CoordinateSequence cs) {
        int n = cs.size();
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = cs.getX(i);
            y[i] = cs.getY(i);
        }
        return new RawCountry.Ring(x, y);
    }
}
