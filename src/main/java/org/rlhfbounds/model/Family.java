package org.rlhfbounds.model;

/**
 * The generative feature families of {@link GenerativeDistribution}. Every feature vector has norm
 * at most the declared bound {@code B}.
 */
public enum Family {
  /** Features uniform on the sphere of radius B: full coverage almost surely. */
  SPHERE,
  /**
   * Gaussian features {@code (B/2) g / sqrt(d)}, {@code g ~ N(0, I_d)}, scaled radially back to the
   * sphere of radius B when longer: full coverage almost surely.
   */
  GAUSSIAN,
  /**
   * Deficient rank: features uniform on the sphere of radius B inside a fixed random subspace of
   * dimension {@code r < d} (parameter, default {@code max(1, d/2)}); the directions orthogonal to
   * it are never covered.
   */
  DEFICIENT,
  /**
   * Near-degenerate: sphere features whose last coordinate is multiplied by a scale {@code s} in
   * {@code (0, 1]} (parameter, default {@code 1e-2}), so the smallest eigenvalue of the feature
   * covariance is about {@code s^2} times the others.
   */
  NEAR_DEGENERATE,
  /**
   * Sparse: each prompt lives on one coordinate axis drawn uniformly from the {@code d} axes, with
   * candidate features {@code B u_a e_j}, {@code u_a} uniform in {@code [-1, 1]}. Every direction is
   * covered by the population but a sample of {@code n} prompts misses about {@code d (1 - 1/d)^n}
   * axes: the residual regime {@code eps_n}.
   */
  SPARSE;

  /**
   * Returns the family's default parameter for dimension {@code d} (NaN when it has none).
   *
   * @param d the dimension
   * @return the default parameter
   */
  public double defaultParameter(int d) {
    switch (this) {
      case DEFICIENT:
        return Math.max(1, d / 2);
      case NEAR_DEGENERATE:
        return 1e-2;
      default:
        return Double.NaN;
    }
  }

  /**
   * Parses a family name, case-insensitively, with {@code -} for {@code _}.
   *
   * @param name the name
   * @return the family
   * @throws IllegalArgumentException listing the valid names
   */
  public static Family parse(String name) {
    String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (Family f : values()) {
      if (f.name().equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "family: unknown family '"
            + name
            + "'; expected one of sphere, gaussian, deficient, near-degenerate, sparse");
  }
}
