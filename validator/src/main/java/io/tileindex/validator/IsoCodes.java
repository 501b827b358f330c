package io.tileindex.validator;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ISO foreign-key domain as the validator reads it: the {@code country_iso} column of a CSV
 * (RFC 4180 quoting) or Parquet table, and the SPEC §7 E005 rule for one code.
 */
final class IsoCodes {
    private final Set<String> codes;
    private final Map<String, String> byAlpha3;
    private final Map<Integer, String> byNumeric;

    private IsoCodes(Set<String> codes, Map<String, String> byAlpha3, Map<Integer, String> byNumeric) {
        this.codes = codes;
        this.byAlpha3 = byAlpha3;
        this.byNumeric = byNumeric;
    }

    /** An empty table: every code fails the foreign key (used when the table cannot be read). */
    static IsoCodes none() { return new IsoCodes(Set.of(), Map.of(), Map.of()); }

    /**
     * The alpha-2 code a countries-file key stands for: three letters through the table's alpha3
     * column, digits through its numeric column, anything else as it is; null when unknown.
     */
    String alpha2(String key) {
        if (key.matches("[A-Z]{3}")) {
            return byAlpha3.get(key);
        }
        if (key.matches("[0-9]{1,4}")) {
            return byNumeric.get(Integer.valueOf(key));
        }
        return key;
    }

    /** null if {@code iso} is an acceptable {@code country_iso} value, else why not. */
    String problem(String iso) {
        if (iso.length() != 2 || !upper(iso.charAt(0)) || !upper(iso.charAt(1))) {
            boolean lower = iso.length() == 2 && (Character.isLowerCase(iso.charAt(0)) || Character.isLowerCase(iso.charAt(1)));
            return lower ? "country code is not uppercase" : "not an ISO 3166-1 alpha-2 code (two letters A-Z)";
        }
        char a = iso.charAt(0), b = iso.charAt(1);
        if (iso.equals("AA") || iso.equals("ZZ") || a == 'X' || a == 'Q' && b >= 'M') {
            return "user-assigned placeholder code, not a country";
        }
        return codes.contains(iso) ? null : "not in the ISO table";
    }

    private static boolean upper(char c) { return c >= 'A' && c <= 'Z'; }

    static IsoCodes read(Path file, String column) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (Arrays.equals(head, new byte[] {'P', 'A', 'R', '1'})) {
            return readParquet(file, column);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = csv(text);
        if (records.isEmpty()) {
            throw new IOException("empty ISO table");
        }
        int idx = records.getFirst().indexOf(column);
        if (idx < 0) {
            throw new IOException("no column " + column + " in the ISO table header");
        }
        Set<String> codes = new TreeSet<>();
        Map<String, String> byAlpha3 = new HashMap<>();
        Map<Integer, String> byNumeric = new HashMap<>();
        int a3 = records.getFirst().indexOf("alpha3"), num = records.getFirst().indexOf("numeric");
        for (List<String> r : records.subList(1, records.size())) {
            if (idx < r.size()) {
                codes.add(r.get(idx));
                if (a3 >= 0 && a3 < r.size() && r.get(a3).matches("[A-Z]{3}")) {
                    byAlpha3.put(r.get(a3), r.get(idx));
                }
                if (num >= 0 && num < r.size() && r.get(num).matches("[0-9]{1,4}")) {
                    byNumeric.put(Integer.valueOf(r.get(num)), r.get(idx));
                }
            }
        }
        return new IsoCodes(codes, byAlpha3, byNumeric);
    }

    private static IsoCodes readParquet(Path file, String column) throws IOException {
        Set<String> codes = new TreeSet<>();
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            MessageType schema = r.getFileMetaData().getSchema();
            if (!schema.containsField(column)) {
                throw new IOException("no column " + column + " in the ISO table");
            }
            MessageType projection = new MessageType(schema.getName(), schema.getType(column));
            ParquetFiles.<RuntimeException>forEachRow(r, projection, g -> {
                if (g.getFieldRepetitionCount(0) > 0) {
                    codes.add(g.getString(0, 0));
                }
            });
        }
        return new IsoCodes(codes, Map.of(), Map.of());
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> csv(String s) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false, any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                rec.add(f.toString());
                f.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (any || !f.isEmpty()) {
                    rec.add(f.toString());
                    out.add(rec);
                }
                rec = new ArrayList<>();
                f.setLength(0);
                any = false;
            } else {
                f.append(c);
                any = true;
            }
        }
        if (any || !f.isEmpty()) {
            rec.add(f.toString());
            out.add(rec);
        }
        return out;
    }
}
