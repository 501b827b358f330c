package io.tileindex.spark;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * SPEC §5 "pin every version string that ends up inside a file": parquet-java writes its version into every
 * footer ({@code created_by}) and zstd-jni compresses every page. A Spark installation ships its own copies of
 * both, which win over tileindex-spark.jar's unless user classes come first; this check stops the build before a
 * byte is written instead of publishing files that differ from the local build's.
 */
final class PinnedVersions {
    private PinnedVersions() {}

    /** E000 naming the library and the fix if a loaded version differs from the one tileindex was built with. */
    static void check(String where) {
        Properties p = new Properties();
        try (InputStream in = PinnedVersions.class.getResourceAsStream("pinned-versions.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        require(where, "parquet-java", p.getProperty("parquet"), org.apache.parquet.Version.VERSION_NUMBER);
        require(where, "zstd-jni", p.getProperty("zstd-jni"), com.github.luben.zstd.util.ZstdVersion.VERSION);
    }

    private static void require(String where, String library, String pinned, String loaded) {
        if (!pinned.equals(loaded)) {
            throw new TileIndexException(ErrorCode.E000_INTERNAL, where + " loaded " + library + " " + loaded + " but tileindex "
                    + "writes with " + pinned + " (its version is part of every file's bytes); run with "
                    + "--conf spark.driver.userClassPathFirst=true --conf spark.executor.userClassPathFirst=true");
        }
    }
}
