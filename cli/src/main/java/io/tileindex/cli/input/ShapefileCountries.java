package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads an ESRI Shapefile (ESRI white paper, July 1998): polygon records from the .shp (types 5, 15
 * and 25; Z and M values are ignored), the key from the .dbf ({@link DbfTable}; deleted records are
 * skipped), the CRS from the .prj ({@link WktCrs}; without one, WGS84 is assumed as for GeoJSON without
 * a crs, and coordinates outside lon/lat range fail as E007), the attribute encoding from the .cpg
 * (ISO-8859-1 without one, the dBASE convention). The .shx index is not needed for a sequential read.
 * Rings become polygons through {@link ShapefileRings}.
 *
 * <p>The input digest covers every component read (.shp, .dbf, .prj, .cpg), since each changes the
 * countries: a different .dbf alone gives different keys.
 */
final class ShapefileCountries {
    private static final int HEADER = 100;
    private static final int NULL_SHAPE = 0;
    /** Unpacked bytes a .zip may hold: a small archive must not unpack into more than the heap. */
    static final long ZIP_UNPACKED_LIMIT = 256L << 20;

    private ShapefileCountries() {}

    /** The files of one shapefile set; {@code prj} and {@code cpg} may be null. */
    record Components(String shpName, ByteBuffer shp, String dbfName, ByteBuffer dbf, String prjName, String prj, String cpg) {}

    /**
     * Reads the set whose .shp is {@code file} (whatever its extension), or whose .shx it is (the index
     * has the same header); siblings are found by base name, any extension case.
     */
    static CountryFormat.Loaded read(Path file, String isoColumn) {
        boolean index = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".shx");
        Path shp = index ? sibling(file, "shp") : file;
        if (shp == null) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": no .shp beside this shapefile index");
        }
        Path dbf = sibling(shp, "dbf");
        if (dbf == null) {
            throw new TileIndexException(ErrorCode.E010_IO, shp + ": shapefile without its .dbf attribute table (looked for "
                    + base(shp) + ".dbf); the key column \"" + isoColumn + "\" lives there");
        }
        Path prj = sibling(shp, "prj"), cpg = sibling(shp, "cpg");
        Components c = new Components(shp.toString(), InputBytes.map(shp), dbf.toString(), InputBytes.map(dbf),
                prj == null ? null : prj.toString(), prj == null ? null : text(prj), cpg == null ? null : text(cpg));
        return new CountryFormat.Loaded(read(c, file, isoColumn), digest(c), sizes(c));
    }

    /** Reads a .zip holding exactly one shapefile set (in any folder of the archive), unpacked in memory. */
    static CountryFormat.Loaded readZip(Path zip, String isoColumn) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long budget = ZIP_UNPACKED_LIMIT;
        byte[] all;
        try {
            all = Files.readAllBytes(zip);
            try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(all))) {
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    if (!e.isDirectory()) {
                        entries.put(e.getName(), entry(in, zip, budget));
                        budget -= entries.get(e.getName()).length;
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: an entry name that is not valid in the archive's encoding
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, zip + ": unreadable .zip (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
        List<String> shps = entries.keySet().stream().filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".shp")).toList();
        if (shps.size() != 1) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, zip + ": a .zip country file must hold exactly one"
                    + " shapefile (.shp); it holds " + (shps.isEmpty() ? "none" : shps) + " (entries: " + entries.keySet() + ")");
        }
        String shp = shps.getFirst(), stem = shp.substring(0, shp.length() - 4);
        byte[] dbf = entry(entries, stem, "dbf"), prj = entry(entries, stem, "prj"), cpg = entry(entries, stem, "cpg");
        if (dbf == null) {
            throw new TileIndexException(ErrorCode.E010_IO, zip + "!" + shp + ": shapefile without its .dbf attribute table");
        }
        Components c = new Components(zip + "!" + shp, wrap(entries.get(shp)), zip + "!" + stem + ".dbf", wrap(dbf),
                prj == null ? null : zip + "!" + stem + ".prj", prj == null ? null : latin1(prj),
                cpg == null ? null : latin1(cpg));
        return new CountryFormat.Loaded(read(c, zip, isoColumn), InputDigest.ofBytes(all), all.length);
    }

    /** Features of one shapefile set, in record order, deleted records left out. */
    static List<RawCountry> read(Components c, Path file, String isoColumn) {
        ByteBuffer shp = c.shp().duplicate().order(ByteOrder.BIG_ENDIAN);
        header(shp, c.shpName());
        checkCrs(c, shp);
        DbfTable dbf;
        try {
            dbf = DbfTable.parse(c.dbf(), charset(c));
        } catch (IllegalArgumentException e) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, c.dbfName() + ": unreadable dBASE table: " + e.getMessage(), e);
        }
        DbfTable.Field key = dbf.field(isoColumn);
        if (key == null) {
            throw new TileIndexException(ErrorCode.E005_ISO_FK, c.dbfName() + ": no attribute \"" + isoColumn + "\" (fields: "
                    + dbf.fields().stream().map(DbfTable.Field::name).toList() + ")");
        }
        List<ByteBuffer> records = records(shp, c.shpName());
        if (records.size() != dbf.records()) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, file + ": the .shp has " + records.size()
                    + " records but the .dbf " + dbf.records() + "; the files do not belong together (or one is truncated)");
        }
        List<RawCountry> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (dbf.deleted(i)) {
                continue;
            }
            String iso = dbf.value(i, key);
            String isoProblem = iso == null ? "\"" + key.name() + "\" is empty" : null;
            out.add(record("record " + (i + 1), iso, isoProblem, records.get(i)));
        }
        return out;
    }

    /** Checks the 100-byte header: length and shape type. */
    private static void header(ByteBuffer shp, String name) {
        if (shp.limit() < HEADER) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, name + ": truncated shapefile: " + shp.limit()
                    + " bytes, the header alone has 100");
        }
        long declared = 2L * shp.getInt(24);
        if (declared > shp.limit()) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, name + ": truncated shapefile: the header declares "
                    + declared + " bytes, the file has " + shp.limit());
        }
        int type = shp.order(ByteOrder.LITTLE_ENDIAN).getInt(32);
        shp.order(ByteOrder.BIG_ENDIAN);
        if (type != NULL_SHAPE && !isPolygon(type)) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, name + ": shape type " + type + " (" + typeName(type)
                    + ") holds no polygons; country borders must be Polygon (5), PolygonZ (15) or PolygonM (25)");
        }
    }

    /** Each record's content (after the 8-byte record header), bounds-checked against the declared file length. */
    private static List<ByteBuffer> records(ByteBuffer shp, String name) {
        List<ByteBuffer> out = new ArrayList<>();
        long end = 2L * shp.getInt(24);
        long p = HEADER;
        while (p < end) {
            if (p + 8 > end) {
                throw truncated(name, out.size() + 1, p);
            }
            long length = 2L * shp.getInt((int) p + 4);
            if (length < 4 || p + 8 + length > end) {
                throw truncated(name, out.size() + 1, p);
            }
            out.add(shp.slice((int) p + 8, (int) length).order(ByteOrder.LITTLE_ENDIAN));
            p += 8 + length;
        }
        return out;
    }

    private static TileIndexException truncated(String name, int record, long offset) {
        return new TileIndexException(ErrorCode.E001_GEO_INVALID, name + ": truncated or corrupt shapefile: record "
                + record + " at byte " + offset + " runs past the end of the file");
    }

    /** One record: null shape, or a polygon record's parts as rings, assembled into polygons. */
    private static RawCountry record(String where, String iso, String isoProblem, ByteBuffer r) {
        int type = r.getInt(0);
        if (type == NULL_SHAPE) {
            return new RawCountry(where, iso, isoProblem, null, "feature has no geometry (null shape)", List.of());
        }
        if (!isPolygon(type)) {
            return new RawCountry(where, iso, isoProblem, typeName(type), null, List.of());
        }
        if (r.limit() < 44) {
            return malformed(where, iso, isoProblem, "polygon record of " + r.limit() + " bytes");
        }
        int parts = r.getInt(36), points = r.getInt(40);
        if (parts < 0 || points < 0 || 44L + 4L * parts + 16L * points > r.limit()) {
            return malformed(where, iso, isoProblem, parts + " parts and " + points + " points do not fit its "
                    + r.limit() + " bytes");
        }
        List<RawCountry.Ring> rings = new ArrayList<>(parts);
        int base = 44 + 4 * parts;
        for (int i = 0; i < parts; i++) {
            int from = r.getInt(44 + 4 * i), to = i + 1 < parts ? r.getInt(44 + 4 * (i + 1)) : points;
            if (from < 0 || to < from || to > points) {
                return malformed(where, iso, isoProblem, "part " + (i + 1) + " indexes points " + from + ".." + to
                        + " of " + points);
            }
            double[] x = new double[to - from], y = new double[to - from];
            for (int k = from; k < to; k++) {
                x[k - from] = r.getDouble(base + 16 * k);
                y[k - from] = r.getDouble(base + 16 * k + 8);
            }
            rings.add(new RawCountry.Ring(x, y));
        }
        if (rings.isEmpty()) {
            return new RawCountry(where, iso, isoProblem, "Polygon", null, List.of());
        }
        List<RawCountry.Polygon> polygons = ShapefileRings.assemble(rings);
        return new RawCountry(where, iso, isoProblem, polygons.size() == 1 ? "Polygon" : "MultiPolygon", null, polygons);
    }

    private static RawCountry malformed(String where, String iso, String isoProblem, String what) {
        return new RawCountry(where, iso, isoProblem, null, "malformed shapefile record: " + what, List.of());
    }

    /**
     * The .prj must be WGS84 lon/lat (E007 naming it otherwise). Without one, WGS84 is assumed, but a
     * header bounding box outside lon/lat range (projected metres, say) is E007 at once.
     */
    private static void checkCrs(Components c, ByteBuffer shp) {
        if (c.prj() != null) {
            String problem = WktCrs.problem(c.prj().strip());
            if (problem != null) {
                throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, c.prjName() + ": CRS " + WktCrs.describe(c.prj())
                        + " is not WGS84 lon/lat (" + problem + "); EPSG:4326 is required");
            }
            return;
        }
        ByteBuffer le = shp.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        double xmin = le.getDouble(36), ymin = le.getDouble(44), xmax = le.getDouble(52), ymax = le.getDouble(60);
        if (Math.abs(ymin) > 90 || Math.abs(ymax) > 90 || Math.abs(xmin) > 540 || Math.abs(xmax) > 540) {
            throw new TileIndexException(ErrorCode.E007_CRS_MISMATCH, c.shpName() + ": no .prj, and the bounding box ("
                    + xmin + " " + ymin + ", " + xmax + " " + ymax + ") is outside lon/lat range; the data looks projected,"
                    + " not WGS84 lon/lat");
        }
    }

    /** The .cpg's code page; ISO-8859-1 without one (dBASE's convention, and what GDAL assumes). */
    static Charset charset(Components c) {
        if (c.cpg() == null) {
            return StandardCharsets.ISO_8859_1;
        }
        String cp = c.cpg().strip().toUpperCase(Locale.ROOT);
        if (cp.equals("UTF-8") || cp.equals("UTF8")) {
            return StandardCharsets.UTF_8;
        }
        if (cp.matches("(ANSI )?\\d{3,4}")) {
            cp = "windows-" + cp.replaceAll("\\D", "");
        } else if (cp.matches("8859[-_]?\\d+|ISO[-_ ]?8859[-_ ]?\\d+")) {
            cp = "ISO-8859-" + cp.replaceAll("^(ISO[-_ ]?)?8859[-_ ]?", "");
        }
        try {
            return Charset.forName(cp);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, c.shpName() + ": the .cpg names code page \""
                    + c.cpg().strip() + "\", which this Java runtime does not know", e);
        }
    }

    private static boolean isPolygon(int type) {
        return type == 5 || type == 15 || type == 25;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 1, 11, 21 -> "Point";
            case 3, 13, 23 -> "LineString";
            case 8, 18, 28 -> "MultiPoint";
            case 5, 15, 25 -> "Polygon";
            case 31 -> "MultiPatch";
            default -> "shape type " + type;
        };
    }

    /** {@code file}'s sibling with extension {@code ext} in lower or upper case, else any case; null if none. */
    static Path sibling(Path file, String ext) {
        Path dir = file.toAbsolutePath().getParent();
        String stem = base(file);
        for (String e : new String[] {ext, ext.toUpperCase(Locale.ROOT)}) {
            Path p = dir.resolve(stem + "." + e);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().equalsIgnoreCase(stem + "." + ext)).sorted().findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String base(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String text(Path p) {
        try {
            return latin1(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, p + ": cannot read: " + e, e);
        }
    }

    private static String latin1(byte[] b) {
        // .prj and .cpg are ASCII; ISO-8859-1 maps every byte, so odd bytes show up in messages, never fail
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] entry(Map<String, byte[]> entries, String stem, String ext) {
        return entries.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(stem + "." + ext))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** One entry's bytes, refused past what is left of the unpacked-size budget. */
    private static byte[] entry(java.io.InputStream in, Path zip, long budget) throws IOException {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget + 1));
        if (b.length > budget) {
            throw new TileIndexException(ErrorCode.E001_GEO_INVALID, zip + ": the .zip unpacks to more than "
                    + (ZIP_UNPACKED_LIMIT >> 20) + " MiB; unpack it and pass the .shp");
        }
        return b;
    }

    private static ByteBuffer wrap(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** SHA-256 over the components in a fixed order, each tagged with its name and length. */
    private static InputDigest digest(Components c) {
        MessageDigest d = InputBytes.sha256();
        tagged(d, "shp", c.shp());
        tagged(d, "dbf", c.dbf());
        if (c.prj() != null) {
            tagged(d, "prj", ByteBuffer.wrap(c.prj().getBytes(StandardCharsets.ISO_8859_1)));
        }
        if (c.cpg() != null) {
            tagged(d, "cpg", ByteBuffer.wrap(c.cpg().getBytes(StandardCharsets.ISO_8859_1)));
        }
        return new InputDigest(HexFormat.of().formatHex(d.digest()), "shapefile_set", sizes(c));
    }

    private static void tagged(MessageDigest d, String tag, ByteBuffer b) {
        d.update((tag + ":" + b.limit() + ":").getBytes(StandardCharsets.US_ASCII));
        InputBytes.update(d, b.duplicate().position(0));
    }

    private static long sizes(Components c) {
        return c.shp().limit() + (long) c.dbf().limit() + (c.prj() == null ? 0 : c.prj().length())
                + (c.cpg() == null ? 0 : c.cpg().length());
    }
}
