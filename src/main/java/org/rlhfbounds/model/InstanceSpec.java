package org.rlhfbounds.model;

import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * What a generated instance is made of: a {@link Family}, the number of prompts {@code M} of its
 * finite form, candidates per prompt {@code K} (uniform in {@code [kMin, kMax]}), dimension
 * {@code d}, {@code beta}, the feature bound {@code B}, the norms of theta* and w_ref (their
 * directions are uniform on the sphere), the family parameter and the seed.
 *
 * <p>Generation is a pure function of the spec: {@link #generative()} and {@link #finite()} give
 * the same bytes whatever thread or order.
 *
 * <p>Thread-safe: immutable.
 */
public final class InstanceSpec {
  private final Family family;
  private final int m;
  private final int kMin;
  private final int kMax;
  private final int d;
  private final double beta;
  private final double bound;
  private final double thetaNorm;
  private final double wRefNorm;
  private final OptionalDouble parameter;
  private final long seed;

  private InstanceSpec(
      Family family,
      int m,
      int kMin,
      int kMax,
      int d,
      double beta,
      double bound,
      double thetaNorm,
      double wRefNorm,
      OptionalDouble parameter,
      long seed) {
    this.family = family;
    this.m = m;
    this.kMin = kMin;
    this.kMax = kMax;
    this.d = d;
    this.beta = beta;
    this.bound = bound;
    this.thetaNorm = thetaNorm;
    this.wRefNorm = wRefNorm;
    this.parameter = parameter;
    this.seed = seed;
  }

  /**
   * A spec with defaults {@code B = 1}, {@code ||theta*|| = 1}, {@code ||w_ref|| = 0.5}, the
   * family's default parameter and fixed {@code K = k}.
   *
   * @param family the family
   * @param m prompts in the finite form
   * @param k candidates per prompt
   * @param d dimension
   * @param beta KL weight
   * @param seed seed
   * @return the spec
   */
  public static InstanceSpec of(Family family, int m, int k, int d, double beta, long seed) {
    return new InstanceSpec(family, m, k, k, d, beta, 1.0, 1.0, 0.5, OptionalDouble.empty(), seed);
  }

  /**
   * Returns this spec with K uniform in {@code [kMin, kMax]}.
   *
   * @param kMin smallest K
   * @param kMax largest K
   * @return the new spec
   */
  public InstanceSpec withK(int kMin, int kMax) {
    return new InstanceSpec(family, m, kMin, kMax, d, beta, bound, thetaNorm, wRefNorm, parameter, seed);
  }

  /**
   * Returns this spec with another number of prompts.
   *
   * @param m prompts
   * @return the new spec
   */
  public InstanceSpec withPrompts(int m) {
    return new InstanceSpec(family, m, kMin, kMax, d, beta, bound, thetaNorm, wRefNorm, parameter, seed);
  }

  /**
   * Returns this spec with other norms.
   *
   * @param bound feature bound B
   * @param thetaNorm norm of theta*
   * @param wRefNorm norm of w_ref
   * @return the new spec
   */
  public InstanceSpec withNorms(double bound, double thetaNorm, double wRefNorm) {
    return new InstanceSpec(family, m, kMin, kMax, d, beta, bound, thetaNorm, wRefNorm, parameter, seed);
  }

  /**
   * Returns this spec with a family parameter (rank or scale).
   *
   * @param parameter the parameter, finite
   * @return the new spec
   * @throws IllegalArgumentException if {@code parameter} is NaN or infinite
   */
  public InstanceSpec withParameter(double parameter) {
    return withParameter(OptionalDouble.of(Reals.finite(parameter, "parameter")));
  }

  /**
   * Returns this spec with a family parameter (rank or scale), or the family's default when
   * {@code parameter} is empty.
   *
   * @param parameter the parameter (finite), or empty for {@link Family#defaultParameter}
   * @return the new spec
   * @throws IllegalArgumentException if a given {@code parameter} is NaN or infinite
   */
  public InstanceSpec withParameter(OptionalDouble parameter) {
    if (parameter.isPresent()) {
      Reals.finite(parameter.getAsDouble(), "parameter");
    }
    return new InstanceSpec(family, m, kMin, kMax, d, beta, bound, thetaNorm, wRefNorm, parameter, seed);
  }

  /**
   * Returns this spec with another seed.
   *
   * @param seed the seed
   * @return the new spec
   */
  public InstanceSpec withSeed(long seed) {
    return new InstanceSpec(family, m, kMin, kMax, d, beta, bound, thetaNorm, wRefNorm, parameter, seed);
  }

  /**
   * The instance whose distribution is the generative family itself.
   *
   * @return the instance
   */
  public Instance generative() {
    @PositiveReal double b = Reals.positive(bound, "featureBound");
    GenerativeDistribution g = GenerativeDistribution.of(family, kMin, kMax, d, b, parameter, seed);
    return instance(g);
  }

  /**
   * The instance whose distribution is uniform over the first {@code M} prompts of the family.
   *
   * @return the instance
   */
  public Instance finite() {
    @PositiveReal double b = Reals.positive(bound, "featureBound");
    GenerativeDistribution g = GenerativeDistribution.of(family, kMin, kMax, d, b, parameter, seed);
    return instance(FiniteDistribution.uniform(g.prompts(m)));
  }

  private Instance instance(PromptDistribution dist) {
    int d = this.d;
    if (d < 1) {
      throw new IllegalArgumentException("d: dimension must be >= 1, got " + d);
    }
    double[] theta = new double[d];
    double[] wRef = new double[d];
    SplittableRandom rt = GenerativeDistribution.stream(seed, -1);
    SplittableRandom rw = GenerativeDistribution.stream(seed, -2);
    GenerativeDistribution.unitSphere(rt, theta, 0, d);
    GenerativeDistribution.unitSphere(rw, wRef, 0, d);
    for (int j = 0; j < d; j++) {
      theta[j] *= thetaNorm;
      wRef[j] *= wRefNorm;
    }
    return Instance.of(
        Reals.positive(beta, "beta"), theta, wRef, Reals.positive(bound, "featureBound"), dist);
  }

  /**
   * Returns the family.
   *
   * @return the family
   */
  public Family family() {
    return family;
  }

  /**
   * Returns the seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return family.name().toLowerCase(java.util.Locale.ROOT)
        + "(M=" + m + ", K=" + (kMin == kMax ? "" + kMin : kMin + ".." + kMax) + ", d=" + d
        + ", beta=" + beta + ", B=" + bound + ", |theta|=" + thetaNorm + ", |wRef|=" + wRefNorm
        + (parameter.isPresent() ? ", param=" + parameter.getAsDouble() : "") + ", seed=" + seed + ")";
  }
}
