package org.rlhfbounds.rates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Validation and copying of rate data and fit options. */
class RateDataTest {

  static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void badInputIsNamed() {
    assertTrue(
        message(() -> RateData.of("g", new double[] {1, Double.NaN}, new double[][] {{1}, {1}}))
            .contains("'g': x[1] must be finite and > 0, got NaN"));
    assertTrue(
        message(() -> RateData.of("g", new double[] {1, 0}, new double[][] {{1}, {1}}))
            .contains("x[1]"));
    assertTrue(
        message(() -> RateData.of("g", new double[] {5, 5}, new double[][] {{1}, {1}}))
            .contains("x[0] and x[1] are both 5.0"));
    assertTrue(
        message(
                () -> RateData.of(
                    "g", new double[] {1, 2}, new double[][] {{1}, {1, Double.POSITIVE_INFINITY}}))
            .contains("y[1][1] at x = 2.0 must be finite, got Infinity"));
    assertTrue(
        message(() -> RateData.of("g", new double[] {1, 2}, new double[][] {{1}, {}}))
            .contains("no replicates at x[1]"));
    assertTrue(
        message(() -> RateData.of("g", new double[] {1, 2}, new double[][] {{1}}))
            .contains("2 design points but 1 replicate rows"));
    assertTrue(message(() -> FitOptions.seeded(1).withResamples(10)).contains("resamples"));
    assertTrue(message(() -> FitOptions.seeded(1).withConfidence(1.0)).contains("confidence"));
    assertTrue(
        message(() -> ExponentialRate.fit(
                RateData.of("g", new double[] {1, 2}, new double[][] {{1, 2}, {1, 2}}),
                Scale.LOG, FitOptions.seeded(1)))
            .contains("LogLogSlope"));
  }

  @Test
  void arraysAreCopied() {
    double[] x = {1, 2};
    double[][] y = {{1, 2}, {3, 4}};
    RateData d = RateData.of("g", x, y);
    x[0] = 7;
    y[1][0] = 9;
    d.x()[1] = 8;
    d.y(0)[0] = 8;
    assertArrayEquals(new double[] {1, 2}, d.x());
    assertArrayEquals(new double[] {3, 4}, d.y(1));
    assertEquals(4, d.count());
    assertEquals(2, d.size());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    FitOptions o = FitOptions.seeded(5);
    assertEquals(2000, o.resamples());
    assertEquals(0.95, o.confidence());
    assertEquals(NonPositivePolicy.REFUSE, o.policy());
    assertEquals(5, o.seed());
  }
}
