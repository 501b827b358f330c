package io.tileindex.cli.input;

import java.math.BigDecimal;

/**
 * The key column's value as text, the same whatever format stored it: numbers that are whole come out
 * as plain integers ({@code 894}, never {@code 894.0} or {@code 8.94E2}), so a numeric ISO code reads
 * the same from a dBASE numeric field, a REAL column or a JSON string.
 */
final class KeyValues {
    /** 2^53: beyond it not every integer is a double, and Long's text would claim digits the value lacks. */
    private static final double EXACT_INTEGER_LIMIT = 9007199254740992.0;

    private KeyValues() {}

    /** A floating-point value: integral and exactly representable → plain integer text, else Java's shortest text. */
    static String ofDouble(double v) {
        if (v == Math.rint(v) && Math.abs(v) <= EXACT_INTEGER_LIMIT) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /**
     * Decimal text as stored by dBASE numeric fields ({@code "  894.000"}): trimmed, trailing fractional
     * zeros dropped. Text that is not a number is returned trimmed, unchanged.
     */
    static String ofDecimalText(String text) {
        String t = text.strip();
        try {
            BigDecimal d = new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
            BigDecimal s = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            return s.scale() <= 0 ? s.toBigIntegerExact().toString() : s.toPlainString();
        } catch (NumberFormatException | ArithmeticException e) {
            return t;
        }
    }
}
