package io.tileindex.spark;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import io.tileindex.writer.PartFileWriter;
import io.tileindex.writer.PlannedRowGroup;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark engine's rules that need no Spark context. */
class SparkEngineRulesTest {
    @Test
    void objectStoresAreRefusedBeforeAnythingIsWritten() {
        TileIndexException e = assertThrows(TileIndexException.class,
                () -> TargetFileSystem.of(URI.create("s3a://bucket/out"), new Configuration()));
        assertEquals(ErrorCode.E010_IO, e.code());
        assertTrue(e.getMessage().contains("no atomic rename"), e.getMessage());
    }

    @Test
    void aCountryCrossesToTheExecutorsWithEveryCoordinateBit() {
        Ring shell = new Ring(new double[] {0.1, 10.000000000000002, 10, 0.1}, new double[] {0, 0, Math.nextUp(5.0), 5}, "LS");
        Ring hole = new Ring(new double[] {1, 2, 2}, new double[] {1, 1, 2}, "LS");
        CountryShape c = new CountryShape("LS", List.of(new PolygonShape(shell, List.of(hole))), List.of("repaired"));
        CountryShape back = CountryCodec.decode(CountryCodec.encode(c));
        assertEquals("LS", back.iso());
        assertEquals(List.of("repaired"), back.notes());
        Ring s = back.polygons().getFirst().shell();
        assertArrayEquals(new double[] {0.1, 10.000000000000002, 10, 0.1}, new double[] {s.x(0), s.x(1), s.x(2), s.x(3)});
        assertEquals(Math.nextUp(5.0), s.y(2));
        assertEquals(3, back.polygons().getFirst().holes().getFirst().size());
    }

    @Test
    void binsHoldEveryFileOnceAndBalanceTheirCost() {
        List<PartFileWriter.PartFile> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int rows = i < 4 ? 8 << 20 : 1000 + i;
            files.add(new PartFileWriter.PartFile(i, "C" + (char) ('A' + i % 26), i, List.of(new PartFileWriter.RowGroupSlice(
                    new PlannedRowGroup(i, i, "X", 0, i, true, true, 0, rows), 0, 0, 0))));
        }
        List<List<PartFileWriter.PartFile>> bins = SparkJob.bins(files, 8);
        assertEquals(8, bins.size());
        assertEquals(40, bins.stream().mapToInt(List::size).sum());
        assertEquals(40, bins.stream().flatMap(List::stream).distinct().count());
        assertTrue(bins.stream().filter(b -> b.stream().anyMatch(f -> f.rows() > 1 << 20)).allMatch(b -> b.size() == 1),
                "each large file has a task of its own");
        assertEquals(1, SparkJob.bins(files.subList(0, 1), 8).size());
    }
}
