package org.rlhfbounds.rates;

import java.util.List;
import java.util.Locale;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;

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
  private final @Finite double estimate;
  private final @Finite double intercept;
  private final @Finite double lower;
  private final @Finite double upper;
  private final @NonNegativeReal double standardError;
  private final @PositiveProbability double confidence;
  private final int resamples;
  private final long seed;
  private final double[] x;
  private final double[] meanLog;
  private final int[] replicates;
  private final @NonNegativeReal double maxResidual;
  private final List<String> dropped;

  SlopeFit(String name, Scale scale, BootstrapRegression.Raw raw, FitOptions opt) {
    String what = "fit of '" + name + "'";
    this.name = name;
    this.scale = scale;
    this.estimate = Reals.finite(raw.estimate, what + ": slope");
    this.intercept = Reals.finite(raw.intercept, what + ": intercept");
    this.lower = Reals.finite(raw.lower, what + ": lower end");
    this.upper = Reals.finite(raw.upper, what + ": upper end");
    this.standardError = Reals.nonNegative(raw.standardError, what + ": standard error");
    this.confidence = Reals.positiveProbability(opt.confidence(), "confidence");
    this.resamples = opt.resamples();
    this.seed = opt.seed();
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
   * Returns the least-squares slope {@code s} on the per-point means of {@code log y}.
   *
   * @return the slope
   */
  public @Finite double estimate() {
    return estimate;
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
   * Returns the lower end of the percentile bootstrap interval.
   *
   * @return the lower end
   */
  public @Finite double lower() {
    return lower;
  }

  /**
   * Returns the upper end of the percentile bootstrap interval.
   *
   * @return the upper end
   */
  public @Finite double upper() {
    return upper;
  }

  /**
   * Returns the bootstrap standard deviation of the slope.
   *
   * @return the standard error
   */
  public @NonNegativeReal double standardError() {
    return standardError;
  }

  /**
   * Returns the confidence level of the interval.
   *
   * @return the level
   */
  public @PositiveProbability double confidence() {
    return confidence;
  }

  /**
   * Returns the number of bootstrap resamples.
   *
   * @return {@code B}
   */
  public int resamples() {
    return resamples;
  }

  /**
   * Returns the bootstrap seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
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
    return Verdict.of(lower, upper, claimed);
  }

  /**
   * The fitted curve {@code exp(alpha + s g(x))} (the geometric-mean scale).
   *
   * @param at the design value, {@code > 0}
   * @return the fitted value (may overflow to infinity or underflow to 0 far outside the range)
   */
  public double fitted(double at) {
    return Math.exp(intercept + estimate * scale.apply(at));
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
        estimate,
        percent(confidence),
        lower,
        upper,
        resamples,
        seed,
        x.length);
  }

  static String percent(double level) {
    double p = 100 * level;
    return p == Math.rint(p)
        ? Long.toString((long) p)
        : String.format(Locale.ROOT, "%.1f", p);
  }

  @Override
  public String toString() {
    return name + ": " + describe();
  }
}
