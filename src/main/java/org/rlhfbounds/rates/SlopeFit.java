package org.rlhfbounds.rates;

import java.util.List;
import java.util.Locale;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;

/**
 * A fitted slope {@code s} of {@code log y = alpha + s g(x)} with a bootstrap confidence interval;
 * made by {@link LogLogSlope#fit} ({@code g = log}: {@code s} is the exponent of a power law) and
 * {@link ExponentialRate#fit} ({@code g = sqrt} or identity: {@code -s} is the exponential rate).
 *
 * <p>Thread-safe: immutable (arrays are copied out).
 */
public final class SlopeFit {
  private final String name;
  private final Scale scale;
  private final @Finite double intercept;
  private final BootstrapInterval interval;
  private final double[] x;
  private final double[] meanLog;
  private final int[] replicates;
  private final @NonNegativeReal double maxResidual;
  private final List<String> dropped;

  SlopeFit(String name, Scale scale, BootstrapRegression.Raw raw, FitOptions opt) {
    String what = "fit of '" + name + "'";
    this.name = name;
    this.scale = scale;
    Reals.finite(raw.estimate, what + ": slope"); // checked before the intercept
    this.intercept = Reals.finite(raw.intercept, what + ": intercept");
    this.interval = BootstrapInterval.of(raw, opt, what, "slope");
    this.x = raw.levels.x.clone();
    this.meanLog = raw.means.clone();
    this.replicates = new int[x.length];
    for (int k = 0; k < replicates.length && k < raw.levels.logY.length; k++) {
      replicates[k] = raw.levels.logY[k].length;
    }
    this.maxResidual = Reals.nonNegative(raw.maxResidual, what + ": residual");
    this.dropped = raw.levels.dropped;
  }

  /**
   * Returns the name of the fitted quantity.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the transform of {@code x}.
   *
   * @return the scale
   */
  public Scale scale() {
    return scale;
  }

  /**
   * Returns the least-squares slope {@code s} on the per-point means of {@code log y}, with its
   * percentile bootstrap interval, standard error, level, resamples and seed.
   *
   * @return the slope's interval
   */
  public BootstrapInterval interval() {
    return interval;
  }

  /**
   * Returns the intercept {@code alpha}.
   *
   * @return the intercept
   */
  public @Finite double intercept() {
    return intercept;
  }

  /**
   * Returns the design points kept by the fit.
   *
   * @return the {@code x_k}
   */
  public double[] x() {
    return x.clone();
  }

  /**
   * Returns the per-point means of {@code log y} (the logs of the geometric means).
   *
   * @return the means
   */
  public double[] meanLog() {
    return meanLog.clone();
  }

  /**
   * Returns the number of replicates used at each kept point.
   *
   * @return the counts
   */
  public int[] replicates() {
    return replicates.clone();
  }

  /**
   * Returns the largest distance, in {@code log y}, of a point mean from the fitted line: a
   * lack-of-fit measure the interval does not include.
   *
   * @return {@code max_k |m_k - alpha - s g(x_k)|}
   */
  public @NonNegativeReal double maxResidual() {
    return maxResidual;
  }

  /**
   * Returns the report of dropped values and points (empty under {@link
   * NonPositivePolicy#REFUSE}).
   *
   * @return one line per dropped value or point
   */
  public List<String> dropped() {
    return dropped;
  }

  /**
   * The verdict of the interval against a claimed slope.
   *
   * @param claimed the claimed exponent (e.g. {@code -0.5})
   * @return the verdict
   * @throws IllegalArgumentException if {@code claimed} is NaN
   */
  public Verdict verdict(double claimed) {
    return interval.verdict(claimed);
  }

  /**
   * The fitted curve {@code exp(alpha + s g(x))} (the geometric-mean scale).
   *
   * @param at the design value, {@code > 0}
   * @return the fitted value (may overflow to infinity or underflow to 0 far outside the range)
   */
  public double fitted(double at) {
    return Math.exp(intercept + interval.estimate() * scale.apply(at));
  }

  /**
   * A one-line summary, e.g. {@code slope of log y on log x: -0.503 [95% CI -0.532, -0.471], B =
   * 2000, seed 7, 6 points}.
   *
   * @return the summary
   */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "slope of log y on %s: %.4f [%s%% CI %.4f, %.4f], B = %d, seed %d, %d points",
        scale.formula(),
        interval.estimate(),
        interval.percent(),
        interval.lower(),
        interval.upper(),
        interval.resamples(),
        interval.seed(),
        x.length);
  }

  @Override
  public String toString() {
    return name + ": " + describe();
  }
}
