package io.tileindex.validator;

import java.math.BigDecimal;

/**
 * A countries-file key cell as the text {@link IsoCodes#alpha2} maps: strings as stored, whole numbers
 * without a fraction ({@code 894}, whether the file stored an integer, a REAL {@code 894.0} or dBASE's
 * {@code " 894.000"}), so a numeric ISO code means the same in every format.
 */
final class KeyText {
    private static final int MAX_DIGITS = 40;

    private KeyText() {}

    /** A cell value (String, Number or anything else) as key text; null for null. */
    static String of(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Float f -> ofNumber(new BigDecimal(f.toString()));
            case Double d -> Double.isFinite(d) ? ofNumber(BigDecimal.valueOf(d)) : d.toString();
            case Number n -> Long.toString(n.longValue());
            default -> value.toString();
        };
    }

    /** Decimal text (a dBASE numeric field): trimmed, and a whole number without its fraction; other text trimmed. */
    static String ofDecimal(String text) {
        String t = text.strip();
        try {
            return ofNumber(new BigDecimal(t));
        } catch (NumberFormatException e) {
            return t;
        }
    }

    private static String ofNumber(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() < -MAX_DIGITS) {
            return s.toString(); // 1E+999999999: no code, and not worth a billion digits
        }
        return s.scale() <= 0 ? s.toBigInteger().toString() : s.toPlainString();
    }
}
