package org.rlhfbounds.bounds;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.rlhfbounds.contracts.rounding.BigRef;

/**
 * High-precision real arithmetic for the rounding property: {@link BigDecimal} with {@value
 * #WORK} significant digits (results are compared at 50 digits), and exp, ln, sqrt, pow computed
 * by series only (nothing from {@code java.lang.Math}, nothing from the code under test).
 *
 * <p>exp, atanh and ln are the series of the rounding tests' reference ({@link BigRef#expBig},
 * {@link BigRef#atanh}, {@link BigRef#logBig}) at {@value #WORK} digits: relative errors below
 * {@code 10^-(WORK-8)}, comfortably below {@code 10^-50}; exp of arguments below {@code -2000} is
 * taken as 0. sqrt: {@link BigDecimal#sqrt} (correctly rounded to the context).
 */
final class BigMath {
  private BigMath() {}

  /** Working precision. */
  static final int WORK = 60;

  static final MathContext MC = new MathContext(WORK, RoundingMode.HALF_EVEN);

  /** Comparison tolerance: relative {@code 10^-50}. */
  static final BigDecimal REL = BigDecimal.ONE.scaleByPowerOfTen(-50);

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
    return BigRef.expBig(x, MC);
  }

  /** The softmax {@code e^{z_a} / sum_b e^{z_b}} of exact logits, shifted by their maximum. */
  static BigDecimal[] softmax(BigDecimal[] z) {
    BigDecimal top = z[0];
    for (BigDecimal x : z) {
      top = max(top, x);
    }
    BigDecimal den = BigDecimal.ZERO;
    BigDecimal[] p = new BigDecimal[z.length];
    for (int a = 0; a < z.length; a++) {
      p[a] = exp(sub(z[a], top));
      den = add(den, p[a]);
    }
    for (int a = 0; a < z.length; a++) {
      p[a] = div(p[a], den);
    }
    return p;
  }

  static BigDecimal atanh(BigDecimal t) {
    return BigRef.atanh(t, MC);
  }

  static BigDecimal ln(BigDecimal z) {
    if (z.signum() <= 0) {
      throw new IllegalArgumentException("ln of " + z);
    }
    if (z.compareTo(BigDecimal.ONE) == 0) {
      return BigDecimal.ZERO;
    }
    return BigRef.logBig(z, MC);
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
