package io.tileindex.cli.report;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** PNG bytes of an RGB pixel array. */
final class Png {
    private Png() {}

    static byte[] encode(int[] px, int w, int h) throws IOException {
        return own(px, w, h, Deflater.BEST_SPEED);
    }

    /**
     * RGB, 8 bit, every row filtered with "Sub" (flat colour runs become zeros), zlib at {@code level}.
     * Three chunks and no AWT: ImageIO's writer (tried) tries five filters per row in Java and costs about
     * twice the CPU on a cold JVM for a 10 % smaller file.
     */
    static byte[] own(int[] px, int w, int h, int level) throws IOException {
        byte[] raw = new byte[h * (1 + 3 * w)];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raw[o++] = 1; // filter: Sub
            int prev = 0, base = y * w;
            for (int x = 0; x < w; x++) {
                int p = px[base + x];
                raw[o++] = (byte) ((p >> 16) - (prev >> 16));
                raw[o++] = (byte) ((p >> 8) - (prev >> 8));
                raw[o++] = (byte) (p - prev);
                prev = p;
            }
        }
        Deflater d = new Deflater(level);
        ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 8);
        try {
            d.setInput(raw);
            d.finish();
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) {
                int n = d.deflate(buf);
                z.write(buf, 0, n);
            }
        } finally {
            d.end();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(z.size() + 64);
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
        DataOutputStream hd = new DataOutputStream(ihdr);
        hd.writeInt(w);
        hd.writeInt(h);
        hd.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit, truecolour, deflate, adaptive filtering, no interlace
        chunk(data, "IHDR", ihdr.toByteArray());
        chunk(data, "IDAT", z.toByteArray());
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(body.length);
        out.write(t);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }
}
