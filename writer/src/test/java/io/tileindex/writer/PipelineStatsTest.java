package io.tileindex.writer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineStatsTest {
    /** A 100 m world has ~22,000 row groups: one span each would make a 1 MB run report. */
    @Test
    void spansOfAFineGridAreCoalescedBelowTheLimitKeepingRowsAndExtent() {
        List<PipelineStats.Span> spans = new ArrayList<>();
        long rows = 0;
        for (int i = 0; i < 22_000; i++) {
            String iso = "C" + (char) ('A' + (i / 900) % 26);
            spans.add(new PipelineStats.Span(i % 2, "encode", iso, i * 0.01, i * 0.01 + 0.02, 1 << 20));
            rows += 1 << 20;
        }
        List<PipelineStats.Span> kept = PipelineStats.Span.coalesce(spans);
        assertTrue(kept.size() <= PipelineStats.Span.MAX_KEPT, "kept " + kept.size());
        assertEquals(rows, kept.stream().mapToLong(PipelineStats.Span::rows).sum());
        assertEquals(0.0, kept.stream().mapToDouble(PipelineStats.Span::startSeconds).min().orElseThrow());
        assertEquals(21_999 * 0.01 + 0.02, kept.stream().mapToDouble(PipelineStats.Span::endSeconds).max().orElseThrow(), 1e-9);
    }

    @Test
    void aCoarseRunKeepsEverySpan() {
        List<PipelineStats.Span> spans = List.of(new PipelineStats.Span(0, "scan", "LS", 0, 1, 5),
                new PipelineStats.Span(0, "encode", "LS", 1, 2, 5));
        assertSame(spans, PipelineStats.Span.coalesce(spans));
    }
}
