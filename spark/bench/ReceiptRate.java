import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The serial receipt's cost: SHA-256 over a partition's files in name order (SPEC §6), read in 1 MiB pieces as
 * the Spark driver reads them, five times in one JVM (the first pass includes the JIT's warm-up), then the
 * digest alone over bytes already in memory. Usage: java spark/bench/ReceiptRate.java PARTITION_DIR
 */
public class ReceiptRate {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.sorted().toList();
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        for (int pass = 1; pass <= 5; pass++) {
            long t0 = System.nanoTime();
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        d.update(buf, 0, n);
                    }
                }
            }
            String hex = HexFormat.of().formatHex(d.digest());
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("pass %d: %d bytes in %.3f s = %.0f MB/s (files, page cache) %s%n", pass, bytes, s, bytes / s / 1e6, hex);
        }
        byte[] mem = new byte[256 << 20];
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        long t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            d.update(mem);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("digest alone: %d MB in %.3f s = %.0f MB/s%n", 4 * 256, s, 4 * 256 * 1.048576 / s);
    }
}
