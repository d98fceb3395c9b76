package org.rlhfbounds.bounds;

import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.learners.Algorithm;

/**
 * Where a GA or SGA run can go (proofs/LEMMA-DRIFT.md): with the split's leakage {@code mu}
 * ({@code ell = diam mu / 4}) and the rounding model's per-step deviation {@code xi}, every iterate
 * has {@code ||e_t|| <= D0' = D0 + T xi}, {@code ||P_U e_t|| <= Q = min(D0', p + beta ell D0' E_T +
 * T xi)} and {@code ||P_R e_t|| <= Dbar = min(D0', D_perp + beta ell Q E_T + T xi)}, so every sampled
 * logit range of {@code e_t} is at most {@code X = diam Dbar + mu Q}; {@code E_T = sum_t eta_t}.
 *
 * <p>With an exact kernel ({@code mu = 0}) and no rounding model ({@code xi = tol = 0}): {@code Q =
 * p}, {@code Dbar = D_perp}, {@code X = diam D_perp}, the classical quantities. Every value is
 * rounded up; NaN never arises from finite inputs.
 *
 * <p>Thread-safe: immutable.
 *
 * @param ell {@code diam mu / 4}
 * @param xi the per-step deviation of the rounding model (0 without it)
 * @param tol the tolerance of a computed gradient norm (0 without the rounding model)
 * @param etaSum {@code E_T}
 * @param d0 {@code D0' = D0 + T xi}
 * @param q {@code Q}
 * @param dbar {@code Dbar}
 * @param x {@code X}
 * @param roundingMargin {@code 2 D0 + 1 - D0'}: the rounding model is valid when it is {@code >= 0}
 */
public record Drift(
    double ell,
    double xi,
    double tol,
    double etaSum,
    double d0,
    double q,
    double dbar,
    double x,
    double roundingMargin) {
  private static final double U = 0x1p-53;

  /**
   * The drift of T constant steps {@code eta} of GA.
   *
   * @param in the inputs
   * @param eta the step
   * @param steps T
   * @return the drift
   */
  @Theorem("LEMMA-DRIFT")
  public static Drift ga(BoundInputs in, double eta, int steps) {
    return of(in, eta, Up.mul(eta, steps), steps);
  }

  /**
   * The drift of T SGA steps {@code eta_t = 1/(2 L sqrt t)}: {@code eta_max = 1/(2L)} and {@code
   * E_T <= (2 sqrt T - 1) / (2L)}.
   *
   * @param in the inputs
   * @param smooth L
   * @param steps T
   * @return the drift
   */
  @Theorem("LEMMA-DRIFT")
  public static Drift sga(BoundInputs in, double smooth, int steps) {
    double twoL = Down.mul(2, smooth);
    double etaMax = Up.div(1, twoL);
    double sum = steps == 0 ? 0 : Up.div(Up.sub(Up.mul(2, Up.sqrt(steps)), 1), twoL);
    return of(in, etaMax, sum, steps);
  }

  /**
   * The drift of a run of one algorithm.
   *
   * @param in the inputs
   * @param alg GA or SGA
   * @param step eta (GA) or L (SGA)
   * @param steps T
   * @return the drift
   */
  public static Drift of(BoundInputs in, Algorithm alg, double step, int steps) {
    return alg == Algorithm.SGA ? sga(in, step, steps) : ga(in, step, steps);
  }

  private static Drift of(BoundInputs in, double etaMax, double etaSum, int steps) {
    double beta = in.beta();
    double diam = in.diameter();
    double mu = in.leakage();
    double ell = Up.div(Up.mul(diam, mu), 4);
    double tol = in.roundingModel() ? in.gradientTolerance() : 0;
    double xi = in.roundingModel() ? roundingPerStep(in, etaMax) : 0;
    double drift = Up.mul(steps, xi);
    double d0 = Up.add(in.d0(), drift);
    double leak = Up.mul(Up.mul(beta, ell), etaSum); // beta ell E_T
    double q = Math.min(d0, Up.add(Up.add(in.pKernel(), Up.mul(leak, d0)), drift));
    double dbar = Math.min(d0, Up.add(Up.add(in.dPerp(), Up.mul(leak, q)), drift));
    double x = Up.add(Up.mul(diam, dbar), Up.mul(mu, q));
    double margin = in.roundingModel() ? Down.sub(radius(in), d0) : 0;
    return new Drift(ell, xi, tol, etaSum, d0, q, dbar, x, margin);
  }

  /** The radius {@code 2 D0 + 1} at which the rounding model's constants are taken. */
  static double radius(BoundInputs in) {
    return Up.add(Up.mul(2, in.d0()), 1);
  }

  /**
   * The rounding model's deviation of one computed step from the exact one: {@code xi = 2u (||w*||
   * + Dx + 2 eta (lambdaBar Dx + tol)) + eta tol}, {@code Dx = 2 D0 + 1}, {@code u = 2^-53}
   * (proofs/LEMMA-DRIFT.md).
   *
   * @param in the inputs (with the rounding model)
   * @param eta the largest step
   * @return xi, rounded up
   */
  @Theorem("LEMMA-DRIFT")
  public static double roundingPerStep(BoundInputs in, double eta) {
    double dx = radius(in);
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    double tol = in.gradientTolerance();
    double grad = Up.add(Up.mul(lambdaBar, dx), tol);
    double size = Up.add(Up.add(in.wStarNorm(), dx), Up.mul(Up.mul(2, eta), grad));
    return Up.add(Up.mul(2 * U, size), Up.mul(eta, tol));
  }

  /**
   * The deviation accumulated over T steps outside the contraction, {@code beta ell Q E_T + T xi}
   * (leakage and rounding; LEMMA-DRIFT items 1 and 3), rounded up.
   *
   * @param in the inputs
   * @param steps T
   * @return the deviation
   */
  public double deviation(BoundInputs in, int steps) {
    return Up.add(Up.mul(Up.mul(Up.mul(in.beta(), ell), q), etaSum), Up.mul(steps, xi));
  }

  /**
   * {@code c = beta e^{-X} kappa+}, rounded down.
   *
   * @param in the inputs
   * @param kappaPlus kappa+
   * @return c
   */
  public double curvature(BoundInputs in, double kappaPlus) {
    return Down.mul(Down.mul(in.beta(), Down.exp(-x)), kappaPlus);
  }

  /**
   * {@code min(diam^2/4, e^X lambdaMaxUpper)}, rounded up: the ceiling of {@code
   * lambda_max(Sigma_S(w))} along the run.
   *
   * @param in the inputs
   * @return the ceiling
   */
  public double ceiling(BoundInputs in) {
    double popoviciu = Up.div(Up.mul(in.diameter(), in.diameter()), 4);
    double transfer =
        in.lambdaMaxUpper() == 0 ? 0 : Up.mul(Up.exp(x), in.lambdaMaxUpper());
    return Math.min(popoviciu, transfer);
  }

  /**
   * The selection floor {@code b = 2 (beta ell Q + tol) / c} of LEMMA-DRIFT item 4, rounded up.
   *
   * @param in the inputs
   * @param c the curvature
   * @return b
   */
  public double selectionFloor(BoundInputs in, double c) {
    return Up.div(Up.mul(2, Up.add(Up.mul(Up.mul(in.beta(), ell), q), tol)), c);
  }

  /**
   * Records the drift's constants and, with the rounding model, the assumption {@code rounding}
   * ({@code D0 + T xi <= 2 D0 + 1}).
   *
   * @param b the result being built
   * @param in the inputs
   */
  public void record(BoundResult.Builder b, BoundInputs in) {
    b.constant("mu", in.leakage()).constant("Q", q).constant("Dbar", dbar).constant("X", x);
    if (in.roundingModel()) {
      b.constant("xi", xi).constant("tol", tol);
      b.assume(
          Assumption.byMargin(
              "rounding",
              "the rounding model of the floating-point run holds: D0 + T xi <= 2 D0 + 1",
              roundingMargin,
              true,
              "xi = " + xi));
    }
  }
}
