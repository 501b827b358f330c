package io.tileindex.bench.jmh;

import io.tileindex.bench.BenchSupport;
import io.tileindex.kernel.columns.ColumnKernel;
import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.kernel.grid.Grid;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/**
 * Kernel tiles/s: per-cell ids over a unit of runs, plus each run's longitude span, for the scalar
 * and the vector twin. Score is tiles per second ({@link OperationsPerInvocation} = cells).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ColumnKernelBench {
    static final int CELLS = 1 << 15; // 1.3 MB of output: cache-resident, so the kernel and not the memory bus is measured
    static final int RUN = 2_500; // a typical mid-latitude country row

    @Param({"scalar", "vector"})
    public String kernel;

    private Arena arena;
    private ColumnKernel k;
    private ColumnKernel.Columns cols;
    private final Grid g = BenchSupport.WORLDPOP;

    @Setup(Level.Trial)
    public void setup() {
        k = kernel.equals("scalar") ? ColumnKernels.scalar() : ColumnKernels.vector().orElseThrow();
        arena = Arena.ofShared();
        cols = new ColumnKernel.Columns(arena.allocate(8L * CELLS), arena.allocate(8L * CELLS), arena.allocate(8L * CELLS),
                arena.allocate(8L * CELLS), arena.allocate(8L * CELLS));
    }

    @TearDown(Level.Trial)
    public void tearDown() { arena.close(); }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public void fillUnit(Blackhole bh) {
        long off = 0;
        int row = 4000;
        while (off < CELLS) {
            int n = (int) Math.min(RUN, CELLS - off);
            int c0 = 10_000 + (row & 1023);
            k.fillIds(g, row, c0, c0 + n, cols, off);
            k.fillLongitudes(g, c0, c0 + n, cols, off);
            off += n;
            row++;
        }
        bh.consume(cols.tileId().get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 8L * (CELLS - 1)));
    }
}
