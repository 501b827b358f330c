package io.tileindex.validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What the coverage_fraction check keeps of one country's rows while the partition streams, in
 * constant space: the covered area {@code Σ coverage_fraction × pixel_area_m2} (compensated, so that
 * millions of terms stay far inside the 1e-9 the summary is held to) and two samples of cells for the
 * JTS comparison ({@link CoverageCheck}). A cell's place in a sample is decided by a hash of its tile
 * id under a seed from the parameter hash and the country, so the sample does not depend on the order
 * tallies are merged (the files are scanned in parallel). Cells below 1 are all candidates; of the
 * cells of value 1.0 only the first and last of each block the scan sees are (a block ends where the
 * value changes, at a boundary cell, where the country's cells of a row end, or at a page boundary):
 * the 1.0 cells a wrong geometry would most likely get wrong are those next to the boundary, and a run
 * then costs two candidates, not one per cell.
 */
final class CoverageTally {
    /** Cells with a value below 1 kept per country: where the build's geometry does its work. */
    static final int PARTIAL_SAMPLE = 256;
    /** Cells with value 1.0 kept per country, drawn from the ends of runs of 1.0: next to the boundary. */
    static final int FULL_SAMPLE = 64;

    /** A sampled cell: its hash priority, tile id, written value and the file that holds it. */
    record Cell(long priority, long tile, double value, String file) {}

    private final long seed;
    private final String file;
    private double sumM2, compensation;
    long partialCells;
    private final BottomK partial = new BottomK(PARTIAL_SAMPLE), full = new BottomK(FULL_SAMPLE);

    /** A country's tally in one file ({@code file} names it in the sample's examples). */
    CoverageTally(long seed, String file) {
        this.seed = seed;
        this.file = file;
    }

    /**
     * {@code n} consecutive cells from {@code tile} of one grid row with one value and one pixel area,
     * the value in range (see {@link CoverageCheck#inRange}).
     */
    void addRun(long tile, int n, double value, double areaM2) {
        add(value * areaM2 * n);
        if (value == 1.0) {
            full.offer(seed, tile, value, file);
            if (n > 1) {
                full.offer(seed, tile + n - 1, value, file);
            }
            return;
        }
        partialCells += n;
        for (int j = 0; j < n; j++) {
            partial.offer(seed, tile + j, value, file);
        }
    }

    /** Cells that cannot be sampled (a value out of range, already a failure; a cell off the grid): summed only. */
    void addUnsampled(int n, double value, double areaM2) {
        add(value * areaM2 * n);
    }

    /** Neumaier's compensated sum: the error stays at a few ulps whatever the number of terms. */
    private void add(double x) {
        double t = sumM2 + x;
        compensation += Math.abs(sumM2) >= Math.abs(x) ? (sumM2 - t) + x : (x - t) + sumM2;
        sumM2 = t;
    }

    /** Adds another file's tally of the same country (same seed). */
    void merge(CoverageTally o) {
        add(o.sumM2);
        add(o.compensation);
        partialCells += o.partialCells;
        o.partial.greatestFirst.forEach(partial::offer);
        o.full.greatestFirst.forEach(full::offer);
    }

    /** Σ coverage_fraction × pixel_area_m2 / 1e6, the summary's {@code covered_area_km2}. */
    double coveredKm2() { return (sumM2 + compensation) / 1e6; }

    /**
     * The sampled cells, partial ones first, each list by tile id: the {@code partialCells} and
     * {@code fullCells} of least priority (a bottom-k sample's prefix is a bottom-k sample too, so a
     * smaller sample is as uniform as the full one).
     */
    List<Cell> sample(int partialCells, int fullCells) {
        List<Cell> out = new ArrayList<>(partial.cells(partialCells));
        out.addAll(full.cells(fullCells));
        return out;
    }

    /** Seed from SHA-256(parameter hash, country), as {@link Eligibility#seed} but its own stream. */
    static long seed(String parameterHash, String iso) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((parameterHash + "/coverage_fraction/" + iso).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The {@code k} cells of least priority offered so far (a bottom-k sketch): a uniform sample of the
     * distinct cells offered, the same whatever their order. Ties broken by tile id.
     */
    private static final class BottomK {
        private static final Comparator<Cell> BY_PRIORITY =
                Comparator.comparingLong(Cell::priority).thenComparingLong(Cell::tile);
        private final int k;
        private final PriorityQueue<Cell> greatestFirst;

        BottomK(int k) {
            this.k = k;
            this.greatestFirst = new PriorityQueue<>(k + 1, BY_PRIORITY.reversed());
        }

        void offer(long seed, long tile, double value, String file) {
            long p = mix(seed + tile * 0x9E3779B97F4A7C15L);
            Cell top = greatestFirst.size() < k ? null : greatestFirst.peek();
            // most cells are rejected here, without allocating
            if (top == null || p < top.priority || p == top.priority && tile < top.tile) {
                offer(new Cell(p, tile, value, file));
            }
        }

        void offer(Cell c) {
            greatestFirst.add(c);
            if (greatestFirst.size() > k) {
                greatestFirst.poll();
            }
        }

        /** The {@code n} cells of least priority, by tile id. */
        List<Cell> cells(int n) {
            List<Cell> out = new ArrayList<>(greatestFirst);
            out.sort(BY_PRIORITY);
            out = new ArrayList<>(out.subList(0, Math.min(n, out.size())));
            out.sort(Comparator.comparingLong(Cell::tile));
            return out;
        }

        /** MurmurHash3's 64-bit finaliser: consecutive tile ids get unrelated priorities. */
        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb93e7f4a3591L;
            return z ^ (z >>> 33);
        }
    }
}
