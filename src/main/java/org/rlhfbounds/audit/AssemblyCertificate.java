package org.rlhfbounds.audit;

import org.rlhfbounds.bounds.Constants;
import org.rlhfbounds.bounds.VerifiedSpd;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;

/**
 * A certified lower bound on the smallest eigenvalue of the exact uniform-policy covariance
 * {@code Sigma_S(0)} of a feature export, from its assembled matrix of doubles (proofs/AUDIT-CERT.md):
 *
 * <pre>
 *   lambda_min(Sigma_S(0)) > s - gamma_{N+5} tr(S^) / (1 - gamma_{N+5}) - gamma_{K_max}^2 B^2 - d (N + 5) 2^-1070
 * </pre>
 *
 * where {@code S^} is the matrix assembled by {@link Summaries} (merged in any order) and divided
 * by {@code n}, {@code s} the shift that {@link VerifiedSpd#lowerBound} certifies for {@code S^}
 * (Rump's criterion, proofs/LEMMA-KAPPA-CERT.md), {@code N} the number of rows, {@code gamma_k = k
 * 2^-53 / (1 - k 2^-53)} and {@code B^2} an upper bound of the exact largest squared feature norm.
 * Every term is rounded in the direction that keeps the result a lower bound.
 *
 * <p>What is certified is the exact covariance of the exported numbers (float32 values widened
 * exactly): the rounding of the assembly is enclosed, unlike {@link VerifiedSpd} alone.
 *
 * <p>NaN or infinite entries give 0 (nothing certified). Thread-safe: stateless.
 */
public final class AssemblyCertificate {
  private static final double U = 0x1.0p-53;

  private AssemblyCertificate() {}

  /**
   * An upper bound on the spectral norm of the assembly error plus the mean correction of
   * proofs/AUDIT-CERT.md, rounded upward.
   *
   * @param s the assembled matrix, row-major {@code d x d}, symmetric
   * @param d the dimension
   * @param rows N, the number of rows summed
   * @param maxCandidates {@code K_max}
   * @param normSqUpper an upper bound of the exact largest squared feature norm
   * @return the bound (infinity when it cannot be stated)
   */
  @Theorem("AUDIT-CERT")
  public static double assemblyError(
      double[] s, int d, long rows, int maxCandidates, double normSqUpper) {
    double g = Constants.gamma((double) rows + 5);
    double trace = 0;
    for (int i = 0; i < d; i++) {
      int diagonal = i * d + i;
      Indices.requireIndex(s, diagonal);
      double v = s[diagonal];
      if (!(v >= 0) || !Double.isFinite(v)) {
        return Double.POSITIVE_INFINITY;
      }
      trace = Up.add(trace, v);
    }
    double sum = Up.div(Up.mul(g, trace), Down.sub(1, g));
    double gk = Constants.gamma(maxCandidates);
    double mean = Up.mul(Up.mul(gk, gk), normSqUpper);
    double tiny = Up.mul(Up.mul(d, (double) rows + 5), 0x1.0p-1070);
    double out = Up.add(Up.add(sum, mean), tiny);
    return Double.isNaN(out) ? Double.POSITIVE_INFINITY : out;
  }

  /**
   * An upper bound on the exact largest squared norm of rows whose squared norms were computed in
   * double as {@code sum_j x_j^2} (left to right) with the largest result {@code computed}.
   *
   * @param computed the largest computed squared norm
   * @param d the dimension
   * @return {@code computed / (1 - gamma_d)}, rounded upward
   */
  public static double normSqUpper(double computed, int d) {
    double g = Constants.gamma(d);
    return Up.div(Up.add(computed, Up.mul(d, 0x1.0p-1070)), Down.sub(1, g));
  }

  /**
   * The certified lower bound on {@code lambda_min} of the exact {@code Sigma_S(0)}, or 0 when
   * nothing positive is certified.
   *
   * @param s the assembled matrix (row-major, symmetric, {@code d x d})
   * @param d the dimension
   * @param rows N
   * @param maxCandidates {@code K_max}
   * @param normSqUpper an upper bound of the exact largest squared feature norm
   * @param approx an approximation of {@code lambda_min(S^)} (from an eigen-solver)
   * @return the certified bound, {@code >= 0}
   */
  @Theorem("AUDIT-CERT")
  public static @NonNegativeReal double lowerBound(
      double[] s, int d, long rows, int maxCandidates, double normSqUpper, double approx) {
    double err = assemblyError(s, d, rows, maxCandidates, normSqUpper);
    if (!Double.isFinite(err) || !(approx > err)) {
      return 0;
    }
    double shift = VerifiedSpd.lowerBound(s, d, approx);
    double out = Down.sub(shift, err);
    return out > 0 && Double.isFinite(out) ? Reals.nonNegative(out, "certified kappa") : 0;
  }
}
