package io.tileindex.validator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A whole published partition of one small country on the bundled 1 km grid, written here (rows with
 * parquet-java, the evidence with Jackson) so that {@link Validator#run} can be tested on it: a country
 * with a hole and slanted edges, its cells by the predicate and its coverage fractions from JTS. The
 * fixture is right by construction; each test breaks one thing and names what the validator must say.
 */
final class CoveragePartition {
    static final String HASH = "c0".repeat(32);
    static final String FILE = "part-SM-00000.parquet";
    static final String WKT = "POLYGON((12.40 43.90, 12.52 43.905, 12.50 44.00, 12.41 43.99, 12.40 43.90),"
            + " (12.44 43.93, 12.47 43.93, 12.46 43.96, 12.44 43.93))";

    /** One row: its cell and coverage fraction. */
    record Cell(long row, long col, double fraction) {}

    final Path out, countries, grid, iso;
    final String predicate;
    final GridFormulas g;
    final List<Cell> cells = new ArrayList<>();

    CoveragePartition(Path dir, String predicate) throws Exception {
        this.out = dir.resolve("out");
        this.predicate = predicate;
        this.grid = Fixtures.repoRoot().resolve("data/worldpop_1km_grid.tif");
        this.iso = Fixtures.repoRoot().resolve("data/iso3166.csv");
        this.g = new GridFormulas(GridHeader.read(grid));
        this.countries = dir.resolve("countries.geojson");
        Geometry country = new WKTReader().read(WKT);
        Files.writeString(countries, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{\"country_iso\":\"SM\"},\"geometry\":"
                + new org.locationtech.jts.io.geojson.GeoJsonWriter().write(country) + "}]}");
        double[] frame = g.writtenLonExtent();
        eligibleCells(new CountryShape(country, frame[0], frame[1]), country.getEnvelopeInternal());
    }

    /** The country's cells under the predicate, each with JTS's fraction (exactly 1.0 where it covers the cell). */
    private void eligibleCells(CountryShape shape, Envelope env) {
        CountryShape.BoxTester box = shape.boxTester();
        CountryShape.CellCoverage jts = shape.cellCoverage();
        long r0 = (long) ((env.getMaxY() - g.gt3) / g.gt5) - 1, r1 = (long) ((env.getMinY() - g.gt3) / g.gt5) + 1;
        long c0 = (long) ((env.getMinX() - g.gt0) / g.gt1) - 1, c1 = (long) ((env.getMaxX() - g.gt0) / g.gt1) + 1;
        for (long r = r0; r <= r1; r++) {
            for (long c = c0; c <= c1; c++) {
                Envelope e = new Envelope(g.writtenMinLon(c), g.writtenMaxLon(c), g.minLat(r), g.maxLat(r));
                boolean in = predicate.equals("center") ? shape.containsCentre(g.writtenCentroidLon(c), g.centroidLat(r))
                        : box.overlaps(e.getMinX(), e.getMaxX(), e.getMinY(), e.getMaxY());
                if (in) {
                    cells.add(new Cell(r, c, jts.covers(e) ? 1.0 : jts.fraction(e)));
                }
            }
        }
    }

    /** What a test changes: the column, the run report's flag (null: no field), the rows, the recorded area. */
    record Variant(boolean column, Boolean flag, UnaryOperator<List<Cell>> rows, double areaFactor) {
        static Variant good() { return new Variant(true, true, r -> r, 1.0); }
        Variant column(boolean c) { return new Variant(c, flag, rows, areaFactor); }
        Variant flag(Boolean f) { return new Variant(column, f, rows, areaFactor); }
        Variant rows(UnaryOperator<List<Cell>> r) { return new Variant(column, flag, r, areaFactor); }
        Variant areaFactor(double f) { return new Variant(column, flag, rows, f); }
    }

    /** Writes the partition and its evidence as {@code v} says, then validates it. */
    Validator.Verdict validate(Variant v) throws Exception {
        List<Cell> rows = v.rows().apply(new ArrayList<>(cells));
        Path index = out.resolve("data/layer1/1B/tile_index/parameter_hash=" + HASH);
        Path bounds = out.resolve("data/layer1/1B/tile_bounds/parameter_hash=" + HASH);
        writeIndex(index.resolve(FILE), rows, v.column());
        writeBounds(bounds.resolve(FILE), rows);
        double km2 = 0;
        for (Cell c : rows) {
            km2 += c.fraction() * g.area(c.row()) / 1e6;
        }
        writeEvidence(rows, v.column() ? km2 * v.areaFactor() : null, v.flag(), Validator.receipt(index, Map.of()),
                Validator.receipt(bounds, Map.of()));
        return Validator.run(new Validator.Options(out, HASH, countries, iso, grid, predicate, "country_iso", 1, line -> {}));
    }

    private void writeIndex(Path file, List<Cell> rows, boolean column) throws IOException {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country_iso");
        for (String n : List.of("tile_id", "raster_row", "raster_col")) {
            b.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named(n);
        }
        for (String n : List.of("centroid_lon", "centroid_lat", "pixel_area_m2")) {
            b.required(PrimitiveTypeName.DOUBLE).named(n);
        }
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("inclusion_rule");
        if (column) {
            b.required(PrimitiveTypeName.DOUBLE).named("coverage_fraction");
        }
        MessageType schema = b.named("tile_index");
        write(file, schema, rows, (f, c) -> {
            f.append("raster_row", c.row()).append("raster_col", c.col()).append("centroid_lon", g.writtenCentroidLon(c.col()))
                    .append("centroid_lat", g.centroidLat(c.row())).append("pixel_area_m2", g.area(c.row()))
                    .append("inclusion_rule", predicate);
            if (column) {
                f.append("coverage_fraction", c.fraction());
            }
        });
    }

    private void writeBounds(Path file, List<Cell> rows) throws IOException {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country_iso");
        b.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("tile_id");
        for (String n : FileScan.BOUNDS_COLUMNS.subList(2, 8)) {
            b.required(PrimitiveTypeName.DOUBLE).named(n);
        }
        write(file, b.named("tile_bounds"), rows, (f, c) -> f.append("min_lat_deg", g.minLat(c.row()))
                .append("max_lat_deg", g.maxLat(c.row())).append("min_lon_deg", g.writtenMinLon(c.col()))
                .append("max_lon_deg", g.writtenMaxLon(c.col())).append("centroid_lat_deg", g.centroidLat(c.row()))
                .append("centroid_lon_deg", g.writtenCentroidLon(c.col())));
    }

    private interface RowFiller {
        void fill(Group row, Cell c);
    }

    private void write(Path file, MessageType schema, List<Cell> rows, RowFiller fill) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withType(schema).withExtraMetaData(Map.of("tileindex.parameter_hash", HASH)).build()) {
            for (Cell c : rows) {
                Group row = groups.newGroup().append("country_iso", "SM").append("tile_id", c.row() * g.ncols + c.col());
                fill.fill(row, c);
                w.write(row);
            }
        }
    }

    private void writeEvidence(List<Cell> rows, Double coveredKm2, Boolean flag, String indexSha, String boundsSha)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path dir = Files.createDirectories(out.resolve("reports/layer1/1B/tile_index/parameter_hash=" + HASH));
        ObjectNode receipt = json.createObjectNode().put("partition_path", "data/layer1/1B/tile_index/parameter_hash=" + HASH)
                .put("sha256_hex", indexSha);
        receipt.putObject("tile_bounds").put("partition_path", "data/layer1/1B/tile_bounds/parameter_hash=" + HASH)
                .put("sha256_hex", boundsSha);
        ObjectNode report = json.createObjectNode().put("parameter_hash", HASH).put("predicate", predicate);
        report.putObject("grid_dims").put("nrows", g.nrows).put("ncols", g.ncols);
        report.putArray("geotransform").add(g.gt0).add(g.gt1).add(0.0).add(g.gt3).add(0.0).add(g.gt5);
        report.putArray("ingress_versions");
        report.put("countries_total", 1).put("rows_emitted", rows.size());
        if (flag != null) {
            report.put("coverage_fraction", flag);
        }
        report.set("determinism_receipt", receipt);
        ObjectNode pat = report.putObject("pat");
        List.of("wall_clock_seconds_total", "cpu_seconds_total", "countries_processed", "cells_scanned_total",
                "cells_included_total", "bytes_read_raster_total", "bytes_read_vectors_total", "max_worker_rss_bytes",
                "open_files_peak", "workers_used", "chunk_size", "tiles_per_second_peak", "worker_idle_seconds").forEach(k -> pat.put(k, 0));
        report.putObject("envelope").putObject("rss_le_1gib").put("value", 1.0).put("bound", 2.0).put("pass", true);
        json.writeValue(dir.resolve("run_report.json").toFile(), report);
        json.writeValue(dir.resolve("determinism_receipt.json").toFile(), receipt);
        ObjectNode summary = json.createObjectNode().put("country_iso", "SM").put("cells_included", rows.size())
                .put("tile_id_min", rows.getFirst().row() * g.ncols + rows.getFirst().col())
                .put("tile_id_max", rows.getLast().row() * g.ncols + rows.getLast().col());
        if (coveredKm2 != null) {
            summary.put("covered_area_km2", coveredKm2);
        }
        Files.writeString(dir.resolve("country_summaries.jsonl"), json.writeValueAsString(summary) + "\n");
    }
}
