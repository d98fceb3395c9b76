package org.rlhfbounds.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The interval that SlopeFit and CurvatureFit share: it carries the options the fit ran with, its
 * verdict is the verdict of its ends, and both summaries print it.
 */
class BootstrapIntervalTest {

  private static final double[] X = {10, 20, 40, 80, 160, 320};

  @Test
  void slopeAndCurvatureFitsCarryTheirOptionsAndEnds() {
    RateData d = Synthetic.power(2.0, -0.5, X, 8, 0.3, 17L);
    FitOptions opt = FitOptions.seeded(99L).withResamples(300).withConfidence(0.975);
    BootstrapInterval s = LogLogSlope.fit(d, opt).interval();
    BootstrapInterval c = ExponentialRate.curvature(d, Scale.SQRT, opt).interval();
    for (BootstrapInterval ci : new BootstrapInterval[] {s, c}) {
      assertEquals(0.975, ci.confidence());
      assertEquals(300, ci.resamples());
      assertEquals(99L, ci.seed());
      assertEquals("97.5", ci.percent());
      assertTrue(ci.lower() <= ci.estimate() && ci.estimate() <= ci.upper(), ci.lower() + " " + ci.upper());
      assertTrue(ci.standardError() > 0);
      for (double claimed : new double[] {ci.lower() - 1, ci.lower(), ci.upper(), ci.upper() + 1}) {
        assertEquals(Verdict.of(ci.lower(), ci.upper(), claimed), ci.verdict(claimed));
      }
    }
    assertEquals("95", LogLogSlope.fit(d, FitOptions.seeded(1L)).interval().percent());
  }

  @Test
  void summariesPrintTheInterval() {
    RateData d = Synthetic.power(2.0, -0.5, X, 8, 0.3, 18L);
    SlopeFit f = LogLogSlope.fit(d, FitOptions.seeded(5L).withResamples(200));
    BootstrapInterval ci = f.interval();
    assertTrue(
        f.describe()
            .contains(
                String.format(
                    java.util.Locale.ROOT, "[95%% CI %.4f, %.4f], B = 200, seed 5", ci.lower(),
                    ci.upper())),
        f.describe());
    assertEquals(ci.verdict(-0.5), f.verdict(-0.5));
    CurvatureFit cf = ExponentialRate.curvature(d, Scale.SQRT, FitOptions.seeded(6L));
    assertTrue(cf.describe().contains("95% CI"), cf.describe());
    assertTrue(cf.describe().contains("seed 6"), cf.describe());
  }
}
