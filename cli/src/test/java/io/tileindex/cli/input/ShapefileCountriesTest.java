package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.tileindex.cli.input.FormatFixtures.copyShapefile;
import static io.tileindex.cli.input.InputFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written shapefile reader: components, CRS, encodings, damaged files. */
class ShapefileCountriesTest {
    @TempDir
    Path dir;

    private static List<String> isos(List<RawCountry> raw) {
        return raw.stream().map(RawCountry::iso).toList();
    }

    @Test
    void readsKeysInRecordOrderWithNumericFieldsAsPlainIntegers() throws IOException {
        Path shp = copyShapefile(dir);
        assertEquals(List.of("FJ", "LS", "MT", "SM", "ZA"), isos(ShapefileCountries.read(shp, "ISO_A2").raw()));
        assertEquals(List.of("242", "426", "470", "674", "710"), isos(ShapefileCountries.read(shp, "ISO_N3").raw()));
        assertEquals(List.of("FJ", "LS", "MT", "SM", "ZA"), isos(ShapefileCountries.read(shp, "iso_a2").raw()),
                "dBASE field names match case-insensitively");
        RawCountry za = ShapefileCountries.read(shp, "ISO_A2").raw().get(4);
        assertTrue(za.polygons().stream().anyMatch(p -> p.rings().size() == 2), "ZA keeps Lesotho as a hole");
    }

    @Test
    void digestCoversEveryComponent() throws IOException {
        Path shp = copyShapefile(dir);
        InputDigest before = ShapefileCountries.read(shp, "ISO_A2").digest();
        byte[] dbf = Files.readAllBytes(dir.resolve("countries.dbf"));
        dbf[dbf.length - 3] ^= 1; // one attribute byte
        Files.write(dir.resolve("countries.dbf"), dbf);
        assertTrue(!before.sha256().equals(ShapefileCountries.read(shp, "ISO_A2").digest().sha256()));
    }

    @Test
    void theShxOrAnyExtensionNamesTheSet() throws IOException {
        copyShapefile(dir);
        assertEquals(5, CountryReader.read(dir.resolve("countries.shx"), "ISO_A2").countries().size());
        Files.move(dir.resolve("countries.shp"), dir.resolve("countries.data"));
        assertEquals(5, CountryReader.read(dir.resolve("countries.data"), "ISO_A2").countries().size(),
                "recognised by content; the siblings share its base name");
        assertFails(ErrorCode.E010_IO, () -> CountryReader.read(dir.resolve("countries.shx"), "ISO_A2"), "no .shp");
    }

    @Test
    void deletedRecordsAreSkipped() throws IOException {
        Path shp = copyShapefile(dir);
        Path dbf = dir.resolve("countries.dbf");
        byte[] b = Files.readAllBytes(dbf);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = h.getShort(8), recordLength = h.getShort(10);
        b[headerLength + 2 * recordLength] = '*'; // the third record, MT
        Files.write(dbf, b);
        assertEquals(List.of("FJ", "LS", "SM", "ZA"), isos(ShapefileCountries.read(shp, "ISO_A2").raw()));
    }

    @Test
    void missingDbfNamesTheFile() throws IOException {
        Path shp = copyShapefile(dir);
        Files.delete(dir.resolve("countries.dbf"));
        assertFails(ErrorCode.E010_IO, () -> CountryReader.read(shp, "ISO_A2"), shp.toString(), "countries.dbf");
    }

    @Test
    void missingKeyFieldListsTheFields() throws IOException {
        Path shp = copyShapefile(dir);
        assertFails(ErrorCode.E005_ISO_FK, () -> CountryReader.read(shp), "countries.dbf", "no attribute \"country_iso\"",
                "ISO_A2", "ISO_N3");
    }

    @Test
    void projectedPrjIsACrsMismatchNamingThePrj() throws IOException {
        Path shp = copyShapefile(dir);
        Files.writeString(dir.resolve("countries.prj"), "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS["
                + "\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\","
                + "0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Mercator_Auxiliary_Sphere\"],UNIT[\"Meter\",1.0]]");
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(shp, "ISO_A2"), dir.resolve("countries.prj").toString(),
                "Web_Mercator", "projected");
        Files.writeString(dir.resolve("countries.prj"), "GEOGCS[\"ETRS89\",DATUM[\"European_Terrestrial_Reference_System_1989\","
                + "SPHEROID[\"GRS 1980\",6378137,298.257222101]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]");
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(shp, "ISO_A2"), "countries.prj", "not WGS 84");
    }

    @Test
    void withoutPrjWgs84IsAssumedUnlessTheBoxIsOutOfRange() throws IOException {
        Path shp = copyShapefile(dir);
        Files.delete(dir.resolve("countries.prj"));
        assertEquals(5, CountryReader.read(shp, "ISO_A2").countries().size());
        byte[] b = Files.readAllBytes(shp);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putDouble(52, 1.5e6); // header xmax in metres
        Files.write(shp, b);
        assertFails(ErrorCode.E007_CRS_MISMATCH, () -> CountryReader.read(shp, "ISO_A2"), shp.toString(), "no .prj",
                "outside lon/lat range");
    }

    @Test
    void truncatedShpNamesTheFile() throws IOException {
        Path shp = copyShapefile(dir);
        byte[] all = Files.readAllBytes(shp);
        Files.write(shp, Arrays.copyOf(all, all.length / 2));
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(shp, "ISO_A2"), shp.toString(), "truncated");
        Files.write(shp, Arrays.copyOf(all, 60));
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(shp, "ISO_A2"), shp.toString(), "truncated");
    }

    @Test
    void truncatedDbfNamesTheFile() throws IOException {
        Path shp = copyShapefile(dir);
        Path dbf = dir.resolve("countries.dbf");
        byte[] all = Files.readAllBytes(dbf);
        Files.write(dbf, Arrays.copyOf(all, all.length - 40));
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(shp, "ISO_A2"), dbf.toString(), "truncated");
    }

    @Test
    void anEmptyShapefileIsE001() throws IOException {
        Path shp = copyShapefile(dir);
        byte[] s = Arrays.copyOf(Files.readAllBytes(shp), 100);
        ByteBuffer.wrap(s).putInt(24, 50); // file length in 16-bit words: the header only
        Files.write(shp, s);
        Path dbf = dir.resolve("countries.dbf");
        ByteBuffer d = ByteBuffer.wrap(Files.readAllBytes(dbf)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] header = Arrays.copyOf(d.array(), d.getShort(8));
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0);
        Files.write(dbf, header);
        TileIndexException e = org.junit.jupiter.api.Assertions.assertThrows(TileIndexException.class,
                () -> CountryReader.read(shp, "ISO_A2"));
        assertEquals(ErrorCode.E001_GEO_INVALID, e.code());
    }

    @Test
    void recordCountsMustAgree() throws IOException {
        Path shp = copyShapefile(dir);
        Path dbf = dir.resolve("countries.dbf");
        byte[] b = Files.readAllBytes(dbf);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 4);
        Files.write(dbf, b);
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(shp, "ISO_A2"), "5 records but the .dbf 4");
    }

    @Test
    void cpgChoosesTheAttributeEncoding() throws IOException {
        Path shp = copyShapefile(dir);
        Path dbf = dir.resolve("countries.dbf");
        byte[] b = Files.readAllBytes(dbf);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = h.getShort(8);
        // the NAME field follows ISO_A2 (80 bytes): write "Zürich" in UTF-8 into the first record
        byte[] name = "Zürich".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, b, headerLength + 1 + 80, name.length);
        Arrays.fill(b, headerLength + 1 + 80 + name.length, headerLength + 1 + 160, (byte) ' ');
        Files.write(dbf, b);
        assertEquals("Zürich", ShapefileCountries.read(shp, "NAME").raw().getFirst().iso());
        Files.delete(dir.resolve("countries.cpg"));
        assertEquals(new String(name, StandardCharsets.ISO_8859_1), ShapefileCountries.read(shp, "NAME").raw().getFirst().iso(),
                "without a .cpg, dBASE's ISO-8859-1");
        Files.writeString(dir.resolve("countries.cpg"), "no-such-code-page");
        assertFails(ErrorCode.E001_GEO_INVALID, () -> ShapefileCountries.read(shp, "NAME"), "no-such-code-page");
    }

    @Test
    void zipHoldingOneShapefileSet() throws IOException {
        Path zip = dir.resolve("countries.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String ext : List.of("shp", "shx", "dbf", "prj", "cpg")) {
                z.putNextEntry(new ZipEntry("ne/countries." + ext));
                z.write(Files.readAllBytes(FormatFixtures.formats("countries." + ext)));
                z.closeEntry();
            }
        }
        CountryReader.CountrySet set = CountryReader.read(zip, "ISO_A2");
        assertEquals(CountryReader.FORMAT_SHAPEFILE, set.format());
        assertEquals(5, set.countries().size());
        assertEquals(InputDigest.ofFile(zip).sha256(), set.digest().sha256());
        FormatFixtures.assertSamePolygons(ShapefileCountries.readZip(zip, "ISO_A2").raw(), "zipped shapefile");
    }

    @Test
    void zipWithoutExactlyOneShapefileIsRefused() throws IOException {
        Path zip = dir.resolve("other.zip");
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        assertFails(ErrorCode.E001_GEO_INVALID, () -> CountryReader.read(zip), zip.toString(), "exactly one shapefile",
                "readme.txt");
    }

    @Test
    void nullShapeIsAFeatureWithoutGeometry() {
        ByteBuffer r = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0);
        ShapefileCountries.Components c = components(List.of(r));
        RawCountry only = ShapefileCountries.read(c, Path.of("x.shp"), "ISO").getFirst();
        assertEquals("AB", only.iso());
        assertTrue(only.geometryProblem().contains("no geometry"));
        assertNull(only.geometryType());
    }

    @Test
    void polygonZRecordWithNestedIslandsComesOutAsSeparatePolygons() {
        List<RawCountry.Ring> rings = List.of(ShapefileRingsTest.square(0, 0, 100, 100, true),
                ShapefileRingsTest.square(10, 10, 90, 90, false), ShapefileRingsTest.square(20, 20, 80, 80, true),
                ShapefileRingsTest.square(30, 30, 70, 70, false));
        RawCountry c = ShapefileCountries.read(components(List.of(polygonRecord(15, rings))), Path.of("x.shp"), "ISO")
                .getFirst();
        assertEquals("MultiPolygon", c.geometryType());
        assertEquals(2, c.polygons().size(), "the island in the lake is its own polygon");
        assertEquals(List.of(rings.get(0), rings.get(1)).stream().map(r -> r.x()[2]).toList(),
                c.polygons().get(0).rings().stream().map(r -> r.x()[2]).toList());
        assertEquals(List.of(20.0, 30.0), c.polygons().get(1).rings().stream().map(r -> r.x()[0]).toList());
    }

    /** A polygon record of {@code type} (5, 15 or 25), with Z and M blocks appended for the Z type. */
    static ByteBuffer polygonRecord(int type, List<RawCountry.Ring> rings) {
        int points = rings.stream().mapToInt(r -> r.x().length).sum();
        int size = 44 + 4 * rings.size() + 16 * points + (type == 15 ? 2 * (16 + 8 * points) : 0);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).position(36);
        b.putInt(rings.size()).putInt(points);
        int start = 0;
        for (RawCountry.Ring r : rings) {
            b.putInt(start);
            start += r.x().length;
        }
        for (RawCountry.Ring r : rings) {
            for (int i = 0; i < r.x().length; i++) {
                b.putDouble(r.x()[i]).putDouble(r.y()[i]);
            }
        }
        while (b.hasRemaining()) {
            b.putDouble(1e9); // Z and M values: must be ignored, and would fail the range check if read as x/y
        }
        return b.clear();
    }

    /** A one-record polygon shapefile in memory with a one-field (ISO = "AB") table. */
    private static ShapefileCountries.Components components(List<ByteBuffer> records) {
        int length = 100 + records.stream().mapToInt(r -> 8 + r.capacity()).sum();
        ByteBuffer shp = ByteBuffer.allocate(length);
        shp.putInt(0, 9994).putInt(24, length / 2);
        shp.order(ByteOrder.LITTLE_ENDIAN).putInt(28, 1000).putInt(32, 5);
        shp.order(ByteOrder.BIG_ENDIAN);
        int p = 100;
        for (int i = 0; i < records.size(); i++) {
            shp.putInt(p, i + 1).putInt(p + 4, records.get(i).capacity() / 2);
            shp.put(p + 8, records.get(i), 0, records.get(i).capacity());
            p += 8 + records.get(i).capacity();
        }
        ByteBuffer dbf = ByteBuffer.allocate(32 + 32 + 1 + 3).order(ByteOrder.LITTLE_ENDIAN);
        dbf.put(0, (byte) 3).putInt(4, 1).putShort(8, (short) 65).putShort(10, (short) 3);
        dbf.put(32, "ISO".getBytes(StandardCharsets.US_ASCII)).put(43, (byte) 'C').put(48, (byte) 2).put(64, (byte) 0x0D);
        dbf.put(65, " AB".getBytes(StandardCharsets.US_ASCII));
        return new ShapefileCountries.Components("x.shp", shp, "x.dbf", dbf, null, null, null);
    }
}
