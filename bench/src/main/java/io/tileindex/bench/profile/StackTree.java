package io.tileindex.bench.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Stacks folded into a tree: one node per distinct call path, each with the number of samples whose
 * stack passes through it. The first frame of every stack is its root (a flame graph's bottom row;
 * here the thread group). Children are kept in name order so that the same samples always give the
 * same tree, and the same SVG, whatever order they arrived in.
 */
public final class StackTree {

    /** One call path's last frame: its samples and its callees. */
    public static final class Node {
        private final String name;
        private long total;
        private final Map<String, Node> children = new TreeMap<>();

        private Node(String name) {
            this.name = name;
        }

        /** The frame, as folded (e.g. {@code io.tileindex.writer.Foo.bar}). */
        public String name() {
            return name;
        }

        /** Samples whose stack passes through this node. */
        public long total() {
            return total;
        }

        /** Samples whose stack ends here: this frame was on CPU itself. */
        public long self() {
            long inChildren = 0;
            for (Node c : children.values()) {
                inChildren += c.total;
            }
            return total - inChildren;
        }

        /** Callees in name order. */
        public Collection<Node> children() {
            return children.values();
        }
    }

    private final Node root = new Node("all");

    /**
     * Adds {@code count} samples of one stack.
     *
     * @param framesRootFirst the stack, outermost frame first; empty stacks count at the root only
     */
    public void add(List<String> framesRootFirst, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Node n = root;
        n.total += count;
        for (String f : framesRootFirst) {
            n = n.children.computeIfAbsent(f, Node::new);
            n.total += count;
        }
    }

    /** The synthetic root ("all"); its total is every sample added. */
    public Node root() {
        return root;
    }

    /** Samples per top-level frame (the thread groups), largest first. */
    public Map<String, Long> totalsByRoot() {
        Map<String, Long> out = new LinkedHashMap<>();
        root.children.values().stream()
                .sorted(Comparator.comparingLong(Node::total).reversed().thenComparing(Node::name))
                .forEach(n -> out.put(n.name, n.total));
        return out;
    }

    /**
     * Self samples per frame name, summed over every path and thread group (the roots excluded),
     * largest first, at most {@code limit} entries.
     */
    public Map<String, Long> topSelf(int limit) {
        Map<String, Long> self = new HashMap<>();
        for (Node group : root.children.values()) {
            visit(group, n -> {
                if (n != group && n.self() > 0) {
                    self.merge(n.name, n.self(), Long::sum);
                }
            });
        }
        Map<String, Long> out = new LinkedHashMap<>();
        self.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * The tree in the folded-stacks text format ({@code frame;frame;frame count}, one line per path
     * with self samples), the format other flame graph tools read.
     */
    public List<String> foldedLines() {
        List<String> out = new ArrayList<>();
        for (Node top : root.children.values()) {
            fold(top, top.name, out);
        }
        return out;
    }

    private static void fold(Node n, String path, List<String> out) {
        if (n.self() > 0) {
            out.add(path + " " + n.self());
        }
        for (Node c : n.children.values()) {
            fold(c, path + ";" + c.name, out);
        }
    }

    private static void visit(Node n, Consumer<Node> action) {
        action.accept(n);
        for (Node c : n.children.values()) {
            visit(c, action);
        }
    }
}
