package io.tileindex.writer;

/**
 * One row group of one country: cells {@code [cellOffset, cellOffset + rowCount)} of the country's
 * sorted cell list. Units, files and row groups depend only on the data (fixed row counts per row
 * group and row groups per file), never on the worker count: that is what makes bytes deterministic.
 */
public record PlannedRowGroup(long seq, int countryIndex, String iso, int rowGroupIndex, int fileIndex,
                       boolean firstInFile, boolean lastInFile, long cellOffset, int rowCount) implements java.io.Serializable {

    public String fileName() {
        return fileName(iso, fileIndex);
    }

    /** ASCII order of names = key order: {@code part-<ISO>-<5-digit file index>.parquet}. */
    public static String fileName(String iso, int fileIndex) {
        return String.format("part-%s-%05d.parquet", iso, fileIndex);
    }
}
