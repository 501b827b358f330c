package io.tileindex.cli.input;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A shapefile's attribute table: dBASE III (and later versions' compatible subset) records of fixed
 * width. Reads field descriptors, the deleted flag of each record and character / numeric values.
 * Values keep dBASE's conventions: character fields are right-padded with blanks, numeric fields are
 * right-aligned decimal text, and an empty or all-asterisk numeric field is null.
 */
final class DbfTable {
    /** One field descriptor: name, type letter, byte offset inside a record (after the deleted flag), width. */
    record Field(String name, char type, int offset, int length) {}

    private final ByteBuffer b;
    private final Charset charset;
    private final int records;
    private final int headerLength;
    private final int recordLength;
    private final List<Field> fields;

    private DbfTable(ByteBuffer b, Charset charset, int records, int headerLength, int recordLength, List<Field> fields) {
        this.b = b;
        this.charset = charset;
        this.records = records;
        this.headerLength = headerLength;
        this.recordLength = recordLength;
        this.fields = List.copyOf(fields);
    }

    /**
     * Parses the header and field descriptors.
     *
     * @throws IllegalArgumentException describing the problem when the table is truncated or malformed
     */
    static DbfTable parse(ByteBuffer bytes, Charset charset) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 32) {
            throw new IllegalArgumentException("truncated: " + b.limit() + " bytes, a dBASE header has at least 32");
        }
        int records = b.getInt(4);
        int headerLength = Short.toUnsignedInt(b.getShort(8));
        int recordLength = Short.toUnsignedInt(b.getShort(10));
        if (records < 0 || headerLength < 33 || recordLength < 1) {
            throw new IllegalArgumentException("malformed header (" + records + " records, header " + headerLength
                    + " bytes, record " + recordLength + " bytes)");
        }
        long needed = headerLength + (long) records * recordLength;
        if (needed > b.limit()) {
            throw new IllegalArgumentException("truncated: " + records + " records of " + recordLength + " bytes need "
                    + needed + " bytes, the file has " + b.limit());
        }
        List<Field> fields = new ArrayList<>();
        int offset = 1; // byte 0 of every record is the deleted flag
        for (int p = 32; p + 32 <= headerLength && b.get(p) != 0x0D; p += 32) {
            int len = Byte.toUnsignedInt(b.get(p + 16));
            fields.add(new Field(name(b, p), (char) Byte.toUnsignedInt(b.get(p + 11)), offset, len));
            offset += len;
        }
        if (offset > recordLength) {
            throw new IllegalArgumentException("field widths add up to " + offset + " bytes, more than the record length "
                    + recordLength);
        }
        return new DbfTable(b, charset, records, headerLength, recordLength, fields);
    }

    private static String name(ByteBuffer b, int p) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 11 && b.get(p + i) != 0; i++) {
            s.append((char) Byte.toUnsignedInt(b.get(p + i)));
        }
        return s.toString().strip();
    }

    int records() {
        return records;
    }

    List<Field> fields() {
        return fields;
    }

    /** The field named {@code name}: exact match first, else the only case-insensitive match (dBASE names are). */
    Field field(String name) {
        Field folded = null;
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
            if (f.name().toUpperCase(Locale.ROOT).equals(name.toUpperCase(Locale.ROOT))) {
                folded = f;
            }
        }
        return folded;
    }

    /** Whether record {@code i} (0-based) carries the deleted flag '*'. */
    boolean deleted(int i) {
        return b.get(headerLength + i * recordLength) == '*';
    }

    /**
     * Record {@code i}'s value of {@code f} as text: character fields without their padding, numeric
     * fields through {@link KeyValues#ofDecimalText} (so 894.000 reads 894); null for an empty value.
     */
    String value(int i, Field f) {
        byte[] raw = new byte[f.length()];
        b.get(headerLength + i * recordLength + f.offset(), raw);
        String s = new String(raw, charset);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        s = s.substring(0, end);
        boolean numeric = f.type() == 'N' || f.type() == 'F';
        if (numeric) {
            s = s.strip();
            return s.isEmpty() || s.chars().allMatch(c -> c == '*') ? null : KeyValues.ofDecimalText(s);
        }
        return s.isEmpty() ? null : s;
    }
}
