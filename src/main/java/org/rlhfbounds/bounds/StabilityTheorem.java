package org.rlhfbounds.bounds;

import java.util.List;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * T-BE (proofs/T-BE.md): with the uniform per-prompt coverage {@code kappa_u}, the selected
 * iterate of GA is {@code gamma}-uniformly stable and, by the replace-one identity (Bousquet and
 * Elisseeff 2002, Lemma 7, doi:10.1162/153244302760200704), {@code |E_S[F(A_S) - F_S(A_S)]| <=
 * gamma}:
 *
 * <pre>
 *   GA:  gamma = beta diam^2 r_u^2 / 8,   r_u = min(D0, (lambdaBar / c_u) rho_u^T D0),
 *        c_u = beta e^{-diam D0} kappa_u,   rho_u = 1 - eta c_u;
 *   SGA: gamma = beta diam^2 R2_u / 4,    R2_u = min(D0^2, (lambdaBar / c_u)^2 P_T^u D0^2)
 *        (in expectation over a shared order).
 * </pre>
 *
 * With {@code kappa_u = 0}: {@code r_u = D0}.
 *
 * <p>Values are rounded up (an infinite value is reported as not representable). Thread-safe:
 * stateless.
 */
public final class StabilityTheorem extends AbstractTheorem {
  /** The registered instance. */
  public static final StabilityTheorem INSTANCE = new StabilityTheorem();

  private StabilityTheorem() {
    super("T-BE", Kind.A_PRIORI);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The expected gap and the uniform loss stability, for GA and SGA runs.
   */
  @Override
  public List<BoundResult> evaluate(BoundContext run) {
    BoundInputs in = run.inputs();
    return List.of(
        expectation(in, run.algorithm(), run.step(), run.steps())
            .withMeasured(run.measured().expectedGap()),
        uniform(in, run.algorithm(), run.step(), run.steps())
            .withMeasured(run.measured().lossStability()));
  }

  /**
   * Checks that the algorithm is one the stability theorems speak about.
   *
   * @param alg the algorithm
   * @throws IllegalArgumentException unless GA or SGA
   */
  static void requireIterative(Algorithm alg) {
    if (alg != Algorithm.GA && alg != Algorithm.SGA) {
      throw new IllegalArgumentException("algorithm: the bounds speak about GA or SGA, got " + alg);
    }
  }

  /**
   * The uniform loss-stability bound gamma of the selected iterate, with its constants and
   * assumptions recorded on {@code b}.
   *
   * @param b the result being built
   * @param in the inputs (uses D0, kappa_u, diam)
   * @param alg GA or SGA
   * @param step eta for GA, L for SGA
   * @param steps T
   * @return gamma, rounded up
   */
  static double gamma(BoundResult.Builder b, BoundInputs in, Algorithm alg, double step, int steps) {
    LemmaK.scale(b, in);
    b.constant("D0", in.d0()).constant("kappaUniform", in.kappaUniform());
    LemmaK.steps(b, steps, 0);
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    if (alg == Algorithm.GA) {
      b.constant("eta", step).constant("lambdaBar", lambdaBar);
      LemmaK.gaStep(b, step, lambdaBar);
      Drift dr = Drift.ga(in, step, steps); // the rounding model only: kappa_u > 0 has no kernel
      @NonNegativeReal double d0 = Reals.nonNegative(dr.d0(), "D0'");
      double cu = Constants.curvature(in.beta(), in.diameter(), d0, in.kappaUniform());
      double r = d0;
      if (cu > 0) {
        double rho = Math.max(0, Up.sub(1, Down.mul(step, cu)));
        double ku = Up.div(lambdaBar, cu);
        // floating-point run: a_T = rho^T D0 + xi / (eta c_u), plus the selection floor 2 tol / c_u
        double aT = Up.add(Up.mul(LemmaK.pow(rho, steps), in.d0()),
            LemmaK.divUp(dr.xi(), Down.mul(step, cu)));
        r = Math.min(r, Up.add(Up.mul(ku, aT), Up.div(Up.mul(2, dr.tol()), cu)));
        b.constant("cUniform", cu).constant("rhoUniform", rho).constant("Kuniform", ku);
      }
      b.constant("rUniform", r);
      double gamma = LemmaK.upperCore(in.beta(), in.diameter(), r, 0, 0);
      b.constant("gamma", gamma);
      return gamma;
    }
    SgaSharpTheorem.Contraction core =
        SgaSharpTheorem.contraction(b, in, step, steps, in.kappaUniform(), in.d0());
    b.constant("cUniform", core.c()).constant("R2Uniform", core.r2());
    double diam2 = Up.mul(in.diameter(), in.diameter());
    double gamma = Up.div(Up.mul(Up.mul(in.beta(), diam2), core.r2()), 4);
    b.constant("gamma", gamma);
    return gamma;
  }

  /**
   * Stability in expectation: {@code |E_S[F(A_S) - F_S(A_S)]| <= gamma}.
   *
   * @param in the constants (uses D0, kappa_u, diam)
   * @param alg GA or SGA
   * @param step eta for GA, L for SGA
   * @param steps T
   * @return the bound on the expected generalisation gap
   * @throws IllegalArgumentException unless the algorithm is GA or SGA
   */
  @Theorem("T-BE")
  public static BoundResult expectation(
      BoundInputs in, Algorithm alg, @PositiveReal double step, int steps) {
    return part(in, alg, step, steps, BoundResult.MAIN,
        "Uniform stability implies generalisation in expectation (Bousquet-Elisseeff 2002)",
        "|E_S[F(A_S) - F_S(A_S)]|, A_S = selected " + alg + " iterate",
        alg == Algorithm.GA ? "in expectation over S" : "in expectation over S and the order");
  }

  /**
   * The uniform loss-stability bound itself: for all samples S, S^i differing in one prompt and
   * every prompt z, {@code |f(A_S; z) - f(A_{S^i}; z)| <= gamma} (SGA: in expectation over a shared
   * order).
   *
   * @param in the constants
   * @param alg GA or SGA
   * @param step eta for GA, L for SGA
   * @param steps T
   * @return the bound on the uniform loss stability
   * @throws IllegalArgumentException unless the algorithm is GA or SGA
   */
  @Theorem("T-BE")
  public static BoundResult uniform(
      BoundInputs in, Algorithm alg, @PositiveReal double step, int steps) {
    return part(in, alg, step, steps, "stability",
        "Uniform loss stability of the selected iterate",
        "sup_{S, i, x', z} |f(A_S; z) - f(A_{S^i}; z)|",
        alg == Algorithm.GA
            ? "deterministic, uniform over samples"
            : "in expectation over a shared order, uniform over samples");
  }

  /**
   * A part of T-BE: both parts have the value {@code gamma}, and differ only in what they say it
   * bounds.
   *
   * @param in the constants
   * @param alg GA or SGA
   * @param step eta for GA, L for SGA
   * @param steps T
   * @param part the part name
   * @param title the part's title
   * @param quantity the bounded quantity
   * @param qualifier in which sense it holds
   * @return the result with value gamma
   * @throws IllegalArgumentException if {@code step} is NaN, infinite or not positive, or unless
   *     the algorithm is GA or SGA
   */
  private static BoundResult part(
      BoundInputs in,
      Algorithm alg,
      @PositiveReal double step,
      int steps,
      String part,
      String title,
      String quantity,
      String qualifier) {
    Reals.positive(step, "step");
    requireIterative(alg);
    BoundResult.Builder b = BoundResult.builder("T-BE", part, title, quantity, qualifier);
    return b.finish(gamma(b, in, alg, step, steps));
  }
}
