package org.rlhfbounds.objective;

import static org.rlhfbounds.contracts.Indices.requireIndex;
import static org.rlhfbounds.contracts.Indices.requireLength;

import org.rlhfbounds.contracts.Theorem;

/**
 * The kernel of the covariance assembly: the upper triangle of a weighted Gram matrix {@code
 * sum_q p_q x_q x_q^T} of a block of rows, accumulated into a matrix held as one array per row
 * (proofs/F3.md, {@code Sigma_mu(w) = sum_i mu_i sum_a (p_ia c_ia) c_ia^T}).
 *
 * <p>Rows and accumulator are arrays of rows ({@code double[][]}), not one flat row-major array,
 * for one measured reason: every array access of the inner loop then has the same index {@code j},
 * which lets the JIT compiler's vectoriser (C2's SuperWord, Java 17) emit SIMD code for it. With
 * flat arrays and an offset per row, C2 cannot exclude that the output row overlaps an input row
 * at a non-zero distance and keeps the loop scalar, which measured 2 to 3x slower on this
 * project's benchmark machine (README, Performance). The loop adds four rows per pass over an
 * output row; eight did not vectorise.
 *
 * <p>Every entry {@code (r, c)}, {@code r <= c}, adds its terms {@code fl(fl(p_q x_q[r]) x_q[c])}
 * to its running value one at a time in order of {@code q}, so the result is the same bits as
 * {@code count} rank-one updates in order: it does not depend on how rows are grouped into
 * blocks, on the row tiles ({@link #tiles}) or on the threads that run the tiles. NaN and
 * infinite values propagate. Stateless and thread-safe; concurrent calls must write disjoint
 * rows of the accumulator.
 */
public final class UpperGram {
  private UpperGram() {}

  /**
   * {@code out[r][c] += sum_q (p_q rows[q][r]) rows[q][c]} for the rows {@code r} in {@code [r0,
   * r1)} and the columns {@code r <= c < d}, the terms of each entry added one at a time in order
   * of {@code q}; entries below the diagonal are not read or written.
   *
   * @param rows the block's rows, at least {@code count} of at least {@code d} values
   * @param p the row weights, at least {@code count}
   * @param count the number of rows of the block
   * @param d the dimension
   * @param r0 the first output row, {@code >= 0}
   * @param r1 one past the last output row, {@code <= d}
   * @param out the accumulator, at least {@code d} rows of at least {@code d} values
   * @throws IndexOutOfBoundsException if an array is too short or the rows are out of range
   */
  @Theorem("F3")
  public static void add(
      double[][] rows, double[] p, int count, int d, int r0, int r1, double[][] out) {
    requireLength(p, count);
    requireLength(rows, count);
    if (r0 < 0 || r1 > d) {
      throw new IndexOutOfBoundsException("output rows [" + r0 + ", " + r1 + ") of d = " + d);
    }
    int q = 0;
    for (; q + 3 < count; q += 4) {
      double[] x0 = rows[q];
      double[] x1 = rows[q + 1];
      double[] x2 = rows[q + 2];
      double[] x3 = rows[q + 3];
      requireLength(x0, d);
      requireLength(x1, d);
      requireLength(x2, d);
      requireLength(x3, d);
      double p0 = p[q];
      double p1 = p[q + 1];
      double p2 = p[q + 2];
      double p3 = p[q + 3];
      for (int r = r0; r < r1; r++) {
        requireIndex(out, r);
        double[] o = out[r];
        requireLength(o, d);
        requireIndex(x0, r);
        requireIndex(x1, r);
        requireIndex(x2, r);
        requireIndex(x3, r);
        double a0 = p0 * x0[r];
        double a1 = p1 * x1[r];
        double a2 = p2 * x2[r];
        double a3 = p3 * x3[r];
        for (int j = r; j < d; j++) {
          o[j] = o[j] + a0 * x0[j] + a1 * x1[j] + a2 * x2[j] + a3 * x3[j];
        }
      }
    }
    for (int t = q; t < count; t++) {
      double[] x = rows[t];
      requireLength(x, d);
      double pq = p[t];
      for (int r = r0; r < r1; r++) {
        requireIndex(out, r);
        double[] o = out[r];
        requireLength(o, d);
        requireIndex(x, r);
        double a = pq * x[r];
        for (int j = r; j < d; j++) {
          o[j] = o[j] + a * x[j];
        }
      }
    }
  }

  /**
   * The row boundaries {@code 0 = b_0 < b_1 < .. < b_T = d} of tiles of the upper triangle of a
   * {@code d x d} matrix holding about {@code target} entries each (row {@code r} holds {@code d -
   * r}), so that the tiles of a parallel assembly carry about the same work.
   *
   * @param d the order
   * @param target the entries per tile, {@code >= 1}
   * @return the boundaries, {@code T + 1} of them
   * @throws IllegalArgumentException if {@code d < 0}
   */
  public static int[] tiles(int d, int target) {
    if (d < 0) {
      throw new IllegalArgumentException("d: expected >= 0, got " + d);
    }
    int[] b = new int[d + 1];
    int t = 0;
    long inTile = 0;
    for (int r = 0; r < d; r++) {
      inTile += d - r;
      if (inTile >= target || r == d - 1) {
        t++;
        requireIndex(b, t);
        b[t] = r + 1;
        inTile = 0;
      }
    }
    return java.util.Arrays.copyOf(b, t + 1);
  }

  /**
   * Writes the upper triangle of the accumulator into the row-major {@code d x d} array {@code
   * out}, {@code out[r d + c] = acc[r][c]} for {@code r <= c}, and, when {@code mirror}, also
   * onto its lower triangle ({@code out[c d + r] = acc[r][c]}, an exactly symmetric matrix);
   * without it, entries below the diagonal are not written.
   *
   * @param acc the accumulator, at least {@code d} rows of at least {@code d} values
   * @param d the order
   * @param mirror whether to write the lower triangle too
   * @param out the matrix, at least {@code d * d} values
   * @throws IndexOutOfBoundsException if an array is too short
   */
  public static void store(double[][] acc, int d, boolean mirror, double[] out) {
    for (int r = 0; r < d; r++) {
      requireIndex(acc, r);
      double[] row = acc[r];
      requireLength(row, d);
      for (int c = r; c < d; c++) {
        int up = r * d + c;
        requireIndex(out, up);
        out[up] = row[c];
        if (mirror) {
          int low = c * d + r;
          requireIndex(out, low);
          out[low] = row[c];
        }
      }
    }
  }
}
