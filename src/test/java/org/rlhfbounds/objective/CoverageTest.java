package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * {@link Coverage} reads its eigenvalues from a values-only decomposition and computes eigenvectors
 * only on demand: with full rank the restriction is the matrix itself and the kernel basis is
 * empty; with a kernel the basis spans it; at an order where the values come from {@link
 * SymmetricEigenvalues} they agree with the decomposition with vectors, and the lazily computed
 * vectors are orthonormal eigenvectors of the stated eigenvalues.
 */
class CoverageTest {

  private static DMatrixRMaj gram(int rows, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    DMatrixRMaj x = new DMatrixRMaj(rows, d);
    for (int i = 0; i < x.data.length; i++) {
      x.data[i] = r.nextGaussian();
    }
    DMatrixRMaj s = new DMatrixRMaj(d, d);
    CommonOps_DDRM.multTransA(x, x, s);
    return s;
  }

  /** {@code max_r ||S q_r - lambda_r q_r|| / lambda_max} and {@code max |Q Q^T - I|}. */
  private static void assertEigenpairs(Coverage c, DMatrixRMaj s, double tol) {
    int d = c.dim();
    double[] vals = c.eigenvalues();
    double[] q = c.eigenvectors();
    double scale = Math.max(c.lambdaMax(), Double.MIN_NORMAL);
    for (int r = 0; r < d; r++) {
      double res = 0;
      for (int i = 0; i < d; i++) {
        double sq = 0;
        for (int j = 0; j < d; j++) {
          sq += s.get(i, j) * q[r * d + j];
        }
        double e = sq - vals[r] * q[r * d + i];
        res += e * e;
      }
      double rr = Math.sqrt(res) / scale;
      int row = r;
      assertTrue(rr <= tol, () -> "eigenpair " + row + ": residual " + rr);
      for (int t = 0; t <= r; t++) {
        double g = 0;
        for (int j = 0; j < d; j++) {
          g += q[r * d + j] * q[t * d + j];
        }
        double want = r == t ? 1 : 0;
        double gg = g;
        int tt = t;
        assertTrue(Math.abs(g - want) <= tol, () -> "Q Q^T entry " + row + "," + tt + " = " + gg);
      }
    }
  }

  @Test
  void fullRankNeedsNoEigenvectors() {
    DMatrixRMaj s = gram(12, 5, 1L);
    Coverage c = Coverage.of(s);
    assertEquals(0, c.kernelDim());
    assertEquals(0, c.kernelBasis().length);
    double[] restricted = c.restrictToRange(s);
    assertArrayEquals(s.data, restricted, 0.0);
    double[] v = {1, -2, 0.5, 3, 1};
    double[] k = c.kernelPart(v);
    assertArrayEquals(new double[5], k, 0.0);
    assertEigenpairs(c, s, 1e-12);
  }

  @Test
  void kernelBasisSpansTheKernel() {
    DMatrixRMaj s = gram(3, 7, 2L);
    Coverage c = Coverage.of(s);
    assertEquals(4, c.kernelDim());
    double[] basis = c.kernelBasis();
    assertEquals(4 * 7, basis.length);
    for (int r = 0; r < 4; r++) {
      double res = 0;
      for (int i = 0; i < 7; i++) {
        double sq = 0;
        for (int j = 0; j < 7; j++) {
          sq += s.get(i, j) * basis[r * 7 + j];
        }
        res += sq * sq;
      }
      double rr = Math.sqrt(res) / c.lambdaMax();
      int row = r;
      assertTrue(rr <= 1e-12, () -> "kernel row " + row + ": ||S q|| / lambda_max = " + rr);
    }
    // the restriction to the range has the range's eigenvalues
    double[] q = c.restrictToRange(s);
    double min = Coverage.smallestEigenvalue(q, 3);
    assertEquals(c.kappaPlus(), min, 1e-12 * c.lambdaMax());
    assertEigenpairs(c, s, 1e-12);
  }

  @Test
  void tridiagonalValuesAgreeWithTheDecompositionWithVectors() {
    int d = 520;
    DMatrixRMaj s = gram(2 * d, d, 3L);
    Coverage c = Coverage.of(s);
    assertEquals(0, c.kernelDim());
    assertEigenpairs(c, s, 1e-11);
  }
}
