package org.rlhfbounds.testkit;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;

/**
 * Seeded random instances of the RLHF model (proofs/MODEL.md#model): random {@link
 * InstanceSpec}s over every {@link Family}, random non-uniform prompt weights, and adversarial
 * shapes.
 *
 * <p>Ranges of {@link #spec(RandomGenerator)}: family uniform; {@code d} uniform in {@code [1, 8]}
 * ({@code [2, 8]} for the deficient family, whose rank is uniform in {@code [1, d)}); {@code M}
 * uniform in {@code [1, 10]}; {@code kMin} uniform in {@code [2, 5]} and, half of the time, {@code
 * kMax} uniform in {@code (kMin, kMin + 4]} (ragged K), else {@code kMax = kMin}; {@code beta}
 * log-uniform in {@code [1e-2, 1e1]}; {@code B} log-uniform in {@code [0.1, 10]}; reward scale
 * {@code B ||theta*||} log-uniform in {@code [1e-2, 10]}; {@code B ||w_ref||} uniform in {@code [0,
 * 3]}; the near-degenerate scale log-uniform in {@code [1e-6, 1]}. So logits {@code B ||w*||} reach
 * about {@code 1e3}.
 *
 * <p>Kinds of {@link #instance(RandomGenerator)} ({@link Kind}): a family instance with random
 * weights, near-duplicate candidates, two candidates per prompt, antipodal pairs.
 *
 * <p>Thread-safe: stateless (a generator passed in must not be shared between threads).
 */
public final class RandomInstances {
  private RandomInstances() {}

  /** The kinds of generated instances. */
  public enum Kind {
    /** A {@link Family} instance from {@link #spec(RandomGenerator)} with random weights. */
    FAMILY,
    /**
     * A family instance in which candidate 1 (or, half of the time, every candidate) of each
     * prompt lies within a relative distance {@code eta}, log-uniform in {@code [1e-9, 1e-3]}, of
     * candidate 0: tiny covariances and near-cancelling differences.
     */
    NEAR_DUPLICATE,
    /** A family instance with {@code K = 2} candidates per prompt. */
    TWO_CANDIDATES,
    /**
     * {@code K = 2} candidates {@code +-B u} per prompt (one direction {@code u} shared by all
     * prompts half of the time, else one per prompt): the case where {@code lambda_max(Sigma_w)}
     * reaches {@code B^2} (at {@code <w, u> = 0}) and where the bounds of F3-F5 are tight.
     */
    ANTIPODAL
  }

  /** Drawn parameters of a spec. */
  private static final class Params {
    Family family = Family.SPHERE;
    int m;
    int kMin;
    int kMax;
    int d;
    double beta;
    double bound;
    double thetaNorm;
    double wRefNorm;
    OptionalDouble parameter = OptionalDouble.empty();
    long seed;

    InstanceSpec spec() {
      return InstanceSpec.of(family, m, kMin, d, beta, seed)
          .withK(kMin, kMax)
          .withNorms(bound, thetaNorm, wRefNorm)
          .withParameter(parameter);
    }
  }

  private static Params params(RandomGenerator rng, Family family) {
    Params p = new Params();
    p.family = family;
    p.d = family == Family.DEFICIENT ? 2 + rng.nextInt(7) : 1 + rng.nextInt(8);
    p.m = 1 + rng.nextInt(10);
    p.kMin = 2 + rng.nextInt(4);
    p.kMax = rng.nextBoolean() ? p.kMin + 1 + rng.nextInt(4) : p.kMin;
    p.beta = RandomVectors.logUniform(rng, 1e-2, 1e1);
    p.bound = RandomVectors.logUniform(rng, 0.1, 10);
    p.thetaNorm = RandomVectors.logUniform(rng, 1e-2, 10) / p.bound;
    p.wRefNorm = 3 * rng.nextDouble() / p.bound;
    if (family == Family.DEFICIENT) {
      p.parameter = OptionalDouble.of(1 + rng.nextInt(p.d - 1));
    } else if (family == Family.NEAR_DEGENERATE) {
      p.parameter = OptionalDouble.of(RandomVectors.logUniform(rng, 1e-6, 1));
    }
    p.seed = rng.nextLong();
    return p;
  }

  private static Family family(RandomGenerator rng) {
    Family[] all = Family.values();
    int k = rng.nextInt(all.length);
    if (k < 0 || k >= all.length) {
      throw new AssertionError("nextInt(" + all.length + ") returned " + k);
    }
    return all[k];
  }

  /**
   * A random spec over all families (ranges in the class comment).
   *
   * @param rng the source
   * @return the spec
   */
  public static InstanceSpec spec(RandomGenerator rng) {
    return spec(rng, family(rng));
  }

  /**
   * A random spec of one family (ranges in the class comment).
   *
   * @param rng the source
   * @param family the family
   * @return the spec
   */
  public static InstanceSpec spec(RandomGenerator rng, Family family) {
    return params(rng, family).spec();
  }

  /**
   * A random near-degenerate spec with the given scale of the last coordinate (the other ranges as
   * in the class comment): the smallest eigenvalue of the feature covariance is about {@code
   * scale^2} times the others.
   *
   * @param rng the source
   * @param scale the scale, in {@code (0, 1]}
   * @return the spec
   */
  public static InstanceSpec nearDegenerate(RandomGenerator rng, double scale) {
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("scale: must lie in (0, 1], got " + scale);
    }
    Params p = params(rng, Family.NEAR_DEGENERATE);
    p.parameter = OptionalDouble.of(scale);
    return p.spec();
  }

  /**
   * Random non-uniform prompt weights (unnormalised): {@code exp(s g_i)}, {@code g_i} standard
   * normal, {@code s} uniform in {@code [0.5, 3]}; when {@code m >= 2}, with probability 0.2 one
   * weight is set to zero.
   *
   * @param rng the source
   * @param m the number of prompts, {@code >= 1}
   * @return the weights
   */
  public static double[] weights(RandomGenerator rng, int m) {
    double[] w = positiveWeights(rng, m);
    if (m >= 2 && rng.nextDouble() < 0.2) {
      int z = rng.nextInt(m);
      if (z < 0 || z >= w.length) {
        throw new AssertionError("nextInt(" + m + ") returned " + z);
      }
      w[z] = 0;
    }
    return w;
  }

  /**
   * Random positive prompt weights (unnormalised): {@code exp(s g_i)}, {@code g_i} standard
   * normal, {@code s} uniform in {@code [0.5, 3]}; none is zero, so every prompt counts in the
   * coverage of the population.
   *
   * @param rng the source
   * @param m the number of prompts, {@code >= 1}
   * @return the weights
   * @throws IllegalArgumentException if {@code m < 1}
   */
  public static double[] positiveWeights(RandomGenerator rng, int m) {
    if (m < 1) {
      throw new IllegalArgumentException("m: need at least one prompt, got " + m);
    }
    double s = 0.5 + 2.5 * rng.nextDouble();
    double[] w = new double[m];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.max(Math.exp(s * rng.nextGaussian()), Double.MIN_NORMAL);
    }
    return w;
  }

  /**
   * The prompts with random non-uniform weights ({@link #weights}).
   *
   * @param prompts the prompts
   * @param rng the source
   * @return the distribution
   */
  public static FiniteDistribution reweighted(Features prompts, RandomGenerator rng) {
    return FiniteDistribution.of(prompts, weights(rng, prompts.size()));
  }

  /**
   * A random instance: {@link Kind#FAMILY} with probability 0.7, each adversarial kind with
   * probability 0.1.
   *
   * @param rng the source
   * @return the instance
   */
  public static GeneratedInstance instance(RandomGenerator rng) {
    double u = rng.nextDouble();
    Kind k =
        u < 0.7
            ? Kind.FAMILY
            : u < 0.8 ? Kind.NEAR_DUPLICATE : u < 0.9 ? Kind.TWO_CANDIDATES : Kind.ANTIPODAL;
    return instance(rng, k);
  }

  /**
   * A random instance of the given kind, with random non-uniform weights.
   *
   * @param rng the source
   * @param kind the kind
   * @return the instance
   */
  public static GeneratedInstance instance(RandomGenerator rng, Kind kind) {
    Params p = params(rng, family(rng));
    switch (kind) {
      case FAMILY:
        return fromSpec(rng, p, kind, "");
      case TWO_CANDIDATES:
        p.kMin = 2;
        p.kMax = 2;
        return fromSpec(rng, p, kind, "");
      case NEAR_DUPLICATE:
        return nearDuplicates(rng, p);
      case ANTIPODAL:
        return antipodal(rng, p);
      default:
        throw new AssertionError(kind);
    }
  }

  private static GeneratedInstance fromSpec(
      RandomGenerator rng, Params p, Kind kind, String extra) {
    InstanceSpec spec = p.spec();
    Instance base = spec.finite();
    FiniteDistribution fd = base.finiteDistribution();
    if (fd == null) {
      throw new AssertionError("InstanceSpec.finite() returned a generative instance");
    }
    FiniteDistribution re = reweighted(fd.prompts(), rng);
    return GeneratedInstance.of(
        base.withDistribution(re), kind, kind + " " + spec + extra + " weights=random");
  }

  private static GeneratedInstance nearDuplicates(RandomGenerator rng, Params p) {
    Instance base = p.spec().finite();
    FiniteDistribution fd = base.finiteDistribution();
    if (fd == null) {
      throw new AssertionError("InstanceSpec.finite() returned a generative instance");
    }
    double eta = RandomVectors.logUniform(rng, 1e-9, 1e-3);
    boolean all = rng.nextBoolean();
    Features g = nearDuplicateFeatures(rng, fd.prompts(), eta, all, p.bound);
    Instance inst = base.withDistribution(reweighted(g, rng));
    return GeneratedInstance.of(
        inst,
        Kind.NEAR_DUPLICATE,
        Kind.NEAR_DUPLICATE
            + " "
            + p.spec()
            + String.format(Locale.ROOT, " eta=%.3g candidates=%s", eta, all ? "all" : "first two")
            + " weights=random");
  }

  /**
   * The features with candidate 1 (or every candidate when {@code all}) of each prompt moved to
   * {@code (1 - eta) phi_0 + eta (B/2) u}, {@code u} a uniform direction: within a relative
   * distance {@code eta} of candidate 0. The norm stays {@code <= B (1 - eta/2)}: for {@code eta
   * >= 1e-9} the slack {@code eta B / 2} is far above the rounding of the sum, so B still bounds it.
   *
   * @param rng the source
   * @param f the features (not modified), norms at most {@code bound}
   * @param eta the relative distance, in {@code [1e-9, 1]}
   * @param all whether every candidate (else only candidate 1) is moved
   * @param bound B
   * @return the new features
   */
  static Features nearDuplicateFeatures(
      RandomGenerator rng, Features f, double eta, boolean all, double bound) {
    int d = f.dim();
    double[] src = f.data();
    double[] data = new double[src.length];
    int pos = 0;
    for (int i = 0; i < f.size(); i++) {
      int row0 = f.rowOffset(i) * d;
      int k = f.candidates(i);
      int last = all ? k : Math.min(2, k);
      for (int a = 0; a < k; a++) {
        double[] u = a >= 1 && a < last ? RandomVectors.direction(rng, d) : new double[0];
        for (int j = 0; j < d; j++) {
          double base = at(src, row0 + j);
          double v =
              u.length == 0
                  ? at(src, row0 + a * d + j)
                  : (1 - eta) * base + eta * 0.5 * bound * at(u, j);
          set(data, pos, v);
          pos++;
        }
      }
    }
    return Features.of(data, f.offsets(), d, "near-duplicate features");
  }

  /**
   * {@code K = 2} candidates {@code +-B u} per prompt, one direction {@code u} shared by all
   * prompts or one per prompt.
   *
   * @param rng the source
   * @param m the number of prompts, {@code >= 1}
   * @param d the dimension, {@code >= 1}
   * @param bound B
   * @param shared whether one direction serves every prompt
   * @return the features
   */
  static Features antipodalFeatures(
      RandomGenerator rng, int m, int d, double bound, boolean shared) {
    if (m < 1 || d < 1) {
      throw new IllegalArgumentException("antipodal features: need m >= 1 and d >= 1, got " + m + ", " + d);
    }
    double[] u = RandomVectors.direction(rng, d);
    double[] data = new double[m * 2 * d];
    int pos = 0;
    for (int i = 0; i < m; i++) {
      if (!shared && i > 0) {
        u = RandomVectors.direction(rng, d);
      }
      for (int s = 1; s >= -1; s -= 2) {
        for (int j = 0; j < u.length; j++) {
          set(data, pos, s * bound * u[j]);
          pos++;
        }
      }
    }
    return Features.uniform(data, m, 2, d, "antipodal features");
  }

  /** {@code a[k]}, checked. */
  private static double at(double[] a, int k) {
    if (k < 0 || k >= a.length) {
      throw new AssertionError("position " + k + " outside [0, " + a.length + ")");
    }
    return a[k];
  }

  /** {@code a[k] = v}, checked. */
  private static void set(double[] a, int k, double v) {
    if (k < 0 || k >= a.length) {
      throw new AssertionError("position " + k + " outside [0, " + a.length + ")");
    }
    a[k] = v;
  }

  private static GeneratedInstance antipodal(RandomGenerator rng, Params p) {
    int d = p.d;
    int m = p.m;
    boolean shared = rng.nextBoolean();
    Features f = antipodalFeatures(rng, m, d, p.bound, shared);
    // small reward and reference norms half of the time, so that pi_w is near (1/2, 1/2)
    double shrink = rng.nextBoolean() ? 1 : 1e-3;
    double[] theta = RandomVectors.scaled(RandomVectors.direction(rng, d), p.thetaNorm * shrink);
    double[] wRef = RandomVectors.scaled(RandomVectors.direction(rng, d), p.wRefNorm * shrink);
    Instance inst =
        Instance.of(
            Reals.positive(p.beta, "beta"),
            theta,
            wRef,
            Reals.positive(Math.max(f.maxNorm(), Double.MIN_NORMAL), "featureBound"),
            reweighted(f, rng));
    return GeneratedInstance.of(
        inst,
        Kind.ANTIPODAL,
        String.format(
            Locale.ROOT,
            "ANTIPODAL(M=%d, K=2, d=%d, beta=%.4g, B=%.4g, |theta|=%.4g, |wRef|=%.4g, direction=%s)"
                + " weights=random",
            m,
            d,
            p.beta,
            inst.featureBound(),
            p.thetaNorm * shrink,
            p.wRefNorm * shrink,
            shared ? "shared" : "per prompt"));
  }
}
