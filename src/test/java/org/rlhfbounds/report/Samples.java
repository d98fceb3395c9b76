package org.rlhfbounds.report;

import java.util.SplittableRandom;
import org.rlhfbounds.rates.FitOptions;
import org.rlhfbounds.rates.LogLogSlope;
import org.rlhfbounds.rates.RateData;
import org.rlhfbounds.rates.SlopeFit;

/** A sample figure for the report tests: a measured n^-1/2 rate, its fit, the claim, a bound. */
final class Samples {
  private Samples() {}

  static final double[] N = {100, 200, 400, 800, 1600, 3200, 6400};

  /** {@code y = 0.8 n^-1/2 (1 + 0.4 u)}, 12 replicates per n. */
  static RateData gap(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] y = new double[N.length][12];
    for (int k = 0; k < N.length; k++) {
      for (int j = 0; j < 12; j++) {
        y[k][j] = 0.8 / Math.sqrt(N[k]) * (1 + 0.4 * (2 * rng.nextDouble() - 1));
      }
    }
    return RateData.of("|gen gap|", N, y);
  }

  static LogLogPlot plot(long seed) {
    RateData d = gap(seed);
    SlopeFit f = LogLogSlope.fit(d, FitOptions.seeded(seed));
    double[] bound = new double[N.length];
    for (int k = 0; k < N.length; k++) {
      bound[k] = 4.0 / Math.sqrt(N[k]);
    }
    return LogLogPlot.builder("Generalisation gap of the empirical optimum")
        .axes("sample size n", "|F(w_S) - F_S(w_S)|")
        .caption(
            "Squares: geometric mean of 12 replicates with min-max bars; dots: replicates."
                + " Solid: fitted slope " + String.format(java.util.Locale.ROOT, "%.3f",
                    f.interval().estimate())
                + "; dashed: claimed n^-1/2 through the fit at the centre; dotted: bound 4 n^-1/2.")
        .add(PlotSeries.measured("measured", d))
        .add(PlotSeries.fitted("fit", f, 100, 6400))
        .add(PlotSeries.referenceSlope("claimed n^-1/2", -0.5, f, 100, 6400))
        .add(PlotSeries.bound("bound 4 n^-1/2", N, bound))
        .build();
  }
}
