package org.rlhfbounds.contracts.rounding;

import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * Arithmetic rounded downward: every method returns a double that is {@code <=} the exact real
 * value of its operation. The mirror image of {@link Up}; see its class Javadoc for the method of
 * proof, which applies here with the directions exchanged.
 *
 * <h2>Accuracy</h2>
 *
 * <ul>
 *   <li>{@link #add}, {@link #sub}, {@link #mul}, {@link #div} and {@link #sqrt} are <em>correctly
 *       rounded downward</em>: they return the greatest double {@code <=} the exact result, which
 *       is the exact result itself whenever it is a double (the sign of the round-to-nearest error
 *       is computed exactly by an error-free transformation, and the result is moved to {@link
 *       Math#nextDown} only when that error is negative).
 *   <li>{@link #exp}, {@link #log}, {@link #log1p} and {@link #pow} move the {@link Math} result,
 *       which its Javadoc requires to be within 1 ulp of the exact value, down by two ulps, which
 *       is provably enough (see {@link Up}), and then clamp it by the known sign or range of the
 *       function ({@code exp(x) > 1} for {@code x > 0}, {@code ln x > 0} for {@code x > 1}, and so
 *       on). {@code pow} returns {@code x^y} unchanged whenever it is a double.
 * </ul>
 *
 * <h2>Special values</h2>
 *
 * <ul>
 *   <li>A NaN argument throws {@link IllegalArgumentException} naming the operation and the
 *       arguments; no method returns NaN. Infinite arguments give their exact extended-real result
 *       where it is defined and throw {@link IllegalArgumentException} where it is not; arguments
 *       outside a function's domain throw {@link IllegalArgumentException}; a zero divisor throws
 *       {@link ArithmeticException}. All exactly as in {@link Up}.
 *   <li>Overflow of finite arguments: an exact result above {@link Double#MAX_VALUE} gives a finite
 *       lower bound ({@code MAX_VALUE} for the correctly rounded operations, {@code
 *       nextDown(MAX_VALUE)} for the two-ulp functions), never an infinity; an exact result below
 *       {@code -MAX_VALUE} gives {@code -inf}, which is still a lower bound.
 *   <li>Underflow: a positive exact result below {@link Double#MIN_VALUE} gives 0. The
 *       range-qualified convenience methods that promise a positive result ({@link #mulPositive},
 *       {@link #divPositive}) throw {@link ArithmeticException} in that case.
 *   <li>The sign of a zero result carries no meaning.
 * </ul>
 *
 * <h2>Machine-checked</h2>
 *
 * <p>{@code proofs/coq/Rounding.v} models these methods in Flocq (a double is a real of the
 * format {@code FLT_exp (-1074) 53}, Java's operations round to nearest even) and proves:
 * {@code add}, {@code sub}, {@code mul}, {@code div} and {@code sqrt} return the downward rounding
 * of the exact value (the error-free transformations find the sign of the error exactly,
 * subnormals included); two steps down from a result within one ulp (the {@link Math} Javadoc's
 * accuracy, stated as a hypothesis) reach a double on the right side of the exact value; the
 * clamps and the overflow results keep it there. Not proved: the exact-power decision and the
 * special values (tested). Each public method names its lemma.
 *
 * <p>Thread-safe: stateless.
 */
public final class Down {
  private Down() {}

  // ---------------------------------------------------------------------------------------------
  // correctly rounded operations

  /**
   * Sum rounded downward: the greatest double {@code <= a + b}.
   *
   * <p>Coq: {@code ROUNDING_add_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a first term
   * @param b second term
   * @return the greatest double {@code <= a + b}; {@code a + b} itself when it is a double
   * @throws IllegalArgumentException if an argument is NaN, or for {@code +inf + -inf}
   */
  public static double add(double a, double b) {
    return sum("Down.add", a, b);
  }

  /**
   * Difference rounded downward: the greatest double {@code <= a - b}.
   *
   * <p>Coq: {@code ROUNDING_sub_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a minuend
   * @param b subtrahend
   * @return the greatest double {@code <= a - b}; {@code a - b} itself when it is a double
   * @throws IllegalArgumentException if an argument is NaN, or for {@code +inf - +inf}
   */
  public static double sub(double a, double b) {
    return sum("Down.sub", a, -b);
  }

  /**
   * Product rounded downward: the greatest double {@code <= a * b}.
   *
   * <p>Coq: {@code ROUNDING_mul_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a first factor
   * @param b second factor
   * @return the greatest double {@code <= a * b}; {@code a * b} itself when it is a double
   * @throws IllegalArgumentException if an argument is NaN, or for {@code 0 * inf}
   */
  public static double mul(double a, double b) {
    double p = a * b;
    if (Double.isFinite(p)) {
      return Up.productErrorSign(a, b, p) < 0 ? Math.nextDown(p) : p;
    }
    Up.checkNotNaN("Down.mul", a, b);
    if (Double.isNaN(p)) {
      throw Up.undefined("Down.mul", a, b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return p;
    }
    return p < 0 ? p : Double.MAX_VALUE;
  }

  /**
   * Quotient rounded downward: the greatest double {@code <= a / b}.
   *
   * <p>Coq: {@code ROUNDING_div_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a numerator
   * @param b denominator, not zero
   * @return the greatest double {@code <= a / b}; {@code a / b} itself when it is a double
   * @throws IllegalArgumentException if an argument is NaN, or for {@code inf / inf}
   * @throws ArithmeticException if {@code b} is zero (of either sign)
   */
  public static double div(double a, double b) {
    Up.checkNotNaN("Down.div", a, b);
    if (b == 0) {
      throw new ArithmeticException("Down.div: division by zero (" + a + " / " + b + ")");
    }
    double q = a / b;
    if (Double.isFinite(q) && Double.isFinite(b)) {
      return Up.quotientErrorSign(a, b, q) < 0 ? Math.nextDown(q) : q;
    }
    if (Double.isNaN(q)) {
      throw Up.undefined("Down.div", a, b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return q;
    }
    return q < 0 ? q : Double.MAX_VALUE;
  }

  /**
   * Square root rounded downward: the greatest double {@code <= sqrt(a)}.
   *
   * <p>Coq: {@code ROUNDING_sqrt_down} (proofs/coq/Rounding.v).
   *
   * @param a the argument, {@code >= 0} (negative zero included, with result {@code -0.0})
   * @return the greatest double {@code <= sqrt(a)}; {@code sqrt(a)} itself when it is a double;
   *     {@code +inf} for {@code a = +inf}
   * @throws IllegalArgumentException if {@code a} is NaN or negative
   */
  public static double sqrt(double a) {
    Up.checkNotNaN("Down.sqrt", a);
    if (a < 0) {
      throw new IllegalArgumentException("Down.sqrt: argument must be >= 0, got " + a);
    }
    double r = Math.sqrt(a);
    if (a == 0 || Double.isInfinite(a)) {
      return r;
    }
    return Up.sqrtErrorSign(a, r) < 0 ? Math.nextDown(r) : r;
  }

  // ---------------------------------------------------------------------------------------------
  // elementary functions (two-ulp outward step from the 1-ulp java.lang.Math result)

  /**
   * Exponential rounded downward: a double {@code <= e^x}, at most 3 ulps below it (see {@link
   * Up}).
   *
   * <p>Exact at {@code x = 0} (result 1) and at the infinities; otherwise {@code
   * nextDown(nextDown(Math.exp(x)))} (see {@link Up}), raised to 1 for {@code x > 0} and to 0 for
   * {@code x < 0}. Overflow gives {@code nextDown(MAX_VALUE)}; underflow gives 0.
   *
   * <p>Coq: {@code ROUNDING_exp_down}, {@code ROUNDING_two_ulps_down} (proofs/coq/Rounding.v).
   *
   * @param x the exponent
   * @return a double {@code <= e^x}, {@code >= 0}
   * @throws IllegalArgumentException if {@code x} is NaN
   */
  public static double exp(double x) {
    Up.checkNotNaN("Down.exp", x);
    if (x == 0) {
      return 1.0;
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? x : 0.0;
    }
    double d = twoUlpsDown(Math.exp(x));
    return Math.max(d, x > 0 ? 1.0 : 0.0); // exp(x) > 1 for x > 0, > 0 always
  }

  /**
   * Natural logarithm rounded downward: a double {@code <= ln x}, at most 3 ulps below it (see
   * {@link Up}).
   *
   * <p>Exact at {@code x = 1} (result 0), {@code x = 0} (result {@code -inf}) and {@code x = +inf};
   * otherwise {@code nextDown(nextDown(Math.log(x)))} (see {@link Up}), raised to 0 for {@code x >
   * 1}.
   *
   * <p>Coq: {@code ROUNDING_log_down}, {@code ROUNDING_two_ulps_down} (proofs/coq/Rounding.v).
   *
   * @param x the argument, {@code >= 0}
   * @return a double {@code <= ln x}
   * @throws IllegalArgumentException if {@code x} is NaN or negative
   */
  public static double log(double x) {
    Up.checkNotNaN("Down.log", x);
    if (x < 0) {
      throw new IllegalArgumentException("Down.log: argument must be >= 0, got " + x);
    }
    if (x == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (x == 1) {
      return 0.0;
    }
    if (Double.isInfinite(x)) {
      return x;
    }
    double d = twoUlpsDown(Math.log(x));
    return x > 1 ? Math.max(d, 0.0) : d; // ln x > 0 for x > 1
  }

  /**
   * {@code ln(1 + x)} rounded downward: a double {@code <= ln(1 + x)}, at most 3 ulps below it (see
   * {@link Up}).
   *
   * <p>Exact at {@code x = 0} (returned unchanged), {@code x = -1} (result {@code -inf}) and {@code
   * x = +inf}; otherwise {@code nextDown(nextDown(Math.log1p(x)))} (see {@link Up}), raised to 0
   * for {@code x > 0}.
   *
   * <p>Coq: {@code ROUNDING_log1p_down}, {@code ROUNDING_two_ulps_down} (proofs/coq/Rounding.v).
   *
   * @param x the argument, {@code >= -1}
   * @return a double {@code <= ln(1 + x)}
   * @throws IllegalArgumentException if {@code x} is NaN or below {@code -1}
   */
  public static double log1p(double x) {
    Up.checkNotNaN("Down.log1p", x);
    if (x < -1) {
      throw new IllegalArgumentException("Down.log1p: argument must be >= -1, got " + x);
    }
    if (x == 0 || Double.isInfinite(x)) {
      return x;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    double d = twoUlpsDown(Math.log1p(x));
    return x > 0 ? Math.max(d, 0.0) : d; // ln(1 + x) > 0 for x > 0
  }

  /**
   * Power rounded downward: a double {@code <= x^y} for a positive base.
   *
   * <p>When {@code x^y} is a double (decided exactly, see {@link Up}) it is returned unchanged.
   * Otherwise the result is {@code nextDown(nextDown(Math.pow(x, y)))}, at most 3 ulps below {@code
   * x^y}, raised to 1 when {@code x^y > 1} and to 0 always. Infinite arguments give their exact
   * extended-real limits, as in {@link Up#pow}. Overflow gives {@code nextDown(MAX_VALUE)}.
   *
   * <p>Coq: {@code ROUNDING_pow_down}, {@code ROUNDING_two_ulps_down} (proofs/coq/Rounding.v), for
   * the inexact case; the exact case ({@code ExactPow}) is tested, not proved.
   *
   * @param x the base, {@code > 0} (may be {@code +inf})
   * @param y the exponent
   * @return a double {@code <= x^y}, {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, if {@code x <= 0}, or for {@code pow(1,
   *     +-inf)}
   */
  public static double pow(double x, double y) {
    Up.checkNotNaN("Down.pow", x, y);
    double special = Up.powSpecial("Down.pow", x, y);
    if (!Double.isNaN(special)) {
      return special;
    }
    double d = twoUlpsDown(Math.pow(x, y));
    return Math.max(d, (x > 1) == (y > 0) ? 1.0 : 0.0); // x^y > 1 exactly in the first case
  }

  // ---------------------------------------------------------------------------------------------
  // range-qualified convenience methods

  /**
   * Sum of two non-negatives, rounded downward (finite: an overflowing sum gives {@code
   * MAX_VALUE}).
   *
   * <p>Coq: {@code ROUNDING_add_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a first term
   * @param b second term
   * @return {@link #add add(a, b)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double addNonNegative(
      @NonNegativeReal double a, @NonNegativeReal double b) {
    Reals.nonNegative(a, "Down.addNonNegative: a");
    Reals.nonNegative(b, "Down.addNonNegative: b");
    return nonNegative(add(a, b), "Down.addNonNegative", a, b);
  }

  /**
   * Sum of a positive and a non-negative, rounded downward: at least {@code a}, so positive.
   *
   * <p>Coq: {@code ROUNDING_add_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a positive term
   * @param b non-negative term
   * @return {@link #add add(a, b)}, finite and {@code > 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double addPositive(
      @PositiveReal double a, @NonNegativeReal double b) {
    Reals.positive(a, "Down.addPositive: a");
    Reals.nonNegative(b, "Down.addPositive: b");
    return positive(add(a, b), "Down.addPositive", a, b);
  }

  /**
   * Product of two non-negatives, rounded downward (finite: an overflowing product gives {@code
   * MAX_VALUE}).
   *
   * <p>Coq: {@code ROUNDING_mul_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a first factor
   * @param b second factor
   * @return {@link #mul mul(a, b)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double mulNonNegative(
      @NonNegativeReal double a, @NonNegativeReal double b) {
    Reals.nonNegative(a, "Down.mulNonNegative: a");
    Reals.nonNegative(b, "Down.mulNonNegative: b");
    return nonNegative(mul(a, b), "Down.mulNonNegative", a, b);
  }

  /**
   * Product of two positives, rounded downward.
   *
   * <p>Coq: {@code ROUNDING_mul_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a first factor
   * @param b second factor
   * @return {@link #mul mul(a, b)}, finite and {@code > 0}
   * @throws ArithmeticException if the lower bound underflows to zero (exact product below {@link
   *     Double#MIN_VALUE})
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double mulPositive(@PositiveReal double a, @PositiveReal double b) {
    Reals.positive(a, "Down.mulPositive: a");
    Reals.positive(b, "Down.mulPositive: b");
    return positive(mul(a, b), "Down.mulPositive", a, b);
  }

  /**
   * Quotient of a non-negative by a positive, rounded downward.
   *
   * <p>Coq: {@code ROUNDING_div_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a numerator
   * @param b denominator
   * @return {@link #div div(a, b)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double divNonNegative(
      @NonNegativeReal double a, @PositiveReal double b) {
    Reals.nonNegative(a, "Down.divNonNegative: a");
    Reals.positive(b, "Down.divNonNegative: b");
    return nonNegative(div(a, b), "Down.divNonNegative", a, b);
  }

  /**
   * Quotient of two positives, rounded downward.
   *
   * <p>Coq: {@code ROUNDING_div_down}, {@code ROUNDING_overflow_down} (proofs/coq/Rounding.v).
   *
   * @param a numerator
   * @param b denominator
   * @return {@link #div div(a, b)}, finite and {@code > 0}
   * @throws ArithmeticException if the lower bound underflows to zero
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double divPositive(@PositiveReal double a, @PositiveReal double b) {
    Reals.positive(a, "Down.divPositive: a");
    Reals.positive(b, "Down.divPositive: b");
    return positive(div(a, b), "Down.divPositive", a, b);
  }

  /**
   * Square root of a non-negative, rounded downward.
   *
   * <p>Coq: {@code ROUNDING_sqrt_down} (proofs/coq/Rounding.v).
   *
   * @param a the argument
   * @return {@link #sqrt sqrt(a)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double sqrtNonNegative(@NonNegativeReal double a) {
    Reals.nonNegative(a, "Down.sqrtNonNegative: a");
    return nonNegative(sqrt(a), "Down.sqrtNonNegative", a, Up.NO_ARG);
  }

  /**
   * Square root of a positive, rounded downward: positive, since {@code sqrt(a) >= 2^-537} is far
   * above the least positive double.
   *
   * <p>Coq: {@code ROUNDING_sqrt_down} (proofs/coq/Rounding.v).
   *
   * @param a the argument
   * @return {@link #sqrt sqrt(a)}, finite and {@code > 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double sqrtPositive(@PositiveReal double a) {
    Reals.positive(a, "Down.sqrtPositive: a");
    return positive(sqrt(a), "Down.sqrtPositive", a, Up.NO_ARG);
  }

  /**
   * Exponential of a finite value, rounded downward (0 on underflow, finite on overflow).
   *
   * <p>Coq: {@code ROUNDING_exp_down}, {@code ROUNDING_two_ulps_down} (proofs/coq/Rounding.v).
   *
   * @param x the exponent
   * @return {@link #exp exp(x)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double expNonNegative(@Finite double x) {
    Reals.finite(x, "Down.expNonNegative: x");
    return nonNegative(exp(x), "Down.expNonNegative", x, Up.NO_ARG);
  }

  /**
   * Natural logarithm of a value at least 1, rounded downward.
   *
   * <p>Coq: {@code ROUNDING_log_down}, {@code ROUNDING_two_ulps_down} (proofs/coq/Rounding.v).
   *
   * @param x the argument, {@code >= 1}
   * @return {@link #log log(x)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code x} is NaN, infinite or {@code < 1}
   */
  public static @NonNegativeReal double logAtLeastOne(@Finite double x) {
    Reals.finite(x, "Down.logAtLeastOne: x");
    if (!(x >= 1)) {
      throw new IllegalArgumentException("Down.logAtLeastOne: x must be >= 1, got " + x);
    }
    return nonNegative(log(x), "Down.logAtLeastOne", x, Up.NO_ARG);
  }

  /**
   * {@code ln(1 + x)} of a non-negative, rounded downward.
   *
   * <p>Coq: {@code ROUNDING_log1p_down}, {@code ROUNDING_two_ulps_down} (proofs/coq/Rounding.v).
   *
   * @param x the argument
   * @return {@link #log1p log1p(x)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double log1pNonNegative(@NonNegativeReal double x) {
    Reals.nonNegative(x, "Down.log1pNonNegative: x");
    return nonNegative(log1p(x), "Down.log1pNonNegative", x, Up.NO_ARG);
  }

  /**
   * Power of a positive base to a finite exponent, rounded downward (0 on underflow, finite on
   * overflow).
   *
   * <p>Coq: {@code ROUNDING_pow_down}, {@code ROUNDING_two_ulps_down} (proofs/coq/Rounding.v).
   *
   * @param x the base
   * @param y the exponent
   * @return {@link #pow pow(x, y)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double powNonNegative(@PositiveReal double x, @Finite double y) {
    Reals.positive(x, "Down.powNonNegative: x");
    Reals.finite(y, "Down.powNonNegative: y");
    return nonNegative(pow(x, y), "Down.powNonNegative", x, y);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** The downward sum; see {@link Up} for the error-free transformation. */
  private static double sum(String op, double a, double b) {
    double s = a + b;
    if (Double.isFinite(s)) {
      return Up.sumErrorSign(a, b, s) < 0 ? Math.nextDown(s) : s;
    }
    Up.checkNotNaN(op, a, b);
    if (Double.isNaN(s)) {
      throw Up.undefined(op, a, b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return s;
    }
    // finite operands, rounded-to-nearest overflow: |a + b| >= MAX_VALUE + ulp(MAX_VALUE) / 2
    return s < 0 ? s : Double.MAX_VALUE;
  }

  /**
   * Two steps down from a result within 1 ulp of the exact value; see {@link Up}.
   *
   * @param r the result of a {@link Math} function documented within 1 ulp
   * @return {@code nextDown(nextDown(r))}
   */
  static double twoUlpsDown(double r) {
    return Math.nextDown(Math.nextDown(r));
  }

  /** A finite non-negative lower bound; the checks cannot fail for the callers above. */
  private static @NonNegativeReal double nonNegative(double v, String op, double a, double b) {
    if (Double.isFinite(v) && v >= 0) {
      return v;
    }
    throw new AssertionError(op + Up.arguments(a, b) + " gave " + v);
  }

  /** A finite positive lower bound; zero means underflow. */
  private static @PositiveReal double positive(double v, String op, double a, double b) {
    if (!Double.isFinite(v)) {
      throw new AssertionError(op + Up.arguments(a, b) + " gave " + v);
    }
    if (v > 0) {
      return v;
    }
    throw new ArithmeticException(
        op + ": lower bound underflows to " + v + " for the arguments " + Up.arguments(a, b));
  }
}
