package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.writer.publish.DeterminismReceipt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * A whole input file mapped read-only (no heap copy, however large), for the binary readers that jump
 * around in it. Mapping reads each page once; the digest pass and the parse share those pages.
 */
final class InputBytes {
    private InputBytes() {}

    /** The file's bytes, little-endian order; E010 naming the file when it is missing or unreadable. */
    static ByteBuffer map(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        } catch (NoSuchFileException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": file does not exist", e);
        } catch (IOException e) {
            throw new TileIndexException(ErrorCode.E010_IO, file + ": cannot read: " + e, e);
        }
    }

    /** Feeds all of {@code b} (position to limit) to {@code d}, leaving {@code b} untouched. */
    static void update(MessageDigest d, ByteBuffer b) {
        d.update(b.duplicate());
    }

    static MessageDigest sha256() {
        return DeterminismReceipt.sha256();
    }
}
