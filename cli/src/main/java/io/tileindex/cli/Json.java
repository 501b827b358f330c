package io.tileindex.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON output with a stable key order (reports are read by people and diffed by tools): insertion order
 * for {@link LinkedHashMap}s and sorted maps, sorted keys for every other map ({@code Map.of} and
 * {@code HashMap} iterate in an order that changes from one JVM to the next).
 */
public final class Json {
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    public static Map<String, Object> obj() { return new LinkedHashMap<>(); }

    public static String compact(Object o) {
        try {
            return COMPACT.writeValueAsString(stable(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pretty(Object o) {
        try {
            return PRETTY.writeValueAsString(stable(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper mapper() { return COMPACT; }

    /** {@code o} with every map of unstable iteration order, at any depth, replaced by a sorted copy. */
    static Object stable(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> copy = m instanceof LinkedHashMap<?, ?> || m instanceof java.util.SortedMap<?, ?>
                    ? new LinkedHashMap<>() : new java.util.TreeMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), stable(v)));
            return copy;
        }
        if (o instanceof java.util.Collection<?> c) {
            java.util.List<Object> copy = new java.util.ArrayList<>(c.size());
            c.forEach(v -> copy.add(stable(v)));
            return copy;
        }
        return o;
    }
}
