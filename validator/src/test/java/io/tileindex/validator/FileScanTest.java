package io.tileindex.validator;

import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The block-wise scan on tile_index files written by parquet-java (PLAIN and RLE dictionaries in V1,
 * DELTA_BINARY_PACKED in V2): a correct file passes with its cells tallied and passed on as runs, and
 * one wrong value in the middle of a long run is found and named, as is a repeated key.
 */
class FileScanTest {
    static final GridFormulas GRID = new GridFormulas(new GridHeader(200, 3000, new double[] {-15, 0.01, 0, 10, 0, -0.01}, false));
    static final String HASH = "00".repeat(32);

    @TempDir
    Path dir;

    /** Two countries: rows 10..29 of columns 100..2099 for AA, rows 40..44 of 5..2994 for BB. */
    static List<long[]> cells() {
        List<long[]> out = new ArrayList<>();
        for (long r = 10; r < 30; r++) {
            for (long c = 100; c < 2100; c++) {
                out.add(new long[] {0, r, c});
            }
        }
        for (long r = 40; r < 45; r++) {
            for (long c = 5; c < 2995; c++) {
                out.add(new long[] {1, r, c});
            }
        }
        return out;
    }

    Path write(WriterVersion v, UnaryOperator<Group> edit) throws IOException {
        return write(v, edit, CompressionCodecName.UNCOMPRESSED, "part-" + v + ".parquet");
    }

    Path write(WriterVersion v, UnaryOperator<Group> edit, CompressionCodecName codec, String name) throws IOException {
        MessageType schema = CoverageFractionScanTest.schema(false, PrimitiveTypeName.DOUBLE);
        Path file = dir.resolve(name);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withType(schema).withExtraMetaData(Map.of("tileindex.parameter_hash", HASH)).withWriterVersion(v)
                .withCompressionCodec(codec).withCodecFactory(ZstdForTests.FACTORY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(256L << 10).build()) {
            for (long[] x : cells()) {
                long r = x[1], c = x[2];
                Group g = groups.newGroup().append("country_iso", x[0] == 0 ? "AD" : "AE")
                        .append("tile_id", r * GRID.ncols + c).append("raster_row", r).append("raster_col", c)
                        .append("centroid_lon", GRID.writtenCentroidLon(c)).append("centroid_lat", GRID.centroidLat(r))
                        .append("pixel_area_m2", GRID.area(r)).append("inclusion_rule", "center");
                w.write(edit.apply(g));
            }
        }
        return file;
    }

    static FileScan scan(Path file, List<long[]> runs) throws IOException {
        IsoCodes iso = IsoCodes.read(Path.of("..", "data", "iso3166.csv"), "country_iso");
        return new FileScan(file, FileScan.Dataset.TILE_INDEX, GRID, iso, "center", HASH,
                (k, row, c0, c1) -> runs.add(new long[] {row, c0, c1})).run();
    }

    @ParameterizedTest
    @EnumSource(WriterVersion.class)
    void aCorrectFilePassesAndItsCellsArePassedOnAsRuns(WriterVersion v) throws IOException {
        List<long[]> runs = new ArrayList<>();
        FileScan s = scan(write(v, g -> g), runs);
        for (Check c : Check.values()) {
            assertFalse(s.findings.failed(c), c + ": " + s.findings.example(c));
        }
        assertEquals(cells().size(), s.rows);
        assertEquals(20L * 2000, s.tallies.get("AD").count);
        assertEquals(5L * 2990, s.tallies.get("AE").count);
        long cells = runs.stream().mapToLong(r -> r[2] - r[1]).sum();
        assertEquals(cells().size(), cells);
    }

    @ParameterizedTest
    @EnumSource(WriterVersion.class)
    void oneWrongLongitudeInsideALongRunIsFound(WriterVersion v) throws IOException {
        long bad = 20 * GRID.ncols + 1500;
        FileScan s = scan(write(v, g -> g.getLong("tile_id", 0) != bad ? g
                : replace(g, "centroid_lon", Math.nextUp(GRID.writtenCentroidLon(1500)))), new ArrayList<>());
        assertTrue(s.findings.failed(Check.COORDINATES));
        assertEquals(1, s.findings.count(Check.COORDINATES));
        @SuppressWarnings("unchecked")
        Map<String, Object> ex = (Map<String, Object>) s.findings.example(Check.COORDINATES);
        assertEquals(bad, ex.get("tile_id"));
    }

    @ParameterizedTest
    @EnumSource(WriterVersion.class)
    void filesScannedInLockstepThroughSharedPagesAreEachJudgedOnTheirOwnValues(WriterVersion v) throws IOException {
        long bad = 12 * GRID.ncols + 900;
        Path good = write(v, g -> g, CompressionCodecName.ZSTD, "part-good.parquet");
        Path wrong = write(v, g -> g.getLong("tile_id", 0) != bad ? g
                : replace(g, "centroid_lon", Math.nextDown(GRID.writtenCentroidLon(900))), CompressionCodecName.ZSTD,
                "part-wrong.parquet");
        IsoCodes iso = IsoCodes.read(Path.of("..", "data", "iso3166.csv"), "country_iso");
        DecompressedPages pages = new DecompressedPages(64L << 20, 0); // every page, small as these are
        PageDecompression shared = new PageDecompression(pages);
        FileScan a = new FileScan(good, FileScan.Dataset.TILE_INDEX, GRID, iso, "center", HASH, FileScan.CellSink.NONE, shared);
        FileScan b = new FileScan(wrong, FileScan.Dataset.TILE_INDEX, GRID, iso, "center", HASH, FileScan.CellSink.NONE, shared);
        FileScan.inLockstep(a, b);
        for (Check c : Check.values()) {
            assertFalse(a.findings.failed(c), c + ": " + a.findings.example(c));
        }
        assertEquals(1, b.findings.count(Check.COORDINATES));
        assertEquals(cells().size(), a.rows);
        assertEquals(cells().size(), b.rows);
        assertTrue(pages.bytes() > 0, "the files went through the shared pages");
    }

    @ParameterizedTest
    @EnumSource(WriterVersion.class)
    void aRepeatedKeyIsFound(WriterVersion v) throws IOException {
        long dup = 25 * GRID.ncols + 700;
        FileScan s = scan(write(v, g -> g.getLong("tile_id", 0) != dup + 1 ? g : replaceCell(g, dup)), new ArrayList<>());
        assertTrue(s.findings.failed(Check.SORT_UNIQUE));
        @SuppressWarnings("unchecked")
        Map<String, Object> ex = (Map<String, Object>) s.findings.example(Check.SORT_UNIQUE);
        assertTrue(String.valueOf(ex.get("reason")).startsWith("duplicate key (AD, "), ex.toString());
    }

    /** A copy of the row with one double column replaced. */
    static Group replace(Group g, String column, double value) {
        Group out = new SimpleGroupFactory((MessageType) g.getType()).newGroup();
        for (int i = 0; i < g.getType().getFieldCount(); i++) {
            String name = g.getType().getFieldName(i);
            switch (g.getType().getType(i).asPrimitiveType().getPrimitiveTypeName()) {
                case BINARY -> out.append(name, g.getString(i, 0));
                case INT64 -> out.append(name, g.getLong(i, 0));
                default -> out.append(name, name.equals(column) ? value : g.getDouble(i, 0));
            }
        }
        return out;
    }

    /** A copy of the row describing cell {@code tile} instead (a correct row, but a repeated key). */
    static Group replaceCell(Group g, long tile) {
        long r = tile / GRID.ncols, c = tile % GRID.ncols;
        return new SimpleGroupFactory((MessageType) g.getType()).newGroup().append("country_iso", g.getString(0, 0))
                .append("tile_id", tile).append("raster_row", r).append("raster_col", c)
                .append("centroid_lon", GRID.writtenCentroidLon(c)).append("centroid_lat", GRID.centroidLat(r))
                .append("pixel_area_m2", GRID.area(r)).append("inclusion_rule", "center");
    }
}
