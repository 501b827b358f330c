package io.tileindex.cli.input;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Locations of test inputs and a coded-failure assertion shared by the reader tests. */
final class InputFixtures {
    private InputFixtures() {}

    static Path bundledData() {
        return io.tileindex.cli.BundledData.dir();
    }

    static Path world() {
        return bundledData().resolve("world_countries_ne10m.geojson");
    }

    static Path iso3166() {
        return bundledData().resolve("iso3166.csv");
    }

    /** A file under src/test/resources/inputs/. */
    static Path resource(String name) {
        try {
            return Path.of(InputFixtures.class.getResource("/inputs/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource inputs/" + name, e);
        }
    }

    static Path writeString(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a TileIndexException with this code whose message contains every fragment. */
    static TileIndexException assertFails(ErrorCode code, Executable call, String... fragments) {
        TileIndexException e = assertThrows(TileIndexException.class, call);
        assertEquals(code, e.code(), e::getMessage);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message lacks \"" + f + "\": " + e.getMessage());
        }
        return e;
    }
}
