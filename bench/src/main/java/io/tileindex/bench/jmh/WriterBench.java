package io.tileindex.bench.jmh;

import io.tileindex.bench.BenchSupport;
import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.TileIndexPipeline;
import io.tileindex.writer.publish.FaultInjector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writer rows/s: the whole write path (plan, encode on workers, ordered assembly, fsynced files) for
 * 4.5 M pre-scanned rows of three box-shaped countries. Score: invocations/s; rows/s =
 * score x {@link #rows()} (printed in setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class WriterBench {
    private TileIndexPipeline pipeline;
    private TileIndexPipeline.Scan scan;
    private Path dir;
    private int round;

    static CountryShape box(String iso, double w, double s, double e, double n) {
        return new CountryShape(iso, List.of(new PolygonShape(new Ring(new double[] {w, e, e + 1, w}, new double[] {s, s, n, n}, iso), List.of())));
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        pipeline = new TileIndexPipeline(new TileIndexPipeline.Config(BenchSupport.WORLDPOP, Predicate.CENTER,
                Runtime.getRuntime().availableProcessors(), ColumnKernels.get(), TileIndexPipeline.ROW_GROUP_ROWS,
                Map.of(), FaultInjector.NONE));
        scan = pipeline.scan(List.of(box("AA", 0, 40, 10, 50), box("BB", 20, 10, 30, 20), box("CC", -70, -30, -60, -20)));
        dir = Files.createTempDirectory("tileindex-writer-bench");
        System.out.println("rows per invocation: " + rows());
    }

    long rows() {
        long n = 0;
        for (var c : scan.cells()) {
            n += c.cellsIncluded();
        }
        return n;
    }

    @Benchmark
    public void writeAll(Blackhole bh) throws IOException {
        Path d = dir.resolve("r" + round++);
        Path idx = Files.createDirectories(d.resolve("idx")), bnd = Files.createDirectories(d.resolve("bnd"));
        bh.consume(pipeline.write(scan, idx, bnd, TileIndexPipeline.Progress.NONE).bytesWritten());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
