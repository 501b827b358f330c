package io.tileindex.writer;

import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.Shapes;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.parquet.ParquetCodecs;
import io.tileindex.writer.publish.FaultInjector;
import io.tileindex.writer.publish.PartitionPublisher;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Longitudes of long rows: a row group that spans a wide country holds a few rows of many columns, so its
 * dictionary is as wide as the country and BYTE_STREAM_SPLIT is written instead; a narrow country's row
 * groups keep the dictionary. Both read back bit for bit in parquet-java and DuckDB, with right statistics.
 */
class LongRowLongitudesTest {
    // 0.018° over the whole world: 20000 columns, 400 rows; steps that are not exact in binary
    static final Grid G = new Grid(400, 20000, -180.0, 0.018, 0, 3.6, 0, -0.018);

    static List<CountryShape> countries() {
        return List.of(
                // wide, with a ragged west edge and a hole: long rows of varying starts (no edge spans 180°: that would cross ±180)
                Shapes.fromWkt("WW", "POLYGON((-170.3 -0.2, 0.3 -0.21, 175.1 -0.22, 176.9 0.25, 0.1 0.26, -172.7 0.27, -175.01 0.05, -170.3 -0.2),"
                        + " (-10 -0.1, 10 -0.1, 10 0.1, -10 0.1, -10 -0.1))"),
                // narrow and tall: many short rows, where the dictionary is small
                Shapes.fromWkt("NN", "POLYGON((20.003 -3.47, 20.41 -3.46, 20.39 3.58, 20.01 3.57, 20.003 -3.47))"));
    }

    @Test
    void wideRowGroupsWriteByteStreamSplitAndReadBackExactly(@TempDir Path dir) throws Exception {
        Path idx = Files.createDirectories(dir.resolve("idx")), bnd = Files.createDirectories(dir.resolve("bnd"));
        new TileIndexPipeline(new TileIndexPipeline.Config(G, Predicate.CENTER, 2, ColumnKernels.get(), 5000,
                Map.of("tileindex.parameter_hash", "0".repeat(64)), FaultInjector.NONE))
                .run(countries(), idx, bnd, TileIndexPipeline.Progress.NONE);
        Map<String, Set<Encoding>> encodings = new HashMap<>();
        for (Path ds : List.of(idx, bnd)) {
            for (String f : PartitionPublisher.relativeFiles(ds)) {
                String iso = f.substring(5, 7);
                for (Encoding e : longitudeEncodingsWithExactStatistics(ds.resolve(f))) {
                    encodings.computeIfAbsent(iso, k -> new TreeSet<>()).add(e);
                }
                assertValuesAreTheGridFormulas(ds.resolve(f), ds == idx);
            }
        }
        assertTrue(encodings.get("WW").contains(Encoding.BYTE_STREAM_SPLIT), "wide rows: " + encodings);
        assertEquals(Set.of(Encoding.RLE_DICTIONARY), encodings.get("NN"), "short rows keep the dictionary");
        assertDuckDbReadsTheSameBits(idx, "centroid_lon");
        assertDuckDbReadsTheSameBits(bnd, "min_lon_deg");
        assertDuckDbReadsTheSameBits(bnd, "max_lon_deg");
    }

    /** Each longitude chunk's data encodings; its min/max statistics equal its values' extremes. */
    static Set<Encoding> longitudeEncodingsWithExactStatistics(Path file) throws Exception {
        Set<Encoding> out = new TreeSet<>();
        List<Group> rows = ParquetReadBack.read(file);
        try (ParquetFileReader r = ParquetCodecs.open(file)) {
            int first = 0;
            for (BlockMetaData b : r.getFooter().getBlocks()) {
                for (ColumnChunkMetaData c : b.getColumns()) {
                    String name = c.getPath().toDotString();
                    if (!name.contains("lon")) {
                        continue;
                    }
                    c.getEncodings().stream().filter(e -> e != Encoding.RLE && e != Encoding.PLAIN).forEach(out::add);
                    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
                    for (int i = first; i < first + b.getRowCount(); i++) {
                        min = Math.min(min, rows.get(i).getDouble(name, 0));
                        max = Math.max(max, rows.get(i).getDouble(name, 0));
                    }
                    Statistics<?> st = c.getStatistics();
                    assertEquals(min, (Double) st.genericGetMin(), name + " min in " + file.getFileName());
                    assertEquals(max, (Double) st.genericGetMax(), name + " max in " + file.getFileName());
                }
                first += (int) b.getRowCount();
            }
        }
        return out;
    }

    static void assertValuesAreTheGridFormulas(Path file, boolean index) throws Exception {
        for (Group g : ParquetReadBack.read(file)) {
            long col = g.getLong("tile_id", 0) % G.ncols();
            if (index) {
                assertEquals(G.centroidLon(col), g.getDouble("centroid_lon", 0));
            } else {
                assertEquals(G.minLon(col), g.getDouble("min_lon_deg", 0));
                assertEquals(G.maxLon(col), g.getDouble("max_lon_deg", 0));
                assertEquals(G.centroidLon(col), g.getDouble("centroid_lon_deg", 0));
            }
        }
    }

    static void assertDuckDbReadsTheSameBits(Path ds, String column) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tile_id, " + column + " FROM read_parquet('" + ds + "/*.parquet')")) {
            int n = 0;
            while (rs.next()) {
                long col = rs.getLong(1) % G.ncols();
                double expected = column.startsWith("min") ? G.minLon(col) : column.startsWith("max") ? G.maxLon(col) : G.centroidLon(col);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(rs.getDouble(2)), column + " col " + col);
                n++;
            }
            assertTrue(n > 100_000, "rows " + n);
        }
    }
}
