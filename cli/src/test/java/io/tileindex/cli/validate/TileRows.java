package io.tileindex.cli.validate;

import io.tileindex.writer.parquet.ParquetCodecs;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Test helper to corrupt a published file row by row: reads every row of a tile Parquet file with
 * parquet-java's Group API into plain value arrays, lets the test change them, and writes the file
 * again with {@link ExampleParquetWriter} and the file's own schema (UNCOMPRESSED: the default codec
 * factory needs a Hadoop runtime). Nothing else in the partition is recomputed.
 */
final class TileRows {
    private TileRows() {}

    /** The rows of {@code file}; each row is its column values in schema order (String, Long or Double). */
    static List<Object[]> read(Path file) {
        List<Object[]> rows = new ArrayList<>();
        try (ParquetFileReader r = ParquetCodecs.open(file)) {
            MessageType schema = r.getFileMetaData().getSchema();
            PageReadStore rg;
            while ((rg = r.readNextRowGroup()) != null) {
                RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema).getRecordReader(rg, new GroupRecordConverter(schema));
                for (long i = 0; i < rg.getRowCount(); i++) {
                    Group g = rr.read();
                    Object[] row = new Object[schema.getFieldCount()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = switch (schema.getType(c).asPrimitiveType().getPrimitiveTypeName()) {
                            case BINARY -> g.getString(c, 0);
                            case INT64 -> g.getLong(c, 0);
                            case DOUBLE -> g.getDouble(c, 0);
                            default -> throw new IllegalStateException("unexpected column " + schema.getType(c));
                        };
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageType schema(Path file) {
        try (ParquetFileReader r = ParquetCodecs.open(file)) {
            return r.getFileMetaData().getSchema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, MessageType schema, List<Object[]> rows) {
        write(file, schema, rows, java.util.Map.of());
    }

    /** Writes the rows with the given footer key-value metadata (a tampered file keeps its parameter hash). */
    static void write(Path file, MessageType schema, List<Object[]> rows, java.util.Map<String, String> meta) {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try {
            Files.deleteIfExists(file);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                    .withConf(new PlainParquetConfiguration())
                    .withType(schema)
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withExtraMetaData(meta)
                    .build()) {
                for (Object[] row : rows) {
                    Group g = groups.newGroup();
                    for (int c = 0; c < row.length; c++) {
                        Type t = schema.getType(c);
                        PrimitiveTypeName p = t.asPrimitiveType().getPrimitiveTypeName();
                        switch (p) {
                            case BINARY -> g.add(c, (String) row[c]);
                            case INT64 -> g.add(c, (Long) row[c]);
                            case DOUBLE -> g.add(c, (Double) row[c]);
                            default -> throw new IllegalStateException(p.toString());
                        }
                    }
                    w.write(g);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads, lets {@code change} edit the rows in place, writes back. */
    static void rewrite(Path file, Consumer<List<Object[]>> change) {
        MessageType schema = schema(file);
        java.util.Map<String, String> meta;
        try (ParquetFileReader r = ParquetCodecs.open(file)) {
            meta = r.getFileMetaData().getKeyValueMetaData();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Object[]> rows = read(file);
        change.accept(rows);
        write(file, schema, rows, meta);
    }

    static Path copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
