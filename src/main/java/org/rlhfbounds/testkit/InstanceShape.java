package org.rlhfbounds.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;

/**
 * The parameters of one generated instance, from which {@link #build()} makes it
 * deterministically: the coverage class (and adversarial shape), dimension {@code d}, number of
 * prompts {@code M}, candidates per prompt {@code K} in {@code [kMin, kMax]} (ragged when {@code
 * kMax > kMin}), the declared rank {@code r}, feature bound {@code B}, KL weight {@code beta}, the
 * reward logit scale {@code B ||theta*|| / beta = B ||w* - w_ref||}, the reference logit scale
 * {@code B ||w_ref||}, the target ratio {@code kappa / lambda_max} of a near-degenerate instance,
 * the duplicate distance {@code eta} of a near-duplicate one, and a seed for everything else.
 *
 * <p>Every shape is valid for its class: {@code M (kMin - 1) >= r} (enough candidate differences to
 * reach the declared rank; twice that for a near-degenerate one), {@code 1 <= r < d} for a
 * deficient one, {@code M >= d} for spread antipodal pairs. {@link #simpler()} lists shapes of the
 * same class that are strictly simpler, for shrinking.
 *
 * <p>Thread-safe: immutable.
 */
public final class InstanceShape {
  private final CoverageClass coverage;
  private final @Nullable Adversary adversary;
  private final int d;
  private final int m;
  private final int kMin;
  private final int kMax;
  private final int rank;
  private final double bound;
  private final double beta;
  private final double rewardLogit;
  private final double refLogit;
  private final double kappaRatio;
  private final double eta;
  private final boolean allDuplicates;
  private final long seed;

  /**
   * A shape, validated; {@code M} is raised to the class's minimum when below it.
   *
   * @param coverage the class
   * @param adversary the shape of an adversarial instance, null for the other classes
   * @param d the dimension, {@code >= 1} ({@code >= 2} for deficient and near-degenerate)
   * @param m the number of prompts, {@code >= 1}
   * @param kMin the smallest K, {@code >= 2} (2 for antipodal pairs)
   * @param kMax the largest K, {@code >= kMin}
   * @param rank the declared rank: {@code d} for full, near-degenerate, spread antipodal and near
   *     duplicates, 1 for shared antipodal, in {@code [1, d)} for deficient
   * @param bound B, finite and {@code > 0}
   * @param beta the KL weight, finite and {@code > 0}
   * @param rewardLogit {@code B ||theta*|| / beta}, finite and {@code >= 0}
   * @param refLogit {@code B ||w_ref||}, finite and {@code >= 0}
   * @param kappaRatio the target {@code kappa / lambda_max} of a near-degenerate instance, in
   *     {@code (0, 1)}; ignored (stored as 0) otherwise
   * @param eta the relative duplicate distance of near duplicates, in {@code (0, 1)}; ignored
   *     (stored as 0) otherwise
   * @param allDuplicates whether every candidate (else candidate 1) is a near duplicate
   * @param seed the seed of the features, directions and weights
   * @throws IllegalArgumentException naming the first parameter that breaks these rules
   */
  InstanceShape(
      CoverageClass coverage,
      @Nullable Adversary adversary,
      int d,
      int m,
      int kMin,
      int kMax,
      int rank,
      double bound,
      double beta,
      double rewardLogit,
      double refLogit,
      double kappaRatio,
      double eta,
      boolean allDuplicates,
      long seed) {
    if ((coverage == CoverageClass.ADVERSARIAL) != (adversary != null)) {
      throw new IllegalArgumentException(
          "adversary: given exactly for the adversarial class, got "
              + adversary
              + " for "
              + coverage);
    }
    boolean antipodal =
        adversary == Adversary.ANTIPODAL_SHARED || adversary == Adversary.ANTIPODAL_SPREAD;
    int dMin = minDim(coverage);
    if (d < dMin) {
      throw new IllegalArgumentException(
          "d: must be >= " + dMin + " for " + coverage + ", got " + d);
    }
    if (m < 1) {
      throw new IllegalArgumentException("m: must be >= 1, got " + m);
    }
    if (kMin < 2 || kMax < kMin || (antipodal && kMax != 2)) {
      throw new IllegalArgumentException(
          "K: need 2 <= kMin <= kMax (both 2 for antipodal pairs), got " + kMin + ".." + kMax);
    }
    int expected = declaredRank(coverage, adversary, d);
    if (coverage == CoverageClass.DEFICIENT ? rank < 1 || rank >= d : rank != expected) {
      throw new IllegalArgumentException(
          "rank: "
              + (coverage == CoverageClass.DEFICIENT ? "must lie in [1, d)" : "must be " + expected)
              + " for "
              + coverage
              + ", got "
              + rank);
    }
    positive(bound, "bound");
    positive(beta, "beta");
    if (!(rewardLogit >= 0 && rewardLogit < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "rewardLogit: must be finite and >= 0, got " + rewardLogit);
    }
    if (!(refLogit >= 0 && refLogit < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("refLogit: must be finite and >= 0, got " + refLogit);
    }
    boolean nearDegenerate = coverage == CoverageClass.NEAR_DEGENERATE;
    if (nearDegenerate && !(kappaRatio > 0 && kappaRatio < 1)) {
      throw new IllegalArgumentException("kappaRatio: must lie in (0, 1), got " + kappaRatio);
    }
    boolean duplicates = adversary == Adversary.NEAR_DUPLICATE;
    if (duplicates && !(eta > 0 && eta < 1)) {
      throw new IllegalArgumentException("eta: must lie in (0, 1), got " + eta);
    }
    int mMin = minPrompts(coverage, adversary, d, kMin, rank);
    this.coverage = coverage;
    this.adversary = adversary;
    this.d = d;
    this.m = Math.max(m, mMin);
    this.kMin = kMin;
    this.kMax = kMax;
    this.rank = rank;
    this.bound = bound;
    this.beta = beta;
    this.rewardLogit = rewardLogit;
    this.refLogit = refLogit;
    this.kappaRatio = nearDegenerate ? kappaRatio : 0;
    this.eta = duplicates ? eta : 0;
    this.allDuplicates = duplicates && allDuplicates;
    this.seed = seed;
  }


  private static void positive(double x, String name) {
    if (!(x > 0 && x < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(name + ": must be finite and > 0, got " + x);
    }
  }

  /**
   * The smallest dimension of a class: 2 for deficient (rank {@code 1 <= r < d}) and
   * near-degenerate (one squeezed direction among others), else 1.
   *
   * @param coverage the class
   * @return the smallest d
   */
  static int minDim(CoverageClass coverage) {
    return coverage == CoverageClass.DEFICIENT || coverage == CoverageClass.NEAR_DEGENERATE ? 2 : 1;
  }

  /**
   * The rank a class declares in dimension d (for a deficient instance, the largest allowed).
   *
   * @param coverage the class
   * @param adversary the adversarial shape, or null
   * @param d the dimension
   * @return the rank
   */
  static int declaredRank(CoverageClass coverage, @Nullable Adversary adversary, int d) {
    if (coverage == CoverageClass.DEFICIENT) {
      return d - 1;
    }
    return adversary == Adversary.ANTIPODAL_SHARED ? 1 : d;
  }

  /**
   * The fewest prompts that reach the declared rank: {@code ceil(r / (kMin - 1))} candidate
   * differences, twice that for a near-degenerate instance (so that the squeezed direction, not
   * a thin sample, sets {@code kappa}), {@code d} for spread antipodal pairs.
   */
  static int minPrompts(
      CoverageClass coverage, @Nullable Adversary adversary, int d, int kMin, int rank) {
    if (adversary == Adversary.ANTIPODAL_SPREAD) {
      return d;
    }
    if (adversary == Adversary.ANTIPODAL_SHARED) {
      return 1;
    }
    int need = coverage == CoverageClass.NEAR_DEGENERATE ? 2 * rank : rank;
    return (need + kMin - 2) / (kMin - 1);
  }

  /**
   * Builds the instance: deterministic, the same shape gives the same instance on every platform
   * and thread.
   *
   * @return the instance with its declared properties
   * @throws IllegalStateException if no attempt reaches the declared class (not expected within
   *     the documented ranges)
   */
  public KitInstance build() {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long featureSeed = rng.nextLong();
      double[] weights = RandomInstances.positiveWeights(rng, m);
      Instance inst;
      if (coverage == CoverageClass.ADVERSARIAL) {
        inst = weighted(adversarial(rng, featureSeed), weights);
      } else {
        Family family =
            coverage == CoverageClass.FULL
                ? Family.SPHERE
                : coverage == CoverageClass.DEFICIENT ? Family.DEFICIENT : Family.NEAR_DEGENERATE;
        InstanceSpec spec =
            InstanceSpec.of(family, m, kMin, d, beta, featureSeed)
                .withK(kMin, kMax)
                .withNorms(bound, rewardLogit * beta / bound, refLogit / bound);
        if (coverage == CoverageClass.DEFICIENT) {
          spec = spec.withParameter(rank);
        }
        inst =
            coverage == CoverageClass.NEAR_DEGENERATE
                ? squeezed(spec, weights)
                : weighted(spec.finite(), weights);
      }
      if (inst != null) {
        KitInstance k = new KitInstance(this, inst);
        if (k.split().kernelDim() == d - rank) {
          return k;
        }
      }
    }
    throw new IllegalStateException(
        "no instance of " + this + " reached its declared class in " + ATTEMPTS + " attempts");
  }

  /**
   * Attempts per build: a draw can miss the declared rank (two equal candidates on the
   * two-point sphere of a line, for instance) or, near-degenerate, the target ratio; the next
   * attempt draws again from the same seeded stream, so the result stays a function of the shape.
   */
  private static final int ATTEMPTS = 64;

  private static Instance weighted(Instance inst, double[] weights) {
    return inst.withDistribution(FiniteDistribution.of(population(inst).prompts(), weights));
  }

  private static FiniteDistribution population(Instance inst) {
    FiniteDistribution fd = inst.finiteDistribution();
    if (fd == null) {
      throw new AssertionError("a finite prompt distribution was built");
    }
    return fd;
  }

  private Instance adversarial(SplittableRandom rng, long featureSeed) {
    double thetaNorm = rewardLogit * beta / bound;
    double wRefNorm = refLogit / bound;
    SplittableRandom features = new SplittableRandom(featureSeed);
    if (adversary == Adversary.NEAR_DUPLICATE) {
      Instance sphere =
          InstanceSpec.of(Family.SPHERE, m, kMin, d, beta, featureSeed)
              .withK(kMin, kMax)
              .withNorms(bound, thetaNorm, wRefNorm)
              .finite();
      Features f =
          RandomInstances.nearDuplicateFeatures(
              features, population(sphere).prompts(), eta, allDuplicates, bound);
      return sphere.withDistribution(FiniteDistribution.uniform(f));
    }
    // +-B' u with B' a few units of rounding below B, so that ||B' u|| <= B despite the rounding
    // of the unit vector u
    Features f =
        RandomInstances.antipodalFeatures(
            features, m, d, bound * (1 - 0x1p-48), adversary == Adversary.ANTIPODAL_SHARED);
    double[] theta = RandomVectors.scaled(RandomVectors.direction(rng, d), thetaNorm);
    double[] wRef = RandomVectors.scaled(RandomVectors.direction(rng, d), wRefNorm);
    return Instance.of(
        Reals.positive(beta, "beta"),
        theta,
        wRef,
        Reals.positive(bound, "bound"),
        FiniteDistribution.uniform(f));
  }

  /** Tries at most this many scales of the last coordinate. */
  private static final int SQUEEZE_STEPS = 30;

  /**
   * The near-degenerate family with the scale {@code s} of the last coordinate tuned until {@code
   * kappa / lambda_max} of the weighted population's {@code Sigma(w*)} lies within a factor 1.5 of
   * the target: the ratio grows like {@code s^2} for small {@code s}, so {@code s <- s
   * sqrt(target / ratio)} converges in a few steps.
   */
  private @Nullable Instance squeezed(InstanceSpec spec, double[] weights) {
    double s = Math.min(1, Math.sqrt(kappaRatio));
    for (int step = 0; step < SQUEEZE_STEPS; step++) {
      Instance inst = weighted(spec.withParameter(s).finite(), weights);
      double ratio = kappaRatio(inst, population(inst));
      if (ratio > kappaRatio / 1.5 && ratio < kappaRatio * 1.5) {
        return inst;
      }
      double f = ratio > 0 ? Math.sqrt(kappaRatio / ratio) : 10;
      double next = Math.min(1, s * Math.min(10, Math.max(0.1, f)));
      if (next == s || !(next > 0)) {
        break;
      }
      s = next;
    }
    return null;
  }

  /**
   * {@code kappa / lambda_max} of {@code Sigma(w*)} over a measure, {@code kappa} on the complement
   * of the kernel of {@code Sigma(0)} as the library decides it; 0 when nothing is covered.
   *
   * @param inst the instance
   * @param measure the population
   * @return the ratio
   */
  static double kappaRatio(Instance inst, FiniteDistribution measure) {
    Objective o = Objective.of(inst);
    Coverage split = Coverage.ofSample(o, measure);
    DMatrixRMaj sigma = o.covariance(measure, inst.wStar());
    double lmax = Coverage.of(sigma).lambdaMax();
    double kappa = split.rangeMinimum(sigma);
    return lmax > 0 && kappa > 0 ? kappa / lmax : 0;
  }

  /**
   * Strictly simpler shapes of the same class, most simplifying first: fewer prompts, smaller d
   * and K, no ragged K, smaller rank, simpler adversarial shape, and round values ({@code B =
   * beta = rewardLogit = 1}, {@code refLogit = 0}, a power of ten for {@code kappaRatio} and
   * {@code eta}, seed 0). "Simpler" is strict in the order (number of feature entries {@code M kMax
   * d}, then rank, then the number of parameters not yet round), so repeatedly taking any
   * candidate ends.
   *
   * @return the candidates (empty for the simplest shape)
   */
  public List<InstanceShape> simpler() {
    List<InstanceShape> out = new ArrayList<>();
    int dMin = minDim(coverage);
    @Nullable Adversary adv = adversary;
    if (adv != null && adv.ordinal() > 0) {
      Adversary simpler = Adversary.ANTIPODAL_SHARED;
      int k = simpler == Adversary.NEAR_DUPLICATE ? kMin : 2;
      add(out, simpler, d, 1, k, k, declaredRank(coverage, simpler, d), eta, seed);
    }
    add(out, adv, d, 1, kMin, kMin, rank, eta, seed);
    add(out, adv, d, Math.max(1, m / 2), kMin, kMax, rank, eta, seed);
    add(out, adv, d, Math.max(1, m - 1), kMin, kMax, rank, eta, seed);
    for (int dd : new int[] {dMin, d / 2, d - 1}) {
      if (dd >= dMin && dd < d) {
        int r =
            coverage == CoverageClass.DEFICIENT
                ? Math.min(rank, dd - 1)
                : declaredRank(coverage, adv, dd);
        add(out, adv, dd, m, kMin, kMax, r, eta, seed);
      }
    }
    if (kMax > kMin) {
      add(out, adv, d, m, kMin, kMin, rank, eta, seed);
      add(out, adv, d, m, kMin, kMax - 1, rank, eta, seed);
    }
    if (kMin > 2) {
      add(out, adv, d, m, 2, 2, rank, eta, seed);
      add(out, adv, d, m, kMin - 1, kMax, rank, eta, seed);
    }
    if (coverage == CoverageClass.DEFICIENT && rank > 1) {
      add(out, adv, d, m, kMin, kMax, 1, eta, seed);
      add(out, adv, d, m, kMin, kMax, rank - 1, eta, seed);
    }
    out.addAll(rounder());
    return out;
  }

  private List<InstanceShape> rounder() {
    List<InstanceShape> out = new ArrayList<>();
    double roundRatio = Math.min(0.1, powerOfTen(kappaRatio));
    double roundEta = Math.min(0.1, powerOfTen(eta));
    if (bound != 1) {
      out.add(with(1, beta, rewardLogit, refLogit, kappaRatio, eta, allDuplicates, seed));
    }
    if (beta != 1) {
      out.add(with(bound, 1, rewardLogit, refLogit, kappaRatio, eta, allDuplicates, seed));
    }
    if (rewardLogit != 1) {
      out.add(with(bound, beta, 1, refLogit, kappaRatio, eta, allDuplicates, seed));
    }
    if (refLogit != 0) {
      out.add(with(bound, beta, rewardLogit, 0, kappaRatio, eta, allDuplicates, seed));
    }
    if (kappaRatio != roundRatio) {
      out.add(with(bound, beta, rewardLogit, refLogit, roundRatio, eta, allDuplicates, seed));
    }
    if (eta != roundEta) {
      out.add(with(bound, beta, rewardLogit, refLogit, kappaRatio, roundEta, allDuplicates, seed));
    }
    if (allDuplicates) {
      out.add(with(bound, beta, rewardLogit, refLogit, kappaRatio, eta, false, seed));
    }
    if (seed != 0) {
      out.add(with(bound, beta, rewardLogit, refLogit, kappaRatio, eta, allDuplicates, 0));
    }
    return out;
  }

  private InstanceShape with(
      double b, double be, double rl, double fl, double kr, double e, boolean all, long s) {
    return new InstanceShape(
        coverage, adversary, d, m, kMin, kMax, rank, b, be, rl, fl, kr, e, all, s);
  }

  /** The power of ten nearest to {@code x} in log scale (0 for 0). */
  static double powerOfTen(double x) {
    return x > 0 ? Math.pow(10, Math.rint(Math.log10(x))) : 0;
  }

  private void add(
      List<InstanceShape> out,
      @Nullable Adversary adv,
      int dd,
      int mm,
      int k0,
      int k1,
      int r,
      double e,
      long s) {
    double dupEta = adv == Adversary.NEAR_DUPLICATE ? (e > 0 ? e : 1e-2) : 0;
    InstanceShape c =
        new InstanceShape(
            coverage, adv, dd, mm, k0, k1, r, bound, beta, rewardLogit, refLogit, kappaRatio,
            dupEta, allDuplicates, s);
    if (c.size() < size() || (c.size() == size() && c.rank < rank)) {
      out.add(c);
    }
  }

  /** {@code M kMax d}: the number of feature entries at most. */
  private long size() {
    return (long) m * kMax * d;
  }

  /**
   * Returns the coverage class.
   *
   * @return the class
   */
  public CoverageClass coverage() {
    return coverage;
  }

  /**
   * Returns the adversarial shape, or null when the class is not adversarial.
   *
   * @return the shape or null
   */
  public @Nullable Adversary adversary() {
    return adversary;
  }

  /**
   * Returns the dimension d.
   *
   * @return d
   */
  public int dim() {
    return d;
  }

  /**
   * Returns the number of prompts M.
   *
   * @return M
   */
  public int prompts() {
    return m;
  }

  /**
   * Returns the smallest number of candidates per prompt.
   *
   * @return kMin
   */
  public int kMin() {
    return kMin;
  }

  /**
   * Returns the largest number of candidates per prompt.
   *
   * @return kMax
   */
  public int kMax() {
    return kMax;
  }

  /**
   * Returns the declared rank {@code r = d - dim N}.
   *
   * @return r
   */
  public int rank() {
    return rank;
  }

  /**
   * Returns the feature bound B.
   *
   * @return B
   */
  public double featureBound() {
    return bound;
  }

  /**
   * Returns the KL weight beta.
   *
   * @return beta
   */
  public double beta() {
    return beta;
  }

  /**
   * Returns the target {@code kappa / lambda_max} of a near-degenerate shape, 0 for the others.
   *
   * @return the ratio
   */
  public double kappaRatio() {
    return kappaRatio;
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
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof InstanceShape)) {
      return false;
    }
    return toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toString());
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s%s(d=%d, M=%d, K=%d..%d, rank=%d, B=%s, beta=%s, rewardLogit=%s, refLogit=%s%s%s, seed=%d)",
        coverage,
        adversary == null ? "" : "/" + adversary,
        d,
        m,
        kMin,
        kMax,
        rank,
        bound,
        beta,
        rewardLogit,
        refLogit,
        coverage == CoverageClass.NEAR_DEGENERATE ? ", kappaRatio=" + kappaRatio : "",
        adversary == Adversary.NEAR_DUPLICATE
            ? ", eta=" + eta + (allDuplicates ? ", all candidates" : ", candidate 1")
            : "",
        seed);
  }
}
