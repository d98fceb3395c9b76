package org.rlhfbounds.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;
import org.rlhfbounds.model.io.FeatureExport;

/**
 * The certified kappa of an export (proofs/AUDIT-CERT.md) against the exact covariance of its
 * numbers, computed in 120-digit decimal arithmetic: {@code Sigma - kappaCertified I} must be
 * positive definite (every pivot of its Cholesky factorisation positive).
 */
class AssemblyCertificateProperties {
  private static final MathContext MC = new MathContext(120);

  /** A random export: n prompts of K candidates in dimension d, one coordinate scaled down. */
  static FeatureExport export(long seed, int n, int k, int d, double scale, boolean float32) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n * k * d];
    for (int i = 0; i < v.length; i++) {
      double x = r.nextGaussian() * (i % d == d - 1 ? scale : 1.0) + (i % d == 0 ? 3.0 : 0.0);
      v[i] = float32 ? (float) x : x;
    }
    int[] off = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      off[i] = i * k;
    }
    return FeatureExport.of("gen", v, d, off, null);
  }

  /** The exact Sigma_S(0) of the export's numbers, to 120 digits. */
  static BigDecimal[][] exactSigma(FeatureExport e) {
    int d = e.dim();
    BigDecimal[][] s = new BigDecimal[d][d];
    for (BigDecimal[] row : s) {
      java.util.Arrays.fill(row, BigDecimal.ZERO);
    }
    double[] buf = new double[e.maxCandidates() * d];
    for (int p = 0; p < e.prompts(); p++) {
      int k = e.candidates(p);
      e.copyRows(e.offset(p), k, buf);
      BigDecimal[] mean = new BigDecimal[d];
      for (int j = 0; j < d; j++) {
        BigDecimal t = BigDecimal.ZERO;
        for (int a = 0; a < k; a++) {
          t = t.add(new BigDecimal(buf[a * d + j]));
        }
        mean[j] = t.divide(BigDecimal.valueOf(k), MC);
      }
      BigDecimal w = BigDecimal.ONE.divide(BigDecimal.valueOf((long) k * e.prompts()), MC);
      for (int a = 0; a < k; a++) {
        for (int i = 0; i < d; i++) {
          BigDecimal ci = new BigDecimal(buf[a * d + i]).subtract(mean[i], MC);
          for (int j = 0; j < d; j++) {
            BigDecimal cj = new BigDecimal(buf[a * d + j]).subtract(mean[j], MC);
            s[i][j] = s[i][j].add(w.multiply(ci, MC).multiply(cj, MC), MC);
          }
        }
      }
    }
    return s;
  }

  /** Whether {@code A - c I} is positive definite, by a Cholesky factorisation in 120 digits. */
  static boolean positiveDefiniteAfterShift(BigDecimal[][] a, double c) {
    int d = a.length;
    BigDecimal[][] m = new BigDecimal[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        m[i][j] = i == j ? a[i][j].subtract(new BigDecimal(c), MC) : a[i][j];
      }
    }
    for (int j = 0; j < d; j++) {
      BigDecimal piv = m[j][j];
      if (piv.signum() <= 0) {
        return false;
      }
      for (int i = j + 1; i < d; i++) {
        BigDecimal f = m[i][j].divide(piv, MC);
        for (int l = j; l < d; l++) {
          m[i][l] = m[i][l].subtract(f.multiply(m[j][l], MC), MC);
        }
      }
    }
    return true;
  }

  @Test
  void certifiedKappaIsBelowTheExactSmallestEigenvalue() {
    Gen<Integer> exponent = SourceDSL.integers().between(0, 7);
    qt().withExamples(300)
        .forAll(
            SourceDSL.longs().all(),
            SourceDSL.integers().between(1, 6),
            exponent)
        .checkAssert(
            (seed, n, ex) -> {
              int k = 2 + (int) Math.floorMod(seed, 3L);
              int d = 1 + (int) Math.floorMod(seed >>> 3, 4L);
              FeatureExport e = export(seed, n, k, d, Math.pow(10, -ex), seed % 2 == 0);
              Audit a = Audit.of(e, Summaries.of(e, 1, done -> {}));
              double cert = a.kappaCertified();
              assertTrue(cert >= 0);
              if (cert > 0) {
                assertTrue(
                    positiveDefiniteAfterShift(exactSigma(e), cert),
                    "certified " + cert + " is not below lambda_min of the exact Sigma");
              }
            });
  }

  @Test
  void wellConditionedExportsAreCertifiedWithinOnePercent() {
    for (long seed = 1; seed <= 20; seed++) {
      FeatureExport e = export(seed, 40, 4, 3, 1.0, true);
      Audit a = Audit.of(e, Summaries.of(e, 1, done -> {}));
      double lmin = a.coverage().eigenvalues()[0];
      assertTrue(a.kappaCertified() >= 0.99 * lmin, a.kappaCertified() + " vs " + lmin);
      assertTrue(positiveDefiniteAfterShift(exactSigma(e), a.kappaCertified()));
    }
  }

  @Test
  void illConditionedCoveredExportIsCertified() {
    FeatureExport e = export(7, 100, 3, 3, Math.sqrt(1e-11), false);
    Audit a = Audit.of(e, Summaries.of(e, 2, done -> {}));
    Double gamma = a.conditionNumber();
    assertTrue(gamma != null && gamma > 3e10 && gamma < 3e11, "Gamma " + gamma);
    assertTrue(a.kappaCertified() > 0);
    assertTrue(a.covered());
    assertEquals(0, a.kernelDim());
    assertEquals(1, a.coverage().kernelDim(), "the tolerance policy alone calls it uncovered");
    assertTrue(positiveDefiniteAfterShift(exactSigma(e), a.kappaCertified()));
    assertTrue(a.verdict().startsWith("COVERED"), a.verdict());
  }

  @Test
  void summaryIsBitIdenticalForEveryThreadCount() {
    FeatureExport e = export(11, 2000, 8, 64, 1.0, true);
    assertTrue(Summaries.chunkPrompts(e) < 1000, "several ranges");
    ChunkSummary one = Summaries.of(e, 1, done -> {});
    for (int t : new int[] {2, 3, 5}) {
      ChunkSummary s = Summaries.of(e, t, done -> {});
      assertTrue(java.util.Arrays.equals(one.sigmaSum(), s.sigmaSum()), "threads " + t);
      assertTrue(java.util.Arrays.equals(one.norms(), s.norms()));
      assertTrue(java.util.Arrays.equals(one.ranks(), s.ranks()));
    }
  }
}
