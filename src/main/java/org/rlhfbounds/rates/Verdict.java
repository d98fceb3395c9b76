package org.rlhfbounds.rates;

/**
 * A fitted exponent (or rate) against a claimed one, through the fit's confidence interval
 * {@code [lo, hi]}.
 *
 * <p>For a decaying quantity {@code y ~ x^a} with claimed {@code a0 < 0} (e.g. {@code -1/2}):
 * {@link #FASTER} means the measured exponent is smaller than the claimed one (decays faster: the
 * claim is loose on this range), {@link #SLOWER} larger (the claim fails on this range). For an
 * increasing quantity the words keep their algebraic meaning (smaller / larger exponent).
 */
public enum Verdict {
  /** The claimed exponent lies in the interval: {@code lo <= a0 <= hi}. */
  CONSISTENT,
  /** The interval lies entirely below the claim: {@code hi < a0}. */
  FASTER,
  /** The interval lies entirely above the claim: {@code lo > a0}. */
  SLOWER;

  /**
   * The verdict of an interval against a claimed value.
   *
   * @param lower the lower end of the interval
   * @param upper the upper end of the interval
   * @param claimed the claimed exponent
   * @return the verdict
   * @throws IllegalArgumentException if an argument is NaN or {@code lower > upper}
   */
  public static Verdict of(double lower, double upper, double claimed) {
    if (Double.isNaN(lower) || Double.isNaN(upper) || Double.isNaN(claimed) || lower > upper) {
      throw new IllegalArgumentException(
          "verdict: need lower <= upper and no NaN, got [" + lower + ", " + upper + "] vs "
              + claimed);
    }
    if (upper < claimed) {
      return FASTER;
    }
    if (lower > claimed) {
      return SLOWER;
    }
    return CONSISTENT;
  }
}
