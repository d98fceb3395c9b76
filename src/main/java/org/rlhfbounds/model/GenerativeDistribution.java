package org.rlhfbounds.model;

import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * A seeded generative prompt distribution from one of the {@link Family families}. Prompt number
 * {@code i} is a pure function of {@code (seed, i)}: it is generated from its own {@link
 * SplittableRandom} seeded with a mix of both, so any set of prompts comes out the same whatever
 * the order or the thread that asks for it.
 *
 * <p>Thread-safe: immutable.
 */
public final class GenerativeDistribution implements PromptDistribution {
  private final Family family;
  private final int kMin;
  private final int kMax;
  private final int dim;
  private final double bound;
  private final double parameter;
  private final long seed;
  /** Row-major orthonormal basis (r x d) of the DEFICIENT family's subspace, else empty. */
  private final double[] basis;

  private GenerativeDistribution(
      Family family, int kMin, int kMax, int dim, double bound, double parameter, long seed) {
    this.family = family;
    this.kMin = kMin;
    this.kMax = kMax;
    this.dim = dim;
    this.bound = bound;
    this.parameter = parameter;
    this.seed = seed;
    this.basis = family == Family.DEFICIENT ? orthonormalRows((int) parameter, dim, seed) : new double[0];
  }

  /**
   * Creates a generative distribution.
   *
   * @param family the family
   * @param kMin the smallest number of candidates per prompt, {@code >= 2}
   * @param kMax the largest, {@code >= kMin}; each prompt's K is uniform in {@code [kMin, kMax]}
   * @param dim the dimension {@code d >= 1}
   * @param bound the feature bound B
   * @param parameter the family parameter (finite), or empty for {@link Family#defaultParameter}
   * @param seed the seed
   * @return the distribution
   * @throws IllegalArgumentException naming a bad argument and its value (a {@code bound} that is
   *     NaN, infinite or not positive included)
   */
  public static GenerativeDistribution of(
      Family family,
      int kMin,
      int kMax,
      int dim,
      @PositiveReal double bound,
      OptionalDouble parameter,
      long seed) {
    Reals.positive(bound, "bound");
    if (kMin < 2 || kMax < kMin) {
      throw new IllegalArgumentException(
          "K: need 2 <= kMin <= kMax, got kMin = " + kMin + ", kMax = " + kMax);
    }
    if (dim < 1) {
      throw new IllegalArgumentException("d: dimension must be >= 1, got " + dim);
    }
    double p =
        parameter.isPresent()
            ? Reals.finite(parameter.getAsDouble(), "parameter")
            : family.defaultParameter(dim);
    if (family == Family.DEFICIENT && !(p >= 1 && p < dim && p == Math.rint(p))) {
      throw new IllegalArgumentException(
          "parameter: the deficient family's rank must be an integer in [1, d), got " + p);
    }
    if (family == Family.NEAR_DEGENERATE && !(p > 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "parameter: the near-degenerate family's scale must lie in (0, 1], got " + p);
    }
    return new GenerativeDistribution(family, kMin, kMax, dim, bound, p, seed);
  }

  /**
   * The SplitMix64 finaliser (variant 13 of MurmurHash3's): a bijective mix of 64 bits, shared by
   * every seed derivation of the project.
   *
   * @param z the input
   * @return the mixed value
   */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * The generator of stream {@code index} of a seed: independent streams for prompts (index >= 0)
   * and for instance-level draws (negative indices).
   *
   * @param seed the seed
   * @param index the stream
   * @return a fresh generator
   */
  public static SplittableRandom stream(long seed, long index) {
    return new SplittableRandom(mix(mix(seed) + 0x9e3779b97f4a7c15L * index));
  }

  // reason: rows i, p < r of d entries in q = new double[r * d]
  @SuppressWarnings("index")
  private static double[] orthonormalRows(int r, int d, long seed) {
    SplittableRandom rng = stream(seed, -1000);
    double[] q = new double[r * d];
    for (int i = 0; i < r; i++) {
      while (true) {
        for (int j = 0; j < d; j++) {
          q[i * d + j] = rng.nextGaussian();
        }
        for (int p = 0; p < i; p++) {
          double dot = 0;
          for (int j = 0; j < d; j++) {
            dot += q[i * d + j] * q[p * d + j];
          }
          for (int j = 0; j < d; j++) {
            q[i * d + j] -= dot * q[p * d + j];
          }
        }
        double n = 0;
        for (int j = 0; j < d; j++) {
          n += q[i * d + j] * q[i * d + j];
        }
        n = Math.sqrt(n);
        if (n > 1e-6) {
          for (int j = 0; j < d; j++) {
            q[i * d + j] /= n;
          }
          break;
        }
      }
    }
    return q;
  }

  /**
   * Writes a vector uniform on the unit sphere of {@code R^m} into {@code out[off .. off+m)}.
   *
   * @param rng the source
   * @param out the output
   * @param off the offset
   * @param m the length
   */
  // reason: callers pass a row: off + m <= out.length
  @SuppressWarnings("index")
  static void unitSphere(RandomGenerator rng, double[] out, int off, int m) {
    while (true) {
      double s = 0;
      for (int j = 0; j < m; j++) {
        double g = rng.nextGaussian();
        out[off + j] = g;
        s += g * g;
      }
      if (s > 1e-300) {
        double inv = 1 / Math.sqrt(s);
        for (int j = 0; j < m; j++) {
          out[off + j] *= inv;
        }
        return;
      }
    }
  }

  /** Scales a row down, if needed, until its computed norm is at most {@code b}. */
  // reason: callers pass a row: off + m <= row.length
  @SuppressWarnings("index")
  private static void clip(double[] row, int off, int m, double b) {
    for (int iter = 0; iter < 64; iter++) {
      double s = 0;
      for (int j = 0; j < m; j++) {
        s += row[off + j] * row[off + j];
      }
      double n = Math.sqrt(s);
      if (n <= b) {
        return;
      }
      double f = iter == 0 ? b / n : 1 - 0x1p-50 * iter;
      for (int j = 0; j < m; j++) {
        row[off + j] *= f;
      }
    }
    throw new IllegalStateException("feature clipping did not converge");
  }

  /**
   * Generates the candidate features of prompt number {@code index} (a pure function of the seed
   * and the index).
   *
   * @param index the prompt number
   * @return a block holding that one prompt
   */
  public Features prompt(long index) {
    return promptFrom(stream(seed, index));
  }

  // reason: rows a < k of d entries in x = new double[k * d]; basis has r * d
  @SuppressWarnings("index")
  private Features promptFrom(RandomGenerator rng) {
    int k = kMin == kMax ? kMin : kMin + rng.nextInt(kMax - kMin + 1);
    double[] x = new double[k * dim];
    int axis = family == Family.SPARSE ? rng.nextInt(dim) : 0;
    for (int a = 0; a < k; a++) {
      int off = a * dim;
      switch (family) {
        case SPHERE:
          unitSphere(rng, x, off, dim);
          for (int j = 0; j < dim; j++) {
            x[off + j] *= bound;
          }
          break;
        case GAUSSIAN:
          for (int j = 0; j < dim; j++) {
            x[off + j] = 0.5 * bound * rng.nextGaussian() / Math.sqrt(dim);
          }
          break;
        case DEFICIENT:
          {
            int r = (int) parameter;
            double[] u = new double[r];
            unitSphere(rng, u, 0, r);
            for (int i = 0; i < r; i++) {
              for (int j = 0; j < dim; j++) {
                x[off + j] += bound * u[i] * basis[i * dim + j];
              }
            }
            break;
          }
        case NEAR_DEGENERATE:
          unitSphere(rng, x, off, dim);
          for (int j = 0; j < dim; j++) {
            x[off + j] *= bound;
          }
          x[off + dim - 1] *= parameter;
          break;
        case SPARSE:
          x[off + axis] = bound * (2 * rng.nextDouble() - 1);
          break;
        default:
          throw new AssertionError(family);
      }
      clip(x, off, dim, bound);
    }
    return Features.uniform(x, 1, k, dim, "generated prompt");
  }

  /**
   * Generates prompts number {@code 0 .. m-1} as one block.
   *
   * @param m the number of prompts
   * @return the block
   */
  public Features prompts(int m) {
    return concat(m, i -> prompt(i));
  }

  // reason: off has m + 1 entries, data holds the parts rows (off[m] rows of d)
  @SuppressWarnings("index")
  private Features concat(int m, java.util.function.IntFunction<Features> gen) {
    if (m < 1) {
      throw new IllegalArgumentException("M: number of prompts must be >= 1, got " + m);
    }
    Features[] parts = new Features[m];
    int rows = 0;
    for (int i = 0; i < m; i++) {
      parts[i] = gen.apply(i);
      rows += parts[i].rows();
    }
    double[] data = new double[rows * dim];
    int[] off = new int[m + 1];
    for (int i = 0; i < m; i++) {
      Features p = parts[i];
      System.arraycopy(p.data(), 0, data, off[i] * dim, p.rows() * dim);
      off[i + 1] = off[i] + p.rows();
    }
    return Features.of(data, off, dim, "generated prompts");
  }

  // reason: the generator is called with i in [0, n) = indices of seeds
  @SuppressWarnings("index")
  @Override
  public Sample sample(int n, RandomGenerator rng) {
    long[] seeds = new long[n];
    for (int i = 0; i < n; i++) {
      seeds[i] = rng.nextLong();
    }
    return Sample.of(concat(n, i -> promptFrom(new SplittableRandom(seeds[i]))));
  }

  @Override
  public int dim() {
    return dim;
  }

  /**
   * Returns the feature bound B that every generated feature respects.
   *
   * @return B
   */
  public double bound() {
    return bound;
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
   * Returns the family parameter in force (rank, scale, or NaN).
   *
   * @return the parameter
   */
  public double parameter() {
    return parameter;
  }

  /**
   * Returns the smallest K.
   *
   * @return kMin
   */
  public int kMin() {
    return kMin;
  }

  /**
   * Returns the largest K.
   *
   * @return kMax
   */
  public int kMax() {
    return kMax;
  }

  /**
   * Returns the seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }
}
