package io.tileindex.writer;

import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.CellArea;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.Shapes;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.parquet.TileSchemas;
import io.tileindex.writer.publish.DeterminismReceipt;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.PartitionPublisher;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline on a small grid with tiny units (many row groups and files): every value read back by
 * parquet-java and by DuckDB equals the grid formula, and the bytes do not depend on the worker count.
 */
class PipelineRoundTripTest {
    // 0.1° grid over (-10..10, -5..5): 100 rows x 200 columns, not exactly representable steps
    static final Grid G = new Grid(100, 200, -10.0, 0.1, 0, 5.0, 0, -0.1);

    static List<CountryShape> countries() {
        return List.of(
                Shapes.fromWkt("AA", "POLYGON((-9.93 -4.87, 9.71 -4.91, 9.2 4.83, -9.3 4.9, -9.93 -4.87), (-3 -3, 3 -3, 3 3, -3 3, -3 -3))"),
                Shapes.fromWkt("BB", "POLYGON((-2.05 -2.05, 2.03 -2.01, 2.02 2.04, -2.01 2.01, -2.05 -2.05))"),
                Shapes.fromWkt("CC", "POLYGON((50 50, 51 50, 51 51, 50 50))"), // no cells
                Shapes.fromWkt("DD", "MULTIPOLYGON(((-9.5 -4.5, -9.05 -4.5, -9.05 -4.05, -9.5 -4.05, -9.5 -4.5)), ((8 3, 9 3, 9 4, 8 3)))"));
    }

    static TileIndexPipeline.Result run(Path dir, int workers, Predicate predicate) throws Exception {
        return run(dir, workers, predicate, RetainedRuns.DEFAULT_BYTES);
    }

    static TileIndexPipeline.Result run(Path dir, int workers, Predicate predicate, long retainedRunsBytes) throws Exception {
        Path idx = Files.createDirectories(dir.resolve("idx")), bnd = Files.createDirectories(dir.resolve("bnd"));
        TileIndexPipeline p = new TileIndexPipeline(new TileIndexPipeline.Config(G, predicate, workers, ColumnKernels.get(),
                1000, Map.of("tileindex.parameter_hash", "0".repeat(64)), FaultInjector.NONE).withRetainedRunsBytes(retainedRunsBytes));
        return p.run(countries(), idx, bnd, TileIndexPipeline.Progress.NONE);
    }

    @Test
    void valuesReadBackByParquetJavaEqualTheGridFormulas(@TempDir Path dir) throws Exception {
        TileIndexPipeline.Result r = run(dir, 2, Predicate.CENTER);
        assertTrue(r.rowsEmitted() > 9000, "rows " + r.rowsEmitted());
        List<String> files = PartitionPublisher.relativeFiles(dir.resolve("idx"));
        assertTrue(files.size() >= 3, files.toString());
        assertEquals(files, PartitionPublisher.relativeFiles(dir.resolve("bnd")));
        assertEquals(r.tileIndexReceipt(), DeterminismReceipt.of(dir.resolve("idx")), "streamed receipt = receipt from disk");
        assertEquals(r.tileBoundsReceipt(), DeterminismReceipt.of(dir.resolve("bnd")), "tile_bounds: the same");
        double[] area = CellArea.allRows(G);
        long rows = 0;
        String lastKey = "";
        for (String f : files) {
            assertEquals(TileSchemas.TILE_INDEX, ParquetReadBack.schema(dir.resolve("idx").resolve(f)));
            List<Group> index = ParquetReadBack.read(dir.resolve("idx").resolve(f));
            List<Group> bounds = ParquetReadBack.read(dir.resolve("bnd").resolve(f));
            assertEquals(index.size(), bounds.size());
            for (int i = 0; i < index.size(); i++) {
                Group a = index.get(i), b = bounds.get(i);
                String iso = a.getString("country_iso", 0);
                long tile = a.getLong("tile_id", 0), row = a.getLong("raster_row", 0), col = a.getLong("raster_col", 0);
                String key = iso + String.format("%020d", tile);
                assertTrue(key.compareTo(lastKey) > 0, "sorted and unique at " + key);
                lastKey = key;
                assertEquals(row * G.ncols() + col, tile);
                assertEquals(G.centroidLon(col), a.getDouble("centroid_lon", 0));
                assertEquals(G.centroidLat(row), a.getDouble("centroid_lat", 0));
                assertEquals(area[(int) row], a.getDouble("pixel_area_m2", 0));
                assertEquals("center", a.getString("inclusion_rule", 0));
                assertEquals(iso, b.getString("country_iso", 0));
                assertEquals(tile, b.getLong("tile_id", 0));
                assertEquals(G.minLat(row), b.getDouble("min_lat_deg", 0));
                assertEquals(G.maxLat(row), b.getDouble("max_lat_deg", 0));
                assertEquals(G.minLon(col), b.getDouble("min_lon_deg", 0));
                assertEquals(G.maxLon(col), b.getDouble("max_lon_deg", 0));
                assertEquals(G.centroidLat(row), b.getDouble("centroid_lat_deg", 0));
                assertEquals(G.centroidLon(col), b.getDouble("centroid_lon_deg", 0));
            }
            rows += index.size();
            for (long n : ParquetReadBack.rowGroupSizes(dir.resolve("idx").resolve(f))) {
                assertTrue(n <= 1000);
            }
        }
        assertEquals(r.rowsEmitted(), rows);
    }

    @Test
    void duckDbReadsTheSameRowsAndTheSqlSanityChecksHold(@TempDir Path dir) throws Exception {
        TileIndexPipeline.Result r = run(dir, 3, Predicate.ANY_OVERLAP);
        String idx = dir.resolve("idx").toString().replace("'", "''") + "/*.parquet";
        String bnd = dir.resolve("bnd").toString().replace("'", "''") + "/*.parquet";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            assertEquals(r.rowsEmitted(), scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "')"));
            assertEquals(r.rowsEmitted(), scalar(s, "SELECT count(DISTINCT (country_iso, tile_id)) FROM read_parquet('" + idx + "')"));
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "') WHERE tile_id <> raster_row * 200 + raster_col"));
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + idx + "') WHERE pixel_area_m2 <= 0 OR inclusion_rule <> 'any_overlap'"));
            assertEquals(0, scalar(s, "SELECT count(*) FROM read_parquet('" + bnd + "') WHERE NOT (min_lon_deg < centroid_lon_deg AND centroid_lon_deg < max_lon_deg AND min_lat_deg < centroid_lat_deg AND centroid_lat_deg < max_lat_deg)"));
            // file order = key order: rows read file by file in name order are sorted
            assertEquals(0, scalar(s, "SELECT count(*) FROM (SELECT country_iso, tile_id, lag(country_iso) OVER w AS pi, lag(tile_id) OVER w AS pt "
                    + "FROM read_parquet('" + idx + "', filename=true) WINDOW w AS (ORDER BY filename, file_row_number)) "
                    + "WHERE pi IS NOT NULL AND (country_iso < pi OR (country_iso = pi AND tile_id <= pt))"));
            try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + idx + "')")) {
                StringBuilder cols = new StringBuilder();
                while (rs.next()) {
                    cols.append(rs.getString(1)).append(':').append(rs.getString(2)).append(' ');
                }
                assertEquals("country_iso:VARCHAR tile_id:UBIGINT raster_row:UBIGINT raster_col:UBIGINT centroid_lon:DOUBLE "
                        + "centroid_lat:DOUBLE pixel_area_m2:DOUBLE inclusion_rule:VARCHAR ", cols.toString());
            }
        }
    }

    @Test
    void parquetJavaAndDuckDbReadIdenticalValuesBitForBit(@TempDir Path dir) throws Exception {
        run(dir, 2, Predicate.ANY_OVERLAP);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String ds : List.of("idx", "bnd")) {
                for (String f : PartitionPublisher.relativeFiles(dir.resolve(ds))) {
                    Path file = dir.resolve(ds).resolve(f);
                    List<Group> rows = ParquetReadBack.read(file);
                    var schema = ParquetReadBack.schema(file);
                    try (ResultSet rs = s.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
                        int i = 0;
                        while (rs.next()) {
                            Group g = rows.get(i++);
                            for (int k = 0; k < schema.getFieldCount(); k++) {
                                String name = schema.getFieldName(k);
                                switch (schema.getType(k).asPrimitiveType().getPrimitiveTypeName()) {
                                    case BINARY -> assertEquals(g.getString(name, 0), rs.getString(name));
                                    case INT64 -> assertEquals(g.getLong(name, 0), rs.getLong(name));
                                    case DOUBLE -> assertEquals(Double.doubleToRawLongBits(g.getDouble(name, 0)),
                                            Double.doubleToRawLongBits(rs.getDouble(name)), name + " row " + i + " of " + f);
                                    default -> throw new AssertionError(name);
                                }
                            }
                        }
                        assertEquals(rows.size(), i, f);
                    }
                }
            }
        }
    }

    static long scalar(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** No budget: every row group's rows are scanned again in the encode stage; the bytes must not change. */
    @Test
    void rowGroupsScannedAgainWriteTheSameBytesAsRetainedRuns(@TempDir Path dir) throws Exception {
        for (Predicate p : Predicate.values()) {
            TileIndexPipeline.Result kept = run(dir.resolve(p + "-kept"), 2, p);
            TileIndexPipeline.Result again = run(dir.resolve(p + "-again"), 2, p, 0);
            assertEquals(0, kept.stats().scanMemory().countriesRescanned(), p.toString());
            assertEquals(3, again.stats().scanMemory().countriesRescanned(), p + ": every country with cells");
            assertTrue(again.stats().scanMemory().rowsRescanned() > 0, p.toString());
            assertEquals(kept.tileIndexReceipt(), again.tileIndexReceipt(), p.toString());
            assertEquals(kept.tileBoundsReceipt(), again.tileBoundsReceipt(), p.toString());
            for (int i = 0; i < kept.countries().size(); i++) {
                ScannedCountry a = kept.countries().get(i), b = again.countries().get(i);
                assertEquals(a.cells().cellsVisited(), b.cells().cellsVisited(), a.iso());
                assertEquals(a.cells().cellsExcludedHole(), b.cells().cellsExcludedHole(), a.iso());
                assertEquals(a.tileIdMin(), b.tileIdMin(), a.iso());
                assertEquals(a.tileIdMax(), b.tileIdMax(), a.iso());
                assertEquals(a.areaM2(), b.areaM2(), a.iso());
            }
        }
    }

    @Test
    void bytesAreIdenticalForEveryWorkerCount(@TempDir Path dir) throws Exception {
        String first = null;
        for (int w : new int[] {1, 2, 3, 8}) {
            TileIndexPipeline.Result r = run(dir.resolve("w" + w), w, Predicate.CENTER);
            String both = r.tileIndexReceipt() + "/" + DeterminismReceipt.of(dir.resolve("w" + w).resolve("bnd"));
            if (first == null) {
                first = both;
            }
            assertEquals(first, both, "workers=" + w);
        }
    }
}
