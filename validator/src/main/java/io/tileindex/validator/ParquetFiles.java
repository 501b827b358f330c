package io.tileindex.validator;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Path;

/** Opens local Parquet files without Hadoop, verifying page CRCs where the writer stored them. */
final class ParquetFiles {
    private ParquetFiles() {}

    static ParquetFileReader open(Path file) throws IOException {
        return open(file, PageDecompression.INSTANCE);
    }

    /** {@link #open(Path)} with the given page decompression (one sharing a {@link DecompressedPages}). */
    static ParquetFileReader open(Path file, PageDecompression decompression) throws IOException {
        ParquetReadOptions opts = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(decompression)
                .usePageChecksumVerification(true)
                .build();
        return ParquetFileReader.open(new LocalInputFile(file), opts);
    }

    /** A row's handler, which may fail with its own checked exception. */
    interface RowHandler<E extends Exception> {
        void accept(Group row) throws E;
    }

    /** Every row of {@code r}, restricted to the columns of {@code projection}, in file order. */
    static <E extends Exception> void forEachRow(ParquetFileReader r, MessageType projection, RowHandler<E> handler)
            throws IOException, E {
        r.setRequestedSchema(projection);
        PageReadStore rg;
        while ((rg = r.readNextRowGroup()) != null) {
            RecordReader<Group> rows = new ColumnIOFactory().getColumnIO(projection)
                    .getRecordReader(rg, new GroupRecordConverter(projection));
            for (long i = 0; i < rg.getRowCount(); i++) {
                handler.accept(rows.read());
            }
        }
    }
}
