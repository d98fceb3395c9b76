package org.rlhfbounds.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The log-log slope: exact recovery, agreement with pooled least squares, bootstrap interval
 * coverage as a frequency, bootstrap variance against its closed form, verdicts, bad input.
 */
class LogLogSlopeProperties {

  /**
   * Deterministic recovery: when every design point carries the same multiset of noise factors,
   * every point mean of log y is shifted by the same constant, so the slope is exactly {@code a}
   * (up to rounding), whatever the noise.
   */
  @Test
  void recoversTheExponentWhenNoiseIsTheSameAtEveryPoint() {
    qt().withExamples(1000)
        .withFixedSeed(20260104L)
        .forAll(
            doubles().between(-2, 2),
            doubles().between(-3, 3),
            integers().between(2, 8).zip(integers().between(2, 6), (k, r) -> new int[] {k, r}),
            longs().all())
        .checkAssert(
            (a, logC, shape, seed) -> {
              int k = shape[0];
              int r = shape[1];
              SplittableRandom rng = new SplittableRandom(seed);
              double[] noise = new double[r];
              for (int j = 0; j < r; j++) {
                noise[j] = 0.2 + 1.6 * rng.nextDouble();
              }
              double[] x = Synthetic.logGrid(10, 10 * Math.pow(2, k), k);
              double[][] y = new double[k][r];
              for (int i = 0; i < k; i++) {
                for (int j = 0; j < r; j++) {
                  y[i][(j + i) % r] = Math.exp(logC) * Math.pow(x[i], a) * noise[j];
                }
              }
              SlopeFit f =
                  LogLogSlope.fit(RateData.of("t", x, y), FitOptions.seeded(seed).withResamples(100));
              assertEquals(a, f.interval().estimate(), 1e-9, f.toString());
              assertEquals(
                  Math.exp(logC) * Math.pow(x[0], a) * geometricMean(noise), f.fitted(x[0]),
                  1e-9 * f.fitted(x[0]));
            });
  }

  /**
   * Independent computation: with equal replicate counts, the slope on point means equals the
   * plain least-squares slope of log y on log x over all replicate points (computed here from the
   * textbook formula).
   */
  @Test
  void equalsPooledLeastSquaresWithEqualCounts() {
    qt().withExamples(1000)
        .withFixedSeed(20260105L)
        .forAll(
            doubles().between(-1.5, 1.5),
            integers().between(2, 7),
            integers().between(2, 9),
            longs().all())
        .checkAssert(
            (a, k, r, seed) -> {
              double[] x = Synthetic.logGrid(3, 5000, k);
              RateData d = Synthetic.power(2.0, a, x, r, 0.9, seed);
              double sx = 0;
              double sy = 0;
              int n = 0;
              for (int i = 0; i < k; i++) {
                for (double v : d.y(i)) {
                  sx += Math.log(x[i]);
                  sy += Math.log(v);
                  n++;
                }
              }
              double mx = sx / n;
              double my = sy / n;
              double sxy = 0;
              double sxx = 0;
              for (int i = 0; i < k; i++) {
                for (double v : d.y(i)) {
                  sxy += (Math.log(x[i]) - mx) * (Math.log(v) - my);
                  sxx += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
                }
              }
              SlopeFit f = LogLogSlope.fit(d, FitOptions.seeded(seed).withResamples(100));
              assertEquals(sxy / sxx, f.interval().estimate(), 1e-9);
            });
  }

  /**
   * Coverage as a frequency: over 1000 seeded data sets {@code y = 3 x^-1/2 (1 + 0.5 u)}, 6
   * points, 10 replicates, the nominal 95% interval must contain {@code -1/2} with a frequency
   * consistent (exact binomial test, 0.1% per side) with a true coverage in {@code [0.93, 0.97]}:
   * the percentile bootstrap is a large-sample method, and with 6 x 9 = 54 degrees of freedom its
   * coverage is about 0.945 (normal instead of t quantiles).
   */
  @Test
  void intervalCoversAtItsNominalFrequency() {
    int n = 1000;
    int covered = 0;
    double[] x = Synthetic.logGrid(100, 3200, 6);
    for (int t = 0; t < n; t++) {
      RateData d = Synthetic.power(3.0, -0.5, x, 10, 0.5, Seeds.derive(4242, t, 0));
      SlopeFit f = LogLogSlope.fit(d, FitOptions.seeded(Seeds.derive(4242, t, 1)));
      if (f.verdict(-0.5) == Verdict.CONSISTENT) {
        covered++;
      }
    }
    assertTrue(
        Synthetic.consistentWithBand(covered, n, 0.93, 0.97, 1e-3),
        "covered " + covered + " of " + n);
  }

  /**
   * Independent check of the bootstrap spread: the variance of the slope over resamples must match
   * the closed form {@code sum_k c_k^2 s_k^2 / r_k}, {@code c_k = (u_k - mean u) / sum (u - mean
   * u)^2}, {@code u = log x}, {@code s_k^2} the unbiased variance of the logs at point k. With
   * {@code B = 20000} the bootstrap variance has a relative standard deviation of about 1%;
   * tolerance 6%.
   */
  @Test
  void bootstrapVarianceMatchesTheClosedForm() {
    for (long seed = 1; seed <= 5; seed++) {
      double[] x = Synthetic.logGrid(10, 10000, 5);
      int[] counts = {3, 4, 6, 8, 12};
      SplittableRandom rng = new SplittableRandom(seed);
      double[][] y = new double[x.length][];
      for (int k = 0; k < x.length; k++) {
        y[k] = new double[counts[k]];
        for (int j = 0; j < counts[k]; j++) {
          y[k][j] = Math.pow(x[k], -0.25) * Math.exp(0.3 * (k + 1) * rng.nextGaussian());
        }
      }
      SlopeFit f =
          LogLogSlope.fit(
              RateData.of("v", x, y), FitOptions.seeded(seed).withResamples(20000));
      double mu = 0;
      for (double v : x) {
        mu += Math.log(v) / x.length;
      }
      double sxx = 0;
      for (double v : x) {
        sxx += (Math.log(v) - mu) * (Math.log(v) - mu);
      }
      double var = 0;
      for (int k = 0; k < x.length; k++) {
        double c = (Math.log(x[k]) - mu) / sxx;
        double m = 0;
        for (double v : y[k]) {
          m += Math.log(v) / counts[k];
        }
        double s2 = 0;
        for (double v : y[k]) {
          s2 += (Math.log(v) - m) * (Math.log(v) - m) / (counts[k] - 1);
        }
        var += c * c * s2 / counts[k];
      }
      double ratio = f.interval().standardError() * f.interval().standardError() / var;
      assertEquals(1.0, ratio, 0.06, "seed " + seed);
    }
  }

  /**
   * Clear cases: on {@code x^-1/4} with 10% noise over 2 decades the interval is about 0.016 wide,
   * so the claims {@code -1/2} and {@code -1/8} are 15+ standard errors away and must be called
   * SLOWER and FASTER on every data set; the true {@code -1/4} is called CONSISTENT with
   * probability about 0.95 each, so of 20 data sets at least 15 must be (binomial tail at 15:
   * below 0.001).
   */
  @Test
  void verdictsOnClearCases() {
    double[] x = Synthetic.logGrid(100, 12800, 8);
    int consistent = 0;
    for (long seed = 0; seed < 20; seed++) {
      RateData d = Synthetic.power(1.0, -0.25, x, 8, 0.1, seed);
      SlopeFit f = LogLogSlope.fit(d, FitOptions.seeded(seed));
      assertEquals(Verdict.SLOWER, f.verdict(-0.5), f.toString());
      assertEquals(Verdict.FASTER, f.verdict(-0.125), f.toString());
      if (f.verdict(-0.25) == Verdict.CONSISTENT) {
        consistent++;
      }
    }
    assertTrue(Synthetic.lowerTail(14, 20, 0.95) < 1e-3);
    assertTrue(consistent >= 15, consistent + " of 20");
  }

  @Test
  void sameSeedSameIntervalOtherSeedOtherInterval() {
    RateData d = Synthetic.power(1.0, -0.5, Synthetic.logGrid(10, 1000, 4), 5, 0.5, 3);
    SlopeFit a = LogLogSlope.fit(d, FitOptions.seeded(11));
    SlopeFit b = LogLogSlope.fit(d, FitOptions.seeded(11));
    SlopeFit c = LogLogSlope.fit(d, FitOptions.seeded(12));
    assertEquals(a.interval().lower(), b.interval().lower());
    assertEquals(a.interval().upper(), b.interval().upper());
    assertEquals(a.interval().estimate(), c.interval().estimate());
    assertTrue(
        a.interval().lower() != c.interval().lower()
            || a.interval().upper() != c.interval().upper());
  }

  @Test
  void higherConfidenceGivesAWiderInterval() {
    RateData d = Synthetic.power(1.0, -0.5, Synthetic.logGrid(10, 1000, 4), 5, 0.5, 3);
    SlopeFit f90 = LogLogSlope.fit(d, FitOptions.seeded(1).withConfidence(0.90));
    SlopeFit f99 = LogLogSlope.fit(d, FitOptions.seeded(1).withConfidence(0.99));
    assertTrue(
        f99.interval().lower() < f90.interval().lower()
            && f90.interval().upper() < f99.interval().upper());
    assertTrue(f90.describe().contains("90% CI"), f90.describe());
  }

  @Test
  void nonPositiveValuesAreRefusedByDefaultWithTheirPlace() {
    double[] x = {10, 100, 1000};
    double[][] y = {{1, 0.9, 1.1}, {0.3, 0.0, 0.35}, {0.1, 0.11, 0.09}};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogLogSlope.fit(RateData.of("gap", x, y), FitOptions.seeded(1)));
    assertTrue(e.getMessage().contains("'gap'"), e.getMessage());
    assertTrue(e.getMessage().contains("y[1][1] = 0.0 at x = 100.0"), e.getMessage());
  }

  @Test
  void dropReportsEveryDroppedValueAndPoint() {
    double[] x = {10, 100, 1000, 10000};
    double[][] y = {{1, 0.9, 1.1}, {0.3, -1e-17, 0.35}, {0.1, 0.11, 0.09}, {0.0, 0.03, -2}};
    SlopeFit f =
        LogLogSlope.fit(
            RateData.of("gap", x, y), FitOptions.seeded(1).withPolicy(NonPositivePolicy.DROP));
    assertEquals(4, f.dropped().size(), f.dropped().toString());
    assertTrue(f.dropped().get(0).startsWith("y[1][1] = -1.0E-17 at x = 100.0"));
    assertTrue(f.dropped().get(3).startsWith("x[3] = 10000.0: only 1 positive"));
    assertEquals(3, f.x().length);
    assertEquals(2, f.replicates()[1]);
  }

  @Test
  void tooFewPointsOrReplicatesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LogLogSlope.fit(RateData.of("a", new double[] {10}, new double[][] {{1, 2}}),
            FitOptions.seeded(1)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogLogSlope.fit(
                RateData.of("a", new double[] {10, 20}, new double[][] {{1, 2}, {3}}),
                FitOptions.seeded(1)));
    assertTrue(e.getMessage().contains("x[1] = 20.0 has 1 replicate"), e.getMessage());
  }

  static double geometricMean(double[] v) {
    double s = 0;
    for (double e : v) {
      s += Math.log(e);
    }
    return Math.exp(s / v.length);
  }
}
