package org.rlhfbounds.audit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.model.io.FeatureExport;

/**
 * Realizability of exported rewards by the linear model: the least-squares {@code theta =
 * argmin sum_rows (r_row - <theta, phi_row>)^2} (no intercept, the model's form), its residual
 * norm {@code ||r - Phi theta||} and {@code R^2 = 1 - RSS / TSS} with {@code TSS = sum (r -
 * mean r)^2} (proofs/MODEL.md#model: rewards are linear in the features).
 *
 * <p>{@code theta} solves the normal equations {@code Phi^T Phi theta = Phi^T r} through the
 * Moore-Penrose pseudo-inverse (the minimum-norm solution when {@code Phi} is rank deficient); the
 * residual is then summed over the rows in a second pass. The check holds when the relative
 * residual {@code ||r - Phi theta|| / ||r||} is at most {@link #TOLERANCE}; all-zero rewards are
 * realized by {@code theta = 0}. This is floating-point least squares, not a certified bound.
 *
 * <p>Thread-safe: immutable.
 */
public final class Realizability {
  /** The largest relative residual counted as realizable. */
  public static final double TOLERANCE = 1e-8;

  private final double[] theta;
  private final double residualNorm;
  private final double rewardNorm;
  private final double r2;

  private Realizability(double[] theta, double residualNorm, double rewardNorm, double r2) {
    this.theta = theta;
    this.residualNorm = residualNorm;
    this.rewardNorm = rewardNorm;
    this.r2 = r2;
  }

  /**
   * Fits the rewards of an export.
   *
   * @param e the export
   * @return the fit
   * @throws IllegalArgumentException if the export has no rewards
   */
  public static Realizability of(FeatureExport e) {
    if (!e.hasRewards()) {
      throw new IllegalArgumentException(e.source() + " has no rewards");
    }
    int d = e.dim();
    if (d < 1) {
      throw new IllegalArgumentException(e.source() + ": dimension " + d + " is not positive");
    }
    int n = e.rows();
    double[] x = new double[d];
    DMatrixRMaj gram = new DMatrixRMaj(d, d);
    DMatrixRMaj b = new DMatrixRMaj(d, 1);
    double[] bd = b.data;
    double[] gd = gram.data;
    Indices.requireLength(bd, d);
    double sum = 0;
    double sumSq = 0;
    for (int row = 0; row < n; row++) {
      e.copyRows(row, 1, x);
      double r = e.reward(row);
      sum += r;
      sumSq += r * r;
      for (int i = 0; i < d; i++) {
        bd[i] += x[i] * r;
        int gi = i * d;
        Indices.requireRange(gd, gi, d);
        for (int j = 0; j < d; j++) {
          gd[gi + j] += x[i] * x[j];
        }
      }
    }
    DMatrixRMaj inv = new DMatrixRMaj(d, d);
    CommonOps_DDRM.pinv(gram, inv);
    DMatrixRMaj t = new DMatrixRMaj(d, 1);
    CommonOps_DDRM.mult(inv, b, t);
    double[] td = t.data;
    Indices.requireLength(td, d);
    double rss = 0;
    double mean = sum / n;
    double tss = 0;
    for (int row = 0; row < n; row++) {
      e.copyRows(row, 1, x);
      double r = e.reward(row);
      double fit = 0;
      for (int i = 0; i < d; i++) {
        fit += td[i] * x[i];
      }
      rss += (r - fit) * (r - fit);
      tss += (r - mean) * (r - mean);
    }
    double r2 = tss > 0 ? 1 - rss / tss : (rss == 0 ? 1 : 0);
    return new Realizability(td.clone(), Math.sqrt(rss), Math.sqrt(sumSq), r2);
  }

  /**
   * Returns the least-squares parameter (a copy).
   *
   * @return theta, d entries
   */
  public double[] theta() {
    return theta.clone();
  }

  /**
   * Returns {@code ||r - Phi theta||}.
   *
   * @return the residual norm
   */
  public double residualNorm() {
    return residualNorm;
  }

  /**
   * Returns the relative residual {@code ||r - Phi theta|| / ||r||} (0 for all-zero rewards).
   *
   * @return the relative residual
   */
  public double relativeResidual() {
    return rewardNorm > 0 ? residualNorm / rewardNorm : 0;
  }

  /**
   * Returns {@code R^2 = 1 - RSS / TSS} (for constant rewards: 1 when fitted exactly, else 0).
   *
   * @return R squared
   */
  public double r2() {
    return r2;
  }

  /**
   * Returns whether the relative residual is at most {@link #TOLERANCE}.
   *
   * @return true when the rewards are linear in the features
   */
  public boolean holds() {
    return relativeResidual() <= TOLERANCE;
  }
}
