package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.objective.Coverage;

/**
 * LEMMA-KAPPA-CERT (Rump 2006): a certified shift s of {@link VerifiedSpd#lowerBound} satisfies
 * {@code lambda_min(A) > s} in exact arithmetic, checked by an exact rational LDL^T factorisation
 * of {@code A - s I} (all pivots positive iff positive definite; every double is a dyadic
 * rational, so the check has no rounding at all). Matrices: Gram matrices of random vectors
 * (covariance-like, PSD) with condition numbers up to 10^14, including exactly singular ones, and
 * shifts of them (d = 1..7, 1000 examples).
 */
class VerifiedSpdProperties {
  /** An exact rational number. */
  record Q(BigInteger num, BigInteger den) {
    static Q of(double x) {
      BigDecimal b = new BigDecimal(x);
      BigInteger den = BigInteger.TEN.pow(Math.max(b.scale(), 0));
      BigInteger num = b.scaleByPowerOfTen(Math.max(b.scale(), 0)).toBigIntegerExact();
      return new Q(num, den).norm();
    }

    Q norm() {
      BigInteger g = num.gcd(den);
      if (g.signum() == 0) {
        return new Q(BigInteger.ZERO, BigInteger.ONE);
      }
      BigInteger n = num.divide(g);
      BigInteger d = den.divide(g);
      return d.signum() < 0 ? new Q(n.negate(), d.negate()) : new Q(n, d);
    }

    Q sub(Q o) {
      return new Q(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den)).norm();
    }

    Q mul(Q o) {
      return new Q(num.multiply(o.num), den.multiply(o.den)).norm();
    }

    Q div(Q o) {
      return new Q(num.multiply(o.den), den.multiply(o.num)).norm();
    }

    int signum() {
      return num.signum();
    }
  }

  /** Exact test: is A - s I positive definite? (Gaussian elimination on rationals.) */
  static boolean exactlyPositiveDefinite(double[] a, int n, double s) {
    Q[][] m = new Q[n][n];
    Q qs = Q.of(s);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i][j] = Q.of(a[i * n + j]);
      }
      m[i][i] = m[i][i].sub(qs);
    }
    for (int k = 0; k < n; k++) {
      if (m[k][k].signum() <= 0) {
        return false;
      }
      for (int i = k + 1; i < n; i++) {
        Q f = m[i][k].div(m[k][k]);
        for (int j = k; j < n; j++) {
          m[i][j] = m[i][j].sub(f.mul(m[k][j]));
        }
      }
    }
    return true;
  }

  static double[] randomPsd(SplittableRandom r, int n) {
    int k = 1 + r.nextInt(n + 2); // rank up to n (singular when k < n)
    double[] a = new double[n * n];
    double scale = Math.pow(10, -3 + 5 * r.nextDouble());
    for (int v = 0; v < k; v++) {
      double[] x = new double[n];
      double w = Math.pow(10, -14 * r.nextDouble()) * scale;
      for (int j = 0; j < n; j++) {
        x[j] = r.nextGaussian();
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i * n + j] += w * x[i] * x[j];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double avg = 0.5 * (a[i * n + j] + a[j * n + i]);
        a[i * n + j] = avg;
        a[j * n + i] = avg;
      }
    }
    return a;
  }

  @Test
  void certifiedShiftIsBelowTheExactSmallestEigenvalue() {
    AtomicInteger certified = new AtomicInteger();
    BoundGens.qt(0x8A01L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int n = 1 + r.nextInt(7);
              double[] a = randomPsd(r, n);
              double approx = Coverage.of(new DMatrixRMaj(n, n, true, a)).kappa();
              double s = VerifiedSpd.lowerBound(a, n, r.nextInt(4) == 0 ? approx * 1.5 : approx);
              if (s > 0) {
                certified.incrementAndGet();
                assertTrue(exactlyPositiveDefinite(a, n, s),
                    () -> "certified s = " + s + " but A - sI is not PD (n = " + n + ")");
              }
              assertTrue(!VerifiedSpd.certifiesAbove(a, n, Reals.nonNegative(approx * 2 + 1e-300,
                  "s")) || exactlyPositiveDefinite(a, n, approx * 2 + 1e-300),
                  "a certification that is false");
            });
    System.out.println("Rump certification succeeded on " + certified.get() + " of 1000 matrices");
  }

  /** Usefulness: well-conditioned covariance matrices are certified within 2^-20 of lambda_min. */
  @Test
  void wellConditionedMatricesAreCertifiedTightly() {
    BoundGens.qt(0x8A02L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int n = 1 + r.nextInt(6);
              double[] a = new double[n * n];
              for (int v = 0; v < n + 3; v++) {
                double[] x = new double[n];
                for (int j = 0; j < n; j++) {
                  x[j] = r.nextGaussian();
                }
                for (int i = 0; i < n; i++) {
                  for (int j = 0; j < n; j++) {
                    a[i * n + j] += x[i] * x[j];
                  }
                }
              }
              double approx = Coverage.of(new DMatrixRMaj(n, n, true, a)).kappa();
              double lmax = Coverage.of(new DMatrixRMaj(n, n, true, a)).lambdaMax();
              if (approx < 1e-6 * lmax) {
                return;
              }
              double s = VerifiedSpd.lowerBound(a, n, approx);
              assertTrue(s >= approx * (1 - 0x1.0p-19),
                  () -> "weak certificate " + s + " for lambda_min ~ " + approx);
              assertTrue(VerifiedSpd.gershgorinUpper(a, n) >= lmax * (1 - 1e-12));
            });
  }

  /**
   * Soundness on exactly singular matrices: {@code A = sum_k v_k v_k^T} with fewer integer vectors
   * than the dimension (entries in [-1000, 1000], times a power of two: every entry is exact in
   * binary64 and lambda_min(A) = 0 exactly) is never certified above any s >= 0. A floating-point
   * Cholesky without Rump's shift succeeds on many of them (its last pivot is rounding noise).
   */
  @Test
  void exactlySingularMatricesAreNeverCertified() {
    AtomicInteger naive = new AtomicInteger();
    BoundGens.qt(0x8A03L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int n = 2 + r.nextInt(6);
              int k = 1 + r.nextInt(n - 1);
              double scale = Math.scalb(1.0, r.nextInt(41) - 20);
              double[] a = new double[n * n];
              for (int v = 0; v < k; v++) {
                long[] x = new long[n];
                for (int j = 0; j < n; j++) {
                  x[j] = r.nextLong(-1000, 1001);
                }
                for (int i = 0; i < n; i++) {
                  for (int j = 0; j < n; j++) {
                    a[i * n + j] += scale * (double) (x[i] * x[j]);
                  }
                }
              }
              assertTrue(!exactlyPositiveDefinite(a, n, 0), "test matrix must be singular");
              if (choleskySucceeds(a, n)) {
                naive.incrementAndGet();
              }
              for (double s : new double[] {0, Double.MIN_VALUE, 1e-300}) {
                assertTrue(!VerifiedSpd.certifiesAbove(a, n, Reals.nonNegative(s, "s")),
                    () -> "a singular matrix was certified above " + s + " (n = " + n + ")");
              }
              assertTrue(VerifiedSpd.lowerBound(a, n, 1.0) == 0, "lower bound of a singular matrix");
            });
    System.out.println("plain floating-point Cholesky succeeded on " + naive.get()
        + " of 1000 singular matrices; Rump's criterion on none");
  }

  /** Plain floating-point Cholesky (no shift): does it run to completion with positive pivots? */
  static boolean choleskySucceeds(double[] a, int n) {
    double[] rr = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < j; i++) {
        double acc = a[i * n + j];
        for (int k = 0; k < i; k++) {
          acc -= rr[k * n + i] * rr[k * n + j];
        }
        rr[i * n + j] = acc / rr[i * n + i];
      }
      double acc = a[j * n + j];
      for (int k = 0; k < j; k++) {
        acc -= rr[k * n + j] * rr[k * n + j];
      }
      if (!(acc > 0)) {
        return false;
      }
      rr[j * n + j] = Math.sqrt(acc);
    }
    return true;
  }
}
