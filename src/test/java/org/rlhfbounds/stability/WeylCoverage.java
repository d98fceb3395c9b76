package org.rlhfbounds.stability;

import org.rlhfbounds.contracts.rounding.Up;

/** Weyl's lower bound on the coverage of a neighbouring sample (proofs/F10.md), for the tests. */
final class WeylCoverage {
  private WeylCoverage() {}

  /**
   * Weyl's lower bound on the coverage of a replace-one sample (F10): {@code kappa_{S'} >= kappa_S
   * - B^2 / n}, and for the removal sample {@code kappa_{S \ i} >= (n kappa_S - B^2) / (n - 1)}.
   * Returns the replace-one bound rounded down, or not applicable when it is not positive.
   *
   * @param kappaS {@code kappa_S}
   * @param bound B
   * @param n the sample size
   * @return the lower bound on {@code kappa_{S'}}
   */
  static BoundValue of(
      double kappaS, double bound, int n) {
    if (n < 1) {
      return BoundValue.notApplicable("sample size n >= 1, got " + n);
    }
    double k = -Up.sub(Up.div(Up.mul(bound, bound), n), kappaS);
    if (!(k > 0)) {
      return BoundValue.notApplicable(
          "kappa_S > B^2 / n (Weyl), got kappa_S = " + kappaS + ", B^2/n = " + bound * bound / n);
    }
    return BoundValue.of(k, "kappa_S - B^2 / n (a lower bound, rounded down)");
  }
}
