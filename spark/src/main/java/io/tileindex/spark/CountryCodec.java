package io.tileindex.spark;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.geom.PolygonShape;
import io.tileindex.kernel.geom.Ring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A country's geometry as bytes, for the trip from the driver to the executors: every coordinate's exact bits,
 * in the order the reader produced them, so an executor prepares exactly the country the driver scanned.
 */
final class CountryCodec {
    private CountryCodec() {}

    static byte[] encode(CountryShape c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(c.iso());
            out.writeInt(c.notes().size());
            for (String n : c.notes()) {
                out.writeUTF(n);
            }
            c.writeGeometry(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail
        }
        return bytes.toByteArray();
    }

    static CountryShape decode(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            String iso = in.readUTF();
            List<String> notes = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                notes.add(in.readUTF());
            }
            List<PolygonShape> polygons = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                Ring shell = readRing(in, iso);
                List<Ring> holes = new ArrayList<>();
                for (int h = in.readInt(); h > 0; h--) {
                    holes.add(readRing(in, iso));
                }
                polygons.add(new PolygonShape(shell, holes));
            }
            return new CountryShape(iso, polygons, notes);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt country bytes", e);
        }
    }

    /** A ring as {@link CountryShape#writeGeometry} wrote it. */
    private static Ring readRing(DataInputStream in, String iso) throws IOException {
        int n = in.readInt();
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = in.readDouble();
        }
        for (int i = 0; i < n; i++) {
            y[i] = in.readDouble();
        }
        return new Ring(x, y, iso);
    }
}
