package org.rlhfbounds.bounds;

import java.util.List;
import org.rlhfbounds.bounds.rounding.Down;
import org.rlhfbounds.bounds.rounding.Up;
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
public final class SgaSeedTheorem implements BoundTheorem {
  /** The registered instance. */
  public static final SgaSeedTheorem INSTANCE = new SgaSeedTheorem();

  private static final String ID = "T-SGA-SEED";

  private SgaSeedTheorem() {}

  @Override
  public String id() {
    return ID;
  }

  /**
   * {@inheritDoc}
   *
   * <p>For an SGA run: the gap and the optimisation error; else empty.
   */
  @Override
  public List<BoundResult> evaluate(BoundContext run) {
    return LemmaK.forLearner(
        run, Algorithm.SGA, SgaSeedTheorem::gap, SgaSeedTheorem::optimisation);
  }


  /** Records the constants and assumptions; returns c1 (0 when nothing is covered). */
  private static double coefficient(
      BoundResult.Builder b, BoundInputs in, double smooth, int steps) {
    LemmaK.scale(b, in);
    b.constant("Dperp", in.dPerp()).constant("p", in.pKernel());
    LemmaK.steps(b, steps, 1);
    Double kp = LemmaK.coverage(b, in);
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    b.constant("L", smooth).constant("lambdaBar", lambdaBar);
    SgaSharpTheorem.step(b, smooth, lambdaBar,
        "eta_t = 1/(2 L sqrt t) with L >= beta diam^2 / 8 (implied by L = L(D0))");
    if (kp == null) {
      b.constant("a", 0.0).constant("c1", 0.0);
      b.cost("bestFullGradient", steps + LemmaK.prompts(steps + 1L, in.n()));
      return 0;
    }
    double c = LemmaK.curvature(b, in, kp);
    double c1 = Double.POSITIVE_INFINITY;
    double a = 0;
    if (c > 0 && smooth > 0) {
      double fac = Down.sub(2, Up.div(lambdaBar, Down.mul(2, smooth)));
      a = Down.div(Down.mul(fac, c), Up.mul(1, smooth));
      double ceiling = LemmaK.lastGradientCeiling(in);
      double k = Up.div(Up.mul(in.beta(), ceiling), c);
      b.constant("lambdaCeiling", ceiling).constant("K", k);
      if (a > 0) {
        double g = Up.mul(Up.exp(a), Up.pow(Down.mul(Down.mul(4, a), Down.exp(1)), -0.25));
        double kd = Up.mul(Up.mul(k, k), Up.mul(in.dPerp(), in.dPerp()));
        c1 = Up.div(Up.mul(Up.mul(in.beta(), Up.mul(in.diameter(), in.diameter())),
            Up.mul(kd, g)), 8);
      }
    }
    b.constant("a", a).constant("c1", c1);
    b.cost("bestFullGradient", steps + LemmaK.prompts(steps + 1L, in.n()));
    return c1;
  }

  /**
   * The generalisation gap in the seed's form {@code H + c1 T^{-1/8}} (with a kernel {@code H + 2
   * c1 T^{-1/8} + beta p^2 eps_n / 4}).
   *
   * @param in the constants
   * @param smooth L
   * @param steps T, {@code >= 1} (else not applicable)
   * @return the bound
   */
  @Theorem("T-SGA-SEED")
  public static BoundResult gap(BoundInputs in, @PositiveReal double smooth, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            ID,
            BoundResult.MAIN,
            "Stochastic gradient ascent, best-full-gradient iterate: the seed's"
                + " O(T^{-1/8} + n^{-1/2})",
            "E_order " + BoundResult.GAP + " at the best-full-gradient SGA iterate among t = 0..T",
            BoundResult.PROB_S_EXP_ORDER);
    double c1 = coefficient(b, in, smooth, steps);
    double h = LemmaK.hoeffding(b, in);
    if (steps < 1) {
      return b.finish(null); // assumption "steps" fails
    }
    double eps = LemmaK.residual(b, in, in.pKernel());
    double value = LemmaK.seedTail(b, in, h, c1, eps, Up.pow(steps, -0.125));
    b.note("proven rate exp(-a sqrt T) (T-SGA-SHARP); the seed's T^{-1/8} follows");
    return b.finish(value);
  }

  /**
   * The optimisation error in the seed's form: {@code E_order[F_S(w*) - F_S(w_best)] <= c1
   * T^{-1/8}}.
   *
   * @param in the constants
   * @param smooth L
   * @param steps T, {@code >= 1} (else not applicable)
   * @return the bound
   */
  @Theorem("T-SGA-SEED")
  public static BoundResult optimisation(BoundInputs in, @PositiveReal double smooth, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            ID,
            "opt",
            "Stochastic gradient ascent, best-full-gradient iterate: the seed's O(T^{-1/8})",
            "E_order " + BoundResult.OPT + " at the best-full-gradient SGA iterate",
            BoundResult.EXP_ORDER);
    double c1 = coefficient(b, in, smooth, steps);
    if (steps < 1) {
      return b.finish(null); // assumption "steps" fails
    }
    return b.finish(Up.mul(c1, Up.pow(steps, -0.125)));
  }
}
