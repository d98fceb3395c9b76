package org.rlhfbounds.bounds;

import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * T-SGA-SEED (proofs/T-SGA-SEED.md), the seed's form for Stochastic Gradient Ascent: from {@code
 * P_T <= exp(-a (sqrt(T+1) - 1))}, {@code a = (2 - lambdaBar/(2L)) c / L} ({@link
 * SgaSharpTheorem}), and {@code e^{-a s} <= (4 a e)^{-1/4} s^{-1/4}} at {@code s = sqrt T}: with
 * probability {@code >= 1 - delta} over S, in expectation over the order,
 *
 * <pre>
 *   E_order |gen_S(w_best)| <= c2 n^{-1/2} + c1 T^{-1/8},
 *   c1 = beta diam^2 K^2 D_perp^2 e^a (4 a e)^{-1/4} / 8
 * </pre>
 *
 * (with a kernel the coefficient doubles and {@code beta p^2 eps_n / 4} is added).
 *
 * <p>Values are rounded up (an infinite value is reported as not representable). Thread-safe:
 * stateless.
 */
public final class SgaSeedTheorem extends LearnerTheorem {
  /** The registered instance. */
  public static final SgaSeedTheorem INSTANCE = new SgaSeedTheorem();

  private static final String ID = "T-SGA-SEED";

  private SgaSeedTheorem() {
    super(ID, Kind.SEED_FORM, Algorithm.SGA, SgaSeedTheorem::gap, SgaSeedTheorem::optimisation);
  }

  /**
   * Starts a part: checks L, opens its result and records the run's rate on it: the coefficient
   * {@code c1}, the rate part {@code x} of {@code sqrt(R2)} ({@code beta diam^2 x^2 / 8 = c1
   * T^{-1/8}}) and the extra part {@code z = diam y + mu Q} of {@code diam sqrt(R2) + mu Q} with
   * {@code y = K (beta ell Q E_T + T xi) + b} (leakage, rounding, selection floor).
   */
  private static LemmaK.SeedPart part(BoundInputs in, double smooth, int steps, String part,
      String title, String quantity, String qualifier) {
    Reals.positive(smooth, "smooth");
    BoundResult.Builder b = BoundResult.builder(ID, part, title, quantity, qualifier);
    return new LemmaK.SeedPart(b, coefficient(b, in, smooth, steps));
  }

  private static LemmaK.SeedRate coefficient(
      BoundResult.Builder b, BoundInputs in, double smooth, int steps) {
    LemmaK.scale(b, in);
    b.constant("Dperp", in.dPerp()).constant("p", in.pKernel());
    LemmaK.steps(b, steps, 1);
    Drift dr = Drift.sga(in, smooth, steps);
    dr.record(b, in);
    Double kp = LemmaK.coverage(b, in);
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    b.constant("L", smooth).constant("lambdaBar", lambdaBar);
    SgaSharpTheorem.step(b, smooth, lambdaBar,
        "eta_t = 1/(2 L sqrt t) with L >= beta diam^2 / 8 (implied by L = L(D0))");
    double z = Up.mul(in.leakage(), dr.q());
    if (kp == null) {
      b.constant("a", 0.0).constant("c1", 0.0);
      b.cost("bestFullGradient", steps + LemmaK.prompts(steps + 1L, in.n()));
      return new LemmaK.SeedRate(0, 0, z, dr);
    }
    double c = LemmaK.curvature(b, in, dr, kp);
    double c1 = Double.POSITIVE_INFINITY;
    double x = dr.dbar();
    double a = 0;
    if (c > 0 && smooth > 0 && steps >= 1) {
      double fac = Down.sub(2, Up.div(lambdaBar, Down.mul(2, smooth)));
      a = Down.div(Down.mul(fac, c), Up.mul(1, smooth));
      double ceiling = dr.ceiling(in);
      double k = Up.div(Up.mul(in.beta(), ceiling), c);
      b.constant("lambdaCeiling", ceiling).constant("K", k);
      double leak = dr.deviation(in, steps);
      double y = Up.add(Up.mul(k, leak), dr.selectionFloor(in, c));
      z = Up.add(Up.mul(in.diameter(), y), z);
      if (a > 0) {
        double g = Up.mul(Up.exp(a), Up.pow(Down.mul(Down.mul(4, a), Down.exp(1)), -0.25));
        double kd = Up.mul(Up.mul(k, k), Up.mul(in.dPerp(), in.dPerp()));
        c1 = Up.div(Up.mul(Up.mul(in.beta(), Up.mul(in.diameter(), in.diameter())),
            Up.mul(kd, g)), 8);
        // x = K D_perp (e^a (4ae)^{-1/4})^{1/2} T^{-1/16}
        x = Up.mul(Up.mul(Up.mul(k, in.dPerp()), Up.sqrt(g)), Up.pow(steps, -0.0625));
      }
    }
    b.constant("a", a).constant("c1", c1).constant("x", x).constant("z", z);
    b.cost("bestFullGradient", steps + LemmaK.prompts(steps + 1L, in.n()));
    return new LemmaK.SeedRate(c1, x, z, dr);
  }

  /**
   * The generalisation gap in the seed's form {@code H + c1 T^{-1/8}} (with a kernel {@code H + 2
   * c1 T^{-1/8} + beta p^2 eps_n / 4}).
   *
   * @param in the constants
   * @param smooth L
   * @param steps T, {@code >= 1} (else not applicable)
   * @return the bound
   * @throws IllegalArgumentException if {@code smooth} is NaN, infinite or out of its range
   */
  @Theorem("T-SGA-SEED")
  public static BoundResult gap(BoundInputs in, @PositiveReal double smooth, int steps) {
    return part(in, smooth, steps, BoundResult.MAIN,
            "Stochastic gradient ascent, best-full-gradient iterate: the seed's"
                + " O(T^{-1/8} + n^{-1/2})",
            "E_order " + BoundResult.GAP + " at the best-full-gradient SGA iterate among t = 0..T",
            BoundResult.PROB_S_EXP_ORDER)
        .gap(in, steps, -0.125, null,
            "proven rate exp(-a sqrt T) (T-SGA-SHARP); the seed's T^{-1/8} follows");
  }

  /**
   * The optimisation error in the seed's form: {@code E_order[F_S(w*) - F_S(w_best)] <= c1
   * T^{-1/8}}.
   *
   * @param in the constants
   * @param smooth L
   * @param steps T, {@code >= 1} (else not applicable)
   * @return the bound
   * @throws IllegalArgumentException if {@code smooth} is NaN, infinite or out of its range
   */
  @Theorem("T-SGA-SEED")
  public static BoundResult optimisation(BoundInputs in, @PositiveReal double smooth, int steps) {
    return part(in, smooth, steps, "opt",
            "Stochastic gradient ascent, best-full-gradient iterate: the seed's O(T^{-1/8})",
            "E_order " + BoundResult.OPT + " at the best-full-gradient SGA iterate",
            BoundResult.EXP_ORDER)
        .optimisation(in, steps, -0.125, null);
  }
}
