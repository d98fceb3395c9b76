package org.rlhfbounds.bounds;

import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * T-SGA-SHARP (proofs/T-SGA-SHARP.md): Stochastic Gradient Ascent with {@code eta_t = 1/(2 L sqrt
 * t)} (one prompt drawn uniformly from S per step), the iterate with the smallest FULL gradient
 * among {@code t = 0..T}:
 *
 * <pre>
 *   E||e_perp_T||^2 <= P_T D_perp^2,   P_T = prod_{t=1}^T (1 - (2 - eta_t lambdaBar) eta_t c),
 *   E||e_perp_best||^2 <= R2 = min(D_perp^2, K^2 P_T D_perp^2),
 * </pre>
 *
 * so, in expectation over the order, the optimisation error is at most {@code beta diam^2 R2 / 8},
 * the excess risk at most {@code beta (diam sqrt(R2) + p sqrt(eps_n))^2 / 8}, and with probability
 * {@code >= 1 - delta} over S, {@code E_order |gen_S(w_best)| <= H + beta (diam sqrt(R2) + p
 * sqrt(eps_n))^2 / 8}. Cost: {@code T} per-prompt gradients for the steps plus {@code (T + 1) n}
 * for the selection.
 *
 * <p>Values are rounded up (an infinite value is reported as not representable). Thread-safe:
 * stateless.
 */
public final class SgaSharpTheorem extends LearnerTheorem {
  /** The registered instance. */
  public static final SgaSharpTheorem INSTANCE = new SgaSharpTheorem();

  /** Above this many steps the product {@code P_T} is closed in form (see {@link #product}). */
  static final int SGA_LOOP_LIMIT = 1 << 22;

  private static final String ID = "T-SGA-SHARP";
  private static final String TITLE =
      "Stochastic gradient ascent, best-full-gradient iterate: rate exp(-c' sqrt T)";

  private SgaSharpTheorem() {
    super(
        ID,
        Kind.A_PRIORI,
        Algorithm.SGA,
        SgaSharpTheorem::gap,
        SgaSharpTheorem::optimisation,
        SgaSharpTheorem::excess);
  }

  /**
   * The contraction of SGA in expectation.
   *
   * @param r2 a bound on the expected squared error {@code E||e||^2} of the selected iterate
   * @param c the curvature the contraction used
   */
  record Contraction(double r2, double c) {}

  /**
   * {@code P_T = prod_{t=1}^T (1 - q_t)}, {@code q_t = (2 - eta_t lambdaBar) eta_t c}, {@code eta_t
   * = 1/(2 L sqrt t)}, rounded up (q_t rounded down); beyond {@link #SGA_LOOP_LIMIT} steps the tail
   * is bounded by {@code exp(-(2 - lambdaBar/(2L)) c (sqrt(T+1) - sqrt(m+1)) / L)}.
   *
   * @param smooth L
   * @param lambdaBar {@code beta diam^2 / 4}
   * @param c the curvature
   * @param steps T
   * @return P_T, rounded up
   */
  static double product(double smooth, double lambdaBar, double c, int steps) {
    double p = 1;
    int m = Math.min(steps, SGA_LOOP_LIMIT);
    double twoL = Up.mul(2, smooth);
    double twoLdown = Down.mul(2, smooth);
    for (int t = 1; t <= m; t++) {
      double etaLo = Down.div(1, Up.mul(twoL, Up.sqrt(t)));
      double etaHi = Up.div(1, Down.mul(twoLdown, Down.sqrt(t)));
      double fac = Down.sub(2, Up.mul(etaHi, lambdaBar));
      double q = Down.mul(Down.mul(fac, etaLo), c);
      p = Up.mul(p, Math.max(0, Up.sub(1, q)));
      if (p == 0) {
        return 0;
      }
    }
    if (steps > m) {
      double fac = Down.sub(2, Up.div(lambdaBar, twoLdown));
      double sum = Down.div(Down.sub(Down.sqrt(steps + 1.0), Up.sqrt(m + 1.0)), Up.mul(1, smooth));
      p = Up.mul(p, Up.exp(-Down.mul(Down.mul(fac, c), sum)));
    }
    return p;
  }

  /**
   * The assumption {@code step} of the SGA schedule: {@code L > 0} and {@code eta_1 beta diam^2 /
   * 4 <= 1}, with margin {@code 1 - lambdaBar / (2L)}.
   *
   * @param b the result being built
   * @param smooth L
   * @param lambdaBar {@code beta diam^2 / 4}
   * @param statement the assumption as stated by the theorem
   */
  static void step(BoundResult.Builder b, double smooth, double lambdaBar, String statement) {
    b.assume(
        Assumption.byMargin(
            "step",
            statement,
            smooth > 0 ? Down.sub(1, Up.div(lambdaBar, Down.mul(2, smooth))) : -1,
            true,
            "L = " + smooth));
  }

  /**
   * The SGA contraction from distance {@code dist} under the eigenvalue floor {@code kappa}, with
   * the ceiling {@code diam^2/4} of {@code lambda_max} (T-BE's uniform coverage): records {@code
   * L}, {@code lambdaBar} and the assumption {@code step}.
   *
   * @param b the result being built
   * @param in the inputs
   * @param smooth L
   * @param steps T
   * @param kappa the eigenvalue floor
   * @param dist the initial distance of the contracted part
   * @return R2 and c
   */
  static Contraction contraction(
      BoundResult.Builder b, BoundInputs in, double smooth, int steps, double kappa, double dist) {
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    b.constant("L", smooth).constant("lambdaBar", lambdaBar);
    step(b, smooth, lambdaBar,
        "eta_t = 1/(2 L sqrt t) with eta_1 beta diam^2 / 4 <= 1, i.e. L >= beta diam^2 / 8"
            + " (implied by L = L(D0))");
    double c = Constants.curvature(
        in.beta(), in.diameter(), Reals.nonNegative(dist, "radius"),
        Reals.nonNegative(kappa, "kappa"));
    double r2 = Up.mul(dist, dist);
    if (c > 0 && smooth > 0) {
      double prod = product(smooth, lambdaBar, c, steps);
      double ceiling = Up.div(Up.mul(in.diameter(), in.diameter()), 4);
      double k = Up.div(Up.mul(in.beta(), ceiling), c);
      r2 = Math.min(r2, Up.mul(Up.mul(Up.mul(k, k), prod), r2));
    }
    return new Contraction(r2, c);
  }

  /** The bound {@code R2 >= E ||P_R e(w_sel)||^2} and the run's drift. */
  record Radius(double r2, Drift drift) {}

  /**
   * A part being built: its result, on which the run's assumptions and constants are recorded,
   * {@code r = sqrt(R2)} and the bound {@code q} on {@code ||P_U e||}.
   */
  private record Part(BoundResult.Builder b, double r, double q) {}

  /** Starts a part: checks L, opens its result and records the run's radius on it. */
  private static Part part(BoundInputs in, double smooth, int steps, String part, String quantity,
      String qualifier) {
    Reals.positive(smooth, "smooth");
    BoundResult.Builder b = BoundResult.builder(ID, part, TITLE, "E_order " + quantity, qualifier);
    Radius rad = radius2(b, in, smooth, steps);
    return new Part(b, Up.sqrt(rad.r2()), rad.drift().q());
  }

  static Radius radius2(BoundResult.Builder b, BoundInputs in, double smooth, int steps) {
    LemmaK.scale(b, in);
    b.constant("Dperp", in.dPerp()).constant("p", in.pKernel());
    LemmaK.steps(b, steps, 0);
    Drift dr = Drift.sga(in, smooth, steps);
    dr.record(b, in);
    Double kp = LemmaK.coverage(b, in);
    double r2 = 0;
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    b.constant("L", smooth).constant("lambdaBar", lambdaBar);
    if (kp != null) {
      step(b, smooth, lambdaBar,
          "eta_t = 1/(2 L sqrt t) with eta_1 beta diam^2 / 4 <= 1, i.e. L >= beta diam^2 / 8"
              + " (implied by L = L(D0))");
      double c = LemmaK.sharpCurvature(b, in, dr, kp);
      r2 = Up.mul(dr.dbar(), dr.dbar());
      if (c > 0 && smooth > 0) {
        double prod = product(smooth, lambdaBar, c, steps);
        double ceiling = dr.ceiling(in);
        double k = Up.div(Up.mul(in.beta(), ceiling), c);
        // s_T = P_T^{1/2} D_perp + beta ell Q E_T + T xi; sqrt(R2) = min(Dbar, K s_T + b)
        double rate = Up.mul(Up.mul(k, Up.sqrt(prod)), in.dPerp());
        double extra = Up.add(Up.mul(k, dr.deviation(in, steps)), dr.selectionFloor(in, c));
        double r = Math.min(dr.dbar(), Up.add(rate, extra));
        r2 = Up.mul(r, r);
        b.constant("productPT", prod).constant("lambdaCeiling", ceiling).constant("K", k);
      }
    }
    b.constant("R2", r2);
    b.cost("lastIterate", (long) steps);
    b.cost("bestFullGradient", steps + LemmaK.prompts(steps + 1L, in.n()));
    return new Radius(r2, dr);
  }

  /**
   * The generalisation gap: with probability {@code >= 1 - delta} over S, {@code E_order
   * |gen_S(w_best)| <= H + beta (diam sqrt(R2) + p sqrt(eps_n))^2 / 8}.
   *
   * @param in the constants
   * @param smooth L in the step schedule
   * @param steps T
   * @return the bound
   * @throws IllegalArgumentException if {@code smooth} is NaN, infinite or out of its range
   */
  @Theorem("T-SGA-SHARP")
  public static BoundResult gap(BoundInputs in, @PositiveReal double smooth, int steps) {
    Part p = part(in, smooth, steps, BoundResult.MAIN,
        BoundResult.GAP + " at the best-full-gradient SGA iterate among t = 0..T",
        BoundResult.PROB_S_EXP_ORDER);
    BoundResult.Builder b = p.b();
    double h = LemmaK.hoeffding(b, in);
    double eps = LemmaK.residual(b, in, p.q());
    double core = LemmaK.gapCore(b, in, p.r(), p.q(), eps);
    b.note("rate: exp(-(2 - lambdaBar/(2L)) c (sqrt(T+1) - 1) / L), faster than any power of T");
    b.note("Markov: with prob >= 1 - delta - delta' over S and the order, |gen_S| <= H + E/delta'");
    return b.finish(Up.add(h, core));
  }

  /**
   * The optimisation error in expectation over the order: {@code E_order[F_S(w*) - F_S(w_best)]
   * <= beta diam^2 R2 / 8}.
   *
   * @param in the constants
   * @param smooth L
   * @param steps T
   * @return the bound
   * @throws IllegalArgumentException if {@code smooth} is NaN, infinite or out of its range
   */
  @Theorem("T-SGA-SHARP")
  public static BoundResult optimisation(BoundInputs in, @PositiveReal double smooth, int steps) {
    Part p = part(in, smooth, steps, "opt",
        BoundResult.OPT + " at the best-full-gradient SGA iterate", BoundResult.EXP_ORDER);
    return p.b().finish(LemmaK.upperCore(in.beta(), in.diameter(), p.r(), in.leakage(), p.q()));
  }

  /**
   * The excess risk in expectation over the order: {@code E_order[F(w*) - F(w_best)] <= beta (diam
   * sqrt(R2) + p sqrt(eps_n))^2 / 8}.
   *
   * @param in the constants
   * @param smooth L
   * @param steps T
   * @return the bound
   * @throws IllegalArgumentException if {@code smooth} is NaN, infinite or out of its range
   */
  @Theorem("T-SGA-SHARP")
  public static BoundResult excess(BoundInputs in, @PositiveReal double smooth, int steps) {
    Part p = part(in, smooth, steps, "excess",
        BoundResult.EXCESS + " at the best-full-gradient SGA iterate", BoundResult.EXP_ORDER);
    double eps = LemmaK.residual(p.b(), in, p.q());
    return p.b().finish(LemmaK.lowerCore(in.beta(), in.diameter(), p.r(), p.q(), eps));
  }
}
