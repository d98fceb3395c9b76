package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The population-level constants a plan is evaluated from (proofs/PLAN.md): everything a bound
 * of {@link TheoremRegistry} reads from a sample is replaced by a quantity of the finite population
 * that holds for every sample, or with high probability over it.
 *
 * <ul>
 *   <li>the split {@code R (+) U} is the population's ({@link CoveredSubspace#of} on the population
 *       measure), fixed before the sample is drawn; its sample leakage is at most the population
 *       leakage {@code mu} (a maximum over the support), and its residual {@code eps} is a
 *       population constant (LEMMA-K defines eps_n for the split, not for the sample);
 *   <li>{@code kappa+} of the sample on R is replaced by the matrix-Chernoff lower bound {@link
 *       #coverageLower} of the population's certified {@code kappa_D^+}, which holds with
 *       probability {@code >= 1 - delta_c};
 *   <li>{@code lambda_max(Sigma_S(w*))} by {@code Lambda1}, the largest per-prompt {@code
 *       lambda_max(Sigma_{w*}(x))} over the support (an average is at most its largest term);
 *   <li>the start {@code w0 = w_ref}: {@code D0}, {@code D_perp = ||P_R(w0 - w*)||}, {@code p =
 *       ||P_U(w0 - w*)||} of the population split; {@code Delta0} is left to the theorems' own
 *       data-independent cap.
 * </ul>
 *
 * <p>Exact arithmetic is assumed for the learners (no rounding model), as in the theorems' exact
 * statements. Thread-safe: immutable.
 */
public final class PlanConstants {
  /**
   * The constants themselves, as a plan reads them: every real rounded in the safe direction when
   * it was computed ({@link PlanConstants#of(Instance)}), or read back from a record of them (an
   * audit's {@code planning.constants}).
   *
   * @param beta the KL weight
   * @param bound the feature bound B of the population (its largest norm when known)
   * @param diameter the population's feature diameter, rounded up
   * @param thetaNorm {@code ||theta*||}, rounded up
   * @param dim d
   * @param prompts M, the number of prompts of the support
   * @param rank {@code r = dim R}, the covered dimension of the population split
   * @param kernelDim {@code dim U}
   * @param kappaPopulation the certified lower bound of the population's {@code kappa_D^+} on R, or
   *     null when none is certified (or {@code r = 0})
   * @param kappaDetail why {@code kappaPopulation} is what it is
   * @param promptCeiling {@code Lambda1}, rounded up
   * @param leakage the population split's leakage {@code mu}, rounded up
   * @param residual the split's residual {@code eps}, rounded up
   * @param d0 {@code D0 = ||w_ref - w*||}, rounded up
   * @param dPerp {@code ||P_R(w_ref - w*)||}, rounded up
   * @param pKernel {@code ||P_U(w_ref - w*)||}, rounded up
   * @param smoothness {@code L(D0)}, rounded up
   */
  public record Values(
      int dim,
      int prompts,
      int rank,
      int kernelDim,
      @Nullable Double kappaPopulation,
      String kappaDetail,
      @PositiveReal double beta,
      @PositiveReal double bound,
      @NonNegativeReal double diameter,
      @NonNegativeReal double thetaNorm,
      @NonNegativeReal double promptCeiling,
      @NonNegativeReal double leakage,
      @NonNegativeReal double residual,
      @NonNegativeReal double d0,
      @NonNegativeReal double dPerp,
      @NonNegativeReal double pKernel,
      @PositiveReal double smoothness) {
    /**
     * Checks the constants.
     *
     * @throws IllegalArgumentException naming the component and its value when a real is NaN,
     *     infinite or out of its range, {@code dim < 1}, {@code prompts < 1}, {@code rank} or
     *     {@code kernelDim} lies outside {@code [0, dim]}, or {@code kappaPopulation} is not
     *     positive
     */
    public Values {
      if (dim < 1 || prompts < 1 || rank < 0 || rank > dim || kernelDim < 0 || kernelDim > dim) {
        throw new IllegalArgumentException(
            "dim, prompts, rank, kernelDim: expected dim >= 1, prompts >= 1 and rank, kernelDim in"
                + " [0, dim], got " + dim + ", " + prompts + ", " + rank + ", " + kernelDim);
      }
      if (kappaPopulation != null && !(kappaPopulation > 0 && kappaPopulation < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "kappaPopulation: expected null or finite and > 0, got " + kappaPopulation);
      }
      Reals.positive(beta, "beta");
      Reals.positive(bound, "bound");
      Reals.positive(smoothness, "smoothness");
      for (double v : new double[] {diameter, thetaNorm, promptCeiling, leakage, residual, d0, dPerp, pKernel}) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
          throw new IllegalArgumentException(
              "diameter, thetaNorm, promptCeiling, leakage, residual, d0, dPerp, pKernel: expected"
                  + " finite and >= 0, got " + v + " in " + java.util.Arrays.toString(new double[] {
                    diameter, thetaNorm, promptCeiling, leakage, residual, d0, dPerp, pKernel}));
        }
      }
    }
  }

  private final Values v;

  private PlanConstants(Values v) {
    this.v = v;
  }

  /** Computes the constants of an instance over its finite population (proofs/PLAN.md). */
  private static Values compute(Instance inst, FiniteDistribution pop) {
    Objective o = Objective.of(inst);
    double[] wStar = inst.wStar();
    double[] w0 = inst.wRef();
    int dim = inst.dim();
    @PositiveReal double b = inst.featureBound();
    double nb = Constants.maxFeatureNorm(pop.prompts());
    if (nb > 0) {
      b = Reals.positive(Math.min(b, nb), "B");
    }
    @NonNegativeReal double diameter =
        Reals.nonNegative(
            Math.min(Up.mul(2, inst.featureBound()), Constants.featureDiameter(pop.prompts())),
            "diam");
    CoveredSubspace split = CoveredSubspace.of(o, pop);
    int rank = split.rank();
    int kernelDim = split.kernelDim();
    CovarianceEnclosure sigma = CovarianceEnclosure.of(pop, wStar, o.threads());
    CoveredSubspace.KappaPlus kp = split.kappaPlus(sigma);
    Double kv = kp.value();
    Double kappa = null;
    String detail;
    if (rank == 0) {
      detail = "nothing is covered (R = {0}): no coverage event is needed";
    } else if (kv != null && kp.certified()) {
      kappa = kv;
      detail = "certified lower bound (Rump 2006) of the population's kappa+";
    } else {
      detail =
          "the population's kappa+ on its covered part could not be certified positive (computed: "
              + split.kappaPlusComputed(sigma.midpoint())
              + ")";
    }
    double[] e0 = new double[dim];
    for (int j = 0; j < dim && j < w0.length && j < wStar.length; j++) {
      e0[j] = w0[j] - wStar[j];
    }
    double slack = Up.mul(0x1p-52, Constants.norm(e0));
    double dz = Up.add(Constants.distance(w0, wStar), slack);
    @NonNegativeReal double d0 = Reals.nonNegative(dz, "D0");
    return new Values(
        dim,
        pop.prompts().size(),
        rank,
        kernelDim,
        kappa,
        detail,
        inst.beta(),
        b,
        diameter,
        Constants.norm(inst.theta()),
        promptCeiling(o, pop, wStar, diameter),
        split.leakage(pop),
        split.residual(pop),
        d0,
        Reals.nonNegative(Math.min(dz, Up.add(split.rangeNormUpper(e0), slack)), "Dperp"),
        Reals.nonNegative(
            kernelDim == 0 ? 0 : Math.min(dz, Up.add(split.kernelNormUpper(e0), slack)), "p"),
        Constants.smoothness(inst.beta(), inst.featureBound(), d0));
  }

  /**
   * The planning constants from a record of them (an audit's {@code planning.constants}): the
   * values are taken as they are, so they must have been computed as {@link #of(Instance)}
   * computes them.
   *
   * @param v the constants
   * @return the constants
   */
  public static PlanConstants of(Values v) {
    return new PlanConstants(v);
  }

  /**
   * Returns the constants.
   *
   * @return the values
   */
  public Values values() {
    return v;
  }

  /**
   * The planning constants of an instance with a finite population, started at {@code w_ref}.
   *
   * @param inst the instance
   * @return the constants
   * @throws IllegalArgumentException if the instance's population is generative (no population
   *     constants can be computed exactly)
   */
  public static PlanConstants of(Instance inst) {
    FiniteDistribution pop = inst.finiteDistribution();
    if (pop == null) {
      throw new IllegalArgumentException(
          "instance: planning needs a finite population (the constants are population sums)");
    }
    return new PlanConstants(compute(inst, pop));
  }

  /**
   * {@code Lambda1 = min(diam^2/4, max_x lambdaMaxUpper(Sigma_{w*}(x)))} over the prompts of the
   * support, rounded up: an upper bound of {@code lambda_max} of every per-prompt covariance at w*,
   * each read from its enclosure ({@link CovarianceEnclosure#lambdaMaxUpper}: Gershgorin's bound
   * plus the radius), so that it bounds the exact matrix, not its rounded assembly.
   */
  private static @NonNegativeReal double promptCeiling(
      Objective o, FiniteDistribution pop, double[] wStar, double diam) {
    double worst = 0;
    int m = pop.prompts().size();
    for (int i = 0; i < m; i++) {
      if (pop.weight(i) > 0) {
        Sample one = Sample.ofIndices(pop, new int[] {i});
        worst = Math.max(worst, CovarianceEnclosure.of(one, wStar, 1).lambdaMaxUpper());
      }
    }
    return Reals.nonNegative(Math.min(Up.div(Up.mul(diam, diam), 4), worst), "Lambda1");
  }

  /**
   * The matrix-Chernoff lower bound of the sample's coverage on the population's covered part R
   * (proofs/PLAN.md, step 1; Tropp 2012, Theorem 1.1, lower tail, with {@code e^{-t}/(1 -
   * t)^{1-t} <= e^{-t^2/2}}): with probability {@code >= 1 - delta_c} over an iid sample of size
   * n, {@code lambda_min(P_R Sigma_S(w*) P_R on R) >= (1 - t) kappa_D^+}, where {@code t =
   * sqrt(2 Lambda1' ln(r / delta_c) / (n kappa_D^+))}, {@code r = dim R} and {@code Lambda1' =
   * Lambda1 (1 + gram)} bounds {@code lambda_max} of each restricted summand. The value is
   * rounded down; 0 when {@code t >= 1} (no positive bound at this n) or when the population's
   * kappa+ is not certified.
   *
   * @param n the sample size, {@code >= 1}
   * @param deltaC the failure probability of the coverage event, in (0, 1)
   * @return the lower bound, 0 when there is none
   * @throws IllegalArgumentException if {@code n < 1} or {@code deltaC} is NaN or out of (0, 1)
   */
  @Theorem("PLAN")
  public @NonNegativeReal double coverageLower(int n, @PositiveProbability double deltaC) {
    Reals.positiveProbability(deltaC, "deltaC");
    if (n < 1) {
      throw new IllegalArgumentException("n: sample size must be >= 1, got " + n);
    }
    Double k = v.kappaPopulation();
    if (k == null || v.rank() == 0) {
      return 0;
    }
    double t = deflation(n, deltaC, k);
    if (!(t < 1)) {
      return 0;
    }
    return Reals.nonNegative(Math.max(0, Down.mul(Down.sub(1, t), k)), "kappaLower");
  }

  /** {@code t = sqrt(2 Lambda1 ln(r / delta_c) / (n kappa))}, rounded up. */
  private double deflation(int n, double deltaC, double kappa) {
    double lg = Up.log(Up.div(v.rank(), deltaC));
    return Up.sqrt(Up.div(Up.mul(2, Up.mul(v.promptCeiling(), lg)), Down.mul(n, kappa)));
  }

  /**
   * The Chernoff deflation {@code t} at n (for reports), or NaN without a certified population
   * coverage.
   *
   * @param n the sample size
   * @param deltaC the coverage failure probability
   * @return t, rounded up
   */
  public double deflationAt(int n, double deltaC) {
    Double k = v.kappaPopulation();
    return k == null || v.rank() == 0 ? Double.NaN : deflation(n, deltaC, k);
  }

  /**
   * The bound inputs of a plan at sample size n: the population constants, with {@code kappa+}
   * replaced by {@code kappaLower} (none when 0).
   *
   * @param n the sample size
   * @param deltaH the failure probability given to the bound's own high-probability step
   * @param kappaLower the coverage lower bound of {@link #coverageLower}, or 0
   * @return the inputs
   * @throws IllegalArgumentException if {@code n < 1} or {@code deltaH} is out of (0, 1)
   */
  @Theorem("PLAN")
  public BoundInputs inputsAt(
      int n, @PositiveProbability double deltaH, @NonNegativeReal double kappaLower) {
    Reals.positiveProbability(deltaH, "deltaH");
    Reals.nonNegative(kappaLower, "kappaLower");
    BoundInputs.Builder b =
        BoundInputs.builder(v.beta(), v.bound(), v.diameter(), v.thetaNorm(), n, deltaH, v.dim());
    b.coverage(
        v.kernelDim(), v.rank() > 0 && kappaLower > 0 ? kappaLower : null, true, v.promptCeiling());
    b.leakage(v.leakage());
    b.start(v.d0(), v.dPerp(), v.pKernel());
    b.residual(v.residual());
    return b.build();
  }

  /**
   * The population constants as bound inputs (n = 1, delta = 1/2, kappa+ the population's own):
   * beta, B, diam, ||theta*||, d, the split's kernel dimension, leakage and residual, and the
   * start's D0, D_perp and p.
   *
   * @return the inputs
   */
  public BoundInputs population() {
    Double k = v.kappaPopulation();
    return inputsAt(1, 0.5, k == null ? 0 : Reals.nonNegative(k, "kappa"));
  }

  /**
   * Whether a coverage event is needed (the population covers some direction).
   *
   * @return true when {@code dim R > 0}
   */
  public boolean needsCoverage() {
    return v.rank() > 0;
  }

  /**
   * Returns the population's certified kappa+ on R, or null.
   *
   * @return kappa_D^+
   */
  public @Nullable Double kappaPopulation() {
    return v.kappaPopulation();
  }

  /**
   * Returns why kappa_D^+ is what it is.
   *
   * @return a sentence
   */
  public String kappaDetail() {
    return v.kappaDetail();
  }

  /**
   * Returns {@code Lambda1}.
   *
   * @return the per-prompt ceiling
   */
  public @NonNegativeReal double promptCeiling() {
    return v.promptCeiling();
  }

  /**
   * Returns M, the number of prompts.
   *
   * @return M
   */
  public int prompts() {
    return v.prompts();
  }

  /**
   * Returns r = dim R.
   *
   * @return the rank of the population split
   */
  public int rank() {
    return v.rank();
  }

  /**
   * The default smoothness {@code L(D0) = beta B^2 (1 + 2 B D0)} with the declared B: GA's step is
   * {@code 1/L}, SGA's {@code 1/(2 L sqrt t)}, as {@code train} runs them.
   *
   * @return L(D0)
   */
  public @PositiveReal double smoothness() {
    return v.smoothness();
  }
}
