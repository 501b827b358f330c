package io.tileindex.bench.jmh;

import io.tileindex.bench.BenchSupport;
import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;
import io.tileindex.kernel.grid.CellArea;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.Predicate;
import io.tileindex.writer.RowGroupEncoder;
import io.tileindex.writer.PlannedRowGroup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writer-side rows/s of one worker: a full 1 Mi-row unit (kernel + every page of both datasets,
 * compressed) for a country-shaped polygon on the WorldPop grid.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UnitEncoderBench {
    static final int ROWS = 1 << 20;
    private RowGroupEncoder enc;
    private CellRuns runs;
    private long[] prefix;
    private PlannedRowGroup unit;

    @Setup(Level.Trial)
    public void setup() {
        // a 30° x 12° diamond-ish country in mid latitudes
        Ring shell = new Ring(new double[] {10, 40, 35, 12, 10}, new double[] {45, 47, 57, 55, 45}, "ZZ");
        CountryShape c = new CountryShape("ZZ", List.of(new PolygonShape(shell, List.of())));
        runs = new CountryScanner(BenchSupport.WORLDPOP).scan(c, Predicate.CENTER).runs();
        prefix = new long[runs.size() + 1];
        for (int i = 0; i < runs.size(); i++) {
            prefix[i + 1] = prefix[i] + runs.end(i) - runs.start(i);
        }
        enc = new RowGroupEncoder(BenchSupport.WORLDPOP, CellArea.allRows(BenchSupport.WORLDPOP), ColumnKernels.get(), ROWS, "center");
        unit = new PlannedRowGroup(0, 0, "ZZ", 1, 0, true, true, ROWS, ROWS);
    }

    @TearDown(Level.Trial)
    public void tearDown() { enc.close(); }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void encodeUnit(Blackhole bh) {
        bh.consume(enc.encode(unit, runs, prefix));
    }
}
