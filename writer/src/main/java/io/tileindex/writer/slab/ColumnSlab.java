package io.tileindex.writer.slab;

import io.tileindex.kernel.columns.ColumnKernel;
import net.openhft.chronicle.bytes.BytesStore;

import java.lang.foreign.MemorySegment;

/**
 * A worker's off-heap column buffers, held by Chronicle Bytes native stores (outside the Java heap,
 * so a 1 M-row unit costs no GC work) and viewed as {@link MemorySegment}s so the SIMD kernel stores
 * vectors straight into them. One slab per worker, reused for every unit: memory is bounded by
 * workers x unit size, however large a country is.
 */
public final class ColumnSlab implements AutoCloseable {
    private static final int COLUMNS = 5;
    private final java.util.List<BytesStore<?, Void>> stores = new java.util.ArrayList<>(COLUMNS);
    private final ColumnKernel.Columns columns;
    private final long capacity;

    // reinterpret is "restricted" (it trusts the size we give it): the size is exactly what Chronicle allocated
    @SuppressWarnings("restricted")
    public ColumnSlab(long capacityElements) {
        this.capacity = capacityElements;
        MemorySegment[] segs = new MemorySegment[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(capacityElements * 8);
            stores.add(store);
            segs[i] = MemorySegment.ofAddress(store.addressForWrite(0)).reinterpret(capacityElements * 8);
        }
        columns = new ColumnKernel.Columns(segs[0], segs[1], segs[2], segs[3], segs[4]);
    }

    public ColumnKernel.Columns columns() { return columns; }

    public long capacity() { return capacity; }

    /** Off-heap bytes held (for the memory budget in the run report). */
    public long bytes() { return bytesFor(capacity); }

    /** Off-heap bytes a slab of {@code capacityElements} holds. */
    public static long bytesFor(long capacityElements) { return capacityElements * Long.BYTES * COLUMNS; }

    @Override
    public void close() {
        for (BytesStore<?, Void> s : stores) {
            s.releaseLast();
        }
    }
}
