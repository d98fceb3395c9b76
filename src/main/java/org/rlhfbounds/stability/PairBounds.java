package org.rlhfbounds.stability;

import org.checkerframework.common.value.qual.ArrayLen;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.Kernels;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.learners.StepSchedule;
import org.rlhfbounds.model.Instance;

/**
 * The bounds of proofs/F10.md at one measured pair {@code (S, S')} of a
 * replace-one experiment ({@link ReplaceOne}): the argument-stability bound valid without coverage
 * ({@link StabilityBounds#argumentStabilityGeneral}), the coverage bound of the last GA iterate
 * ({@link StabilityBounds#argumentStabilityCoverage}) and the loss-stability bound ({@link
 * StabilityBounds#lossStability}); for {@link Algorithm#EXACT} (the GA limit) the exact distance
 * {@code ||(P_N - P_N') e0||}. Each inputs the distances of {@code e0 = w0 - w*} to the kernels
 * {@code N_S}, {@code N_S'} and the covered curvatures {@code kappa_S^+}, {@code kappa_S'^+}.
 *
 * <p>A bound whose assumption fails (e.g. {@code max_t eta_t beta B^2 > 1}, or coverage) is
 * {@link BoundValue#notApplicable} with the failed assumption, never a number.
 *
 * <p>Thread-safe: stateless.
 */
final class PairBounds {
  private PairBounds() {}

  /**
   * The general bound, the coverage bound and the loss bound at one pair {@code (S, S')}.
   *
   * @param instance the instance
   * @param spec the learner
   * @param e0 {@code w0 - w*}
   * @param covS the kernels of {@code S}
   * @param kS {@code P_N e0} for {@code S}
   * @param covS2 the kernels of {@code S'}
   * @param kS2 {@code P_N' e0} for {@code S'}
   * @return {@code {general, coverage, loss}}
   * @throws IllegalArgumentException if a GA step is not positive (from {@link Reals})
   */
  static BoundValue @ArrayLen(3) [] of(
      Instance instance,
      LearnerSpec spec,
      double[] e0,
      Kernels covS,
      double[] kS,
      Kernels covS2,
      double[] kS2) {
    @PositiveReal double beta = instance.beta();
    @PositiveReal double b = instance.featureBound();
    @NonNegativeReal double d0 = norm(e0);
    @NonNegativeReal double kernS = norm(kS);
    @NonNegativeReal double kernS2 = norm(kS2);
    @NonNegativeReal double kernelDiff = distNN(kS, kS2);
    @NonNegativeReal double perpS = distNN(e0, kS);
    @NonNegativeReal double perpS2 = distNN(e0, kS2);
    Double kp1 = covS.kappaPlus();
    Double kp2 = covS2.kappaPlus();
    @NonNegativeReal double kap1 = kp1 == null ? 0 : Reals.nonNegative(kp1, "kappaPlus");
    @NonNegativeReal double kap2 = kp2 == null ? 0 : Reals.nonNegative(kp2, "kappaPlus");
    Algorithm alg = spec.algorithm();
    BoundValue general;
    BoundValue coverage;
    @NonNegativeReal double radius;
    if (alg == Algorithm.EXACT) {
      // A(S) = w* + P_N e0 exactly (F6 limit): Delta = ||(P_N - P_N') e0||, ||A(S) - w*|| = ||P_N e0||
      general =
          BoundValue.of(
              Math.min(kernelDiff, 2 * d0), // doubling is exact: no rounding to direct
              "||(P_N - P_N') e0|| (the GA limit, T = infinity)");
      coverage =
          covS.kernelDim() == 0 && covS2.kernelDim() == 0
              ? BoundValue.of(0, "0: both samples covered, A(S) = A(S') = w*")
              : BoundValue.notApplicable(
                  "coverage of both samples, got dim N_S = "
                      + covS.kernelDim()
                      + ", dim N_S' = "
                      + covS2.kernelDim());
      radius = Reals.max(kernS, kernS2);
    } else {
      double c = spec.maxEtaBetaB2(instance);
      if (!(c <= 1)) {
        BoundValue na = BoundValue.notApplicable("max_t eta_t beta B^2 <= 1, got " + c);
        return new BoundValue[] {na, na, na};
      }
      StepSchedule sched = spec.schedule();
      @PositiveReal double eta =
          alg == Algorithm.GA
              ? Reals.positive(spec.eta(), "eta")
              : sched != null && spec.steps() > 0
                  ? sched.max(spec.steps())
                  : Reals.positive(1.0 / (beta * b * b), "1/(beta B^2)");
      boolean last = alg == Algorithm.GA && spec.selection() == Selection.LAST;
      // SGA, or a GA selection other than the last iterate: only non-expansion (rho = 1) is used
      int steps = last ? spec.steps() : 0;
      general =
          StabilityBounds.argumentStabilityGeneral(
              eta, beta, b, d0, steps, kernelDiff, perpS, kap1, perpS2, kap2);
      coverage =
          last
              ? StabilityBounds.argumentStabilityCoverage(
                  eta, beta, b, d0, covS.kernelDim() == 0 ? kap1 : 0,
                  covS2.kernelDim() == 0 ? kap2 : 0, steps)
              : BoundValue.notApplicable(
                  "the coverage rate is proved for the last GA iterate; got "
                      + alg
                      + " with "
                      + spec.selection());
      BoundValue r1 = StabilityBounds.contraction(eta, beta, b, d0, kap1);
      BoundValue r2 = StabilityBounds.contraction(eta, beta, b, d0, kap2);
      @NonNegativeReal double rho1 = last && r1.applicable() ? r1.value() : 1.0;
      @NonNegativeReal double rho2 = last && r2.applicable() ? r2.value() : 1.0;
      radius =
          Reals.max(
              StabilityBounds.errorRadius(kernS, perpS, rho1, steps),
              StabilityBounds.errorRadius(kernS2, perpS2, rho2, steps));
    }
    BoundValue loss =
        general.applicable()
            ? StabilityBounds.lossStability(beta, b, Reals.max(radius, 0), general.value())
            : general;
    return new BoundValue[] {general, coverage, loss};
  }

  private static @NonNegativeReal double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Reals.nonNegative(Math.sqrt(s), "norm");
  }

  private static @NonNegativeReal double distNN(double[] a, double[] c) {
    return Reals.nonNegative(dist(a, c), "distance");
  }

  private static double dist(double[] a, double[] c) {
    return ReplaceOne.dist(a, c);
  }
}
