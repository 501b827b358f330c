package io.tileindex.writer.cache;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.oracle.Shapes;
import io.tileindex.kernel.scan.Predicate;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key names exactly what decides a country's bytes: equal inputs, equal keys; any one of them changed, another key. */
class CountryCacheKeyTest {
    static final Grid G = new Grid(100, 200, -10.0, 0.1, 0, 5.0, 0, -0.1);
    static final CountryShape BB = Shapes.fromWkt("BB", "POLYGON((-2.05 -2.05, 2.03 -2.01, 2.02 2.04, -2.01 2.01, -2.05 -2.05))");

    static CountryCacheKey ctx(Grid g, Predicate p, String policy, int rows) { return new CountryCacheKey(g, p, policy, rows, 8); }

    @Test
    void equalInputsGiveEqualKeysAndEachChangeAnother() {
        CountryCacheKey base = ctx(G, Predicate.CENTER, "reject-invalid", 1000);
        String k = base.of(BB);
        assertEquals(64, k.length());
        assertEquals(k, ctx(G, Predicate.CENTER, "reject-invalid", 1000)
                .of(Shapes.fromWkt("BB", "POLYGON((-2.05 -2.05, 2.03 -2.01, 2.02 2.04, -2.01 2.01, -2.05 -2.05))")));
        Set<String> keys = new HashSet<>(List.of(k,
                base.of(Shapes.fromWkt("BB", "POLYGON((-2.05 -2.05, 2.0300000000000002 -2.01, 2.02 2.04, -2.01 2.01, -2.05 -2.05))")),
                base.of(Shapes.fromWkt("CC", "POLYGON((-2.05 -2.05, 2.03 -2.01, 2.02 2.04, -2.01 2.01, -2.05 -2.05))")),
                ctx(G, Predicate.ANY_OVERLAP, "reject-invalid", 1000).of(BB),
                ctx(G, Predicate.CENTER, "repair", 1000).of(BB),
                ctx(G, Predicate.CENTER, "reject-invalid", 2000).of(BB),
                ctx(new Grid(100, 200, -10.0, 0.1, 0, 5.000000000000001, 0, -0.1), Predicate.CENTER, "reject-invalid", 1000).of(BB)));
        assertEquals(7, keys.size(), "one ulp of one vertex, the code, the predicate, the policy, the row group and the grid each change the key");
        assertTrue(keys.stream().allMatch(s -> s.matches("[0-9a-f]{64}")));
    }
}
