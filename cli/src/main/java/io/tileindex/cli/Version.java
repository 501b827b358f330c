package io.tileindex.cli;

/** Versions that determine output bytes: the tool's, and every library whose code writes them. */
public final class Version {
    private Version() {}

    public static final String TOOL = "0.1.0";

    public static String describe() {
        return "tileindex " + TOOL + "\n"
                + "  output format     " + io.tileindex.writer.parquet.TileSchemas.FORMAT_VERSION + "\n"
                + "  parquet-java      " + org.apache.parquet.Version.VERSION_NUMBER + " (created_by: " + org.apache.parquet.Version.FULL_VERSION + ")\n"
                + "  zstd-jni          " + com.github.luben.zstd.util.ZstdVersion.VERSION + " (ZSTD level " + io.tileindex.writer.parquet.PageCompressor.ZSTD_LEVEL + ")\n"
                + "  GeographicLib     " + net.sf.geographiclib.Constants.class.getPackage().getImplementationVersion() + "\n"
                + "  JTS               " + org.locationtech.jts.JTSVersion.CURRENT_VERSION + "\n"
                + "  java              " + Runtime.version() + "\n";
    }
}
