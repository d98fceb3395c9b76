package org.rlhfbounds.testkit;

import java.util.random.RandomGenerator;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A generator of instances of one {@link CoverageClass} with known answers ({@link KitInstance}):
 * seeded {@link RandomGenerator} in, instance out ({@link #next}), or any {@link ParameterSource}
 * (a shrinking framework's) in, {@link InstanceShape} out ({@link #shape}).
 *
 * <p>Defaults ({@link #of}): {@code d} in {@code [1, 8]} ({@code [2, 8]} for deficient and
 * near-degenerate), {@code M} in {@code [1, 12]} raised to the class's minimum ({@link
 * InstanceShape}), {@code K} in {@code [2, 5]} with ragged K allowed, feature scale {@code B}
 * log-uniform in {@code [1e-3, 1e3]} (tiny to large), {@code beta} log-uniform in {@code [1e-4,
 * 1e2]}, reward logits {@code B ||theta*|| / beta} log-uniform in {@code [1e-2, 3]}, reference
 * logits {@code B ||w_ref||} uniform in {@code [0, 1]}, deficient rank uniform in {@code [1, d)},
 * near-degenerate ratio {@code kappa / lambda_max} log-uniform in {@code [1e-6, 1e-3]}, the three
 * adversarial shapes equally likely. Real parameters are drawn on a grid of {@value #GRID} + 1
 * log-spaced points, so that a shrinker reaches the round value (1 or 0) exactly.
 *
 * <p>Thread-safe: immutable (a generator passed in must not be shared between threads).
 */
public final class InstanceGenerator {
  /** Grid points of a real parameter, minus one. */
  public static final int GRID = 1 << 20;

  private final CoverageClass coverage;
  private final int dLo;
  private final int dHi;
  private final int mLo;
  private final int mHi;
  private final int kLo;
  private final int kHi;
  private final boolean ragged;
  private final double bLo;
  private final double bHi;
  private final double betaLo;
  private final double betaHi;
  private final int rank;
  private final double ratioLo;
  private final double ratioHi;

  private InstanceGenerator(
      CoverageClass coverage,
      int dLo,
      int dHi,
      int mLo,
      int mHi,
      int kLo,
      int kHi,
      boolean ragged,
      double bLo,
      double bHi,
      double betaLo,
      double betaHi,
      int rank,
      double ratioLo,
      double ratioHi) {
    this.coverage = coverage;
    this.dLo = dLo;
    this.dHi = dHi;
    this.mLo = mLo;
    this.mHi = mHi;
    this.kLo = kLo;
    this.kHi = kHi;
    this.ragged = ragged;
    this.bLo = bLo;
    this.bHi = bHi;
    this.betaLo = betaLo;
    this.betaHi = betaHi;
    this.rank = rank;
    this.ratioLo = ratioLo;
    this.ratioHi = ratioHi;
  }

  /**
   * The generator of a class with the default ranges (class comment).
   *
   * @param coverage the class
   * @return the generator
   */
  public static InstanceGenerator of(CoverageClass coverage) {
    int dLo = InstanceShape.minDim(coverage);
    return new InstanceGenerator(
        coverage, dLo, 8, 1, 12, 2, 5, true, 1e-3, 1e3, 1e-4, 1e2, 0, 1e-6, 1e-3);
  }

  /**
   * This generator with another range of dimensions.
   *
   * @param lo the smallest d ({@code >= 2} for deficient and near-degenerate, else {@code >= 1})
   * @param hi the largest d, {@code >= lo}
   * @return the new generator
   * @throws IllegalArgumentException if the range is empty or below the class's minimum
   */
  public InstanceGenerator dimension(int lo, int hi) {
    range(lo, hi, InstanceShape.minDim(coverage), "dimension");
    if (rank >= lo) {
      throw new IllegalArgumentException("dimension: rank " + rank + " needs d > rank, got " + lo);
    }
    return new InstanceGenerator(
        coverage, lo, hi, mLo, mHi, kLo, kHi, ragged, bLo, bHi, betaLo, betaHi, rank, ratioLo,
        ratioHi);
  }

  /**
   * This generator with another range of prompt counts (raised to the class's minimum when
   * below it, see {@link InstanceShape}).
   *
   * @param lo the smallest M, {@code >= 1}
   * @param hi the largest M, {@code >= lo}
   * @return the new generator
   * @throws IllegalArgumentException if the range is empty or {@code lo < 1}
   */
  public InstanceGenerator prompts(int lo, int hi) {
    range(lo, hi, 1, "prompts");
    return new InstanceGenerator(
        coverage, dLo, dHi, lo, hi, kLo, kHi, ragged, bLo, bHi, betaLo, betaHi, rank, ratioLo,
        ratioHi);
  }

  /**
   * This generator with another range of candidates per prompt (the adversarial antipodal
   * shapes keep {@code K = 2}).
   *
   * @param lo the smallest K, {@code >= 2}
   * @param hi the largest K, {@code >= lo}
   * @param raggedK whether the K of one instance may differ between prompts
   * @return the new generator
   * @throws IllegalArgumentException if the range is empty or {@code lo < 2}
   */
  public InstanceGenerator candidates(int lo, int hi, boolean raggedK) {
    range(lo, hi, 2, "candidates");
    return new InstanceGenerator(
        coverage, dLo, dHi, mLo, mHi, lo, hi, raggedK, bLo, bHi, betaLo, betaHi, rank, ratioLo,
        ratioHi);
  }

  /**
   * This generator with another range of feature scales B (log-uniform).
   *
   * @param lo the smallest B, finite and {@code > 0}
   * @param hi the largest B, finite and {@code >= lo}
   * @return the new generator
   * @throws IllegalArgumentException if the range is empty, not positive or not finite
   */
  public InstanceGenerator featureScale(double lo, double hi) {
    logRange(lo, hi, "featureScale");
    return new InstanceGenerator(
        coverage, dLo, dHi, mLo, mHi, kLo, kHi, ragged, lo, hi, betaLo, betaHi, rank, ratioLo,
        ratioHi);
  }

  /**
   * This generator with another range of KL weights beta (log-uniform).
   *
   * @param lo the smallest beta, finite and {@code > 0}
   * @param hi the largest beta, finite and {@code >= lo}
   * @return the new generator
   * @throws IllegalArgumentException if the range is empty, not positive or not finite
   */
  public InstanceGenerator beta(double lo, double hi) {
    logRange(lo, hi, "beta");
    return new InstanceGenerator(
        coverage, dLo, dHi, mLo, mHi, kLo, kHi, ragged, bLo, bHi, lo, hi, rank, ratioLo,
        ratioHi);
  }

  /**
   * This deficient generator with a fixed rank (default: uniform in {@code [1, d)}).
   *
   * @param r the rank, {@code >= 1} and below the smallest dimension
   * @return the new generator
   * @throws IllegalArgumentException if the class is not deficient or {@code r} is out of range
   */
  public InstanceGenerator rank(int r) {
    if (coverage != CoverageClass.DEFICIENT || r < 1 || r >= dLo) {
      throw new IllegalArgumentException(
          "rank: a fixed rank in [1, " + dLo + ") needs the deficient class, got "
              + r
              + " for "
              + coverage);
    }
    return new InstanceGenerator(
        coverage, dLo, dHi, mLo, mHi, kLo, kHi, ragged, bLo, bHi, betaLo, betaHi, r, ratioLo,
        ratioHi);
  }

  /**
   * This near-degenerate generator with another range of target ratios {@code kappa /
   * lambda_max} (log-uniform).
   *
   * @param lo the smallest ratio, {@code > 0}
   * @param hi the largest ratio, {@code >= lo} and {@code <= 1e-2}
   * @return the new generator
   * @throws IllegalArgumentException if the class is not near-degenerate or the range is invalid
   */
  public InstanceGenerator kappaRatio(double lo, double hi) {
    logRange(lo, hi, "kappaRatio");
    if (coverage != CoverageClass.NEAR_DEGENERATE || hi > 1e-2) {
      throw new IllegalArgumentException(
          "kappaRatio: a range within (0, 1e-2] for the near-degenerate class, got ["
              + lo + ", " + hi + "] for " + coverage);
    }
    return new InstanceGenerator(
        coverage, dLo, dHi, mLo, mHi, kLo, kHi, ragged, bLo, bHi, betaLo, betaHi, rank, lo, hi);
  }

  private static void range(int lo, int hi, int min, String name) {
    if (lo < min || hi < lo) {
      throw new IllegalArgumentException(
          name + ": need " + min + " <= lo <= hi, got [" + lo + ", " + hi + "]");
    }
  }

  private static void logRange(double lo, double hi, String name) {
    if (!(lo > 0 && hi >= lo && hi < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          name + ": need 0 < lo <= hi < infinity, got [" + lo + ", " + hi + "]");
    }
  }

  /**
   * Returns the class this generator declares.
   *
   * @return the class
   */
  public CoverageClass coverage() {
    return coverage;
  }

  /**
   * Draws a shape from a source (every choice in the order of the fields of {@link
   * InstanceShape}, each with its simplest value: the smallest d, M, K and rank, the first
   * adversarial shape, B = beta = reward logit = 1 when in range, reference logit 0, seed 0).
   *
   * @param src the source
   * @return the shape
   */
  public InstanceShape shape(ParameterSource src) {
    @Nullable Adversary adversary = null;
    if (coverage == CoverageClass.ADVERSARIAL) {
      Adversary[] all = Adversary.values();
      int k = (int) src.between(0, all.length - 1, 0);
      if (k < 0 || k >= all.length) {
        throw new IllegalStateException(
            "source returned " + k + " outside [0, " + all.length + ")");
      }
      adversary = all[k];
    }
    boolean antipodal =
        adversary == Adversary.ANTIPODAL_SHARED || adversary == Adversary.ANTIPODAL_SPREAD;
    int d = (int) src.between(dLo, dHi, dLo);
    int r =
        coverage != CoverageClass.DEFICIENT
            ? InstanceShape.declaredRank(coverage, adversary, d)
            : rank > 0 ? rank : (int) src.between(1, d - 1, 1);
    int k0 = antipodal ? 2 : (int) src.between(kLo, kHi, kLo);
    int k1 = antipodal || !ragged ? k0 : (int) src.between(k0, Math.max(k0, kHi), k0);
    int mMin = Math.max(mLo, InstanceShape.minPrompts(coverage, adversary, d, k0, r));
    int m = (int) src.between(mMin, Math.max(mMin, mHi), mMin);
    double b = logGrid(src, bLo, bHi, 1);
    double be = logGrid(src, betaLo, betaHi, 1);
    double rewardLogit = logGrid(src, 1e-2, 3, 1);
    double refLogit = src.between(0, GRID, 0) / (double) GRID;
    double ratio =
        coverage == CoverageClass.NEAR_DEGENERATE
            ? logGrid(src, ratioLo, ratioHi, InstanceShape.powerOfTen(Math.sqrt(ratioLo * ratioHi)))
            : 0;
    double eta = adversary == Adversary.NEAR_DUPLICATE ? logGrid(src, 1e-3, 1e-2, 1e-2) : 0;
    boolean all = adversary == Adversary.NEAR_DUPLICATE && src.between(0, 1, 0) == 1;
    long seed = src.between(Long.MIN_VALUE, Long.MAX_VALUE, 0);
    return new InstanceShape(
        coverage, adversary, d, m, k0, k1, r, b, be, rewardLogit, refLogit, ratio, eta, all, seed);
  }

  /**
   * Draws a shape from a generator.
   *
   * @param rng the generator
   * @return the shape
   */
  public InstanceShape shape(RandomGenerator rng) {
    return shape(ParameterSource.of(rng));
  }

  /**
   * Draws an instance.
   *
   * @param rng the generator
   * @return the instance with its declared properties and exact answers
   */
  public KitInstance next(RandomGenerator rng) {
    return shape(rng).build();
  }

  /**
   * A log-uniform value on the grid of {@code [lo, hi]}, exactly {@code simplest} at the grid point
   * nearest it when {@code simplest} lies in the range (else {@code lo} is the simplest).
   */
  private static double logGrid(ParameterSource src, double lo, double hi, double simplest) {
    if (lo == hi) {
      return lo;
    }
    double span = Math.log(hi / lo);
    boolean inside = simplest >= lo && simplest <= hi;
    long target = inside ? Math.round(Math.log(simplest / lo) / span * GRID) : 0;
    long u = src.between(0, GRID, target);
    if (inside && u == target) {
      return simplest;
    }
    double v = lo * Math.exp(span * u / GRID);
    return Math.min(hi, Math.max(lo, v));
  }
}
