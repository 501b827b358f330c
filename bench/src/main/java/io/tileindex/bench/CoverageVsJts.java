package io.tileindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileindex.cli.input.CountryReader;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.CoverageFractions;
import io.tileindex.kernel.scan.PreparedCountry;
import io.tileindex.kernel.scan.Predicate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Coverage fractions per boundary cell: the ring walk ({@link CountryScanner#coverage}, whole countries,
 * median of 5 after 3 warm-ups) against JTS computing {@code cell ∩ country} per boundary cell, on ten
 * countries of the bundled file on the 1 km grid. JTS is timed on an even sample of each country's boundary
 * cells (at most {@code --sample}, default 200) and scaled to all of them, two ways: the cell against the
 * whole country, and the cell against the country already cut to the cell's row (each row's cut timed once
 * and counted once per row the country's boundary cells occupy). Usage: CoverageVsJts [--sample N]
 */
public final class CoverageVsJts {
    static final List<String> COUNTRIES = List.of("LS", "ZA", "IT", "SM", "FJ", "NO", "ID", "CH", "BE", "CY");
    private static final GeometryFactory GF = new GeometryFactory();

    public static void main(String[] args) throws Exception {
        int sample = args.length == 2 && args[0].equals("--sample") ? Integer.parseInt(args[1]) : 200;
        Path root = BenchSupport.repoRoot();
        Path file = root.resolve("data/world_countries_ne10m.geojson");
        Map<String, CountryShape> shapes = new HashMap<>();
        CountryReader.read(file, "country_iso").countries().forEach(c -> shapes.put(c.iso(), c));
        Map<String, Geometry> jts = jtsCountries(file);
        Grid g = BenchSupport.WORLDPOP;
        System.out.println("| country | boundary cells | walk ms | walk ns/cell | JTS whole µs/cell | JTS row-cut µs/cell | "
                + "ratio whole | ratio row-cut |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        double walkS = 0, wholeS = 0, rowS = 0;
        long cells = 0;
        for (String iso : COUNTRIES) {
            CountryScanner s = new CountryScanner(g);
            PreparedCountry p = s.prepare(shapes.get(iso), Predicate.ANY_OVERLAP);
            double walk = medianSeconds(() -> s.coverage(p));
            CoverageFractions f = s.coverage(p);
            double[] j = jtsSeconds(g, jts.get(iso), f, sample);
            walkS += walk;
            wholeS += j[0];
            rowS += j[1];
            cells += f.size();
            System.out.printf("| %s | %,d | %.2f | %.0f | %.1f | %.1f | %.0f× | %.0f× |%n", iso, f.size(), walk * 1e3,
                    walk / f.size() * 1e9, j[0] / f.size() * 1e6, j[1] / f.size() * 1e6, j[0] / walk, j[1] / walk);
        }
        System.out.printf("| all ten | %,d | %.2f | %.0f | %.1f | %.1f | %.0f× | %.0f× |%n", cells, walkS * 1e3,
                walkS / cells * 1e9, wholeS / cells * 1e6, rowS / cells * 1e6, wholeS / walkS, rowS / walkS);
    }

    private static double medianSeconds(Runnable r) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        double[] t = new double[5];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t[2];
    }

    /** JTS's time for all of the country's boundary cells, scaled from the sample: {whole country, row-cut}. */
    private static double[] jtsSeconds(Grid g, Geometry country, CoverageFractions f, int sample) {
        int step = Math.max(1, f.size() / sample);
        long n = 0, wholeNanos = 0, cutNanos = 0, rowNanos = 0;
        Map<Long, Geometry> rowCut = new HashMap<>();
        double sink = 0;
        for (int i = 0; i < f.size(); i += step, n++) {
            long row = f.tileId(i) / g.ncols(), col = f.tileId(i) % g.ncols();
            Geometry cell = GF.toGeometry(new Envelope(g.minLon(col), g.maxLon(col), g.minLat(row), g.maxLat(row)));
            long t0 = System.nanoTime();
            sink += OverlayNGRobust.overlay(cell, country, OverlayNG.INTERSECTION).getArea() / cell.getArea();
            long t1 = System.nanoTime();
            Geometry cut = rowCut.get(row);
            if (cut == null) {
                Geometry strip = GF.toGeometry(new Envelope(g.minLon(0), g.maxLon(g.ncols() - 1L), g.minLat(row), g.maxLat(row)));
                cut = OverlayNGRobust.overlay(strip, country, OverlayNG.INTERSECTION);
                rowNanos += System.nanoTime() - t1;
                rowCut.put(row, cut);
            }
            long t2 = System.nanoTime();
            sink += OverlayNGRobust.overlay(cell, cut, OverlayNG.INTERSECTION).getArea() / cell.getArea();
            cutNanos += System.nanoTime() - t2;
            wholeNanos += t1 - t0;
        }
        if (sink < 0) {
            throw new IllegalStateException(); // keeps the work observable
        }
        TreeSet<Long> rows = new TreeSet<>();
        for (int i = 0; i < f.size(); i++) {
            rows.add(f.tileId(i) / g.ncols());
        }
        double perCellWhole = wholeNanos / 1e9 / n, perCellCut = cutNanos / 1e9 / n, perRow = rowNanos / 1e9 / rowCut.size();
        return new double[] {perCellWhole * f.size(), perCellCut * f.size() + perRow * rows.size()};
    }

    private static Map<String, Geometry> jtsCountries(Path file) throws Exception {
        String text = Files.readString(file);
        Geometry all = new GeoJsonReader().read(text);
        JsonNode features = new ObjectMapper().readTree(text).get("features");
        Map<String, Geometry> m = new HashMap<>();
        for (int i = 0; i < all.getNumGeometries(); i++) {
            m.put(features.get(i).get("properties").get("country_iso").asText(), all.getGeometryN(i));
        }
        return m;
    }
}
