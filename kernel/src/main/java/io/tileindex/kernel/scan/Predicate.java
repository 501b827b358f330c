package io.tileindex.kernel.scan;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;

/** SPEC §3 predicates. {@link #wireName()} is the value written to the {@code inclusion_rule} column. */
public enum Predicate {
    /** the cell's centre lies inside the country or on its outer boundary (not in or on a hole) */
    CENTER("center"),
    /** the cell rectangle and the country share strictly positive area */
    ANY_OVERLAP("any_overlap");

    private final String wireName;

    Predicate(String wireName) { this.wireName = wireName; }

    public String wireName() { return wireName; }

    public static Predicate parse(String s) {
        for (Predicate r : values()) {
            if (r.wireName.equals(s)) {
                return r;
            }
        }
        throw new TileIndexException(ErrorCode.E008_INCLUSION_RULE,
                "predicate '" + s + "' is not one of center, any_overlap");
    }
}
