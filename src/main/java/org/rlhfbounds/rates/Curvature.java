package org.rlhfbounds.rates;

/**
 * The verdict of {@link ExponentialRate#curvature}: does {@code log y} bend away from a straight
 * line on log-log axes, on the measured range?
 */
public enum Curvature {
  /**
   * The log-log slope steepens with {@code x} (the coefficient of {@code g(x)} is negative with
   * confidence): the decay is faster than any power of {@code x} on this range.
   */
  STEEPENING,
  /** No significant bend: a power law describes the range. */
  STRAIGHT,
  /**
   * The log-log slope flattens (positive coefficient with confidence), e.g. an error that
   * approaches a floor such as the {@code n^-1/2} term.
   */
  FLATTENING
}
