package org.rlhfbounds.contracts.rounding;

/**
 * The exact case of {@link Up#pow} and {@link Down#pow}: decides whether {@code x^y} is a double
 * and returns it when it is. Tested, not proved (see {@code proofs/coq/Rounding.v}).
 *
 * <p>Thread-safe: stateless.
 */
final class ExactPow {
  private static final long FRACTION_MASK = (1L << 52) - 1;
  private static final long IMPLICIT_BIT = 1L << 52;
  private static final long MAX_SIGNIFICAND = (1L << 53) - 1;

  private ExactPow() {}

  /**
   * {@code x^y} when it is a double, else NaN; decided exactly.
   *
   * <p>Write {@code x = m * 2^e} with {@code m} odd and {@code y = +-n * 2^f} with {@code n} odd.
   * If {@code f >= 0}, {@code y} is an integer and {@code x^y = m^y * 2^(e * y)} is a double
   * exactly when {@code y > 0} and {@code m^y < 2^53}, or {@code m = 1}, with the binary exponent
   * in range. If {@code f = -k < 0}, {@code x^y = (x^(1/2^k))^(+-n)} is rational exactly when
   * {@code x^(1/2^k)} is, that is when {@code m} is a perfect {@code 2^k}-th power and {@code 2^k}
   * divides {@code e} (a rational power of a rational with the exponent in lowest terms {@code p/q}
   * is rational only if the base is a perfect {@code q}-th power); the root is then found with
   * {@code k} exact integer square roots and the integer case applies.
   *
   * @param x finite, {@code > 0}, not 1
   * @param y finite, not 0
   * @return {@code x^y} or NaN
   */
  static double of(double x, double y) {
    long xBits = Double.doubleToRawLongBits(x);
    long m = xBits & FRACTION_MASK;
    int xExp = (int) (xBits >>> 52);
    if (xExp == 0) {
      xExp = 1; // subnormal
    } else {
      m |= IMPLICIT_BIT;
    }
    int e = xExp - 1075;
    int tz = Long.numberOfTrailingZeros(m);
    m >>>= tz;
    e += tz;

    long yBits = Double.doubleToRawLongBits(y);
    long n = yBits & FRACTION_MASK;
    int yExp = (int) ((yBits >>> 52) & 0x7ff);
    if (yExp == 0) {
      yExp = 1;
    } else {
      n |= IMPLICIT_BIT;
    }
    int f = yExp - 1075;
    tz = Long.numberOfTrailingZeros(n);
    n >>>= tz;
    f += tz;
    if (yBits < 0) {
      n = -n;
    }

    if (f >= 0) {
      // |y| >= 2^11 > 1074: out of range for any x != 1 (see exactIntegerPow)
      return f > 10 ? Double.NaN : exactIntegerPow(m, e, n << f);
    }
    int k = -f;
    // x != 1 a perfect 2^k-th power needs m = r^(2^k) < 2^53 with r >= 3 (so 2^k <= 33) or r = 1
    // and 2^k dividing e != 0 with |e| <= 1074 (so 2^k <= 1024): k <= 10 either way
    if (k > 10 || e % (1 << k) != 0) {
      return Double.NaN;
    }
    long root = m;
    for (int i = 0; i < k; i++) {
      long s = (long) Math.sqrt((double) root); // exact for a perfect square below 2^53
      if (s * s != root) {
        return Double.NaN;
      }
      root = s;
    }
    return exactIntegerPow(root, e / (1 << k), n);
  }

  /**
   * {@code (m * 2^e)^n} when it is a double, else NaN.
   *
   * @param m odd, {@code >= 1}, below {@code 2^53}
   * @param e binary exponent, {@code (m, e) != (1, 0)}
   * @param n integer exponent, not 0
   * @return the power or NaN
   */
  private static double exactIntegerPow(long m, int e, long n) {
    if (n < 0 && m != 1) {
      return Double.NaN; // 1 / m^|n| with odd m > 1 is not a dyadic rational
    }
    if (n > 1074 || n < -1074) {
      return Double.NaN; // m = 1: |e * n| > 1074; m >= 3: m^n >= 3^1075 > 2^53
    }
    long odd = 1;
    if (m != 1) {
      for (long i = 0; i < n; i++) {
        if (odd > MAX_SIGNIFICAND / m) {
          return Double.NaN;
        }
        odd *= m;
      }
    }
    long exp2 = (long) e * n;
    int bits = 64 - Long.numberOfLeadingZeros(odd);
    // odd * 2^exp2 with odd odd and below 2^53: a double iff its last bit is at or above 2^-1074
    // and it is below 2^1024
    if (exp2 < -1074 || exp2 + bits > 1024) {
      return Double.NaN;
    }
    return Math.scalb((double) odd, (int) exp2); // exact: the value is a double
  }
}
