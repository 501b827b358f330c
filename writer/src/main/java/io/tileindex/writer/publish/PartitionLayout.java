package io.tileindex.writer.publish;

import java.nio.file.Path;

/** SPEC §4 paths under an output root for one parameter hash. */
public record PartitionLayout(Path root, String parameterHash) {
    public static final String PREFIX = "layer1/1B";

    public Path tileIndex() { return root.resolve("data").resolve(PREFIX).resolve("tile_index").resolve(dirName()); }
    public Path tileBounds() { return root.resolve("data").resolve(PREFIX).resolve("tile_bounds").resolve(dirName()); }
    public Path reports() { return root.resolve("reports").resolve(PREFIX).resolve("tile_index").resolve(dirName()); }
    public Path stagingRoot() { return root.resolve(".staging"); }

    public String dirName() { return "parameter_hash=" + parameterHash; }

    /** The partition path as written into the receipt: relative to the root, '/' separated. */
    public String tileIndexRelative() { return relative(tileIndex()); }

    public String tileBoundsRelative() { return relative(tileBounds()); }

    private String relative(Path p) { return root.relativize(p).toString().replace('\\', '/'); }
}
