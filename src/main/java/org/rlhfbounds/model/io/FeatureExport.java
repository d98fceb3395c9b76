package org.rlhfbounds.model.io;

import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;

/**
 * A feature export held in memory: {@code rows} feature vectors of dimension {@code d}, grouped
 * into {@code M} prompts by offsets (prompt {@code i} owns rows {@code offset(i) .. offset(i+1) -
 * 1}, at least two of them), with an optional reward per row. Read by {@link FeatureExports}.
 *
 * <p>Storage: one flat row-major array, {@code float[]} when the file stored float32 (kept as
 * float32, never widened as a whole: 4 bytes per value) and {@code double[]} otherwise. Every value
 * is finite (the readers reject NaN and infinities). Consumers read a prompt's block with {@link
 * #copyRows}, which widens exactly into a caller's {@code double} workspace.
 *
 * <p>Thread-safe: immutable after construction (the arrays are owned and never exposed).
 */
public final class FeatureExport {
  private final String source;
  private final float @Nullable [] f32;
  private final double @Nullable [] f64;
  private final int rows;
  private final int dim;
  private final int[] offsets;
  private final double @Nullable [] rewards;

  FeatureExport(
      String source,
      float @Nullable [] f32,
      double @Nullable [] f64,
      int rows,
      int dim,
      int[] offsets,
      double @Nullable [] rewards) {
    this.source = source;
    this.f32 = f32;
    this.f64 = f64;
    this.rows = rows;
    this.dim = dim;
    this.offsets = offsets;
    this.rewards = rewards;
  }

  /**
   * Creates an export from float64 rows (for tests and callers that build exports in memory).
   *
   * @param source a name for messages
   * @param values row-major values, {@code rows * dim} of them (copied)
   * @param dim the dimension, {@code >= 1}
   * @param offsets {@code M + 1} offsets from 0 to {@code rows}, consecutive ones differing by at
   *     least 2 (copied)
   * @param rewards one reward per row, or null (copied)
   * @return the export
   * @throws IllegalArgumentException if a value is not finite or the sizes or offsets are invalid
   */
  public static FeatureExport of(
      String source, double[] values, int dim, int[] offsets, double @Nullable [] rewards) {
    if (dim < 1 || values.length % dim != 0) {
      throw new IllegalArgumentException(
          source + ": " + values.length + " values do not form rows of dimension " + dim);
    }
    int rows = values.length / dim;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            source + ": value " + i + " is " + values[i] + "; expected a finite number");
      }
    }
    String bad = FeatureExports.offsetProblem(offsets, rows);
    if (bad != null) {
      throw new IllegalArgumentException(source + ": offsets: " + bad);
    }
    if (rewards != null) {
      if (rewards.length != rows) {
        throw new IllegalArgumentException(
            source + ": " + rewards.length + " rewards for " + rows + " rows");
      }
      for (double r : rewards) {
        if (!Double.isFinite(r)) {
          throw new IllegalArgumentException(source + ": reward " + r + " is not finite");
        }
      }
    }
    return new FeatureExport(
        source,
        null,
        values.clone(),
        rows,
        dim,
        offsets.clone(),
        rewards == null ? null : rewards.clone());
  }

  /**
   * Returns the name of the file the export was read from.
   *
   * @return the source
   */
  public String source() {
    return source;
  }

  /**
   * Returns the number of prompts {@code M}.
   *
   * @return M
   */
  public int prompts() {
    return offsets.length - 1;
  }

  /**
   * Returns the total number of rows (candidates over all prompts).
   *
   * @return the rows
   */
  public int rows() {
    return rows;
  }

  /**
   * Returns the feature dimension {@code d}.
   *
   * @return d
   */
  public int dim() {
    return dim;
  }

  /**
   * Returns the first row of prompt {@code i} ({@code i = M} gives {@code rows()}).
   *
   * @param i the prompt, {@code 0 <= i <= M}
   * @return the offset
   * @throws IndexOutOfBoundsException if an index is outside the export
   */
  public int offset(int i) {
    Indices.requireIndex(offsets, i);
    return offsets[i];
  }

  /**
   * Returns the number of candidates {@code K} of prompt {@code i}.
   *
   * @param i the prompt
   * @return {@code K >= 2}
   * @throws IndexOutOfBoundsException if an index is outside the export
   */
  public int candidates(int i) {
    int next = i + 1;
    Indices.requireIndex(offsets, i);
    Indices.requireIndex(offsets, next);
    return offsets[next] - offsets[i];
  }

  /**
   * Returns the largest {@code K} over the prompts.
   *
   * @return {@code K_max}
   */
  public int maxCandidates() {
    int k = 0;
    for (int i = 0; i + 1 < offsets.length; i++) {
      k = Math.max(k, offsets[i + 1] - offsets[i]);
    }
    return k;
  }

  /**
   * Whether the values are held as float32.
   *
   * @return true for float32 storage
   */
  public boolean isFloat32() {
    return f32 != null;
  }

  /**
   * Whether the export carries a reward per row.
   *
   * @return true with rewards
   */
  public boolean hasRewards() {
    return rewards != null;
  }

  /**
   * Returns the reward of a row.
   *
   * @param row the row
   * @return its reward
   * @throws IndexOutOfBoundsException if an index is outside the export
   * @throws IllegalStateException if the export has no rewards
   */
  public double reward(int row) {
    double[] r = rewards;
    if (r == null) {
      throw new IllegalStateException(source + " has no rewards");
    }
    Indices.requireIndex(r, row);
    return r[row];
  }

  /**
   * Copies rows {@code from .. from + count - 1}, widened exactly to double, into {@code out}
   * (row-major, {@code count * d} values from index 0).
   *
   * @param from the first row
   * @param count the number of rows
   * @param out the workspace, at least {@code count * d} long
   * @throws IndexOutOfBoundsException if an index is outside the export
   */
  public void copyRows(int from, int count, double[] out) {
    int n = count * dim;
    int start = from * dim;
    Indices.requireLength(out, n);
    float[] f = f32;
    if (f != null) {
      Indices.requireRange(f, start, n);
      for (int i = 0; i < n; i++) {
        out[i] = f[start + i];
      }
    } else {
      double[] g = f64;
      if (g != null) {
        Indices.requireRange(g, start, n);
        System.arraycopy(g, start, out, 0, n);
      }
    }
  }

  @Override
  public String toString() {
    return source
        + ": "
        + prompts()
        + " prompts, "
        + rows
        + " rows of dimension "
        + dim
        + (isFloat32() ? " (float32)" : " (float64)")
        + (hasRewards() ? " with rewards" : "")
        + ", offsets "
        + (offsets.length <= 6
            ? Arrays.toString(offsets)
            : "[" + offsets[0] + ", " + offsets[1] + ", ..., " + rows + "]");
  }
}
