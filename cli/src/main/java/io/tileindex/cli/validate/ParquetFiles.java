package io.tileindex.cli.validate;

import io.tileindex.writer.parquet.ParquetCodecs;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

import java.io.IOException;
import java.nio.file.Path;

/** Opens local Parquet files without Hadoop, verifying page CRCs where the writer stored them. */
final class ParquetFiles {
    private ParquetFiles() {}

    static ParquetFileReader open(Path file) throws IOException {
        ParquetReadOptions opts = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .usePageChecksumVerification(true)
                .build();
        return ParquetFileReader.open(new LocalInputFile(file), opts);
    }
}
