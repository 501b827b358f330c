package io.tileindex.writer.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fsync thread: every handed-over file is complete and synced when finish returns; a failure is never lost. */
class FileSyncerTest {

    private static void write(DurableOutputFile f, byte[] bytes) throws IOException {
        try (OutputStream out = f.create(0)) {
            out.write(bytes);
        }
    }

    @Test
    void finishReturnsWhenEveryFileIsWrittenAndClosed(@TempDir Path dir) throws Exception {
        MessageDigest digest = DeterminismReceipt.sha256();
        try (FileSyncer syncer = new FileSyncer(FaultInjector.NONE)) {
            for (int i = 0; i < 50; i++) {
                byte[] b = new byte[1000 + i];
                java.util.Arrays.fill(b, (byte) i);
                write(new DurableOutputFile(dir.resolve("f" + i), digest, FaultInjector.NONE, syncer), b);
            }
            syncer.finish();
        }
        for (int i = 0; i < 50; i++) {
            byte[] b = Files.readAllBytes(dir.resolve("f" + i));
            assertEquals(1000 + i, b.length);
            assertEquals((byte) i, b[b.length - 1]);
        }
        // the digest saw the bytes on the writer's thread, in order, before the hand-over
        MessageDigest again = DeterminismReceipt.sha256();
        for (int i = 0; i < 50; i++) {
            again.update(Files.readAllBytes(dir.resolve("f" + i)));
        }
        assertArrayEquals(again.digest(), digest.digest());
    }

    @Test
    void aFailedFsyncFailsTheNextHandOverAndFinishWithItsOwnMessage(@TempDir Path dir) throws Exception {
        FaultInjector faults = new FaultInjector(FaultInjector.Kind.FSYNC, 2);
        FileSyncer syncer = new FileSyncer(faults);
        write(new DurableOutputFile(dir.resolve("a"), null, faults, syncer), new byte[10]);
        write(new DurableOutputFile(dir.resolve("b"), null, faults, syncer), new byte[10]); // its fsync fails
        IOException atFinish = assertThrows(IOException.class, syncer::finish);
        assertTrue(atFinish.getMessage().contains("injected FSYNC fault #2"), atFinish.getMessage());

        FileSyncer second = new FileSyncer(new FaultInjector(FaultInjector.Kind.FSYNC, 1));
        write(new DurableOutputFile(dir.resolve("c"), null, FaultInjector.NONE, second), new byte[10]);
        // wait until the failure is recorded, then a later hand-over reports it instead of queueing
        IOException later = null;
        for (int i = 0; i < 200 && later == null; i++) {
            try {
                write(new DurableOutputFile(dir.resolve("d" + i), null, FaultInjector.NONE, second), new byte[10]);
                Thread.sleep(5);
            } catch (IOException e) {
                later = e;
            }
        }
        assertTrue(later != null && later.getMessage().contains("injected FSYNC fault #1"), String.valueOf(later));
        assertThrows(IOException.class, second::finish);
    }

    @Test
    void aHandOverAfterFinishIsAProgrammingError(@TempDir Path dir) throws Exception {
        FileSyncer syncer = new FileSyncer(FaultInjector.NONE);
        syncer.finish();
        assertThrows(IllegalStateException.class,
                () -> write(new DurableOutputFile(dir.resolve("late"), null, FaultInjector.NONE, syncer), new byte[1]));
    }
}
