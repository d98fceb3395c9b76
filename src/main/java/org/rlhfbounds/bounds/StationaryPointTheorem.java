package org.rlhfbounds.bounds;

import java.util.List;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * T-OPT (proofs/T-OPT.md): a stationary point generalises. For every w with {@code ||grad F_S(w)||
 * <= g}, {@code ||e_perp|| <= D} and {@code ||P_N e|| = p}: {@code ||e_perp|| <= r = min(D, g
 * e^{diam D} / (beta kappa+))} and, with probability {@code >= 1 - delta} over S,
 *
 * <pre>
 *   |gen_S(w)| <= H + beta (diam r + p sqrt(eps_n))^2 / 8.
 * </pre>
 *
 * <p>For the exact optimum ({@code g = 0}, {@code p = 0}) this is {@code H = c2 n^{-1/2}}, {@code
 * c2 = B ||theta*|| sqrt(2 ln(2/delta))}: the seed's claim SEED-OPT with its constant. Applied to a
 * run, g is the measured gradient norm of the selected iterate plus its floating-point tolerance.
 *
 * <p>Values are rounded up (an infinite value is reported as not representable). Thread-safe:
 * stateless.
 */
public final class StationaryPointTheorem extends AbstractTheorem {
  /** The registered instance. */
  public static final StationaryPointTheorem INSTANCE = new StationaryPointTheorem();

  private StationaryPointTheorem() {
    super("T-OPT", Kind.A_POSTERIORI);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Empty when no gradient norm was measured; else the gap at the selected iterate, with the
   * assumptions {@code radius} (the step is non-expansive, so {@code ||e_perp(w_t)|| <= D_perp})
   * and {@code gradient} (g covers the rounding of the measured norm).
   */
  @Override
  @Theorem("T-OPT")
  public List<BoundResult> evaluate(BoundContext run) {
    Double g = run.measured().gradNorm();
    if (g == null) {
      return List.of();
    }
    BoundInputs in = run.inputs();
    double step = run.step();
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    boolean ga = run.algorithm() == Algorithm.GA;
    // GA: eta lambdaBar <= 1; SGA: eta_1 lambdaBar = lambdaBar / (2L) <= 2
    double margin = ga ? 1 - Up.mul(step, lambdaBar) : 2 - Up.div(lambdaBar, 2 * step);
    Drift dr = Drift.of(in, run.algorithm(), step, run.steps());
    Assumption radius =
        Assumption.byMargin(
            "radius",
            "||P_R e(w_t)|| <= Dbar and ||P_U e(w_t)|| <= Q for every iterate (LEMMA-DRIFT): the"
                + " step is non-expansive ("
                + (ga ? "eta beta diam^2 / 4 <= 1" : "eta_1 beta diam^2 / 4 <= 2") + ")",
            margin,
            true,
            ga ? "eta = " + step : "L = " + step);
    double tolG = Math.max(run.gradientTolerance(), dr.tol());
    Assumption grad =
        Assumption.of(
            "gradient",
            "g bounds the exact ||grad F_S(w_sel)||: the measured norm plus its floating-point"
                + " tolerance",
            true,
            tolG,
            "measured " + g + " + tolerance " + tolG);
    double gEff = Up.add(Reals.nonNegative(g, "gradNorm"), tolG);
    return List.of(
        gap(in, Reals.nonNegative(gEff, "g"), Reals.nonNegative(dr.dbar(), "Dbar"),
                Reals.nonNegative(dr.q(), "Q"), radius, grad)
            .withMeasured(run.measured().gap()));
  }

  /**
   * The bound on {@code |gen_S(w)|} at any w with {@code ||grad F_S(w)|| <= g}.
   *
   * @param in the constants
   * @param gradNorm g, a bound on ||grad F_S(w)||
   * @param radius D, a bound on ||e_perp(w)||
   * @param p ||P_N e(w)||
   * @param extra further assumptions the caller checked (e.g. why {@code D} bounds the iterate)
   * @return the bound on |gen_S(w)|
   * @throws IllegalArgumentException if {@code gradNorm} or {@code radius} or {@code p} is NaN,
   *     infinite or out of its range
   */
  @Theorem("T-OPT")
  public static BoundResult gap(
      BoundInputs in,
      @NonNegativeReal double gradNorm,
      @NonNegativeReal double radius,
      @NonNegativeReal double p,
      Assumption... extra) {
    Reals.nonNegative(gradNorm, "gradNorm");
    Reals.nonNegative(radius, "radius");
    Reals.nonNegative(p, "p");
    BoundResult.Builder b =
        BoundResult.builder(
            "T-OPT",
            BoundResult.MAIN,
            "Stationary points generalise at n^{-1/2}",
            BoundResult.GAP + " at any w with ||grad F_S(w)|| <= g",
            BoundResult.PROB_S);
    LemmaK.scale(b, in);
    double h = LemmaK.hoeffding(b, in);
    b.constant("c2", Up.mul(Up.mul(in.bound(), in.thetaNorm()),
        Up.sqrt(Up.mul(2, Up.log(Up.div(2, in.delta()))))));
    b.constant("gradNorm", gradNorm).constant("D", radius).constant("p", p);
    for (Assumption a : extra) {
      b.assume(a);
    }
    Double kp = LemmaK.coverage(b, in);
    double eps = LemmaK.residual(b, in, p);
    double r = 0;
    if (kp != null) {
      // r = min(D, (g + beta ell q) e^X / (beta kappa+)), X = diam D + mu q, ell = diam mu / 4
      double ell = Up.div(Up.mul(in.diameter(), in.leakage()), 4);
      double x = Up.add(Up.mul(in.diameter(), radius), Up.mul(in.leakage(), p));
      double g = Up.add(gradNorm, Up.mul(Up.mul(in.beta(), ell), p));
      double num = Up.mul(g, Up.exp(x));
      double den = Down.mul(in.beta(), kp);
      r = g == 0 ? 0 : den > 0 ? Math.min(radius, Up.div(num, den)) : radius;
      b.constant("X", x);
    }
    b.constant("r", r);
    double core = LemmaK.gapCore(b, in, r, p, eps);
    b.note("exact optimum (g = 0, p = 0): |gen_S(w*)| <= H = c2 n^{-1/2}, the seed's SEED-OPT");
    return b.finish(Up.add(h, core));
  }
}
