package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.bounds.rounding.Up;
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
 */
public final class BoundInputs {
  private final @PositiveReal double beta;
  private final @PositiveReal double bound;
  private final @NonNegativeReal double diameter;
  private final @NonNegativeReal double thetaNorm;
  private final int n;
  private final @PositiveProbability double delta;
  private final int dim;
  private final int kernelDim;
  private final @Nullable Double kappaPlus;
  private final boolean kappaCertified;
  private final @NonNegativeReal double lambdaMaxUpper;
  private final @NonNegativeReal double d0;
  private final @NonNegativeReal double dPerp;
  private final @NonNegativeReal double pKernel;
  private final @Nullable Double epsN;
  private final @Nullable Double initialGap;
  private final @Nullable Double optimalValueVariance;
  private final @NonNegativeReal double kappaUniform;
  private final int rank;
  private final @NonNegativeReal double leakage;
  private final boolean roundingModel;
  private final @NonNegativeReal double wStarNorm;
  private final @NonNegativeReal double gradientTolerance;
  private final @NonNegativeReal double residualRange;
  private final @NonNegativeReal double residualKernel;

  private BoundInputs(Builder b) {
    this.beta = b.beta;
    this.bound = b.bound;
    this.diameter = b.diameter;
    this.thetaNorm = b.thetaNorm;
    this.n = b.n;
    this.delta = b.delta;
    this.dim = b.dim;
    this.kernelDim = b.kernelDim;
    this.kappaPlus = b.kappaPlus;
    this.kappaCertified = b.kappaCertified;
    this.lambdaMaxUpper = b.lambdaMaxUpper;
    this.d0 = b.d0;
    this.dPerp = b.dPerp;
    this.pKernel = b.pKernel;
    this.epsN = b.epsN;
    this.initialGap = b.initialGap;
    this.optimalValueVariance = b.optimalValueVariance;
    this.kappaUniform = b.kappaUniform;
    this.rank = b.rank;
    this.leakage = b.leakage;
    this.roundingModel = b.roundingModel;
    this.wStarNorm = b.wStarNorm;
    this.gradientTolerance = b.gradientTolerance;
    this.residualRange = b.residualRange;
    this.residualKernel = b.residualKernel;
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
    Reals.positive(beta, "beta");
    Reals.positive(bound, "bound");
    Reals.nonNegative(diameter, "diameter");
    Reals.nonNegative(thetaNorm, "thetaNorm");
    Reals.positiveProbability(delta, "delta");
    return new Builder(beta, bound, diameter, thetaNorm, n, delta, dim);
  }

  /** Builder of {@link BoundInputs}; coverage and start default to "nothing known". */
  public static final class Builder {
    private final @PositiveReal double beta;
    private final @PositiveReal double bound;
    private final @NonNegativeReal double diameter;
    private final @NonNegativeReal double thetaNorm;
    private final int n;
    private final @PositiveProbability double delta;
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
    private @NonNegativeReal double kappaUniform;
    private int rank;
    private @NonNegativeReal double leakage;
    private boolean roundingModel;
    private @NonNegativeReal double wStarNorm;
    private @NonNegativeReal double gradientTolerance;
    private @NonNegativeReal double residualRange;
    private @NonNegativeReal double residualKernel;
    private boolean residualPointSet;

    private Builder(
        @PositiveReal double beta,
        @PositiveReal double bound,
        @NonNegativeReal double diameter,
        @NonNegativeReal double thetaNorm,
        int n,
        @PositiveProbability double delta,
        int dim) {
      if (n < 1) {
        throw new IllegalArgumentException("n: sample size must be >= 1, got " + n);
      }
      if (dim < 1) {
        throw new IllegalArgumentException("d: dimension must be >= 1, got " + dim);
      }
      if (!(delta < 1)) {
        throw new IllegalArgumentException("delta must lie in (0, 1), got " + delta);
      }
      this.beta = beta;
      this.bound = bound;
      this.diameter = diameter;
      this.thetaNorm = thetaNorm;
      this.n = n;
      this.delta = delta;
      this.dim = dim;
      this.kernelDim = dim;
      this.rank = dim;
      this.lambdaMaxUpper =
          Reals.nonNegative(Up.div(Up.mul(diameter, diameter), 4), "diam^2 / 4");
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
     * Builds the inputs.
     *
     * @return the inputs
     */
    public BoundInputs build() {
      if (!residualPointSet) {
        residualKernel = pKernel;
      }
      return new BoundInputs(this);
    }
  }

  /**
   * Returns beta.
   *
   * @return beta
   */
  public @PositiveReal double beta() {
    return beta;
  }

  /**
   * Returns the feature bound B.
   *
   * @return B
   */
  public @PositiveReal double bound() {
    return bound;
  }

  /**
   * Returns the feature diameter.
   *
   * @return diam
   */
  public @NonNegativeReal double diameter() {
    return diameter;
  }

  /**
   * Returns ||theta*||.
   *
   * @return the norm
   */
  public @NonNegativeReal double thetaNorm() {
    return thetaNorm;
  }

  /**
   * Returns n.
   *
   * @return the sample size
   */
  public int n() {
    return n;
  }

  /**
   * Returns delta.
   *
   * @return delta
   */
  public @PositiveProbability double delta() {
    return delta;
  }

  /**
   * Returns d.
   *
   * @return the dimension
   */
  public int dim() {
    return dim;
  }

  /**
   * Returns dim N_S.
   *
   * @return the kernel dimension
   */
  public int kernelDim() {
    return kernelDim;
  }

  /**
   * Returns kappa+ (null when nothing is covered).
   *
   * @return kappa+
   */
  public @Nullable Double kappaPlus() {
    return kappaPlus;
  }

  /**
   * Returns whether kappa+ is certified.
   *
   * @return the flag
   */
  public boolean kappaCertified() {
    return kappaCertified;
  }

  /**
   * Returns the upper bound of lambda_max(Sigma_S(w*)).
   *
   * @return the bound
   */
  public @NonNegativeReal double lambdaMaxUpper() {
    return lambdaMaxUpper;
  }

  /**
   * Returns D0.
   *
   * @return D0
   */
  public @NonNegativeReal double d0() {
    return d0;
  }

  /**
   * Returns D_perp.
   *
   * @return D_perp
   */
  public @NonNegativeReal double dPerp() {
    return dPerp;
  }

  /**
   * Returns p = ||P_N e0||.
   *
   * @return p
   */
  public @NonNegativeReal double pKernel() {
    return pKernel;
  }

  /**
   * Returns eps_n(S), or null.
   *
   * @return eps_n
   */
  public @Nullable Double epsN() {
    return epsN;
  }

  /**
   * Returns Delta0 = F_S(w*) - F_S(w0), or null when unknown (the theorems then use its bound
   * {@code beta diam^2 D_perp^2 / 8}).
   *
   * @return Delta0, or null
   */
  public @Nullable Double initialGap() {
    return initialGap;
  }

  /**
   * Returns an upper bound on the sample variance of {@code f(w*; x_i)} over the sample, or null
   * when it was not computed (T-HP-EB is then not applicable).
   *
   * @return the bound, or null
   */
  public @Nullable Double optimalValueVariance() {
    return optimalValueVariance;
  }

  /**
   * Returns kappa_u.
   *
   * @return kappa_u
   */
  public @NonNegativeReal double kappaUniform() {
    return kappaUniform;
  }

  /**
   * Returns the rank of the population difference span.
   *
   * @return r
   */
  public int rank() {
    return rank;
  }

  /**
   * Returns the sample leakage {@code mu} (0 for an exact kernel).
   *
   * @return mu
   */
  public @NonNegativeReal double leakage() {
    return leakage;
  }

  /**
   * Returns whether the rounding model of the learners' runs is on.
   *
   * @return the flag
   */
  public boolean roundingModel() {
    return roundingModel;
  }

  /**
   * Returns ||w*|| (0 without the rounding model).
   *
   * @return the norm
   */
  public @NonNegativeReal double wStarNorm() {
    return wStarNorm;
  }

  /**
   * Returns the tolerance of a computed gradient norm (0 without the rounding model).
   *
   * @return tol
   */
  public @NonNegativeReal double gradientTolerance() {
    return gradientTolerance;
  }

  /**
   * Returns the bound on {@code ||P_R(w_res - w*)||} of the residual point.
   *
   * @return the covered radius
   */
  public @NonNegativeReal double residualRange() {
    return residualRange;
  }

  /**
   * Returns the bound on {@code ||P_U(w_res - w*)||} of the residual point ({@code p} by default).
   *
   * @return the uncovered radius
   */
  public @NonNegativeReal double residualKernel() {
    return residualKernel;
  }

  @Override
  public String toString() {
    return "BoundInputs{beta=" + beta + ", B=" + bound + ", diam=" + diameter + ", |theta|="
        + thetaNorm + ", n=" + n + ", delta=" + delta + ", d=" + dim + ", kernelDim=" + kernelDim
        + ", kappaPlus=" + kappaPlus + (kappaCertified ? " (certified)" : "") + ", lambdaMaxUpper="
        + lambdaMaxUpper + ", D0=" + d0 + ", Dperp=" + dPerp + ", p=" + pKernel + ", epsN=" + epsN
        + ", Delta0=" + initialGap + ", kappaU=" + kappaUniform + ", rank=" + rank + ", mu=" + leakage
        + (roundingModel ? ", |w*|=" + wStarNorm + ", tol=" + gradientTolerance : "") + "}";
  }
}
