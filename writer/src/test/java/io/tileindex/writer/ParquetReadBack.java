package io.tileindex.writer;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a file back with parquet-java's own record assembly (an independent decoder of our pages). */
public final class ParquetReadBack {
    private ParquetReadBack() {}

    public static List<Group> read(Path file) throws IOException {
        List<Group> out = new ArrayList<>();
        try (ParquetFileReader r = io.tileindex.writer.parquet.ParquetCodecs.open(file)) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            PageReadStore rg;
            while ((rg = r.readNextRowGroup()) != null) {
                RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(rg, new GroupRecordConverter(schema));
                for (long i = 0; i < rg.getRowCount(); i++) {
                    out.add(rr.read());
                }
            }
        }
        return out;
    }

    public static MessageType schema(Path file) throws IOException {
        try (ParquetFileReader r = io.tileindex.writer.parquet.ParquetCodecs.open(file)) {
            return r.getFooter().getFileMetaData().getSchema();
        }
    }

    public static List<Long> rowGroupSizes(Path file) throws IOException {
        List<Long> out = new ArrayList<>();
        try (ParquetFileReader r = io.tileindex.writer.parquet.ParquetCodecs.open(file)) {
            r.getFooter().getBlocks().forEach(b -> out.add(b.getRowCount()));
        }
        return out;
    }
}
