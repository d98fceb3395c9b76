package org.rlhfbounds.bounds;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.objective.PreferenceLoss;

/**
 * Certified quantities of preference learning: the distance of a learner's output to the exact
 * regularised optimum by strong convexity (proofs/L-DPO-MLE.md item 2), {@code ||theta -
 * theta_hat|| <= ||grad L(theta)|| / lambda}, with the norm and the division rounded up; and the
 * coverage of the compared pairs, a certified lower bound on {@code lambda_min(Sigma_D)}, {@code
 * Sigma_D = (1/N) sum_i Delta_i Delta_i^T}, by {@link VerifiedSpd} (proofs/LEMMA-KAPPA-CERT.md),
 * as for {@code Sigma_S}.
 *
 * <p>NaN or infinite inputs give NaN or infinity (radius) or 0 (coverage, which certifies
 * nothing). Thread-safe: stateless.
 */
public final class PreferenceCertificate {
  private PreferenceCertificate() {}

  /**
   * The Euclidean norm of a vector, rounded up.
   *
   * @param v the vector
   * @return {@code ||v||} rounded up
   */
  public static double normUp(double[] v) {
    double s = 0;
    for (double x : v) {
      s = Up.add(s, Up.mul(Math.abs(x), Math.abs(x)));
    }
    return Up.sqrt(s);
  }

  /**
   * An upper bound on the floating-point error of the computed gradient {@link
   * PreferenceLoss#gradient} against the exact gradient of L at the same theta
   * (proofs/L-DPO-MLE.md, "Rounding"), rounded up:
   *
   * <pre>
   *   E = 2 sqrt(d) u [G ((d + 1) ||theta|| G / 4 + N + 10) + 3 lambda ||theta||],   u = 2^-53,
   * </pre>
   *
   * with {@code G >= max_i ||Delta_i||}.
   *
   * @param n the number of comparisons N
   * @param d the dimension
   * @param g the bound G on the differences
   * @param thetaNorm {@code ||theta||}
   * @param lambda the ridge weight
   * @return E, rounded up
   */
  public static double gradientAllowance(int n, int d, double g, double thetaNorm, double lambda) {
    double u = 0x1.0p-53;
    double inner =
        Up.add(Up.mul(g, Up.add(Up.div(Up.mul(Up.mul(d + 1.0, thetaNorm), g), 4), n + 10.0)),
            Up.mul(3, Up.mul(lambda, thetaNorm)));
    return Up.mul(Up.mul(2, Up.sqrt(d)), Up.mul(u, inner));
  }

  /**
   * The certified radius of a point for the loss L: {@code (||g_computed|| + E) / lambda}, with E
   * the {@link #gradientAllowance}; the exact minimiser {@code theta_hat} of L lies in the ball of
   * this radius around {@code theta}.
   *
   * @param loss the loss
   * @param theta the point
   * @return the radius, rounded up
   */
  @Theorem("L-DPO-MLE")
  public static double radius(PreferenceLoss loss, double[] theta) {
    double allowance =
        gradientAllowance(loss.size(), loss.dim(), maxNormUp(loss), normUp(theta), loss.lambda());
    return Up.div(Up.add(normUp(loss.gradient(theta)), allowance), loss.lambda());
  }

  /** {@code max_i ||Delta_i||}, rounded up. */
  private static double maxNormUp(PreferenceLoss loss) {
    double m = 0;
    for (int i = 0; i < loss.size(); i++) {
      m = Math.max(m, normUp(loss.difference(i)));
    }
    return m;
  }

  /**
   * A certified lower bound on {@code lambda_min(Sigma_D)} of the compared pairs (0 when nothing
   * can be certified, for instance when {@code Sigma_D} is singular).
   *
   * @param loss the preference data's loss (its differences)
   * @return {@code s >= 0} with {@code lambda_min(Sigma_D) >= s}
   */
  @Theorem("LEMMA-KAPPA-CERT")
  public static double sigmaDLowerBound(PreferenceLoss loss) {
    DMatrixRMaj s = loss.sigmaD();
    int d = s.numRows;
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
    if (!eig.decompose(s.copy())) {
      return 0;
    }
    double min = Double.POSITIVE_INFINITY;
    for (int j = 0; j < eig.getNumberOfEigenvalues(); j++) {
      min = Math.min(min, eig.getEigenvalue(j).getReal());
    }
    return VerifiedSpd.lowerBound(s.getData(), d, min);
  }
}
