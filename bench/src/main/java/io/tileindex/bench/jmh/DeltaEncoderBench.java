package io.tileindex.bench.jmh;

import io.tileindex.bench.BenchSupport;
import io.tileindex.kernel.columns.ColumnKernel;
import io.tileindex.kernel.columns.ColumnKernels;
import io.tileindex.writer.parquet.ByteSink;
import io.tileindex.writer.parquet.DeltaBinaryPacked;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
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

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Encoder values/s: a page of tile ids (runs of +1 with row jumps) through our DELTA_BINARY_PACKED
 * encoder and through parquet-java's {@link DeltaBinaryPackingValuesWriterForLong}, the reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DeltaEncoderBench {
    static final int VALUES = 1 << 17; // one page
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Param({"tileindex", "parquet-java"})
    public String encoder;

    private Arena arena;
    private ColumnKernel.Columns cols;
    private long[] ids;
    private final DeltaBinaryPacked ours = new DeltaBinaryPacked();
    private final ByteSink sink = new ByteSink(1 << 20);

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        cols = new ColumnKernel.Columns(arena.allocate(8L * VALUES), arena.allocate(8L * VALUES), arena.allocate(8L * VALUES),
                arena.allocate(8L * VALUES), arena.allocate(8L * VALUES));
        ColumnKernel k = ColumnKernels.scalar();
        long off = 0;
        int row = 3000;
        while (off < VALUES) {
            int n = (int) Math.min(2_500, VALUES - off);
            k.fillIds(BenchSupport.WORLDPOP, row++, 12_000, 12_000 + n, cols, off);
            off += n;
        }
        ids = new long[VALUES];
        for (int i = 0; i < VALUES; i++) {
            ids[i] = cols.tileId().get(LONG_LE, 8L * i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() { arena.close(); }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void encodePage(Blackhole bh) throws IOException {
        if (encoder.equals("tileindex")) {
            sink.reset();
            ours.encode(cols.tileId(), 0, VALUES, sink);
            bh.consume(sink.size());
        } else {
            DeltaBinaryPackingValuesWriterForLong w = new DeltaBinaryPackingValuesWriterForLong(
                    128, 4, 1 << 16, 1 << 20, new HeapByteBufferAllocator());
            for (long v : ids) {
                w.writeLong(v);
            }
            bh.consume(w.getBytes().size());
            w.close();
        }
    }
}
