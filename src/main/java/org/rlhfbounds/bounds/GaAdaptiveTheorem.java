package org.rlhfbounds.bounds;

import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * T-GA-ADAPT (proofs/T-GA-ADAPT.md): Gradient Ascent with a constant step {@code eta}, {@code 0 <
 * eta beta diam^2 / 4 <= 1}, the best-gradient iterate among {@code t = 0..T}, with the contraction
 * taken at the radius the run has already reached instead of the start's:
 *
 * <pre>
 *   D_0 = min(D_perp, Dbar),
 *   D_{t+1} = min(Dbar, max(0, 1 - eta beta e^{-(diam D_t + mu Q)} kappa+) D_t + zeta),
 * </pre>
 *
 * so {@code ||P_R e_t|| <= D_t} for every t; the selected iterate has {@code ||P_R e_sel|| <= r =
 * min(Dmax, rhat)}, {@code rhat} a certified upper bound of the small root of {@code r e^{-diam r}
 * = y} ({@code y} from the gradient of the last iterate at radius {@code D_T}); the optimisation
 * error is at most {@code beta min(phi(X) (sqrt(lambda_max) r + mu Q / 2)^2, (diam r + mu Q)^2 /
 * 8)}, {@code phi(X) = int_0^1 t e^{tX} dt}, {@code X = diam r + mu Q} (and at most {@code Delta0 +
 * T G xi} when {@code eta L_S <= 1}, by descent), and the excess risk at most
 * {@code beta (diam r + Q sqrt(eps_n))^2 / 8}. A priori: a function of the sample, the start and
 * the step only; cost O(T) scalar operations.
 *
 * <p>Values are rounded up (each step of the recursion rounded up; the recursion is monotone, so
 * the result is never below its real-number value); an infinite value is reported as not
 * representable. Thread-safe: stateless.
 */
public final class GaAdaptiveTheorem extends LearnerTheorem {
  /** The registered instance. */
  public static final GaAdaptiveTheorem INSTANCE = new GaAdaptiveTheorem();

  private static final String ID = "T-GA-ADAPT";
  private static final String TITLE =
      "Gradient ascent, best-gradient iterate: contraction at the current radius";

  /** Series terms of phi below 1; the tail after them is below 1/21!. */
  private static final int SERIES_TERMS = 20;

  /** Inflations tried for the certified root, in order. */
  private static final double[] INFLATE = {1 + 0x1p-40, 1 + 1e-9, 1 + 1e-6, 1.001, 1.1, 2};

  private GaAdaptiveTheorem() {
    super(ID, Kind.A_PRIORI, Algorithm.GA, GaAdaptiveTheorem::optimisation,
        GaAdaptiveTheorem::excess);
  }

  /** The radius {@code r >= ||P_R e(w_sel)||} and the run's drift. */
  private record Radius(double r, Drift drift, double g, double kp) {}

  /**
   * The contraction factor at radius {@code D}: {@link #contraction} at {@code diam D + mu Q}, or
   * with the curvature profile {@code kappa(D)} ({@link CurvatureProfile#lowerBound}, which is at
   * least {@code e^{-diam D} kappa+}) in place of {@code e^{-diam D} kappa+}, at {@code mu Q}.
   */
  private static double factor(BoundInputs in, Drift dr, double kp, double eta, double d) {
    CurvatureProfile profile = in.curvatureProfile();
    if (profile == null || !Double.isFinite(d)) {
      double x = Up.add(Up.mul(in.diameter(), d), Up.mul(in.leakage(), dr.q()));
      return contraction(eta, in.beta(), kp, x);
    }
    double k = kappaAt(in, kp, Down.exp(-Up.mul(in.diameter(), d)), d);
    return contraction(eta, in.beta(), k, Up.mul(in.leakage(), dr.q()));
  }

  /**
   * The curvature on R at every point with {@code ||P_R e|| <= D} (before the factor {@code e^{-mu
   * Q}}), rounded down: {@code decay kappa+} with {@code decay <= e^{-diam D}} (LEMMA-K item 7), or
   * the curvature profile's {@code kappa(D)} when it is larger and D is finite.
   */
  private static double kappaAt(BoundInputs in, double kp, double decay, double d) {
    double k = Down.mul(decay, kp);
    CurvatureProfile profile = in.curvatureProfile();
    if (profile != null && Double.isFinite(d)) {
      k = Math.max(k, profile.lowerBound(Reals.nonNegative(d, "radius")));
    }
    return k;
  }

  /**
   * The contraction factor {@code max(0, 1 - eta beta e^{-x} kappa+)} of one GA step at logit range
   * {@code x}, rounded up. The factor is {@code e^{-x}} (the covariance at the end point of the
   * segment, attained by two actions), not an average along the segment: the GA map uses
   * {@code grad F_S(w) = beta Sigma_S(w)(w* - w)} (F2).
   *
   * @param eta the step, {@code > 0}
   * @param beta the regularisation, {@code > 0}
   * @param kp kappa+, {@code >= 0}
   * @param x the logit range, {@code >= 0}
   * @return the factor, rounded up, in {@code [0, 1]}
   */
  @Theorem("T-GA-ADAPT")
  static double contraction(double eta, double beta, double kp, double x) {
    double c = Down.mul(Down.mul(beta, Down.exp(-x)), kp);
    return Math.max(0, Up.sub(1, Down.mul(eta, c)));
  }

  /**
   * {@code h(r) = r e^{-diam r}}, rounded down: {@code ||grad F_S(w)|| >= beta kappa+ h(||e_R||)}
   * for an exact kernel (LEMMA-K item 7, the covariance at {@code w} itself).
   *
   * @param diam the feature diameter, {@code >= 0}
   * @param r the radius, {@code >= 0}
   * @return h(r), rounded down
   */
  @Theorem("T-GA-ADAPT")
  static double hDown(double diam, double r) {
    return Down.mul(r, Down.exp(-Up.mul(diam, r)));
  }

  /**
   * Records the assumptions and constants; returns the radius r of the selected iterate.
   *
   * @param b the result being built
   * @param in the inputs
   * @param eta the step
   * @param steps T
   * @return the radius and the drift
   */
  private static Radius radius(BoundResult.Builder b, BoundInputs in, double eta, int steps) {
    Drift dr = LemmaK.gaRun(b, in, eta, steps);
    Double kp = LemmaK.coverage(b, in);
    b.cost("perPromptGradients", LemmaK.prompts(steps + 1L, in.n()));
    b.note("rate: the contraction 1 - eta beta e^{-diam D_t} kappa+ at the radius D_t reached,"
        + " tending to 1 - eta beta kappa+; O(T) scalar operations");
    if (kp == null) {
      b.constant("r", 0.0);
      return new Radius(0, dr, 0, 0);
    }
    LemmaK.curvature(b, in, dr, kp); // the worst-case c, and the assumption c > 0
    CurvatureProfile profile = in.curvatureProfile();
    if (profile != null) {
      b.constant("profilePoints", (double) profile.points())
          .constant("profileSlope", profile.slope())
          .constant("profileTop", profile.top());
      b.note("curvature profile: kappa(D) certified at " + profile.points()
          + " radii, each sampled prompt at its own feature diameter");
    }
    double beta = in.beta();
    double diam = in.diameter();
    double q = dr.q();
    double zeta = Up.add(Up.mul(eta, Up.mul(beta, Up.mul(dr.ell(), q))), dr.xi());
    double dbar = dr.dbar();
    double d = Math.min(in.dPerp(), dbar);
    double dMax = d;
    for (int t = 0; t < steps; t++) {
      double next = Math.min(dbar, Up.add(Up.mul(factor(in, dr, kp, eta, d), d), zeta));
      if (next == d) {
        break; // a fixed point of the computed map: every later D_t equals it
      }
      d = next;
      dMax = Math.max(dMax, d);
    }
    b.constant("zeta", zeta).constant("DT", d).constant("Dmax", dMax);
    // selection (LEMMA-K item 7 at w_T with radius D_T, and at w_sel with its own radius)
    double xT = Up.add(Up.mul(diam, d), Up.mul(in.leakage(), q));
    double popoviciu = Up.div(Up.mul(diam, diam), 4);
    double lambdaT = in.lambdaMaxUpper() == 0
        ? 0 : Math.min(popoviciu, Up.mul(Up.exp(xT), in.lambdaMaxUpper()));
    double leak = Up.mul(beta, Up.mul(dr.ell(), q));
    double g = Up.add(Up.add(Up.mul(beta, Up.mul(lambdaT, d)), leak), Up.mul(2, dr.tol()));
    double y = LemmaK.divUp(Up.mul(Up.add(g, leak), Up.exp(Up.mul(in.leakage(), q))),
        Down.mul(beta, kp));
    b.constant("lambdaT", lambdaT).constant("gSel", g).constant("y", y);
    double r = selectionRadius(diam, y, dMax);
    if (r < dMax) {
      b.constant("selectionRoot", r);
    }
    double level = LemmaK.divUp(Up.mul(Up.add(g, leak), Up.exp(Up.mul(in.leakage(), q))), beta);
    if (profile != null && Double.isFinite(level) && Double.isFinite(dMax)) {
      // the same step with the profile: r_s kappa(r_s) <= (G + beta ell Q) e^{mu Q} / beta
      double rp = profile.selectionRadius(
          Reals.nonNegative(level, "selection level"), Reals.nonNegative(dMax, "Dmax"));
      b.constant("selectionProfile", rp);
      r = Math.min(r, rp);
    }
    b.constant("r", r);
    return new Radius(r, dr, g, kp);
  }

  /**
   * An upper bound of every {@code r} in {@code [0, dMax]} with {@code r e^{-diam r} <= y}: a
   * candidate {@code rhat < dMax} (the fixed-point iteration {@code z <- y e^{diam z}}, which
   * increases to the smallest root, then inflated) accepted only when {@code h(rhat) > y} and
   * {@code h(dMax) > y} with {@code h} rounded down (then {@code h > y} on {@code [rhat, dMax]}, h
   * being quasi-concave); else {@code dMax}.
   *
   * @param diam the feature diameter, {@code >= 0}
   * @param y the level, rounded up
   * @param dMax the radius every iterate stays in
   * @return the bound
   */
  @Theorem("T-GA-ADAPT")
  static double selectionRadius(double diam, double y, double dMax) {
    if (!(hDown(diam, dMax) > y)) {
      return dMax;
    }
    double z = y;
    for (int k = 0; k < 200; k++) {
      double zn = y * Math.exp(diam * z);
      if (!(zn < dMax) || zn == z) {
        z = Math.min(zn, dMax);
        break;
      }
      z = zn;
    }
    for (double f : INFLATE) {
      double cand = z * f;
      if (cand < dMax && hDown(diam, cand) > y) {
        return cand;
      }
    }
    return dMax;
  }

  /**
   * {@code phi(x) = int_0^1 t e^{tx} dt} for {@code x >= 0}, rounded up: the series {@code sum_k
   * x^k / (k! (k + 2))} with a tail bound below 1, the closed form {@code (1 + (x - 1) e^x) / x^2}
   * from 1 on.
   *
   * @param x the logit range, {@code >= 0}
   * @return phi(x), rounded up ({@code +inf} on overflow)
   */
  @Theorem("T-GA-ADAPT")
  static double phi(double x) {
    if (x >= 1) {
      return Up.div(Up.add(1, Up.mul(Up.sub(x, 1), Up.exp(x))), Down.mul(x, x));
    }
    double term = 1; // x^k / k!, rounded up
    double sum = 0.5;
    for (int k = 1; k <= SERIES_TERMS; k++) {
      term = Up.div(Up.mul(term, x), k);
      sum = Up.add(sum, Up.div(term, k + 2));
    }
    // tail: sum_{k > N} x^k / (k! (k + 2)) <= e x^{N+1} / ((N+1)! (N+3)) <= x^{N+1} / (N+1)!
    double tail = Up.div(Up.mul(term, x), SERIES_TERMS + 1);
    return Up.add(sum, tail);
  }

  /**
   * The optimisation error, deterministic: {@code F_S(w*) - F_S(w_best) <= beta min(phi(X)
   * (sqrt(lambda_max) r + mu Q / 2)^2, (diam r + mu Q)^2 / 8)}, {@code X = diam r + mu Q}, and
   * when {@code eta L_S <= 1}, {@code L_S = beta (diam^2/4)(1 + diam Dbar + mu Q)}, at most {@code
   * Delta0 + T G xi} ({@code G = lambdaBar D0'}; descent, LEMMA-DRIFT item 5).
   *
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @return the bound
   * @throws IllegalArgumentException if {@code eta} is NaN, infinite or out of its range
   */
  @Theorem({"T-GA-ADAPT", "ROUNDING"})
  public static BoundResult optimisation(BoundInputs in, @PositiveReal double eta, int steps) {
    Reals.positive(eta, "eta");
    BoundResult.Builder b = BoundResult.builder(ID, "opt", TITLE,
        BoundResult.OPT + GaSharpTheorem.AT, BoundResult.DETERMINISTIC);
    Radius rad = radius(b, in, eta, steps);
    double r = rad.r();
    double q = rad.drift().q();
    double mu = in.leakage();
    double x = Up.add(Up.mul(in.diameter(), r), Up.mul(mu, q));
    double s = Up.add(Up.mul(Up.sqrt(in.lambdaMaxUpper()), r), Up.div(Up.mul(mu, q), 2));
    double phi = phi(x);
    double local = Up.mul(in.beta(), Up.mul(phi, Up.mul(s, s)));
    double crude = LemmaK.upperCore(in.beta(), in.diameter(), r, mu, q);
    b.constant("phi", phi).constant("localCore", local).constant("upperCore", crude);
    double value = Math.min(local, crude);
    if (mu == 0 && rad.kp() > 0) {
      value = Math.min(value, gradientCore(b, in, rad.kp(), r, phi, rad.g()));
    }
    // descent (LEMMA-DRIFT item 5): with eta L_S <= 1 no iterate is below F_S(w0) - T G xi
    Drift dr = rad.drift();
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    double ls = Up.mul(lambdaBar, Up.add(1, dr.x()));
    if (Up.mul(eta, ls) <= 1) {
      double g = Up.mul(lambdaBar, dr.d0());
      double cap = Up.add(GaSeedTheorem.initialGap(in), Up.mul(Up.mul(steps, g), dr.xi()));
      b.constant("Ltraj", ls).constant("descentCap", cap);
      value = Math.min(value, cap);
    }
    return b.finish(value);
  }

  /**
   * The optimisation error from the selected gradient (exact split, {@code mu = 0}), rounded up
   * and recorded as {@code gradientCore}: {@code F_S(w*) - F_S(w) <= beta phi(X) e^T Sigma_S(w*) e}
   * and {@code ||grad F_S(w)||^2 >= beta^2 kappa(r) e^T Sigma_S(w) e >= beta^2 kappa(r) e^{-diam r}
   * e^T Sigma_S(w*) e}, so with {@code ||grad F_S(w_sel)|| <= G} the error is at most {@code phi(X)
   * G^2 / (beta kappa(r) e^{-diam r})}; {@code kappa(r)} is the profile's, at least {@code e^{-diam
   * r} kappa+}.
   */
  @Theorem("T-GA-ADAPT")
  static double gradientCore(BoundResult.Builder b, BoundInputs in, double kp, double r,
      double phi, double g) {
    double decay = Down.exp(-Up.mul(in.diameter(), r));
    double den = Down.mul(in.beta(), Down.mul(kappaAt(in, kp, decay, r), decay));
    double core = LemmaK.divUp(Up.mul(phi, Up.mul(g, g)), den);
    b.constant("gradientCore", core);
    return core;
  }

  /**
   * The local excess core {@code beta phi(diam (r + q)) (sqrt(lambda_D) r + q sqrt(eps_n) / 2)^2},
   * rounded up and recorded as {@code localExcessCore} with {@code lambdaMaxD}: {@code F(w*) - F(w)
   * = beta E_D KL(pi_w || pi_w*) <= beta E_D phi(R_x) e^T Sigma_x(w*) e}, every population logit
   * range {@code R_x <= diam (r + q)}, and {@code (e^T Sigma_D(w*) e)^{1/2} <= sqrt(lambda_D) r + q
   * sqrt(eps_n) / 2}.
   */
  @Theorem("T-GA-ADAPT")
  static double localExcess(BoundResult.Builder b, double beta, double diam, double lambdaD,
      double r, double q, double eps) {
    double phi = phi(Up.mul(diam, Up.add(r, q)));
    double s = Up.add(Up.mul(Up.sqrt(lambdaD), r), Up.div(Up.mul(q, Up.sqrt(eps)), 2));
    double core = Up.mul(beta, Up.mul(phi, Up.mul(s, s)));
    b.constant("lambdaMaxD", lambdaD).constant("localExcessCore", core);
    return core;
  }

  /**
   * The excess risk, deterministic given S: {@code F(w*) - F(w_best) <= beta (diam r + Q
   * sqrt(eps_n))^2 / 8} at the radius r of the selected iterate, and, for a known finite
   * population, at most {@link #localExcess}.
   *
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @return the bound
   * @throws IllegalArgumentException if {@code eta} is NaN, infinite or out of its range
   */
  @Theorem("T-GA-ADAPT")
  public static BoundResult excess(BoundInputs in, @PositiveReal double eta, int steps) {
    Reals.positive(eta, "eta");
    BoundResult.Builder b = BoundResult.builder(ID, "excess", TITLE,
        BoundResult.EXCESS + GaSharpTheorem.AT, BoundResult.DETERMINISTIC);
    Radius rad = radius(b, in, eta, steps);
    double q = rad.drift().q();
    double r = rad.r();
    double eps = LemmaK.residual(b, in, q);
    double value = LemmaK.lowerCore(in.beta(), in.diameter(), r, q, eps);
    Double lambdaD = in.populationLambdaMax();
    if (lambdaD != null && Double.isFinite(eps)) {
      value = Math.min(value, localExcess(b, in.beta(), in.diameter(), lambdaD, r, q, eps));
    }
    return b.finish(value);
  }
}
