package org.rlhfbounds.testkit;

/**
 * The coverage class an {@link InstanceGenerator} declares for every instance it makes. The
 * coverage of a population is decided as the library decides it ({@code
 * objective.Coverage.ofSample} on the whole population): the kernel {@code N} is the null space of
 * {@code Sigma(0)}, the weighted covariance of the candidate features under the uniform policy, and
 * {@code kappa} is the smallest eigenvalue of {@code Sigma(w*)} on the orthogonal complement of
 * {@code N} (proofs/MODEL.md#notation).
 */
public enum CoverageClass {
  /** Every direction is covered: {@code dim N = 0}, rank {@code d}. */
  FULL,
  /** Deficient rank {@code r < d}: the features lie in an {@code r}-dimensional subspace. */
  DEFICIENT,
  /**
   * Covered but nearly degenerate: {@code dim N = 0} and {@code kappa / lambda_max(Sigma(w*))}
   * within a factor 2 of a declared target ratio.
   */
  NEAR_DEGENERATE,
  /** Adversarial shapes ({@link Adversary}), each with its declared rank. */
  ADVERSARIAL
}
