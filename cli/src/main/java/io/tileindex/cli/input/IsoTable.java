package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ISO 3166-1 alpha-2 table (SPEC §1 {@code iso3166}): the foreign-key domain of
 * {@code country_iso}. CSV with a header row (RFC 4180 quoting) or Parquet with a string column,
 * told apart by content. Every failure is E005_ISO_FK naming the file.
 */
public final class IsoTable {
    public static final String DEFAULT_COLUMN = "country_iso";

    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    /** The optional columns that map other ISO 3166-1 codes of a row to its alpha-2 code. */
    static final String ALPHA3_COLUMN = "alpha3", NUMERIC_COLUMN = "numeric";

    private final Path file;
    private final Set<String> codes;
    private final Map<String, String> byAlpha3;
    private final Map<Integer, String> byNumeric;
    private final long bytesRead;
    private final InputDigest digest;

    private IsoTable(Path file, Set<String> codes, Map<String, String> byAlpha3, Map<Integer, String> byNumeric,
                     long bytesRead, InputDigest digest) {
        this.file = file;
        this.codes = Collections.unmodifiableSet(codes);
        this.byAlpha3 = Map.copyOf(byAlpha3);
        this.byNumeric = Map.copyOf(byNumeric);
        this.bytesRead = bytesRead;
        this.digest = digest;
    }

    /**
     * The alpha-2 code a feature key denotes: an alpha-2 code as given; an alpha-3 code (three
     * letters) or a numeric code (digits, leading zeros optional) through the table's {@code alpha3}
     * and {@code numeric} columns. Null when the table does not know it (or has no such column).
     */
    public String toAlpha2(String key) {
        if (key.length() == 3 && key.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z')) {
            return byAlpha3.get(key);
        }
        if (!key.isEmpty() && key.length() <= 4 && key.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return byNumeric.get(Integer.parseInt(key));
        }
        return key;
    }

    /** Whether the table can map alpha-3 and numeric codes (it has those columns). */
    public boolean mapsAlpha3() { return !byAlpha3.isEmpty(); }

    public boolean mapsNumeric() { return !byNumeric.isEmpty(); }

    /** SHA-256 of the table file (for ingress_versions and the parameter hash). */
    public InputDigest digest() {
        return digest;
    }

    public static IsoTable read(Path file) {
        return read(file, DEFAULT_COLUMN);
    }

    public static IsoTable read(Path file, String column) {
        String col = column == null || column.isEmpty() ? DEFAULT_COLUMN : column;
        try {
            byte[] head;
            try (var in = Files.newInputStream(file)) {
                head = in.readNBytes(PARQUET_MAGIC.length);
            }
            if (Arrays.equals(head, PARQUET_MAGIC)) {
                return readParquet(file, col, head.length);
            }
            // a country code table is a few kB: read it whole, once
            byte[] bytes = Files.readAllBytes(file);
            return readCsv(file, col, bytes, head.length + (long) bytes.length);
        } catch (NoSuchFileException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": ISO table does not exist", e);
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": cannot read ISO table: " + e, e);
        }
    }

    public boolean contains(String iso) {
        return codes.contains(iso);
    }

    /** The codes, in ASCII order. */
    public Set<String> codes() {
        return codes;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public Path file() {
        return file;
    }

    /**
     * The foreign-key check for one country code (SPEC §4 / §7 E005): it must be two uppercase ASCII
     * letters, not a user-assigned placeholder (AA, QM–QZ, XA–XZ, ZZ: ISO 3166-1 reserves these for
     * private use, so they never denote a real country, not even when a table lists them), and
     * present in the table.
     */
    public static void checkCountryCode(String iso, IsoTable table) {
        if (iso == null || iso.isEmpty()) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK, "empty country code");
        }
        if (!isAlpha2(iso)) {
            boolean lower = iso.length() == 2 && isAlpha2(iso.toUpperCase(Locale.ROOT));
            throw TileIndexException.forCountry(ErrorCode.E005_ISO_FK, iso, "country code \"" + iso + "\" "
                    + (lower ? "is not uppercase (ISO 3166-1 alpha-2 codes are uppercase: \""
                            + iso.toUpperCase(Locale.ROOT) + "\")"
                            : "is not an ISO 3166-1 alpha-2 code (two uppercase letters A-Z)"));
        }
        if (isUserAssigned(iso)) {
            throw TileIndexException.forCountry(ErrorCode.E005_ISO_FK, iso, "country code \"" + iso
                    + "\" is a placeholder (ISO 3166-1 user-assigned range AA, QM-QZ, XA-XZ, ZZ), not a country");
        }
        if (!table.contains(iso)) {
            throw TileIndexException.forCountry(ErrorCode.E005_ISO_FK, iso, "country code \"" + iso
                    + "\" is not in the ISO table " + table.file);
        }
    }

    static boolean isAlpha2(String s) {
        return s.length() == 2 && s.charAt(0) >= 'A' && s.charAt(0) <= 'Z' && s.charAt(1) >= 'A' && s.charAt(1) <= 'Z';
    }

    /** ISO 3166-1 §8.1.3 user-assigned alpha-2 codes. */
    static boolean isUserAssigned(String s) {
        char a = s.charAt(0), b = s.charAt(1);
        return s.equals("AA") || s.equals("ZZ") || a == 'Q' && b >= 'M' || a == 'X';
    }

    private static void checkRow(Path file, String code, String where) {
        if (code == null) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": " + where + ": country code is null");
        }
        if (!isAlpha2(code)) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": " + where + ": \"" + code
                    + "\" is not an ISO 3166-1 alpha-2 code (two uppercase letters A-Z)");
        }
    }

    private static IsoTable readCsv(Path file, String column, byte[] bytes, long bytesRead) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": ISO table is neither Parquet nor UTF-8 CSV", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Csv csv = new Csv(text, file);
        List<String> header = csv.next();
        if (header == null) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": ISO table is empty (no header row)");
        }
        int idx = header.indexOf(column);
        if (idx < 0) {
            String h = header.toString();
            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": no column \"" + column + "\" in the header "
                    + (h.length() > 200 ? h.substring(0, 200) + "…" : h));
        }
        Set<String> codes = new TreeSet<>();
        Map<String, String> byAlpha3 = new HashMap<>();
        Map<Integer, String> byNumeric = new HashMap<>();
        int a3 = header.indexOf(ALPHA3_COLUMN), num = header.indexOf(NUMERIC_COLUMN);
        int row = 0;
        List<String> rec;
        while ((rec = csv.next()) != null) {
            row++;
            String where = "row " + row + " (line " + csv.recordLine + ")";
            if (idx >= rec.size()) {
                throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": " + where + " has " + rec.size()
                        + " fields, no \"" + column + "\" value");
            }
            checkRow(file, rec.get(idx), where);
            codes.add(rec.get(idx));
            mapOtherCodes(rec.get(idx), a3 >= 0 && a3 < rec.size() ? rec.get(a3) : null,
                    num >= 0 && num < rec.size() ? rec.get(num) : null, byAlpha3, byNumeric);
        }
        if (codes.isEmpty()) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": ISO table has a header but no rows");
        }
        return new IsoTable(file, codes, byAlpha3, byNumeric, bytesRead, InputDigest.ofBytes(bytes));
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; blank lines are skipped. */
    private static final class Csv {
        private final String s;
        private final Path file;
        private int pos;
        private int line = 1;
        int recordLine;

        Csv(String s, Path file) {
            this.s = s;
            this.file = file;
        }

        List<String> next() {
            while (pos < s.length() && (s.charAt(pos) == '\n' || s.charAt(pos) == '\r')) {
                newline();
            }
            if (pos >= s.length()) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            while (true) {
                if (pos < s.length() && s.charAt(pos) == '"' && f.isEmpty()) {
                    pos++;
                    while (true) {
                        if (pos >= s.length()) {
                            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": line " + recordLine
                                    + ": unterminated quoted field (truncated file?)");
                        }
                        char c = s.charAt(pos++);
                        if (c == '"') {
                            if (pos < s.length() && s.charAt(pos) == '"') {
                                f.append('"');
                                pos++;
                            } else {
                                break;
                            }
                        } else {
                            if (c == '\n') {
                                line++;
                            }
                            f.append(c);
                        }
                    }
                }
                if (pos >= s.length() || s.charAt(pos) == '\n' || s.charAt(pos) == '\r') {
                    fields.add(f.toString());
                    if (pos < s.length()) {
                        newline();
                    }
                    return fields;
                }
                char c = s.charAt(pos++);
                if (c == ',') {
                    fields.add(f.toString());
                    f.setLength(0);
                } else {
                    f.append(c);
                }
            }
        }

        private void newline() {
            if (s.charAt(pos) == '\r' && pos + 1 < s.length() && s.charAt(pos + 1) == '\n') {
                pos++;
            }
            pos++;
            line++;
        }
    }

    /** Records a row's alpha-3 and numeric codes when they are well formed (blank or malformed: not mapped). */
    private static void mapOtherCodes(String alpha2, String alpha3, String numeric, Map<String, String> byAlpha3,
                                      Map<Integer, String> byNumeric) {
        if (alpha3 != null && alpha3.length() == 3 && alpha3.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z')) {
            byAlpha3.put(alpha3, alpha2);
        }
        if (numeric != null && !numeric.isEmpty() && numeric.length() <= 4 && numeric.chars().allMatch(Character::isDigit)) {
            byNumeric.put(Integer.parseInt(numeric), alpha2);
        }
    }

    private static IsoTable readParquet(Path file, String column, int sniffed) {
        CountingInputFile in;
        try {
            in = new CountingInputFile(file);
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": cannot read ISO table: " + e, e);
        }
        try (ParquetFileReader r = ParquetFileReader.open(in, GeoParquetCountries.readOptions())) {
            MessageType schema = r.getFileMetaData().getSchema();
            if (!schema.containsField(column)) {
                throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": no column \"" + column + "\" (columns: "
                        + schema.getFields().stream().map(Type::getName).toList() + ")");
            }
            Type t = schema.getType(column);
            if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)
                    || t.asPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
                throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": column \"" + column + "\" is not a string column");
            }
            MessageType projection = new MessageType(schema.getName(), t);
            r.setRequestedSchema(projection);
            var io = new ColumnIOFactory().getColumnIO(projection);
            Set<String> codes = new TreeSet<>();
            long row = 0;
            PageReadStore rowGroup;
            while ((rowGroup = r.readNextRowGroup()) != null) {
                RecordReader<Group> rows = io.getRecordReader(rowGroup, new GroupRecordConverter(projection));
                for (long i = 0, n = rowGroup.getRowCount(); i < n; i++) {
                    Group g = rows.read();
                    row++;
                    String code = g.getFieldRepetitionCount(0) > 0 ? g.getString(0, 0) : null;
                    checkRow(file, code, "row " + row);
                    codes.add(code);
                }
            }
            if (codes.isEmpty()) {
                throw new TileIndexException(ErrorCode.E005_ISO_FK, file + ": ISO table has no rows");
            }
            InputDigest d = in.digest();
            return new IsoTable(file, codes, Map.of(), Map.of(), sniffed + in.bytesRead(), d);
        } catch (TileIndexException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK,
                    file + ": unreadable Parquet ISO table (truncated or corrupt?): " + e.getMessage(), e);
        }
    }
}
