package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * T-GA-SHARP (proofs/T-GA-SHARP.md): Gradient Ascent with a constant step {@code eta}, {@code 0 <
 * eta beta diam^2 / 4 <= 1} (so {@code eta = 1/L(D0)} qualifies), the best-gradient iterate among
 * {@code t = 0..T}:
 *
 * <pre>
 *   ||e_perp|| <= r_T = min(D_perp, K rho^T D_perp),   rho = 1 - eta c,
 *   K = beta min(diam^2/4, e^{diam D_perp} lambda_max) / c,   c = beta e^{-diam D_perp} kappa+,
 * </pre>
 *
 * so the optimisation error is at most {@code beta diam^2 r_T^2 / 8} and the excess risk at most
 * {@code beta (diam r_T + p sqrt(eps_n))^2 / 8} (deterministically), and with probability {@code >=
 * 1 - delta} over S, {@code |gen_S| <= H + beta (diam r_T + p sqrt(eps_n))^2 / 8} (Lemma K, {@link
 * LemmaK}).
 *
 * <p>Values are rounded up (an infinite value is reported as not representable). Thread-safe:
 * stateless.
 */
public final class GaSharpTheorem extends LearnerTheorem {
  /** The registered instance. */
  public static final GaSharpTheorem INSTANCE = new GaSharpTheorem();

  private static final String ID = "T-GA-SHARP";
  private static final String TITLE = "Gradient ascent, best-gradient iterate: linear rate";

  private GaSharpTheorem() {
    super(
        ID,
        Kind.A_PRIORI,
        Algorithm.GA,
        GaSharpTheorem::gap,
        GaSharpTheorem::optimisation,
        GaSharpTheorem::excess);
  }

  private static BoundResult.Builder start(String part, String quantity, String qualifier) {
    return BoundResult.builder(
        ID, part, TITLE, quantity + AT, qualifier);
  }

  /** The radius {@code r_T >= ||P_R e(w_sel)||} and the run's drift. */
  private record Radius(double r, Drift drift) {}

  /** Records the assumptions and constants; returns the radius r_T (LEMMA-DRIFT items 2, 4). */
  private static Radius radius(BoundResult.Builder b, BoundInputs in, double eta, int steps) {
    Drift dr = LemmaK.gaRun(b, in, eta, steps);
    Double kp = LemmaK.coverage(b, in);
    double r = 0;
    if (kp != null) {
      double c = LemmaK.sharpCurvature(b, in, dr, kp);
      if (c > 0) {
        double rho = Math.max(0, Up.sub(1, Down.mul(eta, c)));
        double rhoT = LemmaK.pow(rho, steps);
        // zeta = eta beta ell Q + xi; a_T = rho^T D_perp + zeta / (eta c)
        double zeta = Up.add(Up.mul(eta, Up.mul(in.beta(), Up.mul(dr.ell(), dr.q()))), dr.xi());
        double aT = Up.add(Up.mul(rhoT, in.dPerp()), LemmaK.divUp(zeta, Down.mul(eta, c)));
        double ceiling = dr.ceiling(in);
        double k = Up.div(Up.mul(in.beta(), ceiling), c);
        double floor = dr.selectionFloor(in, c);
        r = Math.min(dr.dbar(), Up.add(Up.mul(k, aT), floor));
        b.constant("rho", rho).constant("rhoPowT", rhoT).constant("lambdaCeiling", ceiling);
        b.constant("K", k).constant("aT", aT).constant("selectionFloor", floor);
      } else {
        r = dr.dbar();
      }
    }
    b.constant("r", r);
    b.cost("perPromptGradients", LemmaK.prompts(steps + 1L, in.n()));
    b.note("rate: linear, rho^T; the selection reuses the T + 1 full gradients GA computes");
    return new Radius(r, dr);
  }

  /**
   * The generalisation gap: with probability {@code >= 1 - delta} over S, {@code |gen_S(w_best)|
   * <= H + beta max(diam r_T + Q sqrt(eps_n), diam r_T + mu Q)^2 / 8}.
   *
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @return the bound
   */
  @Theorem({"T-GA-SHARP", "ROUNDING"})
  public static BoundResult gap(BoundInputs in, @PositiveReal double eta, int steps) {
    Reals.positive(eta, "eta");
    BoundResult.Builder b = start(BoundResult.MAIN, BoundResult.GAP, BoundResult.PROB_S);
    return b.finish(gapWith(b, in, eta, steps, LemmaK::hoeffding, null));
  }

  /** A bound on {@code |F(w*) - F_S(w*)|} that holds with probability {@code >= 1 - delta}. */
  @FunctionalInterface
  interface MiddleTerm {
    /**
     * Evaluates the term, recording its constants.
     *
     * @param b the result being built
     * @param in the inputs
     * @return the term, rounded up
     */
    double at(BoundResult.Builder b, BoundInputs in);
  }

  /**
   * The gap at the best-gradient iterate for a given bound on the middle term: {@code middle +
   * beta max(diam r_T + Q sqrt(eps_n), diam r_T + mu Q)^2 / 8}, recording the radius, the middle
   * term and the cores on {@code b} (LEMMA-K item 4).
   *
   * @param b the result being built
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @param middle the middle term (Hoeffding for T-GA-SHARP, empirical Bernstein for T-HP-EB)
   * @param other another proven bound on {@code ||P_R e||} of the same iterate (the selection
   *     radius of T-GA-ADAPT), or null; when it is smaller it replaces {@code r_T} (recorded as
   *     {@code rSharp}, {@code rAdapt} and {@code r})
   * @return the value, rounded up
   */
  @Theorem({"T-GA-SHARP", "T-HP-EB"})
  static double gapWith(BoundResult.Builder b, BoundInputs in, double eta, int steps,
      MiddleTerm middle, @Nullable Double other) {
    Radius r = radius(b, in, eta, steps);
    double radius = r.r();
    if (other != null && other < radius) {
      b.constant("rSharp", radius).constant("rAdapt", other).constant("r", other);
      radius = other;
    }
    double q = r.drift().q();
    double h = middle.at(b, in);
    double eps = LemmaK.residual(b, in, q);
    return Up.add(h, LemmaK.gapCore(b, in, radius, q, eps));
  }

  /** The quantity of every part, after its name. */
  static final String AT = " at the best-gradient GA iterate among t = 0..T";

  /**
   * The optimisation error, deterministic: {@code F_S(w*) - F_S(w_best) <= beta (diam r_T + mu Q)^2 / 8}.
   *
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @return the bound
   * @throws IllegalArgumentException if {@code eta} is NaN, infinite or out of its range
   */
  @Theorem("T-GA-SHARP")
  public static BoundResult optimisation(BoundInputs in, @PositiveReal double eta, int steps) {
    Reals.positive(eta, "eta");
    BoundResult.Builder b = start("opt", BoundResult.OPT, BoundResult.DETERMINISTIC);
    Radius r = radius(b, in, eta, steps);
    return b.finish(
        LemmaK.upperCore(in.beta(), in.diameter(), r.r(), in.leakage(), r.drift().q()));
  }

  /**
   * The excess risk, deterministic given S: {@code F(w*) - F(w_best) <= beta (diam r_T + Q
   * sqrt(eps_n))^2 / 8}.
   *
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @return the bound
   * @throws IllegalArgumentException if {@code eta} is NaN, infinite or out of its range
   */
  @Theorem("T-GA-SHARP")
  public static BoundResult excess(BoundInputs in, @PositiveReal double eta, int steps) {
    Reals.positive(eta, "eta");
    BoundResult.Builder b = start("excess", BoundResult.EXCESS, BoundResult.DETERMINISTIC);
    Radius r = radius(b, in, eta, steps);
    double q = r.drift().q();
    double eps = LemmaK.residual(b, in, q);
    return b.finish(LemmaK.lowerCore(in.beta(), in.diameter(), r.r(), q, eps));
  }
}
