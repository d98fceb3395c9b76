package org.rlhfbounds.testkit;

/** The adversarial shapes of {@link CoverageClass#ADVERSARIAL}, simplest first. */
public enum Adversary {
  /**
   * {@code K = 2} candidates {@code +-B u} per prompt, one direction {@code u} for all prompts:
   * rank 1, and {@code lambda_max(Sigma_w)} reaches {@code B^2} where {@code <w, u> = 0}.
   */
  ANTIPODAL_SHARED,
  /** {@code K = 2} candidates {@code +-B u_i}, one direction per prompt, {@code M >= d}: rank d. */
  ANTIPODAL_SPREAD,
  /**
   * Sphere features with candidate 1 (or every candidate) of each prompt within a relative distance
   * {@code eta} in {@code [1e-3, 1e-2]} of candidate 0: tiny covariances, rank d.
   */
  NEAR_DUPLICATE
}
