package io.tileindex.validator;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTickerTest {
    @Test
    void aLongStepPrintsProgressLinesAndStopsWhenClosed() throws InterruptedException {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ProgressTicker t = new ProgressTicker("files", 10, 20, lines::add)) {
            t.advance();
            t.advance();
            Thread.sleep(200);
        }
        int n = lines.size();
        assertTrue(n >= 2, lines.toString());
        assertTrue(lines.getLast().startsWith("files: 2 of 10 checked, "), lines.getLast());
        Thread.sleep(100);
        assertTrue(lines.size() == n, "no line after close");
    }
}
