package org.rlhfbounds.bounds;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * High-precision real arithmetic for the rounding property: {@link BigDecimal} with {@value
 * #WORK} significant digits (results are compared at 50 digits), and exp, ln, sqrt, pow computed
 * by series only (nothing from {@code java.lang.Math}, nothing from the code under test).
 *
 * <p>exp: {@code x = y 2^s} with {@code |y| <= 2^-10} (exact halving), Taylor series to {@code
 * 10^-(WORK+5)}, then s squarings (relative error below {@code 2^s 10^-(WORK-2)}; s <= 20 for the
 * arguments used here, so about {@code 10^-(WORK-9)}). ln: {@code z = w 2^e}, {@code w} in [0.75,
 * 1.5), {@code ln z = 2 atanh((w-1)/(w+1)) + e ln 2}, {@code ln 2 = 2 atanh(1/3)}. sqrt: {@link
 * BigDecimal#sqrt} (correctly rounded to the context). All comfortably below {@code 10^-50}.
 */
final class BigMath {
  private BigMath() {}

  /** Working precision. */
  static final int WORK = 60;

  static final MathContext MC = new MathContext(WORK, RoundingMode.HALF_EVEN);

  /** Comparison tolerance: relative {@code 10^-50}. */
  static final BigDecimal REL = BigDecimal.ONE.scaleByPowerOfTen(-50);

  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final BigDecimal HALF = new BigDecimal("0.5");
  static final BigDecimal LN2 = TWO.multiply(atanh(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MC)), MC);
  static final BigDecimal E = exp(BigDecimal.ONE);

  static BigDecimal bd(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("not finite: " + x);
    }
    return new BigDecimal(x);
  }

  static BigDecimal bd(long x) {
    return BigDecimal.valueOf(x);
  }

  static BigDecimal add(BigDecimal a, BigDecimal b) {
    return a.add(b, MC);
  }

  static BigDecimal sub(BigDecimal a, BigDecimal b) {
    return a.subtract(b, MC);
  }

  static BigDecimal mul(BigDecimal a, BigDecimal b) {
    return a.multiply(b, MC);
  }

  static BigDecimal div(BigDecimal a, BigDecimal b) {
    return a.divide(b, MC);
  }

  static BigDecimal min(BigDecimal a, BigDecimal b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static BigDecimal max(BigDecimal a, BigDecimal b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static BigDecimal sqrt(BigDecimal a) {
    if (a.signum() < 0) {
      throw new IllegalArgumentException("sqrt of " + a);
    }
    return a.signum() == 0 ? BigDecimal.ZERO : a.sqrt(MC);
  }

  static BigDecimal exp(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ONE;
    }
    if (x.compareTo(BigDecimal.valueOf(-2000)) < 0) {
      return BigDecimal.ZERO.setScale(0); // below 10^-868: negligible at every use here
    }
    int s = 0;
    BigDecimal y = x;
    BigDecimal limit = new BigDecimal("0.0009765625"); // 2^-10
    while (y.abs().compareTo(limit) > 0) {
      y = y.multiply(HALF);
      s++;
    }
    BigDecimal eps = BigDecimal.ONE.scaleByPowerOfTen(-(WORK + 5));
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    for (int k = 1; ; k++) {
      term = term.multiply(y, MC).divide(BigDecimal.valueOf(k), MC);
      sum = sum.add(term, MC);
      if (term.abs().compareTo(eps) < 0) {
        break;
      }
    }
    for (int i = 0; i < s; i++) {
      sum = sum.multiply(sum, MC);
    }
    return sum;
  }

  static BigDecimal atanh(BigDecimal t) {
    if (t.signum() == 0) {
      return t;
    }
    BigDecimal eps = t.abs().scaleByPowerOfTen(-(WORK + 5));
    BigDecimal t2 = t.multiply(t, MC);
    BigDecimal power = t;
    BigDecimal sum = t;
    for (int k = 3; ; k += 2) {
      power = power.multiply(t2, MC);
      BigDecimal term = power.divide(BigDecimal.valueOf(k), MC);
      sum = sum.add(term, MC);
      if (term.abs().compareTo(eps) < 0) {
        return sum;
      }
    }
  }

  static BigDecimal ln(BigDecimal z) {
    if (z.signum() <= 0) {
      throw new IllegalArgumentException("ln of " + z);
    }
    if (z.compareTo(BigDecimal.ONE) == 0) {
      return BigDecimal.ZERO;
    }
    BigInteger u = z.unscaledValue();
    long e = u.bitLength() - Math.round(z.scale() * 3.321928094887362);
    BigDecimal w = e >= 0 ? z.divide(TWO.pow((int) e)) : z.multiply(TWO.pow((int) -e));
    while (w.compareTo(new BigDecimal("1.5")) >= 0) {
      w = w.multiply(HALF);
      e++;
    }
    while (w.compareTo(new BigDecimal("0.75")) < 0) {
      w = w.multiply(TWO);
      e--;
    }
    BigDecimal t = w.subtract(BigDecimal.ONE).divide(w.add(BigDecimal.ONE), MC);
    BigDecimal r = TWO.multiply(atanh(t), MC);
    return e == 0 ? r : r.add(LN2.multiply(BigDecimal.valueOf(e), MC), MC);
  }

  /** x^y for x > 0 (exact integer powers for integer y >= 0). */
  static BigDecimal pow(BigDecimal x, double y) {
    if (y == Math.rint(y) && y >= 0 && y < Integer.MAX_VALUE) {
      return x.pow((int) y, MC);
    }
    return exp(bd(y).multiply(ln(x), MC));
  }

  /** Whether a double is at least a real value, up to the relative tolerance {@link #REL}. */
  static boolean atLeast(double v, BigDecimal exact) {
    BigDecimal slack = exact.abs().multiply(REL);
    return bd(v).compareTo(exact.subtract(slack)) >= 0;
  }

  /** Whether a double is at most a real value, up to the relative tolerance {@link #REL}. */
  static boolean atMost(double v, BigDecimal exact) {
    BigDecimal slack = exact.abs().multiply(REL);
    return bd(v).compareTo(exact.add(slack)) <= 0;
  }
}
