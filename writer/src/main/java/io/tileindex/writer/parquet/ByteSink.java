package io.tileindex.writer.parquet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/** A growable little-endian byte buffer for page bodies. Reused per worker; {@link #toArray()} copies. */
public final class ByteSink {
    private byte[] buf;
    private int pos;

    public ByteSink(int capacity) { buf = new byte[Math.max(16, capacity)]; }

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    public void reset() { pos = 0; }

    /** Current write position; with {@link #position(int)} lets a hot loop write into {@link #array()} after one {@link #ensure}. */
    public int position() { return pos; }

    public void position(int p) { pos = p; }

    /** Writes 8 bytes little-endian at {@code at} without a capacity check (the caller ensured it). */
    public static void putLongAt(byte[] b, int at, long v) { LONG_LE.set(b, at, v); }
    public int size() { return pos; }
    public byte[] array() { return buf; }
    public byte[] toArray() { return Arrays.copyOf(buf, pos); }

    public void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    public void put(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    public void putIntLE(int v) {
        ensure(4);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 24);
    }

    public void putLongLE(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    public void putDoubleLE(double v) { putLongLE(Double.doubleToRawLongBits(v)); }

    public void putBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** Copies {@code length} bytes of an off-heap segment. */
    public void putSegment(MemorySegment seg, long offset, int length) {
        ensure(length);
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, buf, pos, length);
        pos += length;
    }

    /** Unsigned LEB128, as Parquet's varints. */
    public void putUleb(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    public void putZigZag(long v) { putUleb((v << 1) ^ (v >> 63)); }
}
