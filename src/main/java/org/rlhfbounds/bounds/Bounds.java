package org.rlhfbounds.bounds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The facade: given an instance, a sample, the algorithm that was run (GA or SGA, T steps, delta,
 * w0, the step) and the quantities measured at its selected iterate, measures the inputs once
 * ({@link BoundInputs}, {@link BoundContext}) and applies every theorem of {@link TheoremRegistry},
 * returning the list of {@link BoundResult}s with {@code measured} and {@code ratio} filled in;
 * {@link #toJson} gives the {@code theorems} list of a report.
 *
 * <p>The constants come from {@link #inputs}: for a finite population they are exact (B, the
 * diameter, eps_n, the uniform coverage and the difference rank are computed over the support);
 * for a generative population B is the declared bound, the diameter {@code 2B}, and eps_n, kappa_u
 * and the rank are unknown (theorems that need them are not applicable or use their worst case).
 *
 * <p>Not thread-safe only in that it creates an {@link Objective} per call; calls are independent.
 */
public final class Bounds {
  private Bounds() {}

  /** What was run: algorithm, T, delta, w0 and the step (eta for GA, L for SGA). */
  public static final class Run {
    private final Algorithm algorithm;
    private final int steps;
    private final @PositiveProbability double delta;
    private final double[] w0;
    private final @Nullable Double step;

    private Run(
        Algorithm algorithm,
        int steps,
        @PositiveProbability double delta,
        double[] w0,
        @Nullable Double step) {
      if (steps < 0) {
        throw new IllegalArgumentException("T: number of steps must be >= 0, got " + steps);
      }
      if (!(delta < 1)) {
        throw new IllegalArgumentException("delta must lie in (0, 1), got " + delta);
      }
      if (step != null) {
        Reals.positive(step, algorithm == Algorithm.GA ? "eta" : "L");
      }
      this.algorithm = algorithm;
      this.steps = steps;
      this.delta = delta;
      this.w0 = Reals.finiteArray(w0.clone(), "w0");
      this.step = step;
    }

    /**
     * A gradient-ascent run.
     *
     * @param steps T
     * @param delta failure probability
     * @param w0 the start
     * @param eta the constant step, or null for {@code 1/L(D0)}
     * @return the run
     * @throws IllegalArgumentException if {@code delta} is NaN, infinite or out of its range
     */
    public static Run ga(
        int steps, @PositiveProbability double delta, double[] w0, @Nullable Double eta) {
      Reals.positiveProbability(delta, "delta");
      return new Run(Algorithm.GA, steps, delta, w0, eta);
    }

    /**
     * A stochastic-gradient-ascent run with {@code eta_t = 1/(2 L sqrt t)}.
     *
     * @param steps T
     * @param delta failure probability
     * @param w0 the start
     * @param smooth L, or null for {@code L(D0)}
     * @return the run
     * @throws IllegalArgumentException if {@code delta} is NaN, infinite or out of its range
     */
    public static Run sga(
        int steps, @PositiveProbability double delta, double[] w0, @Nullable Double smooth) {
      Reals.positiveProbability(delta, "delta");
      return new Run(Algorithm.SGA, steps, delta, w0, smooth);
    }

    /**
     * Returns the algorithm.
     *
     * @return GA or SGA
     */
    public Algorithm algorithm() {
      return algorithm;
    }

    /**
     * Returns T.
     *
     * @return the number of steps
     */
    public int steps() {
      return steps;
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
     * Returns a copy of w0.
     *
     * @return w0
     */
    public double[] w0() {
      return w0.clone();
    }

    /**
     * Returns the step given (eta for GA, L for SGA), or null for the default.
     *
     * @return the step
     */
    public @Nullable Double step() {
      return step;
    }
  }

  /**
   * Computes the constants of an instance, a sample and a start point (see {@link BoundInputs}).
   *
   * @param inst the instance
   * @param sample the sample S
   * @param w0 the start
   * @param delta failure probability in (0, 1)
   * @return the inputs
   * @throws IllegalArgumentException if {@code delta} is NaN, infinite or out of its range
   */
  public static BoundInputs inputs(
      Instance inst, Sample sample, double[] w0, @PositiveProbability double delta) {
    Reals.positiveProbability(delta, "delta");
    return prepare(inst, sample, inst.finiteDistribution(), w0, delta).inputs();
  }

  /** The inputs and the covered/uncovered split they were computed from. */
  private record Prepared(BoundInputs inputs, CoveredSubspace split) {}

  private static Prepared prepare(
      Instance inst,
      Sample sample,
      @Nullable FiniteDistribution pop,
      double[] w0,
      @PositiveProbability double delta) {
    Objective o = Objective.of(inst);
    double[] wStar = inst.wStar();
    int d = inst.dim();
    if (w0.length != d) {
      throw new IllegalArgumentException("w0: expected length d = " + d + ", got " + w0.length);
    }
    @PositiveReal double b = inst.featureBound();
    @NonNegativeReal double diam = Reals.nonNegative(Up.mul(2, b), "2B");
    if (pop != null) {
      double nb = Constants.maxFeatureNorm(pop.prompts());
      if (nb > 0) {
        b = Reals.positive(Math.min(b, nb), "B");
      }
      diam = Reals.nonNegative(Math.min(diam, Constants.featureDiameter(pop.prompts())), "diam");
    }
    BoundInputs.Builder bld =
        BoundInputs.builder(
            inst.beta(), b, diam, Constants.norm(inst.theta()), sample.size(), delta, d);
    CoveredSubspace split = CoveredSubspace.of(o, sample);
    // Sigma_S(w*) enclosed, so that kappa+ and lambda_max are certified for the exact matrix
    CovarianceEnclosure sigma = CovarianceEnclosure.of(sample, wStar, o.threads());
    CoveredSubspace.KappaPlus kp = split.kappaPlus(sigma);
    bld.coverage(split.kernelDim(), kp.value(), kp.certified(), sigma.lambdaMaxUpper());
    double leakage = split.leakage(sample);
    bld.leakage(leakage);
    double[] e0 = plus(w0, wStar, -1);
    // e0 is computed with a relative error of at most u per coordinate: widen by u ||e0||
    double slack = Up.mul(0x1p-52, Constants.norm(e0));
    double d0 = Up.add(Constants.distance(w0, wStar), slack);
    double dPerp = Math.min(d0, Up.add(split.rangeNormUpper(e0), slack));
    double p = split.kernelDim() == 0 ? 0 : Math.min(d0, Up.add(split.kernelNormUpper(e0), slack));
    bld.start(Reals.nonNegative(d0, "D0"), Reals.nonNegative(dPerp, "Dperp"),
        Reals.nonNegative(p, "p"));
    Double kappaPlus = kp.value();
    if (kp.certified() && kappaPlus != null) {
      // T-GA-ADAPT's curvature profile: each sampled prompt at its own diameter
      bld.curvatureProfile(CurvatureProfileCertifier.certify(o, sample, wStar, split, kappaPlus, dPerp,
          sigma, leakage));
    }
    bld.rounding(
        Reals.nonNegative(Constants.norm(wStar), "||w*||"),
        gradientTolerance(inst, pop, Reals.nonNegative(Up.add(Up.mul(2, d0), 1), "2 D0 + 1")));
    // the residual point w_res = w* + P_U e0 as computed, and its radii (T-RES)
    double[] eRes = plus(residualPoint(wStar, w0, split), wStar, -1);
    double resSlack = Up.mul(0x1p-52, Constants.norm(eRes));
    bld.residualPoint(
        Reals.nonNegative(Up.add(split.rangeNormUpper(eRes), resSlack), "rRes"),
        Reals.nonNegative(Up.add(split.kernelNormUpper(eRes), resSlack), "qRes"));
    if (pop != null) {
      bld.residual(split.residual(pop));
      // R_f: the range of f(w*; .) over the population's support, from certified enclosures
      double rf = Constants.optimalValueRange(inst, pop);
      if (Double.isFinite(rf)) { // else the middle terms use 2 B ||theta*||
        bld.optimalValueRange(Reals.nonNegative(rf, "R_f"));
      }
      double var = Constants.populationValueVariance(inst, pop);
      if (Double.isFinite(var)) { // else no Bernstein term
        bld.populationVariance(Reals.nonNegative(var, "Var_D f(w*; x)"));
      }
      bld.populationLambdaMax(CovarianceEnclosure.of(pop, wStar, o.threads()).lambdaMaxUpper());
      bld.population(Constants.uniformCoverage(o, pop, wStar),
          Constants.differenceRank(o, pop));
    }
    if (sample.size() >= 2) {
      double v =
          EmpiricalBernsteinTheorem.sampleVarianceUpper(
              MeasuredQuantities.values(inst, sample, wStar));
      if (Double.isFinite(v)) { // else T-HP-EB is not applicable
        bld.optimalValueVariance(Reals.nonNegative(v, "V_n"));
      }
    }
    double gap0 = MeasuredQuantities.sampleExcess(inst, sample, w0).hi();
    if (Double.isFinite(gap0)) { // else the theorems use its bound beta (diam D_perp + mu p)^2 / 8
      bld.initialGap(Reals.nonNegative(gap0, "Delta0"));
    }
    return new Prepared(bld.build(), split);
  }

  /**
   * The default step of a run: GA {@code eta = 1/L(D0)}, SGA {@code L = L(D0)}, {@code L(D0) =
   * beta B^2 (1 + 2 B D0)} with the instance's declared B.
   *
   * @param inst the instance
   * @param in the inputs
   * @param run the run
   * @return eta (GA) or L (SGA)
   */
  public static @PositiveReal double step(Instance inst, BoundInputs in, Run run) {
    Double s = run.step();
    if (s != null) {
      return Reals.positive(s, "step");
    }
    @PositiveReal double l = Constants.smoothness(inst.beta(), inst.featureBound(), in.d0());
    return run.algorithm() == Algorithm.GA ? Reals.positive(1.0 / l, "eta") : l;
  }

  /**
   * An a-priori tolerance for a gradient norm computed in floating point by {@link
   * Objective#gradient} at a point within {@code radius} of w*: each per-candidate term {@code g_a =
   * r*(a) - beta (log pi_w(a) - log pi_ref(a))} carries an error of about {@code (d + K + 4) 2^-53}
   * times the size of the rewards and logits, {@code B ||theta*|| + beta B (||w*|| + radius +
   * ||w_ref||) + beta ln K}, and the covariance with {@code phi} multiplies it by at most {@code
   * 2B}; a factor 8 of safety on top. A model of the rounding, not a proof: it keeps T-OPT from
   * trusting the last digits of a vanishing gradient.
   *
   * @param inst the instance
   * @param radius a bound on ||w - w*||
   * @return the tolerance
   * @throws IllegalArgumentException if {@code radius} is NaN, infinite or out of its range
   */
  public static @NonNegativeReal double gradientTolerance(
      Instance inst, @NonNegativeReal double radius) {
    Reals.nonNegative(radius, "radius");
    return gradientTolerance(inst, inst.finiteDistribution(), radius);
  }

  /** {@link #gradientTolerance(Instance, double)} with the population known or not (null). */
  private static @NonNegativeReal double gradientTolerance(
      Instance inst, @Nullable FiniteDistribution pop, @NonNegativeReal double radius) {
    int d = inst.dim();
    int k = 2;
    if (pop != null) {
      k = Math.max(k, pop.prompts().maxCandidates());
    } else {
      k = Math.max(k, 64);
    }
    double b = inst.featureBound();
    double size = 1 + b * Constants.norm(inst.theta())
        + inst.beta() * (b * (Constants.norm(inst.wStar()) + radius + Constants.norm(inst.wRef()))
            + Math.log(k));
    double tol = 8 * (d + k + 4) * 0x1.0p-53 * 2 * b * size;
    return Reals.nonNegative(tol, "gradient tolerance");
  }

  /**
   * Evaluates every theorem for a run and fills in the measured quantities: {@link
   * TheoremRegistry#evaluate} of {@link #context}, the population being the instance's finite
   * distribution when it has one.
   *
   * @param inst the instance
   * @param sample the sample
   * @param run what was run
   * @param m what was measured at the selected iterate
   * @return the results, in a fixed order
   */
  public static List<BoundResult> evaluate(Instance inst, Sample sample, Run run, Measured m) {
    return TheoremRegistry.evaluate(context(inst, sample, true, run, m));
  }

  /**
   * The one place where the theorems' context is built: the constants of {@link BoundInputs} from
   * the instance (beta, theta*, w_ref, the declared B), the sample S (coverage of {@code
   * Sigma_S(w*)} on the kernel split of {@code Sigma_S(0)}, leakage, {@code Delta0}, the sample
   * variance of {@code f(w*; x_i)}) and the start, plus what the population tells when it is
   * known: when {@code populationKnown} and the instance's distribution is finite, B is lowered to its largest feature norm, the
   * diameter is its own, and eps_n(S), kappa_u, the difference rank and the measurements at the
   * GA limit are exact; otherwise (the population unknown: a sample audited from an export, whose
   * instance carries the sample only, or a generative distribution) the diameter is {@code 2B}, eps_n(S) is unknown, kappa_u
   * is 0 and the rank is d, so that the theorems needing them are not applicable or use their
   * worst case.
   *
   * @param inst the instance (its declared B bounds every feature of the population)
   * @param sample the sample
   * @param populationKnown whether the instance's finite distribution (if any) is the population;
   *     false when it only carries the sample's prompts
   * @param run what was run (or is to be run)
   * @param m what was measured at the selected iterate ({@link Measured#none} when nothing was)
   * @return the context
   * @throws IllegalArgumentException if the start has the wrong length
   */
  public static BoundContext context(
      Instance inst, Sample sample, boolean populationKnown, Run run, Measured m) {
    return contextWithSplit(inst, sample, populationKnown, run, m).context();
  }

  /**
   * A context and the kernel split of {@code Sigma_S(0)} ({@link CoveredSubspace#of(Objective,
   * org.rlhfbounds.model.PromptMeasure)}) its coverage constants were computed on.
   *
   * @param context the context
   * @param split the split of the sample
   */
  public record SplitContext(BoundContext context, CoveredSubspace split) {}

  /**
   * {@link #context} together with the split it computed, for a caller that needs the split too
   * and would otherwise compute it again (one more pass over the sample).
   *
   * @param inst the instance (its declared B bounds every feature of the population)
   * @param sample the sample
   * @param populationKnown as in {@link #context}
   * @param run what was run (or is to be run)
   * @param m what was measured at the selected iterate
   * @return the context and the split
   * @throws IllegalArgumentException if the start has the wrong length
   */
  public static SplitContext contextWithSplit(
      Instance inst, Sample sample, boolean populationKnown, Run run, Measured m) {
    @Nullable FiniteDistribution population = populationKnown ? inst.finiteDistribution() : null;
    Prepared prep = prepare(inst, sample, population, run.w0(), run.delta());
    BoundInputs in = prep.inputs();
    Limit limit =
        population == null ? null : limitMeasurements(inst, sample, run.w0(), prep.split());
    BoundContext ctx =
        new BoundContext(
            in,
            run.algorithm(),
            step(inst, in, run),
            run.steps(),
            m,
            gradientTolerance(inst, population, in.d0()),
            limit == null ? null : limit.gap(),
            limit == null ? null : limit.excess());
    return new SplitContext(ctx, prep.split());
  }

  /** The residual point {@code w* + P_U(w0 - w*)} as computed. */
  private static double[] residualPoint(double[] wStar, double[] w0, CoveredSubspace split) {
    return plus(wStar, split.kernelPart(plus(w0, wStar, -1)), 1);
  }

  /**
   * Enclosures of {@code |gen_S(w_res)|} and {@code F(w*) - F(w_res)} at the residual point
   * {@code w_res = w* + P_U(w0 - w*)} for a finite population (proofs/MEASURE.md), else null.
   */
  private static @Nullable Limit limitMeasurements(
      Instance inst, Sample sample, double[] w0, CoveredSubspace split) {
    if (inst.finiteDistribution() == null) {
      return null;
    }
    MeasuredQuantities mq =
        MeasuredQuantities.at(inst, sample, residualPoint(inst.wStar(), w0, split));
    Enclosure gap = mq.gap();
    Enclosure excess = mq.excess();
    return gap == null || excess == null ? null : new Limit(gap.abs(), excess);
  }

  /** The measurements at the residual point: {@code |gen_S|} and the excess risk. */
  private record Limit(Enclosure gap, Enclosure excess) {}

  /** {@code a + s b} for vectors of the same length. */
  private static double[] plus(double[] a, double[] b, double s) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vector lengths differ: " + a.length + ", " + b.length);
    }
    double[] out = new double[a.length];
    for (int j = 0; j < out.length && j < a.length && j < b.length; j++) {
      out[j] = a[j] + s * b[j];
    }
    return out;
  }

  /**
   * The results as a JSON-ready ordered map {@code {"theorems": [...]}} ({@link
   * BoundResult#toMap} per entry).
   *
   * @param results the results
   * @return a new map
   */
  public static Map<String, @Nullable Object> toJson(List<BoundResult> results) {
    List<Map<String, @Nullable Object>> list = new ArrayList<>();
    for (BoundResult r : results) {
      list.add(r.toMap());
    }
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("theorems", list);
    return out;
  }
}
