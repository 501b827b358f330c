package io.tileindex.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions that determine output bytes: the tool's, and every library whose code writes them. */
public final class Version {
    private Version() {}

    public static final String TOOL = "0.1.0";

    public static String describe() {
        return "tileindex " + TOOL + "\n"
                + "  output format     " + io.tileindex.writer.parquet.TileSchemas.FORMAT_VERSION + "\n"
                // footer layout and the created_by string written into every file
                + "  parquet-java      " + org.apache.parquet.Version.VERSION_NUMBER + " (created_by: " + org.apache.parquet.Version.FULL_VERSION + ")\n"
                + "  zstd-jni          " + com.github.luben.zstd.util.ZstdVersion.VERSION + " (ZSTD level " + io.tileindex.writer.parquet.PageCompressor.ZSTD_LEVEL + ")\n"
                // pixel_area_m2
                + "  GeographicLib     " + mavenVersion(net.sf.geographiclib.Geodesic.class, "net.sf.geographiclib", "GeographicLib-Java") + "\n"
                // GeoJSON coordinates are parsed by jackson-core; GeoParquet WKB and validity by JTS
                + "  jackson-core      " + com.fasterxml.jackson.core.json.PackageVersion.VERSION + "\n"
                + "  JTS               " + org.locationtech.jts.JTSVersion.CURRENT_VERSION + "\n"
                + "  java              " + Runtime.version() + "\n";
    }

    /**
     * A jar's version from its {@code META-INF/maven/.../pom.properties}: GeographicLib's manifest has no
     * Implementation-Version, so {@code Package.getImplementationVersion()} is null there.
     */
    static String mavenVersion(Class<?> c, String group, String artifact) {
        String v = c.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = c.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                v = p.getProperty("version");
            }
        } catch (IOException e) {
            // fall through to "unknown": --version must never fail
        }
        return v != null ? v : "unknown";
    }
}
