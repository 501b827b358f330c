package io.tileindex.validator;

/**
 * What the validator keeps of one country's keys in one dataset, in constant space: how many, the
 * least and greatest tile id, and the power sums of the ids (degrees 1 to 3, modulo 2^64). Two sets of
 * ids with equal counts and equal power sums are taken to be equal; an id dropped, added or moved
 * changes them. Sums are added per run of consecutive ids in closed form, so a run costs O(1).
 */
final class KeyTally {
    long count, min = -1, max = -1, s1, s2, s3;

    /** Adds the ids {@code [start, end)}, all above those added before (the sort check sees to the rest). */
    void addRun(long start, long end) {
        if (end <= start) {
            return;
        }
        if (min < 0 || start < min) {
            min = start;
        }
        max = Math.max(max, end - 1);
        count += end - start;
        s1 += sum1(end) - sum1(start);
        s2 += sum2(end) - sum2(start);
        s3 += sum3(end) - sum3(start);
    }

    /** Adds another file's tally of the same country. */
    void add(KeyTally o) {
        if (o.count == 0) {
            return;
        }
        min = min < 0 ? o.min : Math.min(min, o.min);
        max = Math.max(max, o.max);
        count += o.count;
        s1 += o.s1;
        s2 += o.s2;
        s3 += o.s3;
    }

    boolean sameKeys(KeyTally o) {
        return count == o.count && min == o.min && max == o.max && s1 == o.s1 && s2 == o.s2 && s3 == o.s3;
    }

    /** Sum of t for 0 <= t < n, modulo 2^64 (the halving is exact, before any wrap-around). */
    static long sum1(long n) {
        long a = n - 1, b = n;
        return (a % 2 == 0 ? a / 2 * b : b / 2 * a);
    }

    /** Sum of t^2 for 0 <= t < n: (n-1) n (2n-1) / 6, each division exact on its factor. */
    static long sum2(long n) {
        if (n <= 0) {
            return 0;
        }
        long a = n - 1, b = n, c = 2 * n - 1;
        if (a % 2 == 0) {
            a /= 2;
        } else {
            b /= 2;
        }
        if (a % 3 == 0) {
            a /= 3;
        } else if (b % 3 == 0) {
            b /= 3;
        } else {
            c /= 3;
        }
        return a * b * c;
    }

    /** Sum of t^3 for 0 <= t < n: (n (n-1) / 2)^2. */
    static long sum3(long n) {
        long h = sum1(n);
        return h * h;
    }
}
