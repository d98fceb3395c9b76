package org.rlhfbounds.contracts.rounding;

import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * Arithmetic rounded upward: every method returns a double that is {@code >=} the exact real value
 * of its operation, so that a bound evaluated with these methods is never below the real-number
 * value of its formula. {@link Down} is the mirror image.
 *
 * <h2>Accuracy</h2>
 *
 * <ul>
 *   <li>{@link #add}, {@link #sub}, {@link #mul}, {@link #div} and {@link #sqrt} are <em>correctly
 *       rounded upward</em>: they return the least double {@code >=} the exact result, which is the
 *       exact result itself whenever it is a double. The round-to-nearest result {@code r} is
 *       computed first; the sign of the rounding error ({@code exact - r}) is then found exactly
 *       with an error-free transformation (Dekker's Fast2Sum for sums, {@link Math#fma} for the
 *       residual of products, quotients and square roots, after scaling the operands by powers of
 *       two so that the residual cannot underflow), and {@code r} is moved to {@link Math#nextUp}
 *       only when the error is positive.
 *   <li>{@link #exp}, {@link #log}, {@link #log1p} and {@link #pow} start from the {@link Math}
 *       result, which its Javadoc requires to be "within 1 ulp of the exact result", and move it
 *       up by <em>two</em> ulps ({@code nextUp} twice): every double below the exact value within
 *       one ulp of it is one of at most two doubles, so two steps reach a double {@code >= exact}
 *       under any reading of "within 1 ulp", across a binade boundary too (proofs/ROUNDING.md,
 *       Coq {@code ROUNDING_two_ulps_up}). The result is then clamped by the sign or the elementary
 *       inequality the function satisfies ({@code exp(x) < 1} for {@code x < 0}, {@code log1p(x) <
 *       x} for {@code x != 0}). {@link StrictMath} is not used: it states no error bound. {@code
 *       Up.f(x) - Down.f(x)} is at most 4 ulps for these functions.
 *   <li>Exactness is decided wherever it is decidable: {@code exp}, {@code log}, {@code log1p}
 *       are exact only at {@code exp(0) = 1}, {@code log(1) = 0}, {@code log1p(0) = 0} (elsewhere
 *       irrational, Lindemann-Weierstrass); {@code pow} decides exactly whether {@code x^y} is a
 *       double (integer {@code y}, or {@code x} a {@code 2^k}-th power and {@code y = p / 2^k}).
 * </ul>
 *
 * <h2>Special values</h2>
 *
 * <ul>
 *   <li>A NaN argument throws {@link IllegalArgumentException} naming the operation and the
 *       arguments. No method returns NaN.
 *   <li>Infinite arguments are read as the extended reals: when the extended-real value is defined
 *       it is exact and returned as is ({@code add(+inf, 1) = +inf}, {@code exp(-inf) = 0}, {@code
 *       log(0) = -inf}); when it is undefined ({@code +inf + -inf}, {@code 0 * inf}, {@code inf /
 *       inf}, {@code pow(1, inf)}) an {@link IllegalArgumentException} is thrown. Arguments outside
 *       a function's domain ({@code sqrt} or {@code log} of a negative number, {@code log1p} below
 *       {@code -1}, {@code pow} with base {@code <= 0}) also throw {@link
 *       IllegalArgumentException}. A zero divisor throws {@link ArithmeticException}.
 *   <li>Overflow of finite arguments: when the exact result exceeds {@link Double#MAX_VALUE} the
 *       general methods return {@code +inf}, which is still an upper bound (and the least double
 *       above it; the two-ulp functions may also return it for an exact value within a few ulps
 *       below {@code MAX_VALUE}); when the exact result is below {@code -MAX_VALUE} they return
 *       {@code -MAX_VALUE}. The range-qualified convenience methods ({@link #addNonNegative} and
 *       the like) throw {@link ArithmeticException} instead of returning {@code +inf}, since their
 *       result type promises a finite value.
 *   <li>Underflow: a positive exact result below the least positive double gives {@link
 *       Double#MIN_VALUE} (twice that for the two-ulp functions), never zero.
 *   <li>The sign of a zero result carries no meaning.
 * </ul>
 *
 * <h2>Machine-checked</h2>
 *
 * <p>{@code proofs/coq/Rounding.v} proves on a Flocq model of binary64 that each method returns a
 * double on the right side of the exact value (the exact-power decision and the special values
 * are tested, not proved). Each public method names its lemma.
 *
 * <p>Thread-safe: stateless. The package-private helpers are shared with {@link Down}.
 */
public final class Up {
  /** Marks the absent second argument of a one-argument operation in error messages. */
  static final double NO_ARG = Double.NaN;

  private Up() {}

  // ---------------------------------------------------------------------------------------------
  // correctly rounded operations

  /**
   * Sum rounded upward: the least double {@code >= a + b}.
   *
   * <p>Coq: {@code ROUNDING_add_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a first term
   * @param b second term
   * @return the least double {@code >= a + b}; {@code a + b} itself when it is a double
   * @throws IllegalArgumentException if an argument is NaN, or for {@code +inf + -inf}
   */
  public static double add(double a, double b) {
    return sum("Up.add", a, b);
  }

  /**
   * Difference rounded upward: the least double {@code >= a - b}.
   *
   * <p>Coq: {@code ROUNDING_sub_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a minuend
   * @param b subtrahend
   * @return the least double {@code >= a - b}; {@code a - b} itself when it is a double
   * @throws IllegalArgumentException if an argument is NaN, or for {@code +inf - +inf}
   */
  public static double sub(double a, double b) {
    return sum("Up.sub", a, -b);
  }

  /**
   * Product rounded upward: the least double {@code >= a * b}.
   *
   * <p>Coq: {@code ROUNDING_mul_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a first factor
   * @param b second factor
   * @return the least double {@code >= a * b}; {@code a * b} itself when it is a double
   * @throws IllegalArgumentException if an argument is NaN, or for {@code 0 * inf}
   */
  public static double mul(double a, double b) {
    double p = a * b;
    if (Double.isFinite(p)) {
      return productErrorSign(a, b, p) > 0 ? Math.nextUp(p) : p;
    }
    checkNotNaN("Up.mul", a, b);
    if (Double.isNaN(p)) {
      throw undefined("Up.mul", a, b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return p;
    }
    return p > 0 ? p : -Double.MAX_VALUE;
  }

  /**
   * Quotient rounded upward: the least double {@code >= a / b}.
   *
   * <p>Coq: {@code ROUNDING_div_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a numerator
   * @param b denominator, not zero
   * @return the least double {@code >= a / b}; {@code a / b} itself when it is a double
   * @throws IllegalArgumentException if an argument is NaN, or for {@code inf / inf}
   * @throws ArithmeticException if {@code b} is zero (of either sign)
   */
  public static double div(double a, double b) {
    checkNotNaN("Up.div", a, b);
    if (b == 0) {
      throw new ArithmeticException("Up.div: division by zero (" + a + " / " + b + ")");
    }
    double q = a / b;
    if (Double.isFinite(q) && Double.isFinite(b)) {
      return quotientErrorSign(a, b, q) > 0 ? Math.nextUp(q) : q;
    }
    if (Double.isNaN(q)) {
      throw undefined("Up.div", a, b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return q;
    }
    return q > 0 ? q : -Double.MAX_VALUE;
  }

  /**
   * Square root rounded upward: the least double {@code >= sqrt(a)}.
   *
   * <p>Coq: {@code ROUNDING_sqrt_up} (proofs/coq/Rounding.v).
   *
   * @param a the argument, {@code >= 0} (negative zero included, with result {@code -0.0})
   * @return the least double {@code >= sqrt(a)}; {@code sqrt(a)} itself when it is a double; {@code
   *     +inf} for {@code a = +inf}
   * @throws IllegalArgumentException if {@code a} is NaN or negative
   */
  public static double sqrt(double a) {
    checkNotNaN("Up.sqrt", a);
    if (a < 0) {
      throw new IllegalArgumentException("Up.sqrt: argument must be >= 0, got " + a);
    }
    double r = Math.sqrt(a);
    if (a == 0 || Double.isInfinite(a)) {
      return r;
    }
    return sqrtErrorSign(a, r) > 0 ? Math.nextUp(r) : r;
  }

  // ---------------------------------------------------------------------------------------------
  // elementary functions (two-ulp outward step from the 1-ulp java.lang.Math result)

  /**
   * Exponential rounded upward: a double {@code >= e^x}, at most 3 ulps above it (see the class
   * Javadoc).
   *
   * <p>Exact at {@code x = 0} (result 1) and at the infinities ({@code exp(+inf) = +inf}, {@code
   * exp(-inf) = 0}); otherwise {@code nextUp(nextUp(Math.exp(x)))} (see the class Javadoc), capped
   * at 1 for {@code x < 0}. Overflow gives {@code +inf}; underflow gives a positive subnormal.
   *
   * <p>Coq: {@code ROUNDING_exp_up}, {@code ROUNDING_two_ulps_up} (proofs/coq/Rounding.v).
   *
   * @param x the exponent
   * @return a double {@code >= e^x}
   * @throws IllegalArgumentException if {@code x} is NaN
   */
  public static double exp(double x) {
    checkNotNaN("Up.exp", x);
    if (x == 0) {
      return 1.0;
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? x : 0.0;
    }
    double u = twoUlpsUp(Math.exp(x));
    return x < 0 ? Math.min(u, 1.0) : u; // exp(x) < 1 for x < 0
  }

  /**
   * Natural logarithm rounded upward: a double {@code >= ln x}, at most 3 ulps above it (see the
   * class Javadoc).
   *
   * <p>Exact at {@code x = 1} (result 0), {@code x = 0} (result {@code -inf}) and {@code x = +inf};
   * otherwise {@code nextUp(nextUp(Math.log(x)))} (see the class Javadoc), capped at 0 for {@code x
   * < 1}.
   *
   * <p>Coq: {@code ROUNDING_log_up}, {@code ROUNDING_two_ulps_up} (proofs/coq/Rounding.v).
   *
   * @param x the argument, {@code >= 0}
   * @return a double {@code >= ln x}
   * @throws IllegalArgumentException if {@code x} is NaN or negative
   */
  public static double log(double x) {
    checkNotNaN("Up.log", x);
    if (x < 0) {
      throw new IllegalArgumentException("Up.log: argument must be >= 0, got " + x);
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
    double u = twoUlpsUp(Math.log(x));
    return x < 1 ? Math.min(u, 0.0) : u; // ln x < 0 for x < 1
  }

  /**
   * {@code ln(1 + x)} rounded upward: a double {@code >= ln(1 + x)}, at most 3 ulps above it (see
   * the class Javadoc).
   *
   * <p>Exact at {@code x = 0} (returned unchanged), {@code x = -1} (result {@code -inf}) and {@code
   * x = +inf}; otherwise {@code nextUp(nextUp(Math.log1p(x)))} (see the class Javadoc), capped at
   * {@code x} since {@code ln(1 + x) < x} for {@code x != 0} (so the result is exactly {@code x}
   * when {@code x} is tiny).
   *
   * <p>Coq: {@code ROUNDING_log1p_up}, {@code ROUNDING_two_ulps_up} (proofs/coq/Rounding.v).
   *
   * @param x the argument, {@code >= -1}
   * @return a double {@code >= ln(1 + x)}
   * @throws IllegalArgumentException if {@code x} is NaN or below {@code -1}
   */
  public static double log1p(double x) {
    checkNotNaN("Up.log1p", x);
    if (x < -1) {
      throw new IllegalArgumentException("Up.log1p: argument must be >= -1, got " + x);
    }
    if (x == 0 || Double.isInfinite(x)) {
      return x;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.min(twoUlpsUp(Math.log1p(x)), x);
  }

  /**
   * Power rounded upward: a double {@code >= x^y} for a positive base.
   *
   * <p>When {@code x^y} is a double (decided exactly, see the class Javadoc; for instance {@code
   * pow(2, 10) = 1024}, {@code pow(9, 0.5) = 3}, {@code pow(4, -1.5) = 0.125}) it is returned
   * unchanged. Otherwise the result is {@code nextUp(nextUp(Math.pow(x, y)))}, at most 3 ulps above
   * {@code x^y}, capped at 1 when {@code x^y < 1}. Infinite arguments give their exact
   * extended-real limits ({@code pow(+inf, y)} is {@code +inf} for {@code y > 0} and 0 for {@code y
   * < 0}; {@code pow(x, +inf)} is {@code +inf} for {@code x > 1} and 0 for {@code x < 1}). Overflow
   * gives {@code +inf}.
   *
   * <p>Coq: {@code ROUNDING_pow_up}, {@code ROUNDING_two_ulps_up} (proofs/coq/Rounding.v), for
   * the inexact case; the exact case ({@code ExactPow}) is tested, not proved.
   *
   * @param x the base, {@code > 0} (may be {@code +inf})
   * @param y the exponent
   * @return a double {@code >= x^y}
   * @throws IllegalArgumentException if an argument is NaN, if {@code x <= 0}, or for {@code pow(1,
   *     +-inf)}
   */
  public static double pow(double x, double y) {
    checkNotNaN("Up.pow", x, y);
    double special = powSpecial("Up.pow", x, y);
    if (!Double.isNaN(special)) {
      return special;
    }
    double u = twoUlpsUp(Math.pow(x, y));
    return (x > 1) != (y > 0) ? Math.min(u, 1.0) : u; // x^y < 1 exactly in this case
  }

  // ---------------------------------------------------------------------------------------------
  // range-qualified convenience methods

  /**
   * Sum of two non-negatives, rounded upward.
   *
   * <p>Coq: {@code ROUNDING_add_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a first term
   * @param b second term
   * @return {@link #add add(a, b)}, finite and {@code >= 0}
   * @throws ArithmeticException if the upper bound overflows to {@code +inf}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double addNonNegative(
      @NonNegativeReal double a, @NonNegativeReal double b) {
    Reals.nonNegative(a, "Up.addNonNegative: a");
    Reals.nonNegative(b, "Up.addNonNegative: b");
    return nonNegative(add(a, b), "Up.addNonNegative", a, b);
  }

  /**
   * Sum of a positive and a non-negative, rounded upward.
   *
   * <p>Coq: {@code ROUNDING_add_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a positive term
   * @param b non-negative term
   * @return {@link #add add(a, b)}, finite and {@code > 0}
   * @throws ArithmeticException if the upper bound overflows to {@code +inf}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double addPositive(
      @PositiveReal double a, @NonNegativeReal double b) {
    Reals.positive(a, "Up.addPositive: a");
    Reals.nonNegative(b, "Up.addPositive: b");
    return positive(add(a, b), "Up.addPositive", a, b);
  }

  /**
   * Product of two non-negatives, rounded upward.
   *
   * <p>Coq: {@code ROUNDING_mul_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a first factor
   * @param b second factor
   * @return {@link #mul mul(a, b)}, finite and {@code >= 0}
   * @throws ArithmeticException if the upper bound overflows to {@code +inf}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double mulNonNegative(
      @NonNegativeReal double a, @NonNegativeReal double b) {
    Reals.nonNegative(a, "Up.mulNonNegative: a");
    Reals.nonNegative(b, "Up.mulNonNegative: b");
    return nonNegative(mul(a, b), "Up.mulNonNegative", a, b);
  }

  /**
   * Product of two positives, rounded upward; never zero (an upward-rounded positive product is at
   * least {@link Double#MIN_VALUE}).
   *
   * <p>Coq: {@code ROUNDING_mul_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a first factor
   * @param b second factor
   * @return {@link #mul mul(a, b)}, finite and {@code > 0}
   * @throws ArithmeticException if the upper bound overflows to {@code +inf}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double mulPositive(@PositiveReal double a, @PositiveReal double b) {
    Reals.positive(a, "Up.mulPositive: a");
    Reals.positive(b, "Up.mulPositive: b");
    return positive(mul(a, b), "Up.mulPositive", a, b);
  }

  /**
   * Quotient of a non-negative by a positive, rounded upward.
   *
   * <p>Coq: {@code ROUNDING_div_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a numerator
   * @param b denominator
   * @return {@link #div div(a, b)}, finite and {@code >= 0}
   * @throws ArithmeticException if the upper bound overflows to {@code +inf}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double divNonNegative(
      @NonNegativeReal double a, @PositiveReal double b) {
    Reals.nonNegative(a, "Up.divNonNegative: a");
    Reals.positive(b, "Up.divNonNegative: b");
    return nonNegative(div(a, b), "Up.divNonNegative", a, b);
  }

  /**
   * Quotient of two positives, rounded upward; never zero.
   *
   * <p>Coq: {@code ROUNDING_div_up}, {@code ROUNDING_overflow_up} (proofs/coq/Rounding.v).
   *
   * @param a numerator
   * @param b denominator
   * @return {@link #div div(a, b)}, finite and {@code > 0}
   * @throws ArithmeticException if the upper bound overflows to {@code +inf}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double divPositive(@PositiveReal double a, @PositiveReal double b) {
    Reals.positive(a, "Up.divPositive: a");
    Reals.positive(b, "Up.divPositive: b");
    return positive(div(a, b), "Up.divPositive", a, b);
  }

  /**
   * Square root of a non-negative, rounded upward.
   *
   * <p>Coq: {@code ROUNDING_sqrt_up} (proofs/coq/Rounding.v).
   *
   * @param a the argument
   * @return {@link #sqrt sqrt(a)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double sqrtNonNegative(@NonNegativeReal double a) {
    Reals.nonNegative(a, "Up.sqrtNonNegative: a");
    return nonNegative(sqrt(a), "Up.sqrtNonNegative", a, NO_ARG);
  }

  /**
   * Square root of a positive, rounded upward.
   *
   * <p>Coq: {@code ROUNDING_sqrt_up} (proofs/coq/Rounding.v).
   *
   * @param a the argument
   * @return {@link #sqrt sqrt(a)}, finite and {@code > 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double sqrtPositive(@PositiveReal double a) {
    Reals.positive(a, "Up.sqrtPositive: a");
    return positive(sqrt(a), "Up.sqrtPositive", a, NO_ARG);
  }

  /**
   * Exponential of a finite value, rounded upward; never zero.
   *
   * <p>Coq: {@code ROUNDING_exp_up}, {@code ROUNDING_two_ulps_up} (proofs/coq/Rounding.v).
   *
   * @param x the exponent
   * @return {@link #exp exp(x)}, finite and {@code > 0}
   * @throws ArithmeticException if the upper bound overflows to {@code +inf} (for {@code x} above
   *     about 709.78)
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double expPositive(@Finite double x) {
    Reals.finite(x, "Up.expPositive: x");
    return positive(exp(x), "Up.expPositive", x, NO_ARG);
  }

  /**
   * Natural logarithm of a value at least 1, rounded upward.
   *
   * <p>Coq: {@code ROUNDING_log_up}, {@code ROUNDING_two_ulps_up} (proofs/coq/Rounding.v).
   *
   * @param x the argument, {@code >= 1}
   * @return {@link #log log(x)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code x} is NaN, infinite or {@code < 1}
   */
  public static @NonNegativeReal double logAtLeastOne(@Finite double x) {
    Reals.finite(x, "Up.logAtLeastOne: x");
    if (!(x >= 1)) {
      throw new IllegalArgumentException("Up.logAtLeastOne: x must be >= 1, got " + x);
    }
    return nonNegative(log(x), "Up.logAtLeastOne", x, NO_ARG);
  }

  /**
   * {@code ln(1 + x)} of a non-negative, rounded upward.
   *
   * <p>Coq: {@code ROUNDING_log1p_up}, {@code ROUNDING_two_ulps_up} (proofs/coq/Rounding.v).
   *
   * @param x the argument
   * @return {@link #log1p log1p(x)}, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double log1pNonNegative(@NonNegativeReal double x) {
    Reals.nonNegative(x, "Up.log1pNonNegative: x");
    return nonNegative(log1p(x), "Up.log1pNonNegative", x, NO_ARG);
  }

  /**
   * Power of a positive base to a finite exponent, rounded upward; never zero.
   *
   * <p>Coq: {@code ROUNDING_pow_up}, {@code ROUNDING_two_ulps_up} (proofs/coq/Rounding.v).
   *
   * @param x the base
   * @param y the exponent
   * @return {@link #pow pow(x, y)}, finite and {@code > 0}
   * @throws ArithmeticException if the upper bound overflows to {@code +inf}
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of its range
   */
  public static @PositiveReal double powPositive(@PositiveReal double x, @Finite double y) {
    Reals.positive(x, "Up.powPositive: x");
    Reals.finite(y, "Up.powPositive: y");
    return positive(pow(x, y), "Up.powPositive", x, y);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers (package-private ones are shared with Down)

  /** The upward sum; the rounding direction of the special cases is the only difference to Down. */
  private static double sum(String op, double a, double b) {
    double s = a + b;
    if (Double.isFinite(s)) {
      return sumErrorSign(a, b, s) > 0 ? Math.nextUp(s) : s;
    }
    checkNotNaN(op, a, b);
    if (Double.isNaN(s)) {
      throw undefined(op, a, b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return s;
    }
    // finite operands, rounded-to-nearest overflow: |a + b| >= MAX_VALUE + ulp(MAX_VALUE) / 2
    return s > 0 ? s : -Double.MAX_VALUE;
  }

  /**
   * The result of {@code pow} when it is exact, else NaN. Checks the domain; {@code x} and {@code
   * y} are not NaN.
   */
  static double powSpecial(String op, double x, double y) {
    if (!(x > 0)) {
      throw new IllegalArgumentException(op + ": base must be > 0, got " + x);
    }
    if (x == 1) {
      if (Double.isInfinite(y)) {
        throw undefined(op, x, y);
      }
      return 1.0;
    }
    if (y == 0) {
      return 1.0;
    }
    if (Double.isInfinite(x) || Double.isInfinite(y)) {
      // java.lang.Math.pow special cases: 0 or +inf here, the exact extended-real limits
      return Math.pow(x, y);
    }
    return ExactPow.of(x, y);
  }

  /**
   * Two steps up from a result within 1 ulp of the exact value; see the class Javadoc.
   *
   * @param r the result of a {@link Math} function documented within 1 ulp
   * @return {@code nextUp(nextUp(r))}
   */
  static double twoUlpsUp(double r) {
    return Math.nextUp(Math.nextUp(r));
  }

  /**
   * Sign of the rounding error of a sum, {@code (a + b) - s}, computed exactly with Dekker's
   * Fast2Sum (exact for round-to-nearest binary arithmetic when {@code |big| >= |small|},
   * subnormals included; its intermediate {@code s - big} cannot overflow because it equals {@code
   * small - err} with {@code |err| <= ulp(s) / 2}).
   *
   * @param a first term, finite
   * @param b second term, finite
   * @param s {@code a + b} rounded to nearest, finite
   * @return -1, 0 or 1
   */
  static int sumErrorSign(double a, double b, double s) {
    double big;
    double small;
    if (Math.abs(a) >= Math.abs(b)) {
      big = a;
      small = b;
    } else {
      big = b;
      small = a;
    }
    double z = s - big; // exact
    double err = small - z; // exact: a + b - s
    return signum(err);
  }

  /**
   * Sign of the rounding error of a product, {@code a * b - p}, computed exactly.
   *
   * <p>The operands are scaled by powers of two into {@code [1, 2)} (exact), and {@code p} by the
   * same total factor (exact: the scaled value lies in {@code [1, 4]}, or {@code p} is subnormal or
   * zero and is scaled up). Then {@code as * bs - ps} is a multiple of {@code 2^-104} of magnitude
   * below 8, so its fused multiply-add, rounded once, is zero exactly when it is zero and otherwise
   * has its sign.
   *
   * @param a first factor, finite
   * @param b second factor, finite
   * @param p {@code a * b} rounded to nearest, finite
   * @return -1, 0 or 1
   */
  static int productErrorSign(double a, double b, double p) {
    if (a == 0 || b == 0) {
      return 0;
    }
    int ea = exponent(a);
    int eb = exponent(b);
    double as = Math.scalb(a, -ea);
    double bs = Math.scalb(b, -eb);
    double ps = Math.scalb(p, -(ea + eb));
    return signum(Math.fma(as, bs, -ps));
  }

  /**
   * Sign of the rounding error of a quotient, {@code a / b - q}, computed exactly.
   *
   * <p>With {@code a} and {@code b} scaled into {@code [1, 2)} and {@code q} scaled by the matching
   * factor {@code 2^(eb - ea)} (exact: into {@code [1/2, 2]}, or up from a subnormal or zero), the
   * residual {@code as - qs * bs} is a multiple of {@code 2^-105} of magnitude below 8, so its
   * fused multiply-add is exact in sign; {@code a / b - q = (as - qs * bs) / bs} scaled by a
   * positive power of two.
   *
   * @param a numerator, finite
   * @param b denominator, finite and not zero
   * @param q {@code a / b} rounded to nearest, finite
   * @return -1, 0 or 1
   */
  static int quotientErrorSign(double a, double b, double q) {
    if (a == 0) {
      return 0;
    }
    int ea = exponent(a);
    int eb = exponent(b);
    double as = Math.scalb(a, -ea);
    double bs = Math.scalb(b, -eb);
    double qs = Math.scalb(q, eb - ea);
    return signum(Math.fma(-qs, bs, as)) * signum(bs);
  }

  /**
   * Sign of the rounding error of a square root, {@code sqrt(a) - r}, computed exactly as the sign
   * of {@code a - r^2}.
   *
   * <p>With {@code a = as * 2^(2k)}, {@code as} in {@code [1, 4)}, and {@code rs = r * 2^-k} in
   * {@code [1, 2]} (both scalings exact: {@code r >= 2^-537} is normal), {@code as - rs^2} is a
   * multiple of {@code 2^-104} of magnitude below 4, so its fused multiply-add is exact in sign.
   *
   * @param a the argument, finite and {@code > 0}
   * @param r {@code Math.sqrt(a)}, correctly rounded
   * @return -1, 0 or 1
   */
  static int sqrtErrorSign(double a, double r) {
    int k = Math.floorDiv(exponent(a), 2);
    double as = Math.scalb(a, -2 * k);
    double rs = Math.scalb(r, -k);
    return signum(Math.fma(-rs, rs, as));
  }

  /**
   * The binary exponent {@code floor(log2 |x|)} of a finite non-zero double, subnormals included.
   *
   * @param x finite, not zero
   * @return its exponent, in {@code [-1074, 1023]}
   */
  static int exponent(double x) {
    int e = Math.getExponent(x);
    if (e == Double.MIN_EXPONENT - 1) { // subnormal: scale into the normal range first (exact)
      e = Math.getExponent(x * 0x1p54) - 54;
    }
    return e;
  }

  private static int signum(double v) {
    return v > 0 ? 1 : v < 0 ? -1 : 0;
  }

  static void checkNotNaN(String op, double a) {
    if (Double.isNaN(a)) {
      throw new IllegalArgumentException(op + ": argument is NaN");
    }
  }

  static void checkNotNaN(String op, double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      throw new IllegalArgumentException(op + ": NaN argument (" + a + ", " + b + ")");
    }
  }

  static IllegalArgumentException undefined(String op, double a, double b) {
    return new IllegalArgumentException(op + ": undefined for the arguments " + arguments(a, b));
  }

  /**
   * The argument list of an error message.
   *
   * @param a first argument
   * @param b second argument, or {@link #NO_ARG}
   * @return {@code "(a, b)"} or {@code "(a)"}
   */
  static String arguments(double a, double b) {
    return Double.isNaN(b) ? "(" + a + ")" : "(" + a + ", " + b + ")";
  }

  private static @NonNegativeReal double nonNegative(double v, String op, double a, double b) {
    if (!Double.isFinite(v)) {
      throw overflow(op, a, b, v);
    }
    if (v >= 0) {
      return v;
    }
    throw new AssertionError(op + arguments(a, b) + " gave a negative bound " + v);
  }

  private static @PositiveReal double positive(double v, String op, double a, double b) {
    if (!Double.isFinite(v)) {
      throw overflow(op, a, b, v);
    }
    if (v > 0) {
      return v;
    }
    throw new AssertionError(op + arguments(a, b) + " gave a non-positive bound " + v);
  }

  private static ArithmeticException overflow(String op, double a, double b, double v) {
    return new ArithmeticException(
        op + ": upper bound overflows to " + v + " for the arguments " + arguments(a, b));
  }
}
