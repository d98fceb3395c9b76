package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * The constants of one instance, sample and start point that the theorems of {@link
 * TheoremRegistry} are evaluated from (notation of proofs/MODEL.md#notation and proofs/LEMMA-K.md), measured
 * once. {@link Bounds#inputs} computes them from an instance with {@link Constants}; tests build
 * them directly, so that every theorem's formula can be re-evaluated from exactly the same
 * numbers.
 *
 * <ul>
 *   <li>{@code beta}, {@code B} (bound on the feature norms of the population), {@code diam}
 *       (feature diameter of the population, {@code <= 2B}), {@code ||theta*||}, {@code n}, {@code
 *       delta}, {@code d};
 *   <li>coverage of the sample at w*: {@code kernelDim = dim N_S}, {@code kappa+} (null when
 *       nothing is covered), whether it is certified, an upper bound of {@code lambda_max};
 *   <li>the start: {@code D0 = ||w0 - w*||}, {@code D_perp = ||P_{N^perp}(w0 - w*)||}, {@code p =
 *       ||P_N (w0 - w*)||};
 *   <li>{@code eps_n(S)} (null when it cannot be computed exactly, i.e. for a generative
 *       population), the initial sample suboptimality {@code Delta0 = F_S(w*) - F_S(w0)};
 *   <li>{@code kappa_u}, the uniform per-prompt coverage of the population (0 when unknown), and
 *       the rank r of the population's difference span (d when unknown).
 * </ul>
 *
 * <p>Thread-safe: immutable.
 *
 * @param n the sample size
 * @param dim d
 * @param delta the failure probability, in (0, 1)
 * @param beta the KL weight
 * @param bound the feature bound B
 * @param diameter the feature diameter ({@code <= 2B})
 * @param thetaNorm {@code ||theta*||}
 * @param kernelDim {@code dim N_S}
 * @param kappaPlus kappa+ (null when nothing is covered)
 * @param kappaCertified whether kappa+ is a certified lower bound
 * @param lambdaMaxUpper an upper bound of {@code lambda_max(Sigma_S(w*))}
 * @param d0 {@code D0 = ||w0 - w*||}
 * @param dPerp {@code D_perp = ||P_{N^perp}(w0 - w*)||}
 * @param pKernel {@code p = ||P_N (w0 - w*)||}
 * @param epsN eps_n(S), or null
 * @param initialGap {@code Delta0 = F_S(w*) - F_S(w0)}, or null when unknown (the theorems then
 *     use its bound {@code beta diam^2 D_perp^2 / 8})
 * @param optimalValueVariance an upper bound on the sample variance of {@code f(w*; x_i)}, or null
 *     when it was not computed (T-HP-EB is then not applicable)
 * @param optimalValueRange an upper bound on the range {@code R_f = max_x f(w*; x) - min_x f(w*;
 *     x)} over the support of a known finite population, or null when the population is not
 *     finite (the middle terms then use the range {@code 2 B ||theta*||})
 * @param populationVariance an upper bound on the variance {@code Var_D f(w*; x)} of a known
 *     finite population, or null (the middle terms then use no variance)
 * @param kappaUniform kappa_u (0 when unknown)
 * @param rank the rank of the population difference span (d when unknown)
 * @param leakage the sample leakage {@code mu} (0 for an exact kernel)
 * @param roundingModel whether the rounding model of the learners' runs is on
 * @param wStarNorm {@code ||w*||} (0 without the rounding model)
 * @param gradientTolerance the tolerance of a computed gradient norm (0 without the rounding
 *     model)
 * @param residualRange the bound on {@code ||P_R(w_res - w*)||} of the residual point
 * @param residualKernel the bound on {@code ||P_U(w_res - w*)||} of the residual point ({@code p}
 *     by default)
 * @param populationLambdaMax an upper bound of {@code lambda_max(Sigma_D(w*))} for a known finite
 *     population, or null (T-GA-ADAPT's excess then uses only {@code diam^2 / 8})
 * @param curvatureProfile certified lower bounds of the sample's curvature at radii around w*,
 *     prompt by prompt (T-GA-ADAPT), or null (the theorems then use {@code e^{-diam D} kappa+})
 */
public record BoundInputs(
    int n,
    int dim,
    @PositiveProbability double delta,
    @PositiveReal double beta,
    @PositiveReal double bound,
    @NonNegativeReal double diameter,
    @NonNegativeReal double thetaNorm,
    int kernelDim,
    @Nullable Double kappaPlus,
    boolean kappaCertified,
    @NonNegativeReal double lambdaMaxUpper,
    @NonNegativeReal double d0,
    @NonNegativeReal double dPerp,
    @NonNegativeReal double pKernel,
    @Nullable Double epsN,
    @Nullable Double initialGap,
    @Nullable Double optimalValueVariance,
    @Nullable Double optimalValueRange,
    @Nullable Double populationVariance,
    @NonNegativeReal double kappaUniform,
    int rank,
    @NonNegativeReal double leakage,
    boolean roundingModel,
    @NonNegativeReal double wStarNorm,
    @NonNegativeReal double gradientTolerance,
    @NonNegativeReal double residualRange,
    @NonNegativeReal double residualKernel,
    @Nullable Double populationLambdaMax,
    @Nullable CurvatureProfile curvatureProfile) {

  /**
   * Checks the inputs; {@link #builder} is the usual way to make them.
   *
   * @throws IllegalArgumentException if a real is NaN, infinite or out of its range, {@code n < 1},
   *     {@code d < 1}, {@code delta >= 1}, {@code kernelDim} or {@code rank} is outside {@code [0,
   *     d]}, or {@code kappaPlus} is not positive
   */
  public BoundInputs {
    if (n < 1) {
      throw new IllegalArgumentException("n: sample size must be >= 1, got " + n);
    }
    if (dim < 1) {
      throw new IllegalArgumentException("d: dimension must be >= 1, got " + dim);
    }
    if (!(delta < 1)) {
      throw new IllegalArgumentException("delta must lie in (0, 1), got " + delta);
    }
    if (kernelDim < 0 || kernelDim > dim || rank < 0 || rank > dim
        || (kappaPlus != null && !(kappaPlus > 0)) || (curvatureProfile != null
            && (kappaPlus == null || (curvatureProfile.secondOrder() && leakage > 0)))) {
      throw new IllegalArgumentException(
          "bound inputs out of range: d = " + dim + ", kernelDim = " + kernelDim + ", rank = "
              + rank + ", kappaPlus = " + kappaPlus
              + (curvatureProfile != null
                  ? " (a curvature profile needs kappaPlus, and second-order bounds need leakage"
                      + " 0, got " + leakage + ")" : ""));
    }
    Reals.positive(beta, "beta");
    Reals.positive(bound, "bound");
    Reals.nonNegative(diameter, "diameter");
    Reals.nonNegative(thetaNorm, "thetaNorm");
    Reals.positiveProbability(delta, "delta");
    Reals.nonNegative(lambdaMaxUpper, "lambdaMaxUpper");
    Reals.nonNegative(kappaUniform, "kappaUniform");
    Reals.nonNegative(leakage, "leakage");
    Reals.nonNegative(d0, "d0");
    Reals.nonNegative(dPerp, "dPerp");
    Reals.nonNegative(pKernel, "pKernel");
    Reals.nonNegative(wStarNorm, "wStarNorm");
    Reals.nonNegative(gradientTolerance, "gradientTolerance");
    Reals.nonNegative(residualRange, "residualRange");
    Reals.nonNegative(residualKernel, "residualKernel");
    for (Double v : new Double[] {epsN, initialGap, optimalValueVariance, optimalValueRange,
        populationVariance, populationLambdaMax}) {
      if (v != null) {
        Reals.nonNegative(v, "epsN, Delta0 or the optimal value's variance or range");
      }
    }
  }

  /**
   * Starts a builder with the scale constants.
   *
   * @param beta KL weight
   * @param bound feature bound B
   * @param diameter feature diameter ({@code <= 2B})
   * @param thetaNorm ||theta*||
   * @param n sample size
   * @param delta failure probability in (0, 1)
   * @param dim d
   * @return the builder
   * @throws IllegalArgumentException if {@code beta} or {@code bound} or {@code diameter} or {@code
   *     thetaNorm} or {@code delta} is NaN, infinite or out of its range
   */
  public static Builder builder(
      @PositiveReal double beta,
      @PositiveReal double bound,
      @NonNegativeReal double diameter,
      @NonNegativeReal double thetaNorm,
      int n,
      @PositiveProbability double delta,
      int dim) {
    Reals.nonNegative(diameter, "diameter");
    @NonNegativeReal double lambda =
        Reals.nonNegative(Up.div(Up.mul(diameter, diameter), 4), "diam^2 / 4");
    // the scale constants with nothing else known; the record's constructor checks them
    return new Builder(
        new BoundInputs(n, dim, delta, beta, bound, diameter, thetaNorm, dim, null, false, lambda,
            0, 0, 0, null, null, null, null, null, 0, dim, 0, false, 0, 0, 0, 0, null, null));
  }

  /** Builder of {@link BoundInputs}; coverage and start default to "nothing known". */
  public static final class Builder {
    private final BoundInputs scale;
    private final int dim;
    private int kernelDim;
    private @Nullable Double kappaPlus;
    private boolean kappaCertified;
    private @NonNegativeReal double lambdaMaxUpper;
    private @NonNegativeReal double d0;
    private @NonNegativeReal double dPerp;
    private @NonNegativeReal double pKernel;
    private @Nullable Double epsN;
    private @Nullable Double initialGap;
    private @Nullable Double optimalValueVariance;
    private @Nullable Double optimalValueRange;
    private @Nullable Double populationVariance;
    private @NonNegativeReal double kappaUniform;
    private int rank;
    private @NonNegativeReal double leakage;
    private boolean roundingModel;
    private @NonNegativeReal double wStarNorm;
    private @NonNegativeReal double gradientTolerance;
    private @NonNegativeReal double residualRange;
    private @NonNegativeReal double residualKernel;
    private boolean residualPointSet;
    private @Nullable CurvatureProfile curvatureProfile;
    private @Nullable Double populationLambdaMax;

    private Builder(BoundInputs scale) {
      this.scale = scale;
      this.dim = scale.dim();
      this.kernelDim = dim;
      this.rank = dim;
      this.lambdaMaxUpper = scale.lambdaMaxUpper();
    }

    /**
     * Sets the coverage of the sample at w*.
     *
     * @param kernelDim dim N_S
     * @param kappaPlus smallest positive eigenvalue (certified or as computed), null if none
     * @param certified whether kappaPlus is a certified lower bound
     * @param lambdaMaxUpper an upper bound of lambda_max(Sigma_S(w*))
     * @return this
     * @throws IllegalArgumentException if {@code lambdaMaxUpper} is NaN, infinite or out of its
     *     range
     */
    public Builder coverage(
        int kernelDim,
        @Nullable Double kappaPlus,
        boolean certified,
        @NonNegativeReal double lambdaMaxUpper) {
      Reals.nonNegative(lambdaMaxUpper, "lambdaMaxUpper");
      if (kernelDim < 0 || kernelDim > dim) {
        throw new IllegalArgumentException("kernelDim must lie in [0, " + dim + "], got " + kernelDim);
      }
      if (kappaPlus != null) {
        Reals.positive(kappaPlus, "kappaPlus");
      }
      this.kernelDim = kernelDim;
      this.kappaPlus = kappaPlus;
      this.kappaCertified = certified;
      this.lambdaMaxUpper = lambdaMaxUpper;
      return this;
    }

    /**
     * Sets the start point's distances.
     *
     * @param d0 ||w0 - w*||
     * @param dPerp ||P_{N^perp}(w0 - w*)||
     * @param pKernel ||P_N(w0 - w*)||
     * @return this
     * @throws IllegalArgumentException if {@code d0} or {@code dPerp} or {@code pKernel} is NaN,
     *     infinite or out of its range
     */
    public Builder start(
        @NonNegativeReal double d0, @NonNegativeReal double dPerp, @NonNegativeReal double pKernel) {
      Reals.nonNegative(d0, "d0");
      Reals.nonNegative(dPerp, "dPerp");
      Reals.nonNegative(pKernel, "pKernel");
      this.d0 = d0;
      this.dPerp = dPerp;
      this.pKernel = pKernel;
      return this;
    }

    /**
     * Sets the residual eps_n(S) (null when unknown).
     *
     * @param epsN the residual
     * @return this
     */
    public Builder residual(@Nullable Double epsN) {
      if (epsN != null) {
        Reals.nonNegative(epsN, "epsN");
      }
      this.epsN = epsN;
      return this;
    }

    /**
     * Sets the initial sample suboptimality {@code F_S(w*) - F_S(w0)}.
     *
     * @param gap Delta0
     * @return this
     * @throws IllegalArgumentException if {@code gap} is NaN, infinite or out of its range
     */
    public Builder initialGap(@NonNegativeReal double gap) {
      Reals.nonNegative(gap, "gap");
      this.initialGap = Double.valueOf(gap);
      return this;
    }

    /**
     * Sets an upper bound on the sample variance {@code V_n = (1/(n(n-1))) sum_{i<j} (Y_i -
     * Y_j)^2} of {@code Y_i = f(w*; x_i)} over the sample (T-HP-EB), including the rounding of the
     * computed values.
     *
     * @param variance the upper bound
     * @return this
     * @throws IllegalArgumentException if {@code variance} is NaN, infinite or negative
     */
    public Builder optimalValueVariance(@NonNegativeReal double variance) {
      Reals.nonNegative(variance, "variance");
      this.optimalValueVariance = Double.valueOf(variance);
      return this;
    }

    /**
     * Sets an upper bound on the range {@code R_f = max_x f(w*; x) - min_x f(w*; x)} over the
     * support of the known finite population (LEMMA-K item 5), including the rounding of the
     * computed values; a constant of the population, not of the sample.
     *
     * @param range the upper bound
     * @return this
     * @throws IllegalArgumentException if {@code range} is NaN, infinite or negative
     */
    public Builder optimalValueRange(@NonNegativeReal double range) {
      Reals.nonNegative(range, "range");
      this.optimalValueRange = Double.valueOf(range);
      return this;
    }

    /**
     * Sets an upper bound on the variance {@code Var_D f(w*; x)} of the known finite population
     * (LEMMA-K item 5, Bernstein), including the rounding of the computed values; a constant of
     * the population, not of the sample.
     *
     * @param variance the upper bound
     * @return this
     * @throws IllegalArgumentException if {@code variance} is NaN, infinite or negative
     */
    public Builder populationVariance(@NonNegativeReal double variance) {
      Reals.nonNegative(variance, "variance");
      this.populationVariance = Double.valueOf(variance);
      return this;
    }

    /**
     * Sets the population constants for the stability theorems and the residual's expectation.
     *
     * @param kappaUniform certified uniform per-prompt coverage (0 when unknown)
     * @param rank dimension of the population difference span (d when unknown)
     * @return this
     * @throws IllegalArgumentException if {@code kappaUniform} is NaN, infinite or out of its range
     */
    public Builder population(@NonNegativeReal double kappaUniform, int rank) {
      Reals.nonNegative(kappaUniform, "kappaUniform");
      if (rank < 0 || rank > dim) {
        throw new IllegalArgumentException("rank must lie in [0, " + dim + "], got " + rank);
      }
      this.kappaUniform = kappaUniform;
      this.rank = rank;
      return this;
    }

    /**
     * Sets the sample leakage {@code mu} of the split (proofs/LEMMA-K.md; 0, the default, when the
     * uncovered part is the exact kernel).
     *
     * @param mu the leakage, rounded up
     * @return this
     */
    public Builder leakage(@NonNegativeReal double mu) {
      this.leakage = Reals.nonNegative(mu, "mu");
      return this;
    }

    /**
     * Turns on the rounding model of the learners' floating-point runs (proofs/LEMMA-DRIFT.md):
     * {@code ||w*||} and the tolerance of a computed gradient norm at radius {@code 2 D0 + 1}.
     * Without it (the default) the theorems are evaluated for exact arithmetic.
     *
     * @param wStarNorm ||w*||
     * @param gradientTolerance the gradient tolerance
     * @return this
     * @throws IllegalArgumentException if {@code wStarNorm} or {@code gradientTolerance} is NaN,
     *     infinite or out of its range
     */
    public Builder rounding(
        @NonNegativeReal double wStarNorm, @NonNegativeReal double gradientTolerance) {
      Reals.nonNegative(wStarNorm, "wStarNorm");
      Reals.nonNegative(gradientTolerance, "gradientTolerance");
      this.roundingModel = true;
      this.wStarNorm = Reals.nonNegative(wStarNorm, "||w*||");
      this.gradientTolerance = Reals.nonNegative(gradientTolerance, "gradient tolerance");
      return this;
    }

    /**
     * Sets the radii of the residual point {@code w_res = w* + P_U e0} as computed: upper bounds of
     * {@code ||P_R(w_res - w*)||} and {@code ||P_U(w_res - w*)||} (T-RES). Without it T-RES uses
     * {@code 0} and {@code p}.
     *
     * @param range the covered radius
     * @param kernel the uncovered radius
     * @return this
     * @throws IllegalArgumentException if {@code range} or {@code kernel} is NaN, infinite or out
     *     of its range
     */
    public Builder residualPoint(@NonNegativeReal double range, @NonNegativeReal double kernel) {
      Reals.nonNegative(range, "range");
      Reals.nonNegative(kernel, "kernel");
      this.residualRange = Reals.nonNegative(range, "residual range radius");
      this.residualKernel = Reals.nonNegative(kernel, "residual kernel radius");
      this.residualPointSet = true;
      return this;
    }

    /**
     * Sets an upper bound of {@code lambda_max(Sigma_D(w*))} of a known finite population.
     *
     * @param lambdaMax the bound
     * @return this
     * @throws IllegalArgumentException if {@code lambdaMax} is NaN, infinite or negative
     */
    public Builder populationLambdaMax(@NonNegativeReal double lambdaMax) {
      this.populationLambdaMax = Reals.nonNegative(lambdaMax, "lambdaMax");
      return this;
    }

    /**
     * Sets the curvature profile (T-GA-ADAPT); it needs {@code kappa+} ({@link #coverage}).
     *
     * @param profile the profile, or null for none
     * @return this
     */
    public Builder curvatureProfile(@Nullable CurvatureProfile profile) {
      this.curvatureProfile = profile;
      return this;
    }

    /**
     * Builds the inputs.
     *
     * @return the inputs
     */
    public BoundInputs build() {
      if (!residualPointSet) {
        residualKernel = pKernel;
      }
      BoundInputs c = scale;
      return new BoundInputs(c.n(), dim, c.delta(), c.beta(), c.bound(), c.diameter(),
          c.thetaNorm(), kernelDim, kappaPlus,
          kappaCertified, lambdaMaxUpper, d0, dPerp, pKernel, epsN, initialGap,
          optimalValueVariance, optimalValueRange, populationVariance, kappaUniform, rank, leakage, roundingModel, wStarNorm,
          gradientTolerance, residualRange, residualKernel, populationLambdaMax,
          curvatureProfile);
    }
  }

  @Override
  public String toString() {
    return "BoundInputs{beta=" + beta + ", B=" + bound + ", diam=" + diameter + ", |theta|="
        + thetaNorm + ", n=" + n + ", delta=" + delta + ", d=" + dim + ", kernelDim=" + kernelDim
        + ", kappaPlus=" + kappaPlus + (kappaCertified ? " (certified)" : "") + ", lambdaMaxUpper="
        + lambdaMaxUpper + ", D0=" + d0 + ", Dperp=" + dPerp + ", p=" + pKernel + ", epsN=" + epsN
        + ", Delta0=" + initialGap
        + (optimalValueRange != null ? ", Rf=" + optimalValueRange : "")
        + (populationVariance != null ? ", varF=" + populationVariance : "") + ", kappaU="
        + kappaUniform + ", rank=" + rank + ", mu=" + leakage
        + (roundingModel ? ", |w*|=" + wStarNorm + ", tol=" + gradientTolerance : "")
        + (populationLambdaMax != null ? ", lambdaMaxD=" + populationLambdaMax : "")
        + (curvatureProfile != null ? ", profile=" + curvatureProfile.points() + " points" : "")
        + "}";
  }
}
