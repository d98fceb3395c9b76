package org.rlhfbounds.testkit;

import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.model.Features;

/**
 * Centred moments of one prompt's features under given probabilities, computed densely and
 * independently of the kernels under test: {@code mu = sum_a p_a phi_a}, {@code c_a = phi_a - mu},
 * {@code Sigma = sum_a p_a c_a c_a^T}, {@code T[v] = sum_a p_a <c_a, v> c_a c_a^T}.
 */
public final class PromptMoments {
  private final double[] p;
  private final double[][] c;
  private final int d;

  private PromptMoments(double[] p, double[][] c, int d) {
    this.p = p;
    this.c = c;
    this.d = d;
  }

  /** Moments of prompt {@code i} under probabilities {@code p} (length K(i)). */
  public static PromptMoments of(Features f, int i, double[] p) {
    int k = f.candidates(i);
    int d = f.dim();
    double[] mu = new double[d];
    for (int a = 0; a < k; a++) {
      double[] phi = Linalg.feature(f, i, a);
      for (int j = 0; j < d; j++) {
        mu[j] += p[a] * phi[j];
      }
    }
    double[][] c = new double[k][];
    for (int a = 0; a < k; a++) {
      c[a] = Linalg.minus(Linalg.feature(f, i, a), mu);
    }
    return new PromptMoments(p.clone(), c, d);
  }

  /** {@code Sigma}. */
  public DMatrixRMaj covariance() {
    DMatrixRMaj m = new DMatrixRMaj(d, d);
    for (int a = 0; a < p.length; a++) {
      addOuter(m, p[a], c[a]);
    }
    return m;
  }

  /** {@code T[v] = sum_a p_a <c_a, v> c_a c_a^T}. */
  public DMatrixRMaj third(double[] v) {
    DMatrixRMaj m = new DMatrixRMaj(d, d);
    for (int a = 0; a < p.length; a++) {
      addOuter(m, p[a] * Linalg.dot(c[a], v), c[a]);
    }
    return m;
  }

  /** {@code max_a ||c_a||}. */
  public double maxCentredNorm() {
    double s = 0;
    for (double[] ca : c) {
      s = Math.max(s, Linalg.norm(ca));
    }
    return s;
  }

  private void addOuter(DMatrixRMaj m, double w, double[] x) {
    for (int r = 0; r < d; r++) {
      for (int q = 0; q < d; q++) {
        m.add(r, q, w * x[r] * x[q]);
      }
    }
  }
}
