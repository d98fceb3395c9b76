package org.rlhfbounds.audit;

import org.rlhfbounds.contracts.Indices;

/**
 * The statistics an {@link Audit} derives from a merged {@link ChunkSummary}: the quantiles of the
 * feature norms and the covariance {@code Sigma_S(0)} of the uniform reference policy
 * (proofs/MODEL.md#model).
 *
 * <ul>
 *   <li><b>quantile</b> {@code q} of {@code n} ascending values: the value at rank {@code ceil(q
 *       n)} (the smallest value with at least a fraction {@code q} of the values at or below it),
 *       0 for no value;
 *   <li><b>covariance</b>: {@code Sigma_S(0) = sum / n}, the summary's upper-triangle sum divided
 *       by the number of prompts and mirrored, flat row-major {@code d x d}.
 * </ul>
 *
 * <p>No rounding direction is claimed: these are the computed numbers, which {@link
 * AssemblyCertificate} bounds. NaN or infinite entries pass through unchanged (the sort places NaN
 * last). Thread-safe: stateless.
 */
final class SummaryStatistics {
  /** The quantile levels reported for the feature norms; never written. */
  static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

  private SummaryStatistics() {}

  /** The quantiles of {@link #QUANTILES} of ascending values (the value at rank ceil(q n)). */
  static double[] quantiles(double[] sorted) {
    double[] out = new double[QUANTILES.length];
    for (int q = 0; q < QUANTILES.length && q < out.length; q++) {
      out[q] = quantile(sorted, QUANTILES[q]);
    }
    return out;
  }

  /** The value at rank {@code ceil(q n)} of {@code n} ascending values (0 for none). */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    long idx = Math.min(sorted.length - 1L, (long) Math.ceil(q * sorted.length) - 1);
    int k = (int) Math.max(0, idx);
    Indices.requireIndex(sorted, k);
    return sorted[k];
  }

  /**
   * {@code Sigma_S(0) = sum / n}, mirrored from the upper triangle.
   *
   * @throws IllegalStateException if the summary's dimension is not positive
   */
  static double[] sigma(ChunkSummary s, int n) {
    int d = s.dim();
    if (d < 1) {
      throw new IllegalStateException("dimension " + d + " is not positive");
    }
    double[] sum = s.sigmaSum();
    double[] out = new double[d * d];
    for (int i = 0; i < d; i++) {
      int ri = i * d;
      Indices.requireRange(sum, ri, d);
      Indices.requireRange(out, ri, d);
      for (int j = i; j < d; j++) {
        double v = sum[ri + j] / n;
        out[ri + j] = v;
        int mirror = j * d + i;
        Indices.requireIndex(out, mirror);
        out[mirror] = v;
      }
    }
    return out;
  }
}
