package io.tileindex.bench.profile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StackTreeTest {

    private static StackTree sample() {
        StackTree t = new StackTree();
        t.add(List.of("encode", "Worker.run", "Encoder.encode", "Delta.pack"), 5);
        t.add(List.of("encode", "Worker.run", "Encoder.encode"), 2);
        t.add(List.of("encode", "Worker.run", "Kernel.fill"), 3);
        t.add(List.of("writer", "Writer.run", "Delta.pack"), 1);
        t.add(List.of("writer", "Writer.run", "Digest.update"), 4);
        return t;
    }

    @Test
    void foldsEqualPathsAndCountsEveryFrameOnThePath() {
        StackTree t = sample();
        assertEquals(15, t.root().total());
        StackTree.Node encode = t.root().children().iterator().next();
        assertEquals("encode", encode.name());
        assertEquals(10, encode.total());
        StackTree.Node run = encode.children().iterator().next();
        assertEquals(10, run.total());
        assertEquals(0, run.self());
        assertEquals(List.of("Encoder.encode", "Kernel.fill"), run.children().stream().map(StackTree.Node::name).toList());
    }

    @Test
    void foldedLinesGiveEachPathItsSelfSamples() {
        assertEquals(List.of(
                "encode;Worker.run;Encoder.encode 2",
                "encode;Worker.run;Encoder.encode;Delta.pack 5",
                "encode;Worker.run;Kernel.fill 3",
                "writer;Writer.run;Delta.pack 1",
                "writer;Writer.run;Digest.update 4"), sample().foldedLines());
    }

    @Test
    void topSelfSumsAFrameOverPathsAndThreadGroups() {
        Map<String, Long> top = sample().topSelf(3);
        assertEquals(List.of("Delta.pack", "Digest.update", "Kernel.fill"), List.copyOf(top.keySet()));
        assertEquals(6L, top.get("Delta.pack"));
    }

    @Test
    void totalsByRootAreLargestFirst() {
        assertEquals(List.of(Map.entry("encode", 10L), Map.entry("writer", 5L)),
                List.copyOf(sample().totalsByRoot().entrySet()));
    }

    @Test
    void arrivalOrderDoesNotChangeTheTree() {
        StackTree reversed = new StackTree();
        reversed.add(List.of("writer", "Writer.run", "Digest.update"), 4);
        reversed.add(List.of("writer", "Writer.run", "Delta.pack"), 1);
        reversed.add(List.of("encode", "Worker.run", "Kernel.fill"), 3);
        reversed.add(List.of("encode", "Worker.run", "Encoder.encode"), 2);
        reversed.add(List.of("encode", "Worker.run", "Encoder.encode", "Delta.pack"), 5);
        assertEquals(sample().foldedLines(), reversed.foldedLines());
    }
}
