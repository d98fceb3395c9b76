package org.rlhfbounds.rates;

/**
 * The transform {@code g} of the design variable in a fit of {@code log y = alpha + s g(x)}.
 *
 * <ul>
 *   <li>{@link #LOG}: {@code g(x) = log x}; {@code y = C x^s}, a power law (rates in {@code n} and
 *       {@code T}).
 *   <li>{@link #SQRT}: {@code g(x) = sqrt x}; {@code y = C exp(s sqrt x)}, the stretched
 *       exponential of SGA with {@code eta_t ~ 1/sqrt t} under coverage (proofs/F7.md).
 *   <li>{@link #LINEAR}: {@code g(x) = x}; {@code y = C exp(s x)}, the linear rate of GA with a
 *       constant step under coverage (proofs/F6.md).
 * </ul>
 */
public enum Scale {
  /** {@code g(x) = log x}. */
  LOG("log x"),
  /** {@code g(x) = sqrt x}. */
  SQRT("sqrt x"),
  /** {@code g(x) = x}. */
  LINEAR("x");

  private final String formula;

  Scale(String formula) {
    this.formula = formula;
  }

  /**
   * Applies the transform.
   *
   * @param x the design value, {@code > 0}
   * @return {@code g(x)}
   */
  public double apply(double x) {
    switch (this) {
      case LOG:
        return Math.log(x);
      case SQRT:
        return Math.sqrt(x);
      default:
        return x;
    }
  }

  /**
   * Returns the transform as a formula in {@code x}, e.g. {@code "log x"}.
   *
   * @return the formula
   */
  public String formula() {
    return formula;
  }
}
