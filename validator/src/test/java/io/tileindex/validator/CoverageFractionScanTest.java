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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongToDoubleFunction;

import static io.tileindex.validator.FileScanTest.GRID;
import static io.tileindex.validator.FileScanTest.HASH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tile_index files with the ninth column, coverage_fraction, written by parquet-java (dictionary pages
 * in V1 and V2): the schema takes eight or nine columns and nothing else in the ninth place, each value's
 * range is checked as the rows stream past (with the file, the country and the cell of a failure), and
 * each country's covered area is summed for the summary check.
 */
class CoverageFractionScanTest {
    @TempDir
    Path dir;

    /** FileScanTest's cells: a fraction of 0.25 at both ends of each grid row's run, 1.0 between. */
    static double ends(long tile) {
        long r = tile / GRID.ncols, c = tile % GRID.ncols;
        return r < 30 ? (c == 100 || c == 2099 ? 0.25 : 1.0) : (c == 5 || c == 2994 ? 0.25 : 1.0);
    }

    static MessageType schema(boolean coverage, PrimitiveTypeName coverageType) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country_iso")
                .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("tile_id")
                .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("raster_row")
                .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("raster_col")
                .required(PrimitiveTypeName.DOUBLE).named("centroid_lon")
                .required(PrimitiveTypeName.DOUBLE).named("centroid_lat")
                .required(PrimitiveTypeName.DOUBLE).named("pixel_area_m2")
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("inclusion_rule");
        if (coverage) {
            b.required(coverageType).named("coverage_fraction");
        }
        return b.named("tile_index");
    }

    Path write(WriterVersion v, MessageType schema, String rule, LongToDoubleFunction fraction) throws IOException {
        return write(v, schema, t -> rule, fraction);
    }

    Path write(WriterVersion v, MessageType schema, LongFunction<String> rule, LongToDoubleFunction fraction) throws IOException {
        Path file = dir.resolve("part-" + v + "-" + schema.getFieldCount() + ".parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withType(schema).withExtraMetaData(Map.of("tileindex.parameter_hash", HASH)).withWriterVersion(v)
                .withCompressionCodec(CompressionCodecName.ZSTD).withCodecFactory(ZstdForTests.FACTORY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withRowGroupSize(256L << 10).build()) {
            for (long[] x : FileScanTest.cells()) {
                long r = x[1], c = x[2], tile = r * GRID.ncols + c;
                Group g = groups.newGroup().append("country_iso", x[0] == 0 ? "AD" : "AE")
                        .append("tile_id", tile).append("raster_row", r).append("raster_col", c)
                        .append("centroid_lon", GRID.writtenCentroidLon(c)).append("centroid_lat", GRID.centroidLat(r))
                        .append("pixel_area_m2", GRID.area(r)).append("inclusion_rule", rule.apply(tile));
                if (schema.getFieldCount() == 9 && schema.getType(8).asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE) {
                    g.append("coverage_fraction", fraction.applyAsDouble(tile));
                } else if (schema.getFieldCount() == 9) {
                    g.append("coverage_fraction", (float) fraction.applyAsDouble(tile));
                }
                w.write(g);
            }
        }
        return file;
    }

    static FileScan scan(Path file, String rule) throws IOException {
        IsoCodes iso = IsoCodes.read(Path.of("..", "data", "iso3166.csv"), "country_iso");
        return new FileScan(file, FileScan.Dataset.TILE_INDEX, GRID, iso, rule, HASH).run();
    }

    @ParameterizedTest
    @EnumSource(WriterVersion.class)
    void eightOrNineColumnsPassAndTheCoveredAreaIsSummedPerCountry(WriterVersion v) throws IOException {
        FileScan eight = scan(write(v, schema(false, null), "center", t -> 1.0), "center");
        assertFalse(eight.coverageColumn);
        assertTrue(eight.coverage.isEmpty());
        FileScan nine = scan(write(v, schema(true, PrimitiveTypeName.DOUBLE), "center", CoverageFractionScanTest::ends), "center");
        for (Check c : Check.values()) {
            assertFalse(nine.findings.failed(c), c + ": " + nine.findings.example(c));
        }
        assertTrue(nine.coverageColumn);
        double ad = 0;
        for (long r = 10; r < 30; r++) {
            ad += (1998 + 2 * 0.25) * GRID.area(r) / 1e6;
        }
        assertEquals(ad, nine.coverage.get("AD").coveredKm2(), 1e-12 * ad);
        assertEquals(20L * 2, nine.coverage.get("AD").partialCells);
    }

    @Test
    void aNinthColumnOfAnotherTypeIsASchemaFailure() throws IOException {
        FileScan s = scan(write(WriterVersion.PARQUET_1_0, schema(true, PrimitiveTypeName.FLOAT), "center", t -> 1.0), "center");
        assertTrue(s.findings.failed(Check.SCHEMA));
        assertTrue(String.valueOf(((Map<?, ?>) s.findings.example(Check.SCHEMA)).get("reason")).startsWith("coverage_fraction has type"));
    }

    @ParameterizedTest
    @EnumSource(WriterVersion.class)
    void valuesOutsideTheUnitIntervalAreFoundWithTheirCell(WriterVersion v) throws IOException {
        long nan = 20 * GRID.ncols + 1500, over = 42 * GRID.ncols + 700;
        FileScan s = scan(write(v, schema(true, PrimitiveTypeName.DOUBLE), "center",
                t -> t == nan ? Double.NaN : t == over ? Math.nextUp(1.0) : ends(t)), "center");
        assertEquals(2, s.findings.count(Check.COVERAGE_FRACTION));
        Map<?, ?> ex = (Map<?, ?>) s.findings.example(Check.COVERAGE_FRACTION);
        assertEquals(nan, ex.get("tile_id"));
        assertEquals("AD", ex.get("country_iso"));
        assertEquals("tile_index/part-" + v + "-9.parquet", ex.get("file"));
        assertTrue(Double.isNaN((Double) ex.get("coverage_fraction")));
    }

    /** A row another check fails goes row by row: its fraction is still checked, summed, and shown in the example. */
    @Test
    void aRowCheckedRowByRowHasItsFractionCheckedAndSummedToo() throws IOException {
        long bad = 15 * GRID.ncols + 800;
        FileScan good = scan(write(WriterVersion.PARQUET_1_0, schema(true, PrimitiveTypeName.DOUBLE), t -> "center",
                CoverageFractionScanTest::ends), "center");
        // the bad cell's row also has a wrong inclusion_rule, which sends it down the row path
        FileScan s = scan(write(WriterVersion.PARQUET_2_0, schema(true, PrimitiveTypeName.DOUBLE),
                t -> t == bad ? "any_overlap" : "center", t -> t == bad ? -0.5 : ends(t)), "center");
        assertEquals(1, s.findings.count(Check.COVERAGE_FRACTION));
        assertEquals(1, s.findings.count(Check.INCLUSION_RULE));
        Map<?, ?> ex = (Map<?, ?>) s.findings.example(Check.COVERAGE_FRACTION);
        assertEquals(bad, ex.get("tile_id"));
        assertEquals(-0.5, ex.get("coverage_fraction"));
        double missing = 1.5 * GRID.area(15) / 1e6; // 1.0 written as -0.5
        assertEquals(good.coverage.get("AD").coveredKm2() - missing, s.coverage.get("AD").coveredKm2(), 1e-9);
    }

    @Test
    void zeroPassesUnderCenterButNotUnderAnyOverlap() throws IOException {
        long zero = 12 * GRID.ncols + 100; // the start of a run: a cell whose centre is in but whose area may be nil
        Path f = write(WriterVersion.PARQUET_1_0, schema(true, PrimitiveTypeName.DOUBLE), "any_overlap", t -> t == zero ? 0.0 : ends(t));
        assertEquals(1, scan(f, "any_overlap").findings.count(Check.COVERAGE_FRACTION));
        Path g = write(WriterVersion.PARQUET_2_0, schema(true, PrimitiveTypeName.DOUBLE), "center", t -> t == zero ? 0.0 : ends(t));
        assertFalse(scan(g, "center").findings.failed(Check.COVERAGE_FRACTION));
    }
}
