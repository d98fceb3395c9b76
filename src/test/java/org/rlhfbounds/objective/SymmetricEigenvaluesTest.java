package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * {@link SymmetricEigenvalues} against eigenvalues known by construction: {@code A = Q diag(l)
 * Q^T} with {@code Q} a product of random Householder reflections, so the exact eigenvalues are
 * {@code l} up to the rounding of the construction. Backward stability bounds every computed
 * eigenvalue's error by a small multiple of {@code d 2^-52 max|l|}; the test allows {@code 8 d
 * 2^-52 max|l|}. Also: orders 0 to 3, a diagonal matrix (nothing to annihilate, every
 * eigenvalue exact), entries near the overflow and underflow thresholds (the column scaling), a
 * kernel of known dimension through {@link Coverage}, the same bits on one thread and two, and a
 * NaN.
 */
class SymmetricEigenvaluesTest {

  /** {@code Q diag(l) Q^T}, {@code Q} a product of {@code d} random reflections. */
  private static DMatrixRMaj withSpectrum(double[] l, long seed) {
    int d = l.length;
    SplittableRandom r = new SplittableRandom(seed);
    DMatrixRMaj q = CommonOps_DDRM.identity(d);
    double[] u = new double[d];
    for (int h = 0; h < Math.min(d, 12); h++) {
      double norm = 0;
      for (int i = 0; i < d; i++) {
        u[i] = r.nextGaussian();
        norm += u[i] * u[i];
      }
      // q <- q (I - 2 u u^T / ||u||^2)
      for (int i = 0; i < d; i++) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += q.get(i, j) * u[j];
        }
        double f = 2 * dot / norm;
        for (int j = 0; j < d; j++) {
          q.set(i, j, q.get(i, j) - f * u[j]);
        }
      }
    }
    DMatrixRMaj a = new DMatrixRMaj(d, d);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += q.get(i, k) * l[k] * q.get(j, k);
        }
        a.set(i, j, s);
        a.set(j, i, s);
      }
    }
    return a;
  }

  private static void assertSpectrum(double[] want, DMatrixRMaj a, double scale) {
    double[] got = SymmetricEigenvalues.of(a);
    assertNotNull(got, "no eigenvalues");
    double[] sorted = want.clone();
    Arrays.sort(sorted);
    int d = sorted.length;
    assertEquals(d, got.length);
    double tol = 8.0 * Math.max(d, 1) * 0x1p-52 * scale;
    for (int i = 0; i < d; i++) {
      double err = Math.abs(got[i] - sorted[i]);
      int ii = i;
      assertTrue(err <= tol, () -> "eigenvalue " + ii + " of " + d + ": " + got[ii]
          + " against " + sorted[ii] + ", error " + err + " above " + tol);
    }
  }

  @Test
  void knownSpectraAreRecovered() {
    SplittableRandom r = new SplittableRandom(7);
    for (int d : new int[] {0, 1, 2, 3, 4, 17, 64, 200, 513}) {
      double[] l = new double[d];
      for (int i = 0; i < d; i++) {
        // spread over 12 orders of magnitude, some repeated, some zero
        l[i] = i % 7 == 3 ? 0 : i % 5 == 1 ? 2.5 : Math.pow(10, -12 * r.nextDouble());
      }
      double max = 0;
      for (double x : l) {
        max = Math.max(max, Math.abs(x));
      }
      assertSpectrum(l, withSpectrum(l, d), max);
    }
  }

  @Test
  void aDiagonalMatrixIsItsOwnSpectrum() {
    int d = 9;
    DMatrixRMaj a = new DMatrixRMaj(d, d);
    double[] l = new double[d];
    for (int i = 0; i < d; i++) {
      l[i] = (i * 37 % 11) - 4.5;
      a.set(i, i, l[i]);
    }
    Arrays.sort(l);
    assertArrayEquals(l, SymmetricEigenvalues.of(a), 0.0);
  }

  @Test
  void aTridiagonalMatrixKeepsItsSubdiagonal() {
    // tridiag(-1, 2, -1): eigenvalues 2 - 2 cos(k pi / (d + 1)), k = 1..d; every column has one
    // entry below the diagonal, so no reflection is needed and the subdiagonal must be kept as is
    int d = 30;
    DMatrixRMaj a = new DMatrixRMaj(d, d);
    double[] l = new double[d];
    for (int i = 0; i < d; i++) {
      a.set(i, i, 2);
      if (i + 1 < d) {
        a.set(i, i + 1, -1);
        a.set(i + 1, i, -1);
      }
      l[i] = 2 - 2 * Math.cos((i + 1) * Math.PI / (d + 1));
    }
    assertSpectrum(l, a, 4);
  }

  @Test
  void entriesNearTheOverflowAndUnderflowThresholds() {
    int d = 40;
    double[] l = new double[d];
    for (int i = 0; i < d; i++) {
      l[i] = 1 + i;
    }
    DMatrixRMaj a = withSpectrum(l, 11);
    for (double f : new double[] {0x1p900, 0x1p-900, 0x1p-1000}) {
      DMatrixRMaj b = a.copy();
      CommonOps_DDRM.scale(f, b);
      double[] scaled = new double[d];
      for (int i = 0; i < d; i++) {
        scaled[i] = l[i] * f;
      }
      // at 2^-1000 the entries are subnormal-adjacent: the construction's rounding is relatively
      // larger, so the allowance scales with the largest entry rounded to the subnormal grid
      double allowance = f == 0x1p-1000 ? 1e3 * d * Double.MIN_VALUE / 0x1p-52 + d * f : d * f;
      assertSpectrum(scaled, b, allowance);
    }
  }

  @Test
  void aKernelOfKnownDimensionIsFoundByCoverage() {
    int d = 520;
    int rank = 500;
    double[] l = new double[d];
    for (int i = 0; i < rank; i++) {
      l[i] = 1 + i % 10;
    }
    Coverage c = Coverage.of(withSpectrum(l, 5));
    assertEquals(d - rank, c.kernelDim());
    assertEquals(1.0, c.kappaPlus(), 1e-12);
    assertEquals(10.0, c.lambdaMax(), 1e-12);
  }

  @Test
  void oneThreadAndTwoGiveTheSameBits() {
    SplittableRandom r = new SplittableRandom(3);
    for (int d : new int[] {65, 130, 531}) {
      DMatrixRMaj x = new DMatrixRMaj(d + 7, d);
      for (int i = 0; i < x.data.length; i++) {
        x.data[i] = r.nextGaussian();
      }
      DMatrixRMaj a = new DMatrixRMaj(d, d);
      CommonOps_DDRM.multTransA(x, x, a);
      double[] one = SymmetricEigenvalues.of(a, 1);
      for (int rep = 0; rep < 3; rep++) {
        assertArrayEquals(one, SymmetricEigenvalues.of(a, 2), 0.0, "d = " + d);
      }
    }
  }

  @Test
  void aNaNIsLeftToTheGeneralSolver() {
    DMatrixRMaj a = withSpectrum(new double[] {1, 2, 3}, 1);
    a.set(2, 1, Double.NaN);
    a.set(1, 2, Double.NaN);
    assertNull(SymmetricEigenvalues.of(a));
  }
}
