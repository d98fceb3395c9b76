package org.rlhfbounds.bounds;

import java.util.ArrayList;
import java.util.List;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.stability.StabilityBounds;

/**
 * T-HP (proofs/T-HP.md): stability with high probability (McDiarmid's inequality applied as in
 * Bousquet and Elisseeff 2002, Theorem 12, doi:10.1162/153244302760200704, for replace-one
 * stability): if the algorithm is deterministic and gamma-uniformly stable ({@link
 * StabilityTheorem}) with losses of range M over its outputs, then with probability {@code >= 1 -
 * delta} over S,
 *
 * <pre>
 *   |gen_S(A_S)| <= gamma + ((2n - 1) gamma + M) sqrt(ln(2/delta) / (2n)),   M = 2 B ||theta*|| + gamma
 * </pre>
 *
 * ({@link StabilityBounds#bousquetElisseeff}). Not applicable to SGA (randomised: its stability
 * holds only in expectation over the order), nor to a stability measured on one sample (not a
 * uniform bound; the would-be value is reported as constant {@code wouldBeValue}).
 *
 * <p>Values are rounded up (an infinite value is reported as not representable). Thread-safe:
 * stateless.
 */
public final class HighProbabilityTheorem extends AbstractTheorem {
  /** The registered instance. */
  public static final HighProbabilityTheorem INSTANCE = new HighProbabilityTheorem();

  private static final String ID = "T-HP";

  private HighProbabilityTheorem() {
    super(ID, Kind.A_PRIORI);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The bound from the proven gamma and, when a loss stability was measured, the (never
   * applicable) bound fed by it.
   */
  @Override
  public List<BoundResult> evaluate(BoundContext run) {
    BoundInputs in = run.inputs();
    Measured m = run.measured();
    List<BoundResult> out = new ArrayList<>();
    out.add(gap(in, run.algorithm(), run.step(), run.steps()).withMeasured(m.gap()));
    Double ls = m.lossStability();
    if (ls != null) {
      out.add(measured(in, Reals.nonNegative(ls, "lossStability")).withMeasured(m.gap()));
    }
    return out;
  }

  /** The Bousquet-Elisseeff value at gamma, recording {@code M = 2 B ||theta*|| + gamma}. */
  private static double value(BoundResult.Builder b, BoundInputs in, double gamma) {
    double range = Up.add(Up.mul(Up.mul(2, in.bound()), in.thetaNorm()), gamma);
    b.constant("M", range);
    return StabilityBounds.bousquetElisseeff(gamma, range, in.n(), in.delta());
  }

  /**
   * The bound on {@code |gen_S|} at the selected iterate from the proven uniform stability.
   *
   * @param in the constants
   * @param alg GA or SGA (SGA: not applicable)
   * @param step eta for GA, L for SGA
   * @param steps T
   * @return the bound
   * @throws IllegalArgumentException unless the algorithm is GA or SGA
   */
  @Theorem("T-HP")
  public static BoundResult gap(
      BoundInputs in, Algorithm alg, @PositiveReal double step, int steps) {
    Reals.positive(step, "step");
    StabilityTheorem.requireIterative(alg);
    BoundResult.Builder b =
        BoundResult.builder(
            ID,
            BoundResult.MAIN,
            "Uniform stability implies generalisation with high probability (McDiarmid)",
            BoundResult.GAP + " at the selected " + alg + " iterate",
            BoundResult.PROB_S);
    double gamma = StabilityTheorem.gamma(b, in, alg, step, steps);
    b.assume(
        Assumption.of(
            "deterministic",
            "the algorithm is deterministic, so gamma bounds |f(A_S; z) - f(A_{S^i}; z)| surely",
            alg == Algorithm.GA,
            null,
            alg == Algorithm.GA ? "GA" : "SGA is stable only in expectation over the order"));
    b.assume(
        Assumption.of(
            "uniform-stability",
            "gamma is a uniform stability bound over all samples",
            true,
            gamma,
            "proven (T-BE)"));
    b.note("Feldman-Vondrak 2019 / Bousquet-Klochkov-Zhivotovskiy 2020 are sharper in order but"
        + " their constants are not verified here; not evaluated");
    return b.finish(value(b, in, gamma));
  }

  /**
   * The bound fed by a stability measured on one sample: never applicable (a measured stability is
   * not a uniform bound over all samples); the would-be value is reported as constant {@code
   * wouldBeValue}.
   *
   * @param in the constants
   * @param measuredGamma the measured loss stability
   * @return a not-applicable result carrying the would-be value
   * @throws IllegalArgumentException if {@code measuredGamma} is NaN, infinite or out of its range
   */
  @Theorem("T-HP")
  public static BoundResult measured(BoundInputs in, @NonNegativeReal double measuredGamma) {
    Reals.nonNegative(measuredGamma, "measuredGamma");
    BoundResult.Builder b =
        BoundResult.builder(
            ID,
            "measured-stability",
            "McDiarmid bound fed by a measured stability",
            BoundResult.GAP + " at the selected iterate",
            BoundResult.PROB_S);
    LemmaK.scale(b, in);
    b.constant("gamma", measuredGamma);
    b.constant("wouldBeValue", value(b, in, measuredGamma));
    b.assume(
        Assumption.of(
            "uniform-stability",
            "gamma is a uniform stability bound over all samples",
            false,
            measuredGamma,
            "measured on this sample only"));
    return b.finish(null);
  }
}
