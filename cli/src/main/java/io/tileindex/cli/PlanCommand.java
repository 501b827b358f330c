package io.tileindex.cli;

import io.tileindex.cli.input.CountryReader;
import io.tileindex.cli.input.GridInput;
import io.tileindex.cli.input.IsoTable;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.CellRuns;
import io.tileindex.kernel.scan.CountryCells;
import io.tileindex.kernel.scan.CountryScanner;
import io.tileindex.kernel.scan.PreparedCountry;
import io.tileindex.writer.TileIndexPipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code tileindex plan}: the build's options; reads the inputs and scans every country, but writes
 * nothing. Prints one JSON object: per country and in total the tiles, the files and the estimated
 * output bytes and seconds. Countries are scanned one at a time per worker, in bands of rows, and only
 * their counts are kept, so memory is bounded by one band's runs per worker, not by the grid.
 */
public final class PlanCommand {
    /**
     * Fitted on this project's 1 km output (IN, US, RU, FI, ZA, LS; docs/PERFORMANCE.md): bytes per
     * tile, per longitude-dictionary entry (one per column of a row group's span, three columns of
     * doubles) and per file (footer, indexes).
     */
    static final double BYTES_PER_TILE = 0.28, BYTES_PER_DICTIONARY_ENTRY = 45, BYTES_PER_FILE = 2800;
    /** With --coverage-fraction: its value in the dictionary and a short RLE run (1 km world: 23.2 MB for 2.32 M cells). */
    static final double BYTES_PER_BOUNDARY_CELL = 10;

    /** A country's output bytes, both datasets: per-tile pages, longitude dictionaries, file overhead. */
    static long estimatedBytes(long tiles, long dictionaryEntries) {
        return Math.round(tiles * BYTES_PER_TILE + dictionaryEntries * BYTES_PER_DICTIONARY_ENTRY
                + 2 * files(tiles) * BYTES_PER_FILE);
    }

    /** Seconds: JVM start and inputs, then the 100 m world's measured mean of 87 M tiles/s on 2 cores (docs/PERFORMANCE.md). */
    static double seconds(long tiles) {
        return 2.5 + tiles / 87e6;
    }

    private final PrintStream out, err;

    public PlanCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        BuildOptions.Parsed p = BuildOptions.Parsed.of(args, out, err, BuildCommand.USAGE.replace("tileindex build", "tileindex plan "));
        if (p.options() == null) {
            return p.exitCode();
        }
        BuildOptions o = p.options();
        try {
            out.println(Json.compact(plan(o)));
            return 0;
        } catch (TileIndexException e) {
            err.println(ErrorEvent.of(e, o.parameterHash()));
            return 1;
        } catch (RuntimeException e) {
            err.println(ErrorEvent.of(BuildCommand.classify(e), o.parameterHash()));
            return 1;
        }
    }

    private Map<String, Object> plan(BuildOptions o) {
        long t0 = System.nanoTime();
        Grid grid = GridInput.read(o.grid()).header().toCheckedGrid(o.grid());
        IsoTable iso = IsoTable.read(o.iso(), o.isoTableColumn());
        CountryReader.CountrySet set = CountryReader.read(o.countries(), o.countryOptions(iso));
        List<CountryShape> countries = BuildCommand.select(set.countries(), o.only(), iso);
        long[][] counts = scanCounts(grid, countries, o);
        long[] tiles = counts[0], spans = counts[1], boundary = counts[2];
        List<Map<String, Object>> lines = new ArrayList<>();
        long total = 0, files = 0;
        long bytes = 0;
        for (int i = 0; i < countries.size(); i++) {
            long f = 2 * files(tiles[i]);
            long b = estimatedBytes(tiles[i], spans[i]) + Math.round(boundary[i] * BYTES_PER_BOUNDARY_CELL);
            total += tiles[i];
            files += f;
            bytes += b;
            Map<String, Object> line = Json.obj();
            line.put("country_iso", countries.get(i).iso());
            line.put("tiles", tiles[i]);
            line.put("files", f);
            line.put("dictionary_entries", spans[i]);
            if (o.coverageFraction()) {
                line.put("boundary_cells", boundary[i]);
            }
            line.put("estimated_output_bytes", b);
            lines.add(line);
        }
        Map<String, Object> plan = Json.obj();
        plan.put("predicate", o.predicate().wireName());
        Map<String, Object> dims = Json.obj();
        dims.put("nrows", grid.nrows());
        dims.put("ncols", grid.ncols());
        plan.put("grid_dims", dims);
        plan.put("countries_total", countries.size());
        plan.put("tiles_total", total);
        plan.put("files_total", files);
        plan.put("estimated_output_bytes", bytes);
        plan.put("estimated_seconds", BuildCommand.round3(seconds(total)));
        plan.put("plan_seconds", BuildCommand.round3(BuildCommand.sec(System.nanoTime() - t0)));
        plan.put("peak_rss_bytes", ProcessMetrics.peakRssBytes());
        plan.put("countries", lines);
        return plan;
    }

    /**
     * {tiles, column span, boundary cells} per country; each worker scans one country at a time, a band of
     * rows at a time, and keeps only these numbers, so one band's runs per worker are all the plan ever
     * holds. Boundary cells (the cells a coverage fraction below one may have) are walked only with
     * {@code --coverage-fraction}, band by band as the build walks them.
     */
    private long[][] scanCounts(Grid grid, List<CountryShape> countries, BuildOptions o) {
        long[] tiles = new long[countries.size()], spans = new long[countries.size()], boundary = new long[countries.size()];
        AtomicInteger next = new AtomicInteger();
        RuntimeException[] failure = new RuntimeException[1];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.max(1, Math.min(o.workers(), countries.size())); w++) {
            threads.add(Thread.ofPlatform().name("tileindex-plan-" + w).start(() -> {
                CountryScanner scanner = new CountryScanner(grid);
                int i;
                while ((i = next.getAndIncrement()) < countries.size()) {
                    try {
                        PreparedCountry p = scanner.prepare(countries.get(i), o.predicate());
                        DictionaryEntries entries = new DictionaryEntries();
                        int bandFrom = p.rowLo();
                        for (CountryCells band : scanner.bands(p)) {
                            tiles[i] += band.cellsIncluded();
                            entries.add(band.runs());
                            int bandTo = Math.min(p.rowHi(), bandFrom + CountryScanner.BAND_ROWS - 1);
                            boundary[i] += o.coverageFraction() ? scanner.coverage(p, bandFrom, bandTo).size() : 0;
                            bandFrom = bandTo + 1;
                        }
                        spans[i] = entries.finish();
                    } catch (RuntimeException e) {
                        synchronized (failure) {
                            failure[0] = failure[0] == null ? e : failure[0];
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return new long[][] {tiles, spans, boundary};
    }

    /** Σ over a country's row groups of its column span there: the entries of its longitude dictionaries. */
    private static final class DictionaryEntries {
        private long entries, cells;
        private int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;

        /** The next runs of the country, in order. */
        void add(CellRuns runs) {
            for (int r = 0; r < runs.size(); r++) {
                min = Math.min(min, runs.start(r));
                max = Math.max(max, runs.end(r));
                cells += runs.end(r) - runs.start(r);
                if (cells >= TileIndexPipeline.ROW_GROUP_ROWS) {
                    close();
                }
            }
        }

        private void close() {
            entries += max - min;
            cells = 0;
            min = Integer.MAX_VALUE;
            max = Integer.MIN_VALUE;
        }

        long finish() {
            if (cells > 0) {
                close();
            }
            return entries;
        }
    }

    /** Files of one dataset for a country: row groups of a fixed size, a fixed number per file. */
    static long files(long tiles) {
        long groups = (tiles + TileIndexPipeline.ROW_GROUP_ROWS - 1) / TileIndexPipeline.ROW_GROUP_ROWS;
        return (groups + TileIndexPipeline.ROW_GROUPS_PER_FILE - 1) / TileIndexPipeline.ROW_GROUPS_PER_FILE;
    }
}
