package org.rlhfbounds.testkit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;

/**
 * Small dense helpers for the property tests, written independently of the code under test.
 */
public final class Linalg {
  /** Unit roundoff of double precision, 2^-53. */
  public static final double U = 0x1p-53;

  private Linalg() {}

  /** The one-prompt measure of prompt {@code i}. */
  public static FiniteDistribution onePrompt(Features f, int i) {
    return FiniteDistribution.uniform(f.select(new int[] {i}));
  }

  /** Feature {@code a} of prompt {@code i} as a new array. */
  public static double[] feature(Features f, int i, int a) {
    int d = f.dim();
    double[] v = new double[d];
    System.arraycopy(f.data(), (f.rowOffset(i) + a) * d, v, 0, d);
    return v;
  }

  /** {@code <u, v>}. */
  public static double dot(double[] u, double[] v) {
    double s = 0;
    for (int j = 0; j < u.length; j++) {
      s += u[j] * v[j];
    }
    return s;
  }

  /** {@code ||v||}. */
  public static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  /** {@code u - v}. */
  public static double[] minus(double[] u, double[] v) {
    double[] r = new double[u.length];
    for (int j = 0; j < u.length; j++) {
      r[j] = u[j] - v[j];
    }
    return r;
  }

  /** {@code u + t v}. */
  public static double[] plus(double[] u, double t, double[] v) {
    double[] r = new double[u.length];
    for (int j = 0; j < u.length; j++) {
      r[j] = u[j] + t * v[j];
    }
    return r;
  }

  /** The largest pairwise distance of prompt {@code i}'s features. */
  public static double diameter(Features f, int i) {
    double best = 0;
    int k = f.candidates(i);
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        best = Math.max(best, norm(minus(feature(f, i, a), feature(f, i, b))));
      }
    }
    return best;
  }

  /** The largest feature norm of prompt {@code i}. */
  public static double maxNorm(Features f, int i) {
    double best = 0;
    for (int a = 0; a < f.candidates(i); a++) {
      best = Math.max(best, norm(feature(f, i, a)));
    }
    return best;
  }

  /** Eigenvalues of a symmetric matrix (symmetrised first), ascending. */
  public static double[] eigenvalues(DMatrixRMaj m) {
    int d = m.numRows;
    DMatrixRMaj s = new DMatrixRMaj(d, d);
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        s.set(r, c, 0.5 * (m.get(r, c) + m.get(c, r)));
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
    if (!eig.decompose(s)) {
      throw new IllegalStateException("eigen-decomposition failed");
    }
    double[] v = new double[d];
    for (int i = 0; i < d; i++) {
      v[i] = eig.getEigenvalue(i).getReal();
    }
    java.util.Arrays.sort(v);
    return v;
  }

  /** Spectral norm of a symmetric matrix: {@code max |lambda|}. */
  public static double symmetricNorm(DMatrixRMaj m) {
    double[] v = eigenvalues(m);
    return Math.max(Math.abs(v[0]), Math.abs(v[v.length - 1]));
  }

  /** Largest absolute entry, a cheap matrix scale. */
  public static double maxAbs(DMatrixRMaj m) {
    double s = 0;
    for (double x : m.data) {
      s = Math.max(s, Math.abs(x));
    }
    return s;
  }

  /** {@code m v}. */
  public static double[] apply(DMatrixRMaj m, double[] v) {
    int d = m.numRows;
    double[] r = new double[d];
    for (int i = 0; i < d; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += m.get(i, j) * v[j];
      }
      r[i] = s;
    }
    return r;
  }
}
