package io.tileindex.validator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The attribute table of a shapefile (dBASE III layout): a 32-byte header (record count, header and
 * record lengths), 32-byte field descriptors up to a 0x0D terminator, then fixed-width records whose
 * first byte is {@code '*'} when the record is deleted. Only what the key needs: a field's text.
 */
final class DbaseTable {
    private static final int DESCRIPTOR = 32;

    private final ByteBuffer bytes;
    private final Charset charset;
    private final int rows, headerLength, recordLength;
    private final List<String> names = new ArrayList<>();
    private final List<int[]> slots = new ArrayList<>(); // {offset in record, width, type}

    DbaseTable(ByteBuffer data, Charset charset) throws IOException {
        this.bytes = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.charset = charset;
        if (bytes.limit() < DESCRIPTOR) {
            throw new IOException(".dbf of " + bytes.limit() + " bytes has no header");
        }
        rows = bytes.getInt(4);
        headerLength = Short.toUnsignedInt(bytes.getShort(8));
        recordLength = Short.toUnsignedInt(bytes.getShort(10));
        if (rows < 0 || (long) headerLength + (long) rows * recordLength > bytes.limit()) {
            throw new IOException(".dbf declares " + rows + " records of " + recordLength + " bytes; the file has "
                    + bytes.limit() + " bytes");
        }
        int offset = 1; // after the deletion flag
        for (int d = DESCRIPTOR; d + DESCRIPTOR <= headerLength && bytes.get(d) != 0x0D; d += DESCRIPTOR) {
            byte[] name = new byte[11];
            bytes.get(d, name);
            int width = Byte.toUnsignedInt(bytes.get(d + 16));
            names.add(new String(name, StandardCharsets.US_ASCII).replaceAll("\u0000.*", "").strip());
            slots.add(new int[] {offset, width, bytes.get(d + 11)});
            offset += width;
        }
        if (offset > recordLength) {
            throw new IOException(".dbf fields need " + offset + " bytes, its records have " + recordLength);
        }
    }

    int rows() {
        return rows;
    }

    /** The field named {@code name}, or else the one whose name matches ignoring case; -1 when none. */
    int field(String name) {
        int exact = names.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        List<String> folded = names.stream().filter(n -> n.equalsIgnoreCase(name)).toList();
        return folded.size() == 1 ? names.indexOf(folded.getFirst()) : -1;
    }

    List<String> names() {
        return names;
    }

    boolean deleted(int row) {
        return bytes.get(headerLength + row * recordLength) == '*';
    }

    /**
     * Row {@code row}'s value of field {@code field}, null when blank: character fields without their
     * trailing padding, numeric fields (N, F; all asterisks meaning null) as {@link KeyText#ofDecimal}.
     */
    String text(int row, int field) {
        int[] slot = slots.get(field);
        byte[] raw = new byte[slot[1]];
        bytes.get(headerLength + row * recordLength + slot[0], raw);
        String s = new String(raw, charset).replace('\u0000', ' ').stripTrailing();
        if (slot[2] != 'N' && slot[2] != 'F') {
            return s.isEmpty() ? null : s;
        }
        s = s.strip();
        return s.isEmpty() || s.chars().allMatch(c -> c == '*') ? null : KeyText.ofDecimal(s);
    }
}
