package org.rlhfbounds.rates;

import java.util.List;
import java.util.Locale;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;

/**
 * The joint fit {@code log y = alpha + a log x + b g(x)} of {@link ExponentialRate#curvature},
 * with a bootstrap interval on {@code b}: the evidence for "faster than any power".
 *
 * <p>Thread-safe: immutable.
 */
public final class CurvatureFit {
  private final String name;
  private final Scale scale;
  private final @Finite double powerExponent;
  private final @Finite double estimate;
  private final @Finite double lower;
  private final @Finite double upper;
  private final @NonNegativeReal double standardError;
  private final @PositiveProbability double confidence;
  private final int resamples;
  private final long seed;
  private final int points;
  private final List<String> dropped;

  @SuppressWarnings("index") // raw comes from a fit on {log x, g(x)}: two coefficients
  CurvatureFit(String name, Scale scale, BootstrapRegression.Raw raw, FitOptions opt) {
    String what = "curvature fit of '" + name + "'";
    this.name = name;
    this.scale = scale;
    this.powerExponent = Reals.finite(raw.coefficients[0], what + ": power exponent");
    this.estimate = Reals.finite(raw.estimate, what + ": coefficient");
    this.lower = Reals.finite(raw.lower, what + ": lower end");
    this.upper = Reals.finite(raw.upper, what + ": upper end");
    this.standardError = Reals.nonNegative(raw.standardError, what + ": standard error");
    this.confidence = Reals.positiveProbability(opt.confidence(), "confidence");
    this.resamples = opt.resamples();
    this.seed = opt.seed();
    this.points = raw.levels.x.length;
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
   * Returns the transform {@code g} of the curvature term.
   *
   * @return {@link Scale#SQRT} or {@link Scale#LINEAR}
   */
  public Scale scale() {
    return scale;
  }

  /**
   * Returns the power exponent {@code a} of the joint fit.
   *
   * @return {@code a}
   */
  public @Finite double powerExponent() {
    return powerExponent;
  }

  /**
   * Returns the coefficient {@code b} of {@code g(x)}.
   *
   * @return {@code b}
   */
  public @Finite double estimate() {
    return estimate;
  }

  /**
   * Returns the lower end of the interval on {@code b}.
   *
   * @return the lower end
   */
  public @Finite double lower() {
    return lower;
  }

  /**
   * Returns the upper end of the interval on {@code b}.
   *
   * @return the upper end
   */
  public @Finite double upper() {
    return upper;
  }

  /**
   * Returns the bootstrap standard deviation of {@code b}.
   *
   * @return the standard error
   */
  public @NonNegativeReal double standardError() {
    return standardError;
  }

  /**
   * Returns the confidence level.
   *
   * @return the level
   */
  public @PositiveProbability double confidence() {
    return confidence;
  }

  /**
   * Returns the number of design points used.
   *
   * @return the points
   */
  public int points() {
    return points;
  }

  /**
   * Returns the report of dropped values and points.
   *
   * @return one line per dropped value or point
   */
  public List<String> dropped() {
    return dropped;
  }

  /**
   * The curvature verdict: {@link Curvature#STEEPENING} if the interval on {@code b} lies below
   * 0, {@link Curvature#FLATTENING} if above, else {@link Curvature#STRAIGHT}.
   *
   * @return the verdict
   */
  public Curvature verdict() {
    switch (Verdict.of(lower, upper, 0)) {
      case FASTER:
        return Curvature.STEEPENING;
      case SLOWER:
        return Curvature.FLATTENING;
      default:
        return Curvature.STRAIGHT;
    }
  }

  /**
   * Whether the data decay faster than any power of {@code x} on the measured range: {@code
   * verdict() == STEEPENING}.
   *
   * @return the answer
   */
  public boolean fasterThanAnyPower() {
    return verdict() == Curvature.STEEPENING;
  }

  /**
   * A one-line summary.
   *
   * @return the summary
   */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "log y = alpha + a log x + b %s: a = %.4f, b = %.4g [%s%% CI %.4g, %.4g] -> %s, B = %d,"
            + " seed %d, %d points",
        scale.formula(),
        powerExponent,
        estimate,
        SlopeFit.percent(confidence),
        lower,
        upper,
        verdict(),
        resamples,
        seed,
        points);
  }

  @Override
  public String toString() {
    return name + ": " + describe();
  }
}
