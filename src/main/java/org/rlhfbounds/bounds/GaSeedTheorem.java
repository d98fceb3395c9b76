package org.rlhfbounds.bounds;

import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * T-GA-SEED (proofs/T-GA-SEED.md), the seed's form for Gradient Ascent: under the assumptions of
 * {@link GaSharpTheorem} with {@code eta <= 1/L_S}, {@code L_S = beta (diam^2/4)(1 + diam
 * D_perp)}, the descent lemma gives {@code min_t ||grad F_S(w_t)||^2 <= 2 Delta0 / (eta T)}, hence
 * with probability {@code >= 1 - delta} over S,
 *
 * <pre>
 *   |gen_S(w_best)| <= H + c1 T^{-1}  <=  c2 n^{-1/2} + c1 T^{-1/4},
 *   c1 = beta diam^2 Delta0 / (4 eta c^2),   c2 = B ||theta*|| sqrt(2 ln(2/delta)),
 * </pre>
 *
 * {@code Delta0 = min(F_S(w*) - F_S(w0), beta diam^2 D_perp^2 / 8)}; with a kernel the coefficient
 * doubles and {@code beta p^2 eps_n / 4} is added. The value is the seed's form {@code H + c1
 * T^{-1/4}}; constant {@code valueRate1} holds the proven {@code T^{-1}} form.
 *
 * <p>Values are rounded up (an infinite value is reported as not representable). Thread-safe:
 * stateless.
 */
public final class GaSeedTheorem extends LearnerTheorem {
  /** The registered instance. */
  public static final GaSeedTheorem INSTANCE = new GaSeedTheorem();

  private static final String ID = "T-GA-SEED";
  private static final String QUANTITY = " at the best-gradient GA iterate among t = 0..T";

  private GaSeedTheorem() {
    super(ID, Kind.SEED_FORM, Algorithm.GA, GaSeedTheorem::gap, GaSeedTheorem::optimisation);
  }

  /**
   * {@code Delta0 = min(F_S(w*) - F_S(w0), beta (diam D_perp + mu p)^2 / 8)}, rounded up (the
   * measured part is the upper end of its enclosure, proofs/MEASURE.md).
   *
   * @param in the inputs
   * @return the initial gap used
   */
  static double initialGap(BoundInputs in) {
    double bound =
        LemmaK.upperCore(in.beta(), in.diameter(), in.dPerp(), in.leakage(), in.pKernel());
    Double g = in.initialGap();
    return g == null ? bound : Math.min(g, bound);
  }

  /**
   * Starts a part: checks the step, opens its result and records the run's rate on it: the
   * coefficient {@code c1}, the rate part {@code a} of the radius ({@code a^2 = 2 Delta0' / (eta T
   * c^2)}) and the extra part {@code y = diam b + mu Q} of {@code diam r + mu q}.
   */
  private static LemmaK.SeedPart part(BoundInputs in, double eta, int steps, String part,
      String title, String quantity, String qualifier) {
    Reals.positive(eta, "eta");
    BoundResult.Builder b = BoundResult.builder(ID, part, title, quantity + QUANTITY, qualifier);
    return new LemmaK.SeedPart(b, rate(b, in, eta, steps));
  }

  private static LemmaK.SeedRate rate(
      BoundResult.Builder b, BoundInputs in, double eta, int steps) {
    LemmaK.scale(b, in);
    b.constant("eta", eta).constant("Dperp", in.dPerp()).constant("p", in.pKernel());
    LemmaK.steps(b, steps, 1);
    Drift dr = Drift.ga(in, eta, steps);
    dr.record(b, in);
    double ls = Up.mul(Constants.curvatureCeiling(in.beta(), in.diameter()), Up.add(1, dr.x()));
    b.constant("Ltraj", ls);
    b.assume(
        Assumption.byMargin(
            "step",
            "0 < eta <= 1/L_S, L_S = beta (diam^2/4)(1 + X) (X = diam D_perp for an exact kernel;"
                + " implied by eta <= 1/L(D0))",
            eta > 0 ? Down.sub(1, Up.mul(eta, ls)) : -1,
            true,
            "eta = " + eta));
    double gap0 = initialGap(in);
    b.constant("Delta0", gap0);
    // Delta0' = Delta0 + T G xi, G = lambdaBar D0' (LEMMA-DRIFT item 5)
    double g = Up.mul(Constants.curvatureCeiling(in.beta(), in.diameter()), dr.d0());
    double gapRun = Up.add(gap0, Up.mul(Up.mul(steps, g), dr.xi()));
    Double kp = LemmaK.coverage(b, in);
    double c1 = 0;
    double a = 0;
    double y = Up.mul(in.leakage(), dr.q());
    if (kp != null) {
      double c = LemmaK.curvature(b, in, dr, kp);
      double c2 = Down.mul(c, c);
      if (c2 > 0 && steps >= 1 && Down.mul(Down.mul(eta, steps), c2) > 0) {
        // c1 = beta diam^2 Delta0' / (4 eta c^2); a^2 = 2 Delta0' / (eta T c^2)
        double num = Up.mul(Up.mul(in.beta(), Up.mul(in.diameter(), in.diameter())), gapRun);
        c1 = Up.div(num, Down.mul(Down.mul(4, eta), c2));
        a = Up.sqrt(Up.div(Up.mul(2, gapRun), Down.mul(Down.mul(eta, steps), c2)));
        double floor = Up.div(Up.add(Up.mul(2, dr.tol()),
            Up.mul(Up.mul(in.beta(), dr.ell()), dr.q())), c);
        y = Up.add(Up.mul(in.diameter(), floor), y);
        b.constant("selectionFloor", floor);
      } else {
        c1 = Double.POSITIVE_INFINITY;
        a = dr.dbar();
      }
    }
    b.constant("c1", c1).constant("a", a).constant("y", y);
    b.cost("perPromptGradients", LemmaK.prompts(steps + 1L, in.n()));
    return new LemmaK.SeedRate(c1, a, y, dr);
  }

  /**
   * The generalisation gap in the seed's form {@code H + c1 T^{-1/4}} (with a kernel {@code H + 2
   * c1 T^{-1/4} + beta p^2 eps_n / 4}), with probability {@code >= 1 - delta} over S.
   *
   * @param in the constants
   * @param eta the step
   * @param steps T, {@code >= 1} (else not applicable)
   * @return the bound
   * @throws IllegalArgumentException if {@code eta} is NaN, infinite or out of its range
   */
  @Theorem("T-GA-SEED")
  public static BoundResult gap(BoundInputs in, @PositiveReal double eta, int steps) {
    LemmaK.SeedPart p = part(in, eta, steps, BoundResult.MAIN,
        "Gradient ascent, best-gradient iterate: the seed's O(T^{-1/4} + n^{-1/2})",
        BoundResult.GAP, BoundResult.PROB_S);
    LemmaK.SeedRate rate = p.rate();
    // the proven T^{-1} form: H + the core at r = min(a + y / diam, Dbar)
    LemmaK.ProvenForm rate1 = (h, eps) -> Up.add(h, LemmaK.gapCore(p.b(), in,
        Math.min(Up.add(rate.a(), Up.div(rate.y(), Math.max(in.diameter(), Double.MIN_VALUE))),
            rate.drift().dbar()),
        rate.drift().q(), eps));
    return p.gap(in, steps, -0.25, rate1,
        "proven rate T^{-1} (valueRate1); the seed's T^{-1/4} follows since T^{-1} <= T^{-1/4}",
        "T-GA-SHARP's linear rate is sharper still");
  }

  /**
   * The optimisation error in the seed's form: {@code F_S(w*) - F_S(w_best) <= c1 T^{-1} <= c1
   * T^{-1/4}} (deterministic).
   *
   * @param in the constants
   * @param eta the step
   * @param steps T, {@code >= 1} (else not applicable)
   * @return the bound
   * @throws IllegalArgumentException if {@code eta} is NaN, infinite or out of its range
   */
  @Theorem("T-GA-SEED")
  public static BoundResult optimisation(BoundInputs in, @PositiveReal double eta, int steps) {
    LemmaK.SeedPart p = part(in, eta, steps, "opt",
        "Gradient ascent, best-gradient iterate: the seed's O(T^{-1/4})",
        BoundResult.OPT, BoundResult.DETERMINISTIC);
    LemmaK.SeedRate rate = p.rate();
    // the proven T^{-1} form, capped by the trivial bound at Dbar
    return p.optimisation(in, steps, -0.25, (h, eps) -> Math.min(
        LemmaK.upperCore(
            in.beta(), in.diameter(), rate.drift().dbar(), in.leakage(), rate.drift().q()),
        LemmaK.seedTail(p.b(), in, 0, rate.c1(), Up.div(1.0, steps), rate.a(), rate.y())));
  }
}
