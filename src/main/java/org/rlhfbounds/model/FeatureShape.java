package org.rlhfbounds.model;

import org.checkerframework.common.value.qual.MinLen;

/**
 * The shape checks of a {@link Features} block and their messages: the dimension, the prompt
 * offsets ({@code offsets[0] = 0}, at least two rows a prompt) and the number of values, and the
 * error that names a non-finite value by prompt, candidate and coordinate.
 *
 * <p>Thread-safe: stateless.
 */
final class FeatureShape {
  private FeatureShape() {}

  /** Checks the dimension, the offsets and the number of values of a block. */
  static void check(int length, int[] offsets, int dim, String field) {
    if (dim < 1) {
      throw new IllegalArgumentException(field + ": dimension d must be >= 1, got " + dim);
    }
    if (offsets.length < 2) {
      throw new IllegalArgumentException(
          field + ": at least one prompt is required, got " + (offsets.length - 1));
    }
    if (offsets[0] != 0) {
      throw new IllegalArgumentException(field + ": promptOffsets[0] must be 0, got " + offsets[0]);
    }
    for (int i = 0; i + 1 < offsets.length; i++) {
      int k = offsets[i + 1] - offsets[i];
      if (k < 2) {
        throw new IllegalArgumentException(
            field + ": prompt " + i + " has K = " + k + " candidates; K >= 2 is required");
      }
    }
    long rows = offsets[offsets.length - 1];
    if (rows * dim != length) {
      throw new IllegalArgumentException(
          field
              + ": expected "
              + rows
              + " rows of d = "
              + dim
              + " values ("
              + rows * dim
              + "), got "
              + length
              + " values");
    }
  }

  /** The error for the non-finite value {@code x} at position {@code p}. */
  static IllegalArgumentException notFinite(
      int[] offsets, int dim, int p, double x, String field) {
    if (offsets.length < 2) {
      throw new IllegalStateException("check requires a prompt");
    }
    return new IllegalArgumentException(
        field
            + ": "
            + rowLabel(offsets, p / dim)
            + ", coordinate "
            + (p % dim)
            + " is "
            + x
            + "; features must be finite");
  }

  /**
   * Names a row as {@code "prompt i, candidate a"}: {@code i} is the last prompt {@code < M} with
   * {@code offsets[i] <= row}.
   */
  private static String rowLabel(int @MinLen(2) [] offsets, int row) {
    int i = 0;
    int first = offsets[0];
    while (i + 2 < offsets.length && offsets[i + 1] <= row) {
      i++;
      first = offsets[i];
    }
    return "prompt " + i + ", candidate " + (row - first);
  }
}
