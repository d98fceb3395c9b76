package org.rlhfbounds.contracts;

import org.checkerframework.checker.index.qual.EnsuresLTLengthOf;
import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.framework.qual.EnsuresQualifier;

/**
 * Run-time checks of flat-array bounds whose postconditions the Index Checker reads: the hot
 * kernels keep flat row-major arrays (EJML convention) and state, once per row or per call, the
 * range they are about to index, instead of suppressing the checker.
 *
 * <p>After {@code requireRange(a, start, len)} returns, {@code start} and {@code len} are
 * non-negative and {@code start + len <= a.length}, so {@code a[start + j]} for {@code 0 <= j <
 * len} is in bounds for the checker. After {@code requireLength(a, n)}, {@code 0 <= n <=
 * a.length}; after {@code requireIndex(a, i)}, {@code 0 <= i < a.length}. A failed check is a caller's bug: {@link IndexOutOfBoundsException}, as the array
 * access itself would have thrown.
 *
 * <p>Thread-safe: stateless.
 */
public final class Indices {
  private Indices() {}

  /**
   * Checks that {@code [start, start + len)} lies inside {@code a}.
   *
   * @param a the array
   * @param start the first index
   * @param len the number of entries
   * @throws IndexOutOfBoundsException if {@code start < 0}, {@code len < 0} or {@code start + len
   *     > a.length}
   */
  @EnsuresLTLengthOf(value = "#3", targetValue = "#1", offset = "#2 - 1")
  @EnsuresQualifier(expression = {"#2", "#3"}, qualifier = NonNegative.class)
  public static void requireRange(double[] a, int start, int len) {
    if (start < 0 || len < 0 || start + len > a.length) {
      throw new IndexOutOfBoundsException(
          "[" + start + ", " + start + " + " + len + ") is outside an array of " + a.length);
    }
  }

  /**
   * Checks that {@code [start, start + len)} lies inside {@code a}.
   *
   * @param a the array
   * @param start the first index
   * @param len the number of entries
   * @throws IndexOutOfBoundsException if {@code start < 0}, {@code len < 0} or {@code start + len
   *     > a.length}
   */
  @EnsuresLTLengthOf(value = "#3", targetValue = "#1", offset = "#2 - 1")
  @EnsuresQualifier(expression = {"#2", "#3"}, qualifier = NonNegative.class)
  public static void requireRange(float[] a, int start, int len) {
    if (start < 0 || len < 0 || start + len > a.length) {
      throw new IndexOutOfBoundsException(
          "[" + start + ", " + start + " + " + len + ") is outside an array of " + a.length);
    }
  }

  /**
   * Checks that {@code i} is an index of {@code a}.
   *
   * @param a the array
   * @param i the index
   * @throws IndexOutOfBoundsException if {@code i < 0} or {@code i >= a.length}
   */
  @EnsuresLTLengthOf(value = "#2", targetValue = "#1")
  @EnsuresQualifier(expression = "#2", qualifier = NonNegative.class)
  public static void requireIndex(double[] a, int i) {
    if (i < 0 || i >= a.length) {
      throw new IndexOutOfBoundsException(i + " is not an index of an array of " + a.length);
    }
  }

  /**
   * Checks that {@code i} is an index of {@code a}.
   *
   * @param a the array
   * @param i the index
   * @throws IndexOutOfBoundsException if {@code i < 0} or {@code i >= a.length}
   */
  @EnsuresLTLengthOf(value = "#2", targetValue = "#1")
  @EnsuresQualifier(expression = "#2", qualifier = NonNegative.class)
  public static void requireIndex(int[] a, int i) {
    if (i < 0 || i >= a.length) {
      throw new IndexOutOfBoundsException(i + " is not an index of an array of " + a.length);
    }
  }

  /**
   * Checks that {@code i} is an index of {@code a} (an array of rows).
   *
   * @param a the array
   * @param i the index
   * @throws IndexOutOfBoundsException if {@code i < 0} or {@code i >= a.length}
   */
  @EnsuresLTLengthOf(value = "#2", targetValue = "#1")
  @EnsuresQualifier(expression = "#2", qualifier = NonNegative.class)
  public static void requireIndex(Object[] a, int i) {
    if (i < 0 || i >= a.length) {
      throw new IndexOutOfBoundsException(i + " is not an index of an array of " + a.length);
    }
  }

  /**
   * Checks that {@code a} has at least {@code n} entries.
   *
   * @param a the array
   * @param n the number of entries used
   * @throws IndexOutOfBoundsException if {@code n < 0} or {@code n > a.length}
   */
  @EnsuresLTLengthOf(value = "#2", targetValue = "#1", offset = "-1")
  @EnsuresQualifier(expression = "#2", qualifier = NonNegative.class)
  public static void requireLength(double[] a, int n) {
    if (n < 0 || n > a.length) {
      throw new IndexOutOfBoundsException(
          n + " entries are used of an array of " + a.length);
    }
  }

  /**
   * Checks that {@code a} (an array of rows) has at least {@code n} entries.
   *
   * @param a the array
   * @param n the number of entries used
   * @throws IndexOutOfBoundsException if {@code n < 0} or {@code n > a.length}
   */
  @EnsuresLTLengthOf(value = "#2", targetValue = "#1", offset = "-1")
  @EnsuresQualifier(expression = "#2", qualifier = NonNegative.class)
  public static void requireLength(Object[] a, int n) {
    if (n < 0 || n > a.length) {
      throw new IndexOutOfBoundsException(
          n + " entries are used of an array of " + a.length);
    }
  }
}
