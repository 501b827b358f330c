package io.tileindex.bench.profile;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlameGraphSvgTest {

    /** Frame name (from the tooltip, before " (") to its rectangle's width, in document order. */
    private static Map<String, Double> widths(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        Map<String, Double> out = new LinkedHashMap<>();
        NodeList groups = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String title = g.getElementsByTagNameNS("*", "title").item(0).getTextContent();
            Element rect = (Element) g.getElementsByTagNameNS("*", "rect").item(0);
            out.put(title.substring(0, title.lastIndexOf(" (")), Double.parseDouble(rect.getAttribute("width")));
        }
        return out;
    }

    @Test
    void widthsAreProportionalToSamples() throws Exception {
        StackTree t = new StackTree();
        t.add(List.of("encode", "io.tileindex.A.a"), 30);
        t.add(List.of("encode", "io.tileindex.B.b"), 10);
        t.add(List.of("writer", "java.io.C.c"), 20);
        Map<String, Double> w = widths(new FlameGraphSvg(t, "t", "s").render(1.0));
        double full = FlameGraphSvg.WIDTH - 2 * FlameGraphSvg.MARGIN;
        assertEquals(full, w.get("all"), 0.1);
        assertEquals(full * 40 / 60, w.get("encode"), 0.1);
        assertEquals(full * 30 / 60, w.get("io.tileindex.A.a"), 0.1);
        assertEquals(full * 10 / 60, w.get("io.tileindex.B.b"), 0.1);
        assertEquals(full * 20 / 60, w.get("java.io.C.c"), 0.1);
    }

    @Test
    void siblingsNarrowerThanAPixelAreMergedIntoOneFrame() throws Exception {
        StackTree t = new StackTree();
        t.add(List.of("encode", "io.tileindex.Big.run"), 9_900);
        for (int i = 0; i < 100; i++) {
            t.add(List.of("encode", "io.tileindex.Small" + i + ".run", "io.tileindex.Deeper.x"), 1); // 0.118 px each
        }
        Map<String, Double> w = widths(new FlameGraphSvg(t, "t", "s").render(1.0));
        assertTrue(w.containsKey("[100 narrow frames]"), w.keySet().toString());
        assertEquals((FlameGraphSvg.WIDTH - 2 * FlameGraphSvg.MARGIN) * 100 / 10_000, w.get("[100 narrow frames]"), 0.1);
        assertFalse(w.keySet().stream().anyMatch(n -> n.contains("Small") || n.contains("Deeper")), w.keySet().toString());
    }

    @Test
    void namesAreEscapedSoTheDocumentStaysWellFormed() throws Exception {
        StackTree t = new StackTree();
        t.add(List.of("pool <&> \"x\"", "a.B.<init>"), 1);
        Map<String, Double> w = widths(new FlameGraphSvg(t, "title & <more>", "s\u0001").render(1.0));
        assertTrue(w.containsKey("a.B.<init>"), w.keySet().toString());
    }

    @Test
    void theSizeBudgetCoarsensTheMerge() {
        StackTree t = new StackTree();
        for (int i = 0; i < 2_000; i++) {
            t.add(List.of("pool", "io.tileindex.C" + i + ".m"), 1 + i % 7);
        }
        FlameGraphSvg g = new FlameGraphSvg(t, "t", "s");
        int unbounded = g.render(1.0).length();
        String bounded = g.render(unbounded / 4);
        assertTrue(bounded.length() <= unbounded / 4, bounded.length() + " > " + unbounded / 4);
    }

    @Test
    void labelsDropThePackageAndFitTheirRectangle() {
        assertEquals("Foo$Bar.baz", FlameGraphSvg.label("io.tileindex.x.Foo$Bar.baz", 3));
        assertEquals("tileindex-encode", FlameGraphSvg.label("tileindex-encode", 1));
        assertEquals("ForkJoinPool.commonPool-worker", FlameGraphSvg.label("ForkJoinPool.commonPool-worker", 1));
        assertEquals("", FlameGraphSvg.fit("anything", 20));
        assertEquals("abcdef..", FlameGraphSvg.fit("abcdefghijkl", 6 + 8.5 * 6.6));
        assertEquals("abc", FlameGraphSvg.fit("abc", 6 + 8.5 * 6.6));
    }
}
