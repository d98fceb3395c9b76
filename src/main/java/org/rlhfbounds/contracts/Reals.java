package org.rlhfbounds.contracts;

import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.contracts.qual.Probability;

/**
 * The one trusted door into the range-qualified types of {@code org.rlhfbounds.contracts.qual}.
 *
 * <p>This class is verified by the real-range checker like every other: each method returns a
 * value only after a run-time test from which the checker itself derives the qualifier ({@code
 * Double.isFinite(x) && x > 0} makes {@code x} {@code @PositiveReal}), so it needs no warning
 * suppression. Two kinds of members:
 *
 * <ul>
 *   <li><b>Checked factories</b> ({@link #finite}, {@link #nonNegative}, {@link #positive}, {@link
 *       #probability}, {@link #positiveProbability} and their array forms): test the value at run
 *       time and throw {@link IllegalArgumentException} naming the quantity and the value when it
 *       is out of range. NaN and the infinities are never accepted. The array forms return a fresh
 *       copy, so the caller keeps no unqualified alias through which the entries could change.
 *   <li><b>Range-preserving operations</b>: sums and products of non-negatives, square root,
 *       exponential, logarithm of values at least 1, quotients. The range of each result follows
 *       from IEEE 754 arithmetic (correctly rounded operations are monotone and preserve sign);
 *       the only way to leave the range is overflow to infinity or underflow to zero. Each result
 *       is tested at run time all the same (the test that lets the checker verify the method) and
 *       a result out of range is reported with {@link ArithmeticException}.
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
  public static @Finite double finite(double x, String what) {
    if (Double.isFinite(x)) {
      return x;
    }
    throw new IllegalArgumentException(what + " must be finite, got " + x);
  }

  /**
   * Checks that a value is finite and {@code >= 0}.
   *
   * @param x the value
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException if {@code x} is NaN, infinite or negative
   */
  public static @NonNegativeReal double nonNegative(double x, String what) {
    if (Double.isFinite(x) && x >= 0) {
      return x;
    }
    throw new IllegalArgumentException(what + " must be finite and >= 0, got " + x);
  }

  /**
   * Checks that a value is finite and {@code > 0}.
   *
   * @param x the value
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException if {@code x} is NaN, infinite, zero or negative
   */
  public static @PositiveReal double positive(double x, String what) {
    if (Double.isFinite(x) && x > 0) {
      return x;
    }
    throw new IllegalArgumentException(what + " must be finite and > 0, got " + x);
  }

  /**
   * Checks that a value lies in {@code [0, 1]}.
   *
   * @param x the value
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException if {@code x} is NaN or outside {@code [0, 1]}
   */
  public static @Probability double probability(double x, String what) {
    if (Double.isFinite(x) && x >= 0 && x <= 1) {
      return x;
    }
    throw new IllegalArgumentException(what + " must lie in [0, 1], got " + x);
  }

  /**
   * Checks that a value lies in {@code (0, 1]}.
   *
   * @param x the value
   * @param what the name of the quantity, for the error message
   * @return {@code x}
   * @throws IllegalArgumentException if {@code x} is NaN or outside {@code (0, 1]}
   */
  public static @PositiveProbability double positiveProbability(double x, String what) {
    if (Double.isFinite(x) && x > 0 && x <= 1) {
      return x;
    }
    throw new IllegalArgumentException(what + " must lie in (0, 1], got " + x);
  }

  /**
   * Checks that every entry of an array is finite, and returns a copy.
   *
   * @param x the array (not modified)
   * @param what the name of the quantity, for the error message
   * @return a fresh copy of {@code x}
   * @throws IllegalArgumentException naming the first bad index and its value
   */
  public static @Finite double[] finiteArray(double[] x, String what) {
    @Finite double[] copy = new @Finite double[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(what + "[" + i + "] must be finite, got " + v);
      }
      copy[i] = v;
    }
    return copy;
  }

  /**
   * Checks that every entry of an array is finite and {@code >= 0}, and returns a copy.
   *
   * @param x the array (not modified)
   * @param what the name of the quantity, for the error message
   * @return a fresh copy of {@code x}
   * @throws IllegalArgumentException naming the first bad index and its value
   */
  public static @NonNegativeReal double[] nonNegativeArray(double[] x, String what) {
    @NonNegativeReal double[] copy = new @NonNegativeReal double[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      if (!(Double.isFinite(v) && v >= 0)) {
        throw new IllegalArgumentException(
            what + "[" + i + "] must be finite and >= 0, got " + v);
      }
      copy[i] = v;
    }
    return copy;
  }

  /**
   * Checks that every entry of an array is finite, without copying (for hot loops that check
   * their inputs and need no qualified result).
   *
   * @param x the array (not modified)
   * @param what the name of the quantity, for the error message
   * @throws IllegalArgumentException naming the first bad index and its value
   */
  public static void requireFinite(double[] x, String what) {
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException(what + "[" + i + "] must be finite, got " + x[i]);
      }
    }
  }

  /**
   * Sum of two non-negatives: non-negative, unless it overflows.
   *
   * @param a first term
   * @param b second term
   * @return {@code a + b}
   * @throws ArithmeticException on overflow to infinity
   * @throws IllegalArgumentException if an argument is NaN, infinite or outside its range
   */
  public static @NonNegativeReal double add(@NonNegativeReal double a, @NonNegativeReal double b) {
    nonNegative(a, "a");
    nonNegative(b, "b");
    return nonNegativeResult(a + b, "sum");
  }

  /**
   * Sum of a positive and a non-negative: positive (IEEE addition of {@code a > 0} and {@code b
   * >= 0} is at least {@code a}), unless it overflows.
   *
   * @param a positive term
   * @param b non-negative term
   * @return {@code a + b}
   * @throws ArithmeticException on overflow to infinity
   * @throws IllegalArgumentException if an argument is NaN, infinite or outside its range
   */
  public static @PositiveReal double addPositive(
      @PositiveReal double a, @NonNegativeReal double b) {
    positive(a, "a");
    nonNegative(b, "b");
    return positiveResult(a + b, "sum");
  }

  /**
   * Product of two non-negatives: non-negative, unless it overflows.
   *
   * @param a first factor
   * @param b second factor
   * @return {@code a * b}
   * @throws ArithmeticException on overflow to infinity
   * @throws IllegalArgumentException if an argument is NaN, infinite or outside its range
   */
  public static @NonNegativeReal double multiply(
      @NonNegativeReal double a, @NonNegativeReal double b) {
    nonNegative(a, "a");
    nonNegative(b, "b");
    return nonNegativeResult(a * b, "product");
  }

  /**
   * Product of two positives: positive, unless it overflows or underflows to zero.
   *
   * @param a first factor
   * @param b second factor
   * @return {@code a * b}
   * @throws ArithmeticException on overflow or on underflow to zero
   * @throws IllegalArgumentException if an argument is NaN, infinite or outside its range
   */
  public static @PositiveReal double multiplyPositive(
      @PositiveReal double a, @PositiveReal double b) {
    positive(a, "a");
    positive(b, "b");
    return positiveResult(a * b, "product");
  }

  /**
   * Quotient of a non-negative by a positive: non-negative, unless it overflows.
   *
   * @param a numerator
   * @param b denominator
   * @return {@code a / b}
   * @throws ArithmeticException on overflow to infinity
   * @throws IllegalArgumentException if an argument is NaN, infinite or outside its range
   */
  public static @NonNegativeReal double divide(@NonNegativeReal double a, @PositiveReal double b) {
    nonNegative(a, "a");
    positive(b, "b");
    return nonNegativeResult(a / b, "quotient");
  }

  /**
   * Square root of a non-negative: non-negative and finite.
   *
   * @param a the argument
   * @return {@code sqrt(a)}
   * @throws IllegalArgumentException if an argument is NaN, infinite or outside its range
   */
  public static @NonNegativeReal double sqrt(@NonNegativeReal double a) {
    nonNegative(a, "a");
    return nonNegativeResult(Math.sqrt(a), "sqrt");
  }

  /**
   * Exponential of a finite value: non-negative (zero on underflow), unless it overflows.
   *
   * @param a the argument
   * @return {@code exp(a)}
   * @throws ArithmeticException on overflow to infinity
   * @throws IllegalArgumentException if an argument is NaN, infinite or outside its range
   */
  public static @NonNegativeReal double exp(@Finite double a) {
    finite(a, "a");
    return nonNegativeResult(Math.exp(a), "exp");
  }

  /**
   * Natural logarithm of a value at least 1: non-negative and finite.
   *
   * @param a the argument, {@code >= 1}
   * @return {@code log(a)}
   * @throws IllegalArgumentException if {@code a} is NaN, infinite or {@code < 1}
   */
  public static @NonNegativeReal double logAtLeastOne(@Finite double a) {
    finite(a, "a");
    if (!(a >= 1)) {
      throw new IllegalArgumentException("log argument must be >= 1, got " + a);
    }
    return nonNegativeResult(Math.log(a), "log");
  }

  /**
   * Larger of two non-negatives.
   *
   * @param a first
   * @param b second
   * @return {@code max(a, b)}
   * @throws IllegalArgumentException if an argument is NaN, infinite or outside its range
   */
  public static @NonNegativeReal double max(@NonNegativeReal double a, @NonNegativeReal double b) {
    nonNegative(a, "a");
    nonNegative(b, "b");
    return nonNegativeResult(Math.max(a, b), "max");
  }

  /**
   * The result of a range-preserving operation, tested: finite and {@code >= 0}.
   *
   * @param v the IEEE result
   * @param what the operation, for the error message
   * @return {@code v}
   * @throws ArithmeticException if {@code v} overflowed (or, impossible for the callers, is
   *     negative or NaN)
   */
  private static @NonNegativeReal double nonNegativeResult(double v, String what) {
    if (Double.isFinite(v) && v >= 0) {
      return v;
    }
    throw new ArithmeticException(what + " leaves [0, inf): " + v);
  }

  /**
   * The result of a range-preserving operation, tested: finite and {@code > 0}.
   *
   * @param v the IEEE result
   * @param what the operation, for the error message
   * @return {@code v}
   * @throws ArithmeticException if {@code v} overflowed or underflowed to zero
   */
  private static @PositiveReal double positiveResult(double v, String what) {
    if (Double.isFinite(v) && v > 0) {
      return v;
    }
    throw new ArithmeticException(what + " leaves (0, inf): " + v);
  }
}
