package org.rlhfbounds.contracts;

import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.contracts.qual.Probability;

/**
 * The one trusted door into the range-qualified types of {@code org.rlhfbounds.contracts.qual}.
 *
 * <p>Everything else in the code base is verified by the real-range checker; this class is not
 * (its suppressions are the only ones of the {@code "realrange"} key outside the learners'
 * documented kernels), so every method here is small enough to read as its own proof. Two kinds of
 * members:
 *
 * <ul>
 *   <li><b>Checked factories</b> ({@link #finite}, {@link #nonNegative}, {@link #positive}, {@link
 *       #probability}, {@link #positiveProbability} and their array forms): test the value at run
 *       time and throw {@link IllegalArgumentException} naming the quantity and the value when it
 *       is out of range. NaN and the infinities are never accepted.
 *   <li><b>Range-preserving operations</b>: sums and products of non-negatives, square root,
 *       exponential, logarithm of values at least 1, quotients. The range of each result follows
 *       from IEEE 754 arithmetic (correctly rounded operations are monotone and preserve sign);
 *       the only way to leave the range is overflow to infinity or underflow to zero, which is
 *       tested and reported with {@link ArithmeticException}.
 * </ul>
 *
 * <p>Thread-safe: stateless.
 */
public final class Reals {
  private Reals() {}

  /**
   * Checks that a value is finite.
   *
   * @param x the value
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException if {@code x} is NaN or infinite
   */
  @SuppressWarnings("realrange") // sound: tested by Double.isFinite just before
  public static @Finite double finite(double x, String what) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(what + " must be finite, got " + x);
    }
    return x;
  }

  /**
   * Checks that a value is finite and {@code >= 0}.
   *
   * @param x the value
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException if {@code x} is NaN, infinite or negative
   */
  @SuppressWarnings("realrange") // sound: tested just before
  public static @NonNegativeReal double nonNegative(double x, String what) {
    if (!(Double.isFinite(x) && x >= 0)) {
      throw new IllegalArgumentException(what + " must be finite and >= 0, got " + x);
    }
    return x;
  }

  /**
   * Checks that a value is finite and {@code > 0}.
   *
   * @param x the value
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException if {@code x} is NaN, infinite, zero or negative
   */
  @SuppressWarnings("realrange") // sound: tested just before
  public static @PositiveReal double positive(double x, String what) {
    if (!(Double.isFinite(x) && x > 0)) {
      throw new IllegalArgumentException(what + " must be finite and > 0, got " + x);
    }
    return x;
  }

  /**
   * Checks that a value lies in {@code [0, 1]}.
   *
   * @param x the value
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException if {@code x} is NaN or outside {@code [0, 1]}
   */
  @SuppressWarnings("realrange") // sound: tested just before
  public static @Probability double probability(double x, String what) {
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException(what + " must lie in [0, 1], got " + x);
    }
    return x;
  }

  /**
   * Checks that a value lies in {@code (0, 1]}.
   *
   * @param x the value
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException if {@code x} is NaN or outside {@code (0, 1]}
   */
  @SuppressWarnings("realrange") // sound: tested just before
  public static @PositiveProbability double positiveProbability(double x, String what) {
    if (!(x > 0 && x <= 1)) {
      throw new IllegalArgumentException(what + " must lie in (0, 1], got " + x);
    }
    return x;
  }

  /**
   * Checks that every entry of an array is finite. The array is not copied.
   *
   * @param x the array
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException naming the first bad index and its value
   */
  @SuppressWarnings("realrange") // sound: every entry tested just before
  public static @Finite double[] finiteArray(double[] x, String what) {
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException(
            what + "[" + i + "] must be finite, got " + x[i]);
      }
    }
    return x;
  }

  /**
   * Checks that every entry of an array is finite and {@code >= 0}. The array is not copied.
   *
   * @param x the array
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException naming the first bad index and its value
   */
  @SuppressWarnings("realrange") // sound: every entry tested just before
  public static @NonNegativeReal double[] nonNegativeArray(double[] x, String what) {
    for (int i = 0; i < x.length; i++) {
      if (!(Double.isFinite(x[i]) && x[i] >= 0)) {
        throw new IllegalArgumentException(
            what + "[" + i + "] must be finite and >= 0, got " + x[i]);
      }
    }
    return x;
  }

  /**
   * Sum of two non-negatives: non-negative, unless it overflows.
   *
   * @param a first term
   * @param b second term
   * @return {@code a + b}
   * @throws ArithmeticException on overflow to infinity
   */
  @SuppressWarnings("realrange") // sound: a, b >= 0 finite gives a + b >= 0; finiteness tested
  public static @NonNegativeReal double add(@NonNegativeReal double a, @NonNegativeReal double b) {
    return noOverflow(a + b, "sum");
  }

  /**
   * Sum of a positive and a non-negative: positive (IEEE addition of {@code a > 0} and {@code b
   * >= 0} is at least {@code a}), unless it overflows.
   *
   * @param a positive term
   * @param b non-negative term
   * @return {@code a + b}
   * @throws ArithmeticException on overflow to infinity
   */
  @SuppressWarnings("realrange") // sound: rounding is monotone, so a + b >= a > 0
  public static @PositiveReal double addPositive(
      @PositiveReal double a, @NonNegativeReal double b) {
    return noOverflow(a + b, "sum");
  }

  /**
   * Product of two non-negatives: non-negative, unless it overflows.
   *
   * @param a first factor
   * @param b second factor
   * @return {@code a * b}
   * @throws ArithmeticException on overflow to infinity
   */
  @SuppressWarnings("realrange") // sound: sign of a product of non-negatives; finiteness tested
  public static @NonNegativeReal double multiply(
      @NonNegativeReal double a, @NonNegativeReal double b) {
    return noOverflow(a * b, "product");
  }

  /**
   * Product of two positives: positive, unless it overflows or underflows to zero.
   *
   * @param a first factor
   * @param b second factor
   * @return {@code a * b}
   * @throws ArithmeticException on overflow or on underflow to zero
   */
  @SuppressWarnings("realrange") // sound: sign of a product; zero and infinity tested
  public static @PositiveReal double multiplyPositive(
      @PositiveReal double a, @PositiveReal double b) {
    double p = noOverflow(a * b, "product");
    if (p == 0) {
      throw new ArithmeticException("product underflows to zero: " + a + " * " + b);
    }
    return p;
  }

  /**
   * Quotient of a non-negative by a positive: non-negative, unless it overflows.
   *
   * @param a numerator
   * @param b denominator
   * @return {@code a / b}
   * @throws ArithmeticException on overflow to infinity
   */
  @SuppressWarnings("realrange") // sound: sign of a quotient; finiteness tested
  public static @NonNegativeReal double divide(@NonNegativeReal double a, @PositiveReal double b) {
    return noOverflow(a / b, "quotient");
  }

  /**
   * Square root of a non-negative: non-negative and finite.
   *
   * @param a the argument
   * @return {@code sqrt(a)}
   */
  @SuppressWarnings("realrange") // sound: sqrt maps finite [0, inf) into itself
  public static @NonNegativeReal double sqrt(@NonNegativeReal double a) {
    return Math.sqrt(a);
  }

  /**
   * Exponential of a finite value: non-negative (zero on underflow), unless it overflows.
   *
   * @param a the argument
   * @return {@code exp(a)}
   * @throws ArithmeticException on overflow to infinity
   */
  @SuppressWarnings("realrange") // sound: exp of a finite value is >= 0; finiteness tested
  public static @NonNegativeReal double exp(@Finite double a) {
    return noOverflow(Math.exp(a), "exp");
  }

  /**
   * Natural logarithm of a value at least 1: non-negative and finite.
   *
   * @param a the argument, {@code >= 1}
   * @return {@code log(a)}
   * @throws IllegalArgumentException if {@code a < 1} or NaN
   */
  @SuppressWarnings("realrange") // sound: log maps finite [1, inf) into finite [0, inf)
  public static @NonNegativeReal double logAtLeastOne(@Finite double a) {
    if (!(a >= 1)) {
      throw new IllegalArgumentException("log argument must be >= 1, got " + a);
    }
    return Math.log(a);
  }

  /**
   * Larger of two non-negatives.
   *
   * @param a first
   * @param b second
   * @return {@code max(a, b)}
   */
  @SuppressWarnings("realrange") // sound: max returns one of its arguments
  public static @NonNegativeReal double max(@NonNegativeReal double a, @NonNegativeReal double b) {
    return Math.max(a, b);
  }

  private static double noOverflow(double v, String what) {
    if (!Double.isFinite(v)) {
      throw new ArithmeticException(what + " overflows to " + v);
    }
    return v;
  }
}
