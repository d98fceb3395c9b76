package org.rlhfbounds.bounds;

import org.checkerframework.checker.index.qual.NonNegative;
import org.rlhfbounds.model.Features;

/**
 * The feature rows of one prompt as doubles, for the certificates that read them: candidate {@code
 * a}'s coordinate {@code j} is {@code data[(row0 + a) d + j]}. For a float64 block {@code data} is
 * the block's storage itself; for a float32 block it is a scratch array holding the prompt's rows
 * widened (exactly), so a float32 block is never widened as a whole ({@link Features#promptRows}).
 *
 * <p>Thread-safe when each thread makes its own (the array of a float32 prompt is its own copy; a
 * float64 block's storage is only read).
 *
 * @param data the array holding the rows
 * @param row0 the prompt's first row in {@code data}
 * @param k the number of candidates {@code K(i)}
 * @param d the feature dimension
 */
record PromptRows(double[] data, @NonNegative int row0, @NonNegative int k, @NonNegative int d) {
  /**
   * The rows of prompt {@code i} of {@code f}, widened into {@code scratch} for a float32 block: a
   * loop over prompts passes one scratch array ({@link Features#rowScratch()}) to every prompt, and
   * must not use the rows of a prompt after it asked for the next one's.
   *
   * @param f the prompts
   * @param i the prompt
   * @param scratch the caller's {@link Features#rowScratch()} of {@code f}
   * @return its rows
   * @throws IllegalArgumentException if {@code i} is not a prompt of {@code f}
   */
  static PromptRows of(Features f, int i, double[] scratch) {
    double[] data = f.promptRows(i, scratch);
    return new PromptRows(data, f.firstRow(i), f.candidates(i), f.dim());
  }

  /**
   * The offset of candidate {@code a}'s first coordinate in {@link #data}.
   *
   * @param a the candidate
   * @return {@code (row0 + a) d}
   */
  int base(int a) {
    return (row0 + a) * d;
  }
}
