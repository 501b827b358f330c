package io.tileindex.validator;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tileindex.validator.Findings.ex;

/**
 * Reads one Parquet file of either dataset column by column ({@link ColumnCursor}s in lockstep, a
 * batch of rows at a time: no row objects) and checks every row against SPEC §4 and the grid
 * formulas. What crosses file boundaries (order, the per-country tile sets) is returned for
 * {@link Validator} to join in file-name order.
 */
final class FileScan {
    enum Dataset { TILE_INDEX, TILE_BOUNDS }

    /** SPEC §4 column lists, written out here rather than taken from the writer's schema. */
    static final List<String> INDEX_COLUMNS = List.of("country_iso", "tile_id", "raster_row", "raster_col",
            "centroid_lon", "centroid_lat", "pixel_area_m2", "inclusion_rule");
    static final List<String> BOUNDS_COLUMNS = List.of("country_iso", "tile_id", "min_lat_deg", "max_lat_deg",
            "min_lon_deg", "max_lon_deg", "centroid_lat_deg", "centroid_lon_deg");

    final Path file;
    final String name;
    final Dataset dataset;
    final Findings findings = new Findings();
    /** Per country, in order of first appearance. */
    final Map<String, CellRuns> runs = new LinkedHashMap<>();
    String firstIso, lastIso;
    long firstTile = -1, lastTile = -1, rows;

    /** Rows decoded per column before they are checked: small enough to stay in cache. */
    private static final int BATCH = 4096;
    private final Binary[] isoCol = new Binary[BATCH], ruleCol = new Binary[BATCH];
    private final long[] tileCol = new long[BATCH], rowCol = new long[BATCH], colCol = new long[BATCH];
    private final double[][] dCol = new double[8][];

    private final GridFormulas grid;
    private final IsoCodes iso;
    private final Binary rule;
    private final Map<String, String> isoProblems = new HashMap<>();

    private final String parameterHash;

    FileScan(Path file, Dataset dataset, GridFormulas grid, IsoCodes iso, String predicate, String parameterHash) {
        this.parameterHash = parameterHash;
        this.file = file;
        this.name = file.getFileName().toString();
        this.dataset = dataset;
        this.grid = grid;
        this.iso = iso;
        this.rule = Binary.fromString(predicate);
        for (int k = dataset == Dataset.TILE_INDEX ? 4 : 2; k < (dataset == Dataset.TILE_INDEX ? 7 : 8); k++) {
            dCol[k] = new double[BATCH];
        }
    }

    FileScan run() {
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            String embedded = r.getFileMetaData().getKeyValueMetaData().get("tileindex.parameter_hash");
            if (!parameterHash.equals(embedded)) {
                // the same rows copied in from another build: the file does not belong to this partition
                findings.fail(Check.PARTITION_FILES, ex("file", where(), "embedded_parameter_hash", embedded,
                        "expected", parameterHash, "reason", "a file of another partition (foreign file)"));
            }
            MessageType schema = r.getFileMetaData().getSchema();
            String bad = schemaProblem(schema, dataset == Dataset.TILE_INDEX ? INDEX_COLUMNS : BOUNDS_COLUMNS);
            if (bad != null) {
                findings.fail(Check.SCHEMA, ex("file", dataset.name().toLowerCase() + "/" + name, "reason", bad,
                        "schema", schema.toString().trim()));
                return this;
            }
            long expected = r.getRecordCount();
            List<ColumnDescriptor> cols = schema.getColumns();
            PageReadStore rg;
            while ((rg = r.readNextRowGroup()) != null) {
                ColumnCursor[] c = new ColumnCursor[8];
                for (int i = 0; i < 8; i++) {
                    c[i] = new ColumnCursor(rg, cols.get(i));
                }
                for (long left = rg.getRowCount(); left > 0; ) {
                    int n = (int) Math.min(BATCH, left);
                    if (dataset == Dataset.TILE_INDEX) {
                        scanIndexRows(c, n);
                    } else {
                        scanBoundsRows(c, n);
                    }
                    left -= n;
                }
            }
            runs.values().forEach(CellRuns::normalize);
            if (rows != expected) {
                findings.fail(Check.READABLE, ex("file", where(), "reason", "footer declares " + expected
                        + " rows, row groups hold " + rows));
            }
        } catch (Exception | LinkageError e) {
            // truncated, corrupt or not Parquet at all: the file cannot be trusted beyond this point
            findings.fail(Check.READABLE, ex("file", where(), "reason", String.valueOf(e)));
        }
        return this;
    }

    private String where() { return dataset.name().toLowerCase() + "/" + name; }

    static String schemaProblem(MessageType schema, List<String> columns) {
        List<String> names = new ArrayList<>();
        schema.getFields().forEach(f -> names.add(f.getName()));
        if (!names.equals(columns)) {
            return "columns " + names + ", expected " + columns;
        }
        for (int i = 0; i < columns.size(); i++) {
            Type t = schema.getType(i);
            if (!t.isPrimitive() || !t.isRepetition(Type.Repetition.REQUIRED)) {
                return columns.get(i) + " must be a required (non-null) primitive column";
            }
            PrimitiveTypeName p = t.asPrimitiveType().getPrimitiveTypeName();
            LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
            boolean ok = switch (i) {
                case 0 -> p == PrimitiveTypeName.BINARY && LogicalTypeAnnotation.stringType().equals(a);
                case 1 -> p == PrimitiveTypeName.INT64 && LogicalTypeAnnotation.intType(64, false).equals(a);
                case 2, 3 -> columns.get(i).startsWith("raster_")
                        ? p == PrimitiveTypeName.INT64 && LogicalTypeAnnotation.intType(64, false).equals(a)
                        : p == PrimitiveTypeName.DOUBLE && a == null;
                case 7 -> columns.get(i).equals("inclusion_rule")
                        ? p == PrimitiveTypeName.BINARY && LogicalTypeAnnotation.stringType().equals(a)
                        : p == PrimitiveTypeName.DOUBLE && a == null;
                default -> p == PrimitiveTypeName.DOUBLE && a == null;
            };
            if (!ok) {
                return columns.get(i) + " has type " + t.toString().trim() + ", not the SPEC §4 type";
            }
        }
        return null;
    }

    // ---- per-row checks

    private Binary curIso, curIsoRef;
    private String curIsoText;
    private boolean curIsoBad;
    private String curIsoProblem = "";
    private CellRuns curRuns;
    private long prevTile;

    // the current row, kept in fields so that a passing row allocates nothing
    private Binary vIso, vRule;
    private long vTile, vRow, vCol;
    private final double[] vD = new double[8];

    /** Key order and uniqueness, ISO foreign key; adds the tile to its country's runs. */
    private void key() {
        long tile = vTile;
        // dictionary pages hand out one Binary per distinct value: same object, same country
        if (vIso != curIsoRef && !vIso.equals(curIso)) {
            String s = vIso.toStringUsingUTF8();
            if (curIsoText != null && s.compareTo(curIsoText) < 0) {
                findings.fail(Check.SORT_UNIQUE, example("country_iso " + s + " after " + curIsoText));
            }
            curIso = Binary.fromConstantByteArray(vIso.getBytes());
            curIsoRef = vIso;
            curIsoText = s;
            curRuns = runs.computeIfAbsent(s, k -> new CellRuns());
            if (firstIso == null) {
                firstIso = s;
                firstTile = tile;
            }
            String p = isoProblems.computeIfAbsent(s, k -> {
                String why = iso.problem(k);
                return why == null ? "" : why;
            });
            curIsoBad = !p.isEmpty();
            curIsoProblem = p;
        } else if (Long.compareUnsigned(tile, prevTile) <= 0) {
            findings.fail(Check.SORT_UNIQUE, example(tile == prevTile
                    ? "duplicate key (" + curIsoText + ", " + Long.toUnsignedString(tile) + ")"
                    : "tile_id " + Long.toUnsignedString(tile) + " after " + Long.toUnsignedString(prevTile)));
        }
        if (curIsoBad) {
            findings.fail(Check.ISO_FK, example(curIsoProblem));
        }
        prevTile = tile;
        lastIso = curIsoText;
        lastTile = tile;
        if (tile >= 0 && tile < grid.cells()) {
            curRuns.add(tile);
        }
    }

    private void scanIndexRows(ColumnCursor[] c, int n) {
        c[0].binaries(isoCol, n);
        c[1].longs(tileCol, n);
        c[2].longs(rowCol, n);
        c[3].longs(colCol, n);
        c[4].doubles(dCol[4], n);
        c[5].doubles(dCol[5], n);
        c[6].doubles(dCol[6], n);
        c[7].binaries(ruleCol, n);
        Binary lastRule = null;
        for (int i = 0; i < n; i++) {
            vIso = isoCol[i];
            long tile = vTile = tileCol[i], row = vRow = rowCol[i], col = vCol = colCol[i];
            double lon = vD[4] = dCol[4][i], lat = vD[5] = dCol[5][i], area = vD[6] = dCol[6][i];
            vRule = ruleCol[i];
            key();
            boolean cellOk = row >= 0 && row < grid.nrows && col >= 0 && col < grid.ncols;
            if (!cellOk || tile != row * grid.ncols + col) {
                findings.fail(Check.TILE_ID, example(cellOk
                        ? "tile_id != raster_row * " + grid.ncols + " + raster_col = " + (row * grid.ncols + col)
                        : "raster_row/raster_col outside the " + grid.nrows + " x " + grid.ncols + " grid"));
            }
            if (cellOk) {
                double fLon = grid.writtenCentroidLon(col), fLat = grid.centroidLat(row);
                if (!same(lon, fLon) || !same(lat, fLat)) {
                    findings.fail(Check.COORDINATES, example("centroid (" + lon + ", " + lat
                            + ") != SPEC §2 formula (" + fLon + ", " + fLat + ")" + shiftNote(col)));
                } else if (!GridFormulas.centreLonInRange(lon) || !GridFormulas.latInRange(lat)) {
                    findings.fail(Check.COORDINATES, example("centroid outside [-180, 180] x [-90, 90]"));
                }
            }
            if (!(area > 0.0)) {
                findings.fail(Check.AREA, example("pixel_area_m2 is not positive"));
            } else if (cellOk && !grid.areaMatches(area, row)) {
                findings.fail(Check.AREA, example("pixel_area_m2 != GeographicLib geodesic cell area " + grid.area(row)));
            }
            // dictionary pages hand out one Binary per distinct value: compare contents only when it changes
            if (vRule != lastRule) {
                lastRule = rule.equals(vRule) ? vRule : null;
                if (lastRule == null) {
                    findings.fail(Check.INCLUSION_RULE, example("inclusion_rule is not the predicate '"
                            + rule.toStringUsingUTF8() + "'"));
                }
            }
            rows++;
        }
    }

    private void scanBoundsRows(ColumnCursor[] c, int n) {
        c[0].binaries(isoCol, n);
        c[1].longs(tileCol, n);
        for (int k = 2; k < 8; k++) {
            c[k].doubles(dCol[k], n);
        }
        double[] d = vD;
        for (int i = 0; i < n; i++) {
            vIso = isoCol[i];
            long tile = vTile = tileCol[i];
            for (int k = 2; k < 8; k++) {
                d[k] = dCol[k][i];
            }
            key();
            if (tile < 0 || tile >= grid.cells()) {
                findings.fail(Check.TILE_ID, example("tile_id outside the " + grid.nrows + " x " + grid.ncols + " grid"));
            } else {
                long row = tile / grid.ncols, col = tile - row * grid.ncols;
                double minLat = d[2], maxLat = d[3], minLon = d[4], maxLon = d[5], cLat = d[6], cLon = d[7];
                double shift = grid.shiftOf(col);
                double fMinLon = grid.minLon(col) + shift, fMaxLon = grid.maxLon(col) + shift, fLon = grid.centroidLon(col) + shift;
                if (!same(minLat, grid.minLat(row)) || !same(maxLat, grid.maxLat(row)) || !same(minLon, fMinLon)
                        || !same(maxLon, fMaxLon) || !same(cLat, grid.centroidLat(row)) || !same(cLon, fLon)) {
                    findings.fail(Check.COORDINATES, example("bounds or centroid != SPEC §2 formula for row "
                            + row + ", col " + col + shiftNote(col)));
                } else if (!grid.lonInRange(minLon, fMinLon) || !grid.lonInRange(maxLon, fMaxLon)
                        || !GridFormulas.centreLonInRange(cLon) || !GridFormulas.latInRange(minLat)
                        || !GridFormulas.latInRange(maxLat) || !GridFormulas.latInRange(cLat)) {
                    findings.fail(Check.COORDINATES, example("coordinates outside [-180, 180] x [-90, 90]"));
                }
            }
            rows++;
        }
    }

    /** For a shifted column, says so: a writer that forgot the shift shows up with the formula's values. */
    private String shiftNote(long col) {
        double s = grid.shiftOf(col);
        return s == 0.0 ? "" : " (the column's formula centre " + grid.centroidLon(col) + " lies outside [-180, 180):"
                + " SPEC §2 shifts the cell by " + (s > 0 ? "+" : "") + s + "°)";
    }

    /** Bit equality: the formulas are exact IEEE-754 expressions, so anything else is a different number. */
    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    /** The current row as column → value, with the file, the row's position in it and the reason. */
    private Map<String, Object> example(String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", where());
        m.put("row_in_file", rows);
        m.put("country_iso", vIso.toStringUsingUTF8());
        m.put("tile_id", unsigned(vTile));
        if (dataset == Dataset.TILE_INDEX) {
            m.put("raster_row", unsigned(vRow));
            m.put("raster_col", unsigned(vCol));
            m.put("centroid_lon", vD[4]);
            m.put("centroid_lat", vD[5]);
            m.put("pixel_area_m2", vD[6]);
            m.put("inclusion_rule", vRule.toStringUsingUTF8());
        } else {
            for (int k = 2; k < 8; k++) {
                m.put(BOUNDS_COLUMNS.get(k), vD[k]);
            }
        }
        m.put("reason", reason);
        return m;
    }

    private static Object unsigned(long v) { return v >= 0 ? (Object) v : Long.toUnsignedString(v); }
}
