package org.rlhfbounds.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exponential rates and the curvature test: exact recovery, coverage, and the frequencies of
 * "faster than any power" on power laws (false alarms) and on stretched exponentials (power).
 */
class ExponentialRateProperties {

  @Test
  void recoversTheRateWhenNoiseIsTheSameAtEveryPoint() {
    qt().withExamples(1000)
        .withFixedSeed(20260107L)
        .forAll(
            doubles().between(0, 0.3),
            integers().between(2, 7).zip(integers().between(2, 5), (k, r) -> new int[] {k, r}),
            longs().all(),
            integers().between(0, 1))
        .checkAssert(
            (c, shape, seed, lin) -> {
              int k = shape[0];
              int r = shape[1];
              Scale scale = lin == 1 ? Scale.LINEAR : Scale.SQRT;
              SplittableRandom rng = new SplittableRandom(seed);
              double[] noise = new double[r];
              for (int j = 0; j < r; j++) {
                noise[j] = 0.3 + rng.nextDouble();
              }
              double[] x = Synthetic.logGrid(4, 400, k);
              double[][] y = new double[k][r];
              for (int i = 0; i < k; i++) {
                for (int j = 0; j < r; j++) {
                  y[i][(j + 2 * i) % r] = 5 * Math.exp(-c * scale.apply(x[i])) * noise[j];
                }
              }
              SlopeFit f =
                  ExponentialRate.fit(
                      RateData.of("e", x, y), scale, FitOptions.seeded(seed).withResamples(100));
              assertEquals(-c, f.interval().estimate(), 1e-9, f.toString());
              assertEquals(scale, f.scale());
            });
  }

  /**
   * Coverage as a frequency: 600 data sets {@code 2 exp(-0.05 sqrt T) (1 + 0.5 u)}, 6 points in
   * {@code [100, 10^4]}, 10 replicates; the 95% interval must contain {@code -0.05} at a
   * frequency consistent with a coverage in {@code [0.93, 0.97]} (exact binomial, 0.1% per side).
   */
  @Test
  void sqrtRateIntervalCoversAtItsNominalFrequency() {
    int n = 600;
    int covered = 0;
    double[] x = Synthetic.logGrid(100, 10000, 6);
    for (int t = 0; t < n; t++) {
      RateData d =
          Synthetic.data(
              "sga", x, 10, v -> 2 * Math.exp(-0.05 * Math.sqrt(v)), 0.5, Seeds.derive(77, t, 0));
      SlopeFit f = ExponentialRate.fit(d, Scale.SQRT, FitOptions.seeded(Seeds.derive(77, t, 1)));
      if (f.verdict(-0.05) == Verdict.CONSISTENT) {
        covered++;
      }
    }
    assertTrue(
        Synthetic.consistentWithBand(covered, n, 0.93, 0.97, 1e-3),
        "covered " + covered + " of " + n);
  }

  /**
   * False alarms: on pure power laws ({@code b = 0}) "faster than any power" is the event that
   * the 95% interval lies below 0, of probability about 2.5%; over 600 data sets its frequency
   * must be consistent with a probability of at most 4% (exact binomial, 0.1%).
   */
  @Test
  void powerLawsAreRarelyCalledFasterThanAnyPower() {
    int n = 600;
    int alarms = 0;
    double[] x = Synthetic.logGrid(10, 10000, 6);
    for (int t = 0; t < n; t++) {
      RateData d = Synthetic.power(1, -0.5, x, 10, 0.5, Seeds.derive(78, t, 0));
      CurvatureFit f = ExponentialRate.curvature(d, Scale.SQRT, FitOptions.seeded(t));
      if (f.fasterThanAnyPower()) {
        alarms++;
      }
    }
    assertTrue(
        Synthetic.consistentWithBand(alarms, n, 0.0, 0.04, 1e-3), alarms + " alarms of " + n);
  }

  /**
   * Power: on {@code exp(-0.2 sqrt T)} over {@code T in [10, 10^4]} the test must say "faster than
   * any power" with a frequency consistent with at least 95% over 200 data sets.
   */
  @Test
  void stretchedExponentialsAreCalledFasterThanAnyPower() {
    int n = 200;
    int hits = 0;
    double[] x = Synthetic.logGrid(10, 10000, 6);
    for (int t = 0; t < n; t++) {
      RateData d =
          Synthetic.data("sga", x, 10, v -> Math.exp(-0.2 * Math.sqrt(v)), 0.5,
              Seeds.derive(79, t, 0));
      CurvatureFit f = ExponentialRate.curvature(d, Scale.SQRT, FitOptions.seeded(t));
      if (f.verdict() == Curvature.STEEPENING) {
        hits++;
      }
    }
    assertTrue(Synthetic.consistentWithBand(hits, n, 0.95, 1.0, 1e-3), hits + " of " + n);
  }

  @Test
  void aFloorFlattens() {
    double[] x = Synthetic.logGrid(10, 100000, 7);
    for (long seed = 0; seed < 10; seed++) {
      RateData d = Synthetic.data("ga", x, 8, v -> Math.pow(v, -0.5) + 0.01, 0.05, seed);
      CurvatureFit f = ExponentialRate.curvature(d, Scale.SQRT, FitOptions.seeded(seed));
      assertEquals(Curvature.FLATTENING, f.verdict(), f.toString());
      assertFalse(f.fasterThanAnyPower());
    }
  }

  @Test
  void curvatureNeedsThreeSpreadPoints() {
    RateData two = Synthetic.power(1, -0.5, new double[] {10, 100}, 3, 0.1, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExponentialRate.curvature(two, Scale.SQRT, FitOptions.seeded(1)));
    assertTrue(e.getMessage().contains("at least 3 design points"), e.getMessage());
    RateData narrow =
        Synthetic.power(1, -0.5, new double[] {1e6, 1e6 + 1, 1e6 + 2}, 3, 0.1, 1);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExponentialRate.curvature(narrow, Scale.SQRT, FitOptions.seeded(1)));
    assertTrue(e.getMessage().contains("collinear"), e.getMessage());
  }
}
