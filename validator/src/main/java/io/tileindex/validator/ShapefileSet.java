package io.tileindex.validator;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.io.ParseException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An ESRI Shapefile set, read by this validator's own compact parser: the .shp's polygon records
 * (shape types 5, 15 and 25, Z and M ignored; null shapes skipped), the key from the .dbf
 * ({@link DbaseTable}; deleted records skipped) decoded in the .cpg's code page (ISO-8859-1 without
 * one), rings made polygons by {@link ShapefilePolygons}. The set is the files beside the given .shp
 * (or .shx) sharing its base name in any letter case, or the one set inside a .zip. The .prj is not
 * read: the build refused anything but lon/lat.
 */
final class ShapefileSet {
    private static final int FILE_HEADER = 100;
    private static final int RECORD_HEADER = 8;

    private ShapefileSet() {}

    /** The set beside {@code file} (its .shp, or its .shx). */
    static void read(Path file, String keyColumn, GeometryFactory gf, CountryFile.Sink out) throws IOException, ParseException {
        Map<String, Path> byExt = new TreeMap<>();
        String stem = stem(file.getFileName().toString());
        try (Stream<Path> s = Files.list(file.toAbsolutePath().getParent())) {
            // the same base name first, then the same ignoring case
            s.filter(p -> stem(p.getFileName().toString()).equalsIgnoreCase(stem))
                    .sorted(Comparator.comparing((Path p) -> !stem(p.getFileName().toString()).equals(stem)).thenComparing(p -> p))
                    .forEach(p -> byExt.putIfAbsent(ext(p.getFileName().toString()), p));
        }
        boolean isShx = ext(file.getFileName().toString()).equals("shx");
        Path shp = isShx ? byExt.get("shp") : file;
        if (shp == null || byExt.get("dbf") == null) {
            throw new IOException(file + ": no " + (shp == null ? ".shp" : ".dbf") + " of the same name beside it");
        }
        byte[] cpg = byExt.containsKey("cpg") ? Files.readAllBytes(byExt.get("cpg")) : null;
        read(Files.readAllBytes(shp), Files.readAllBytes(byExt.get("dbf")), cpg, keyColumn, gf, out);
    }

    /** The one set inside a .zip (in any folder of it). */
    static void readZip(Path zip, String keyColumn, GeometryFactory gf, CountryFile.Sink out) throws IOException, ParseException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> shps = z.stream().filter(e -> !e.isDirectory() && ext(e.getName()).equals("shp")).toList();
            if (shps.size() != 1) {
                throw new IOException(zip + ": holds " + shps.size() + " .shp files, not one");
            }
            String stem = stem(shps.getFirst().getName());
            Map<String, byte[]> byExt = new TreeMap<>();
            for (ZipEntry e : z.stream().filter(e -> !e.isDirectory() && stem(e.getName()).equals(stem)).toList()) {
                try (var in = z.getInputStream(e)) {
                    byExt.putIfAbsent(ext(e.getName()), in.readAllBytes());
                }
            }
            if (!byExt.containsKey("dbf")) {
                throw new IOException(zip + ": no .dbf beside " + shps.getFirst().getName());
            }
            read(byExt.get("shp"), byExt.get("dbf"), byExt.get("cpg"), keyColumn, gf, out);
        }
    }

    private static void read(byte[] shp, byte[] dbf, byte[] cpg, String keyColumn, GeometryFactory gf, CountryFile.Sink out)
            throws IOException, ParseException {
        DbaseTable table = new DbaseTable(ByteBuffer.wrap(dbf), charset(cpg));
        int field = table.field(keyColumn);
        if (field < 0) {
            throw new IOException("the .dbf has no field \"" + keyColumn + "\" (fields: " + table.names() + ")");
        }
        List<ByteBuffer> records = records(shp);
        if (records.size() != table.rows()) {
            throw new IOException("the .shp has " + records.size() + " records, its .dbf " + table.rows());
        }
        for (int i = 0; i < records.size(); i++) {
            List<LinearRing> rings = table.deleted(i) ? List.of() : rings(records.get(i), gf, i + 1);
            String key = rings.isEmpty() ? null : table.text(i, field);
            if (key != null) {
                out.add(key, ShapefilePolygons.assemble(rings, gf));
            }
        }
    }

    /** Each record's content, little-endian, after its big-endian 8-byte header. */
    private static List<ByteBuffer> records(byte[] shp) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(shp).order(ByteOrder.BIG_ENDIAN);
        if (shp.length < FILE_HEADER || b.getInt(0) != 9994) {
            throw new IOException("not a shapefile main file (no file code 9994)");
        }
        b.limit((int) Math.min(shp.length, 2L * b.getInt(24))).position(FILE_HEADER);
        List<ByteBuffer> out = new ArrayList<>();
        while (b.remaining() >= RECORD_HEADER) {
            b.getInt(); // record number
            int bytes = 2 * b.getInt();
            if (bytes < 4 || bytes > b.remaining()) {
                throw new IOException("shapefile record " + (out.size() + 1) + " runs past the end of the file");
            }
            out.add(b.slice(b.position(), bytes).order(ByteOrder.LITTLE_ENDIAN));
            b.position(b.position() + bytes);
        }
        return out;
    }

    /** A polygon record's parts as JTS rings; none for a null shape. */
    private static List<LinearRing> rings(ByteBuffer r, GeometryFactory gf, int record) throws ParseException {
        int type = r.getInt();
        if (type == 0) {
            return List.of();
        }
        if (type != 5 && type != 15 && type != 25) {
            throw new ParseException("shapefile record " + record + ": shape type " + type + " is not a polygon");
        }
        r.position(r.position() + 32); // the record's bounding box
        int parts = r.getInt(), points = r.getInt();
        int[] start = new int[parts + 1];
        for (int i = 0; i < parts; i++) {
            start[i] = r.getInt();
        }
        start[parts] = points;
        List<LinearRing> rings = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            Coordinate[] c = new Coordinate[start[i + 1] - start[i]];
            for (int k = 0; k < c.length; k++) {
                c[k] = new Coordinate(r.getDouble(), r.getDouble());
            }
            try {
                rings.add(gf.createLinearRing(c));
            } catch (IllegalArgumentException e) {
                throw new ParseException("shapefile record " + record + ", part " + (i + 1) + ": " + e.getMessage());
            }
        }
        return rings;
    }

    /**
     * The .cpg's code page: a Java charset name ("UTF-8", "ISO-8859-1"), a Windows code page number
     * ("1252", "ANSI 1252") or "8859N"-style ISO parts; ISO-8859-1, dBASE's default, without a .cpg.
     */
    static Charset charset(byte[] cpg) throws IOException {
        if (cpg == null) {
            return StandardCharsets.ISO_8859_1;
        }
        String name = new String(cpg, StandardCharsets.US_ASCII).strip().replaceFirst("(?i)^ANSI\\s+", "");
        String iso = name.replaceFirst("(?i)^(ISO)?[-_ ]?8859[-_ ]?(\\d+)$", "ISO-8859-$2");
        for (String candidate : List.of(name, iso, "windows-" + name, "IBM" + name)) {
            try {
                if (Charset.isSupported(candidate)) {
                    return Charset.forName(candidate);
                }
            } catch (IllegalCharsetNameException e) {
                // not a name at all: try the next reading
            }
        }
        throw new IOException("the .cpg names a code page this Java runtime does not know: \"" + name + "\"");
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String ext(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
