package io.lectern.api.media;

import java.math.BigInteger;

/**
 * The unit of a timestamp, as a fraction of a second ({@code num/den}). RTMP counts in
 * milliseconds, MPEG-TS and SRT in 1/90000, audio often in 1/sampleRate.
 */
public record TimeBase(int num, int den) {

    public static final TimeBase MILLIS = new TimeBase(1, 1000);
    public static final TimeBase MICROS = new TimeBase(1, 1_000_000);
    public static final TimeBase MPEG = new TimeBase(1, 90_000);

    public TimeBase {
        if (num <= 0 || den <= 0) {
            throw new IllegalArgumentException("time base must be positive: " + num + "/" + den);
        }
    }

    public static TimeBase of(int num, int den) {
        return new TimeBase(num, den);
    }

    /** Converts {@code value} in this time base to {@code target}, rounding half up. */
    public long rescale(long value, TimeBase target) {
        if (this.equals(target)) {
            return value;
        }
        long n = (long) num * target.den;
        long d = (long) den * target.num;
        try {
            long q = Math.multiplyExact(value, n);
            return Math.floorDiv(Math.addExact(q, d / 2), d);
        } catch (ArithmeticException overflow) {
            BigInteger q = BigInteger.valueOf(value).multiply(BigInteger.valueOf(n)).add(BigInteger.valueOf(d / 2));
            return q.divide(BigInteger.valueOf(d)).longValueExact();
        }
    }

    /** {@code value} in this time base as seconds. */
    public double seconds(long value) {
        return value * (double) num / den;
    }

    @Override
    public String toString() {
        return num + "/" + den;
    }
}
