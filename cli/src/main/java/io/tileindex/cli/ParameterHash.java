package io.tileindex.cli;

import io.tileindex.kernel.grid.Grid;
import io.tileindex.writer.parquet.TileSchemas;
import io.tileindex.writer.publish.DeterminismReceipt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SPEC §4: the caller's {@code --parameter-hash}, or the SHA-256 of a canonical text naming
 * everything that determines the output bytes: input digests, predicate, grid (exact doubles as
 * hex), country selection and the output format version.
 */
public final class ParameterHash {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private ParameterHash() {}

    public static String checkGiven(String h) {
        if (!HEX64.matcher(h).matches()) {
            throw new UsageException("--parameter-hash must be 64 lowercase hex characters, got '" + h + "'");
        }
        return h;
    }

    /**
     * The reading options that change the output. Written into the canonical text only when they differ
     * from the defaults, so that a default run keeps the hash it always had.
     */
    public record GeometryPolicy(String isoTableColumn, String layer, boolean repair, boolean skipUnknownCodes) {
        public static final GeometryPolicy DEFAULT = new GeometryPolicy("country_iso", null, false, false);
    }

    public static String canonical(String countriesSha, String isoSha, String gridSha, Grid g, String predicate,
                                   List<String> only, String isoColumn) {
        return canonical(countriesSha, isoSha, gridSha, g, predicate, only, isoColumn, GeometryPolicy.DEFAULT);
    }

    public static String canonical(String countriesSha, String isoSha, String gridSha, Grid g, String predicate,
                                   List<String> only, String isoColumn, GeometryPolicy policy) {
        return canonical(countriesSha, isoSha, gridSha, g, predicate, only, isoColumn, policy, false);
    }

    /** {@code coverageFraction} is written only when on: a build without it keeps the hash it always had. */
    public static String canonical(String countriesSha, String isoSha, String gridSha, Grid g, String predicate,
                                   List<String> only, String isoColumn, GeometryPolicy policy, boolean coverageFraction) {
        StringBuilder sb = new StringBuilder();
        sb.append("tileindex-parameters/1\n");
        sb.append("format=").append(TileSchemas.FORMAT_VERSION).append('\n');
        sb.append("predicate=").append(predicate).append('\n');
        sb.append("countries_sha256=").append(countriesSha).append('\n');
        sb.append("iso_sha256=").append(isoSha).append('\n');
        sb.append("grid_sha256=").append(gridSha).append('\n');
        sb.append("grid=").append(g.nrows()).append('x').append(g.ncols());
        for (double v : g.geoTransform()) {
            sb.append(';').append(Double.toHexString(v));
        }
        sb.append('\n');
        sb.append("only=").append(only == null ? "*" : String.join(",", only)).append('\n');
        sb.append("iso_column=").append(isoColumn).append('\n');
        if (!policy.equals(GeometryPolicy.DEFAULT)) {
            sb.append("iso_table_column=").append(policy.isoTableColumn()).append('\n');
            sb.append("layer=").append(policy.layer() == null ? "*" : policy.layer()).append('\n');
            sb.append("repair_geometry=").append(policy.repair()).append('\n');
            sb.append("skip_unknown_codes=").append(policy.skipUnknownCodes()).append('\n');
        }
        if (coverageFraction) {
            sb.append("coverage_fraction=true\n");
        }
        return sb.toString();
    }

    public static String derive(String canonical) {
        MessageDigest d = DeterminismReceipt.sha256();
        d.update(canonical.getBytes(StandardCharsets.UTF_8));
        return DeterminismReceipt.hex(d);
    }
}
