package io.tileindex.writer;

import io.tileindex.kernel.columns.ColumnKernel;
import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.Shapes;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.parquet.ParquetCodecs;
import io.tileindex.writer.publish.DeterminismReceipt;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.PartitionPublisher;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline on grids whose end columns SPEC §2 shifts by ±360°: a 0..360 grid (its eastern half
 * shifts) and a grid overhanging -180 by 1.5 cells (its column 0 shifts). Countries sit at both ends
 * and across the seam, so row groups hold shifted and unshifted columns together. Every longitude read
 * back is the shifted formula, every row group's longitude statistics are the true min and max of its
 * values (a longitude dictionary is no longer sorted by column), and both kernels write the same bytes.
 */
class ShiftedGridRoundTripTest {
    static final Grid ZERO_360 = new Grid(36, 144, 0.0, 2.5, 0, 45.0, 0, -2.5);
    static final Grid OVERHANG = new Grid(36, 144, -183.75, 2.5, 0, 45.0, 0, -2.5);

    static List<CountryShape> countries() {
        return List.of(
                // across the seam, split at ±180
                Shapes.fromWkt("FJ", "MULTIPOLYGON(((170 -20, 180 -20, 180 20, 170 20, 170 -20)), ((-180 -20, -172 -20, -172 20, -180 20, -180 -20)))"),
                // the western hemisphere: shifted columns on the 0..360 grid
                Shapes.fromWkt("US", "POLYGON((-120 10, -70 10, -70 40, -120 40, -120 10))"),
                // the eastern hemisphere near 0
                Shapes.fromWkt("GH", "POLYGON((-3 -10, 4 -10, 4 5, -3 5, -3 -10))"));
    }

    static TileIndexPipeline.Result run(Path dir, Grid g, int workers, ColumnKernel kernel, Predicate predicate) throws Exception {
        Path idx = Files.createDirectories(dir.resolve("idx")), bnd = Files.createDirectories(dir.resolve("bnd"));
        TileIndexPipeline p = new TileIndexPipeline(new TileIndexPipeline.Config(g, predicate, workers, kernel,
                150, Map.of("tileindex.parameter_hash", "0".repeat(64)), FaultInjector.NONE));
        return p.run(countries(), idx, bnd, TileIndexPipeline.Progress.NONE);
    }

    @Test
    void longitudesAndTheirStatisticsAreTheShiftedValues(@TempDir Path dir) throws Exception {
        for (Grid g : List.of(ZERO_360, OVERHANG)) {
            g.checkGeographicExtent();
            Path d = dir.resolve(g.gt0() == 0 ? "zero360" : "overhang");
            TileIndexPipeline.Result r = run(d, g, 2, ColumnKernels.get(), Predicate.ANY_OVERLAP);
            long shifted = 0, rows = 0;
            for (String f : PartitionPublisher.relativeFiles(d.resolve("idx"))) {
                List<Group> index = ParquetReadBack.read(d.resolve("idx").resolve(f));
                List<Group> bounds = ParquetReadBack.read(d.resolve("bnd").resolve(f));
                for (int i = 0; i < index.size(); i++) {
                    Group a = index.get(i), b = bounds.get(i);
                    long col = a.getLong("raster_col", 0);
                    double lon = a.getDouble("centroid_lon", 0);
                    assertEquals(g.shiftedCentroidLon(col), lon, f + " col " + col);
                    assertTrue(lon >= -180 && lon < 180, f + " col " + col + ": " + lon);
                    assertEquals(g.shiftedCentroidLon(col), b.getDouble("centroid_lon_deg", 0));
                    assertEquals(g.shiftedMinLon(col), b.getDouble("min_lon_deg", 0));
                    assertEquals(g.shiftedMaxLon(col), b.getDouble("max_lon_deg", 0));
                    shifted += g.lonShift(col) != 0 ? 1 : 0;
                }
                rows += index.size();
                assertStatisticsAreTheValues(d.resolve("idx").resolve(f), index, List.of("centroid_lon"));
                assertStatisticsAreTheValues(d.resolve("bnd").resolve(f), bounds,
                        List.of("min_lon_deg", "max_lon_deg", "centroid_lon_deg"));
            }
            assertEquals(r.rowsEmitted(), rows);
            assertTrue(shifted > 0 && shifted < rows, g + ": shifted " + shifted + " of " + rows);
        }
    }

    /** Each row group's min/max statistics of {@code columns} are the extremes of the values it holds. */
    static void assertStatisticsAreTheValues(Path file, List<Group> rows, List<String> columns) throws Exception {
        try (ParquetFileReader r = ParquetCodecs.open(file)) {
            int at = 0;
            for (BlockMetaData block : r.getFooter().getBlocks()) {
                Map<String, double[]> extremes = new HashMap<>();
                for (int i = at; i < at + block.getRowCount(); i++) {
                    for (String c : columns) {
                        double v = rows.get(i).getDouble(c, 0);
                        double[] e = extremes.computeIfAbsent(c, k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
                        e[0] = Math.min(e[0], v);
                        e[1] = Math.max(e[1], v);
                    }
                }
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    String c = chunk.getPath().toDotString();
                    if (columns.contains(c)) {
                        Statistics<?> s = chunk.getStatistics();
                        assertEquals(extremes.get(c)[0], (Double) s.genericGetMin(), file.getFileName() + " " + c + " min");
                        assertEquals(extremes.get(c)[1], (Double) s.genericGetMax(), file.getFileName() + " " + c + " max");
                    }
                }
                at += (int) block.getRowCount();
            }
        }
    }

    @Test
    void scalarAndVectorKernelsAndWorkerCountsWriteTheSameBytes(@TempDir Path dir) throws Exception {
        for (Grid g : List.of(ZERO_360, OVERHANG)) {
            String first = null;
            int k = 0;
            for (ColumnKernel kernel : List.of(ColumnKernels.scalar(), ColumnKernels.vector().orElseThrow())) {
                for (int w : new int[] {1, 3}) {
                    Path d = dir.resolve((g.gt0() == 0 ? "z" : "o") + k++);
                    TileIndexPipeline.Result r = run(d, g, w, kernel, Predicate.CENTER);
                    String both = r.tileIndexReceipt() + "/" + DeterminismReceipt.of(d.resolve("bnd"));
                    if (first == null) {
                        first = both;
                    }
                    assertEquals(first, both, kernel.name() + " workers=" + w);
                }
            }
        }
    }
}
