package io.tileindex.validator;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failures per check: how many, and the first example. Each unit of work (a file, a country) fills
 * its own instance; they are merged in a fixed order (file name, country code), so the example a
 * verdict shows does not depend on thread scheduling.
 */
final class Findings {
    private final Map<Check, Long> counts = new EnumMap<>(Check.class);
    private final Map<Check, Object> examples = new EnumMap<>(Check.class);

    /** Records one failure; the example is kept only if it is the first for that check. */
    void fail(Check c, Object example) {
        fail(c, 1, example);
    }

    void fail(Check c, long n, Object example) {
        counts.merge(c, n, Long::sum);
        examples.putIfAbsent(c, example);
    }

    boolean failed(Check c) { return counts.containsKey(c); }

    long count(Check c) { return counts.getOrDefault(c, 0L); }

    Object example(Check c) { return examples.get(c); }

    /** Appends {@code other}'s failures after this one's. */
    void merge(Findings other) {
        other.counts.forEach((c, n) -> counts.merge(c, n, Long::sum));
        other.examples.forEach(examples::putIfAbsent);
    }

    /** An example as an ordered map: {@code ex("file", f, "reason", r, ...)}. */
    static Map<String, Object> ex(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
