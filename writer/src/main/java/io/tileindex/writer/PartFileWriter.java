package io.tileindex.writer;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.columns.ColumnKernel;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.CoverageFractions;
import io.tileindex.kernel.scan.PreparedCountry;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.parquet.TileSchemas;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One file of both datasets, {@code (country, fileIndex)}, produced on its own: the rows of each of its
 * row groups are scanned again from the prepared country, encoded by {@link RowGroupEncoder} and assembled
 * as {@link OrderedParquetWriter} assembles them, so the bytes equal those of the pipeline's file of the
 * same name. The unit of work of engines that spread a build's files over processes. One instance per
 * thread (it owns an encoder's off-heap slabs); close it to free them.
 */
public final class PartFileWriter implements AutoCloseable {
    private final CountryScanner scanner;
    private final RowGroupEncoder encoder;
    private final Map<String, String> indexMeta, boundsMeta;
    private final MessageType indexSchema;
    private final boolean coverage;

    /**
     * @param rowArea      {@code pixel_area_m2} per grid row ({@code CellArea.allRows(grid)})
     * @param fileMetadata the build's footer metadata, as given to {@link TileIndexPipeline.Config}
     * @param coverage     whether tile_index has coverage_fraction
     */
    public PartFileWriter(Grid grid, Predicate predicate, ColumnKernel kernel, double[] rowArea, Map<String, String> fileMetadata,
                          boolean coverage) {
        this.scanner = new CountryScanner(grid);
        this.coverage = coverage;
        this.indexSchema = TileSchemas.tileIndex(coverage);
        this.encoder = new RowGroupEncoder(grid, rowArea, kernel, TileIndexPipeline.ROW_GROUP_ROWS, predicate.wireName(), coverage);
        this.indexMeta = OrderedParquetWriter.meta(fileMetadata, "tile_index");
        this.boundsMeta = OrderedParquetWriter.meta(fileMetadata, "tile_bounds");
    }

    /**
     * A planned row group with the rows its cells lie in: {@code cellsBeforeRow} of the country's cells
     * precede {@code firstRow} ({@link RowGroupCuts}).
     */
    public record RowGroupSlice(PlannedRowGroup planned, int firstRow, int lastRow, long cellsBeforeRow) implements Serializable {}

    /** One file of the build: a country's row groups {@code [8 * fileIndex, ...)}, in key order. */
    public record PartFile(int countryIndex, String iso, int fileIndex, List<RowGroupSlice> rowGroups) implements Serializable {
        public String fileName() { return PlannedRowGroup.fileName(iso, fileIndex); }

        public long rows() { return rowGroups.stream().mapToLong(g -> g.planned().rowCount()).sum(); }
    }

    /**
     * Every file of a build in key order, cut exactly as the pipeline cuts them ({@link RowGroupPlan}):
     * what a stage-1 scan determines, so the list depends only on the data.
     */
    public static List<PartFile> plan(ScannedCountry[] countries) {
        RowGroupPlan plan = RowGroupPlan.of(countries, TileIndexPipeline.ROW_GROUP_ROWS, TileIndexPipeline.ROW_GROUPS_PER_FILE);
        List<PartFile> files = new ArrayList<>();
        List<RowGroupSlice> current = new ArrayList<>();
        for (PlannedRowGroup u : plan.rowGroups()) {
            ScannedCountry c = countries[u.countryIndex()];
            RowGroupCuts cuts = c.cuts();
            int g = u.rowGroupIndex();
            current.add(new RowGroupSlice(u, cuts.firstRow(g), cuts.lastRow(g, c.prepared().rowHi()), cuts.cellsBeforeRow(g)));
            if (u.lastInFile()) {
                files.add(new PartFile(u.countryIndex(), u.iso(), u.fileIndex(), List.copyOf(current)));
                current.clear();
            }
        }
        return List.copyOf(files);
    }

    /**
     * Writes {@code file} of {@code country} (prepared with this writer's grid and the build's predicate)
     * into {@code index} and {@code bounds}; returns the bytes written to both. A key out of order is E003,
     * as in the pipeline. The files are closed on return and on failure (a failed file is incomplete: the caller discards it).
     */
    public long write(PreparedCountry country, PartFile file, OutputFile index, OutputFile bounds) throws IOException {
        if (!country.iso().equals(file.iso())) {
            throw new IllegalArgumentException("file " + file.fileName() + " is not of country " + country.iso());
        }
        ParquetFileWriter iw = OrderedParquetWriter.open(index, indexSchema);
        ParquetFileWriter bw = OrderedParquetWriter.open(bounds, TileSchemas.TILE_BOUNDS);
        try (iw; bw) {
            long lastTileId = -1;
            for (RowGroupSlice s : file.rowGroups()) {
                EncodedRowGroup rg = encode(country, s);
                if (rg.firstTileId() <= lastTileId) {
                    throw TileIndexException.forCountry(ErrorCode.E003_DUP_TILE, file.iso(), "duplicate or unsorted (country_iso, "
                            + "tile_id): " + file.iso() + " tile " + rg.firstTileId() + " after " + lastTileId);
                }
                lastTileId = rg.lastTileId();
                int rows = s.planned().rowCount();
                OrderedParquetWriter.writeRowGroup(iw, indexSchema, rg.tileIndex(), rows);
                OrderedParquetWriter.writeRowGroup(bw, TileSchemas.TILE_BOUNDS, rg.tileBounds(), rows);
            }
            iw.end(indexMeta);
            bw.end(boundsMeta);
            return iw.getPos() + bw.getPos();
        }
    }

    private EncodedRowGroup encode(PreparedCountry country, RowGroupSlice s) {
        CountryCells rows = scanner.scanRows(country, s.firstRow(), s.lastRow());
        CoverageFractions fractions = coverage ? scanner.coverage(country, s.firstRow(), s.lastRow()) : null;
        return encoder.encode(s.planned(), rows.runs(), RowGroupPlan.prefix(rows.runs(), s.cellsBeforeRow()), fractions);
    }

    @Override
    public void close() { encoder.close(); }
}
