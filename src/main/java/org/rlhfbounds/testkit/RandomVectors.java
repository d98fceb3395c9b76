package org.rlhfbounds.testkit;

import java.util.random.RandomGenerator;
import org.rlhfbounds.model.Instance;

/**
 * Seeded random vectors and scalars: log-uniform scalars, uniform directions, points uniform in a
 * ball or on a sphere, parameter vectors with logits of a prescribed magnitude, and a mixture of
 * all of them around an instance's optimum {@code w*} ({@link #parameter}).
 *
 * <p>Directions are Gaussian vectors normalised (uniform on the sphere); points in a ball of
 * radius {@code r} in {@code R^d} have radius {@code r U^(1/d)}, {@code U} uniform in {@code (0,
 * 1]}. Arguments must be finite, radii and bounds non-negative; {@link IllegalArgumentException}
 * otherwise.
 *
 * <p>Thread-safe: stateless (a generator passed in must not be shared between threads).
 */
public final class RandomVectors {
  /** Logit magnitude of the adversarial "large logits" parameters. */
  public static final double LARGE_LOGIT = 1e6;

  private RandomVectors() {}

  /**
   * A log-uniform value in {@code [lo, hi]}: {@code lo (hi/lo)^U}.
   *
   * @param rng the source
   * @param lo lower end, {@code > 0}
   * @param hi upper end, {@code >= lo}
   * @return the value
   */
  public static double logUniform(RandomGenerator rng, double lo, double hi) {
    if (!(lo > 0 && hi >= lo && Double.isFinite(hi))) {
      throw new IllegalArgumentException(
          "logUniform: need 0 < lo <= hi < infinity, got lo = " + lo + ", hi = " + hi);
    }
    double v = lo * Math.exp(rng.nextDouble() * Math.log(hi / lo));
    return Math.min(hi, Math.max(lo, v));
  }

  /**
   * A uniform random unit vector of {@code R^d}.
   *
   * @param rng the source
   * @param d the dimension, {@code >= 1}
   * @return a new unit vector
   */
  public static double[] direction(RandomGenerator rng, int d) {
    if (d < 1) {
      throw new IllegalArgumentException("d: dimension must be >= 1, got " + d);
    }
    double[] v = new double[d];
    while (true) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        v[j] = rng.nextGaussian();
        s += v[j] * v[j];
      }
      if (s > 1e-200) {
        double inv = 1 / Math.sqrt(s);
        for (int j = 0; j < d; j++) {
          v[j] *= inv;
        }
        return v;
      }
    }
  }

  /**
   * A point uniform in the closed ball of radius {@code radius} around {@code center}.
   *
   * @param rng the source
   * @param center the centre (not modified)
   * @param radius the radius, {@code >= 0}
   * @return a new point
   */
  public static double[] inBall(RandomGenerator rng, double[] center, double radius) {
    checkRadius(radius);
    int d = center.length;
    double r = radius * Math.pow(1 - rng.nextDouble(), 1.0 / d);
    return offset(center, direction(rng, d), r);
  }

  /**
   * A point uniform on the sphere of radius {@code radius} around {@code center}.
   *
   * @param rng the source
   * @param center the centre (not modified)
   * @param radius the radius, {@code >= 0}
   * @return a new point
   */
  public static double[] onSphere(RandomGenerator rng, double[] center, double radius) {
    checkRadius(radius);
    return offset(center, direction(rng, center.length), radius);
  }

  /**
   * {@code center + r u}.
   *
   * @param center the centre (not modified)
   * @param u the direction (not modified), same length
   * @param r the step
   * @return a new vector
   */
  public static double[] offset(double[] center, double[] u, double r) {
    if (u.length != center.length) {
      throw new IllegalArgumentException(
          "offset: direction has length " + u.length + ", centre " + center.length);
    }
    double[] w = new double[center.length];
    for (int j = 0; j < w.length; j++) {
      w[j] = center[j] + r * u[j];
    }
    return w;
  }

  /**
   * {@code r u}.
   *
   * @param u the direction (not modified)
   * @param r the factor
   * @return a new vector
   */
  public static double[] scaled(double[] u, double r) {
    double[] w = new double[u.length];
    for (int j = 0; j < w.length && j < u.length; j++) {
      w[j] = r * u[j];
    }
    return w;
  }

  /**
   * A parameter whose logits {@code <w, phi>} reach magnitude about {@code logit} on features of
   * norm {@code featureBound}: a uniform direction of norm {@code logit / featureBound} times a
   * factor log-uniform in {@code [1/2, 2]}.
   *
   * @param rng the source
   * @param d the dimension
   * @param featureBound the feature bound B, {@code > 0}
   * @param logit the logit magnitude, e.g. {@link #LARGE_LOGIT}
   * @return a new vector
   */
  public static double[] largeLogits(RandomGenerator rng, int d, double featureBound, double logit) {
    if (d < 1) {
      throw new IllegalArgumentException("largeLogits: need d >= 1, got " + d);
    }
    if (!(featureBound > 0 && logit > 0 && Double.isFinite(logit / featureBound))) {
      throw new IllegalArgumentException(
          "largeLogits: need B > 0 and logit > 0 with finite logit / B, got B = "
              + featureBound
              + ", logit = "
              + logit);
    }
    double norm = logit / featureBound * logUniform(rng, 0.5, 2);
    return offset(new double[d], direction(rng, d), norm);
  }

  /**
   * The kinds of parameter vectors mixed by {@link #parameter}.
   */
  public enum ParameterKind {
    /** Uniform in the ball {@code ||w - w*|| <= r / B}, {@code r} log-uniform in {@code [1e-3, 10]}. */
    NEAR_OPTIMUM,
    /** On the sphere {@code ||w - w*|| = r / B}, {@code r} log-uniform in {@code [1e-3, 10]}. */
    SPHERE_AROUND_OPTIMUM,
    /** Uniform in the ball of radius {@code 1 / B} around {@code w_ref}. */
    NEAR_REFERENCE,
    /** Logits of magnitude about {@link #LARGE_LOGIT}. */
    LARGE_LOGITS
  }

  /**
   * A parameter vector for an instance: with probability 0.45 {@link ParameterKind#NEAR_OPTIMUM},
   * 0.3 {@link ParameterKind#SPHERE_AROUND_OPTIMUM}, 0.15 {@link ParameterKind#NEAR_REFERENCE},
   * 0.1 {@link ParameterKind#LARGE_LOGITS}.
   *
   * @param rng the source
   * @param instance the instance
   * @return a new vector of length d
   */
  public static double[] parameter(RandomGenerator rng, Instance instance) {
    double u = rng.nextDouble();
    ParameterKind k =
        u < 0.45
            ? ParameterKind.NEAR_OPTIMUM
            : u < 0.75
                ? ParameterKind.SPHERE_AROUND_OPTIMUM
                : u < 0.9 ? ParameterKind.NEAR_REFERENCE : ParameterKind.LARGE_LOGITS;
    return parameter(rng, instance, k);
  }

  /**
   * A parameter vector of the given kind for an instance.
   *
   * @param rng the source
   * @param instance the instance
   * @param kind the kind
   * @return a new vector of length d
   */
  public static double[] parameter(RandomGenerator rng, Instance instance, ParameterKind kind) {
    double b = instance.featureBound();
    switch (kind) {
      case NEAR_OPTIMUM:
        return inBall(rng, instance.wStar(), logUniform(rng, 1e-3, 10) / b);
      case SPHERE_AROUND_OPTIMUM:
        return onSphere(rng, instance.wStar(), logUniform(rng, 1e-3, 10) / b);
      case NEAR_REFERENCE:
        return inBall(rng, instance.wRef(), 1 / b);
      case LARGE_LOGITS:
        return largeLogits(rng, instance.dim(), b, LARGE_LOGIT);
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * The Euclidean norm.
   *
   * @param v the vector
   * @return {@code ||v||}
   */
  public static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /**
   * The Euclidean distance.
   *
   * @param a first
   * @param b second, same length
   * @return {@code ||a - b||}
   */
  public static double distance(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("distance: lengths " + a.length + " and " + b.length);
    }
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double t = a[j] - b[j];
      s += t * t;
    }
    return Math.sqrt(s);
  }

  private static void checkRadius(double radius) {
    if (!(radius >= 0 && Double.isFinite(radius))) {
      throw new IllegalArgumentException("radius must be finite and >= 0, got " + radius);
    }
  }
}
