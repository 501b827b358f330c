package io.tileindex.writer.publish;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SPEC §6: SHA-256 over the partition's files concatenated in ASCII order of relative path. */
public final class DeterminismReceipt {
    private DeterminismReceipt() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(MessageDigest d) { return HexFormat.of().formatHex(d.digest()); }

    /** Recomputes a receipt from disk (validator, tests, republish check). */
    public static String of(Path partition) throws IOException {
        MessageDigest d = sha256();
        byte[] buf = new byte[1 << 20];
        for (String f : PartitionPublisher.relativeFiles(partition)) {
            try (InputStream in = Files.newInputStream(partition.resolve(f))) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    d.update(buf, 0, n);
                }
            }
        }
        return hex(d);
    }
}
