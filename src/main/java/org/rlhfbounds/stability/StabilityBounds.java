package org.rlhfbounds.stability;

import java.util.function.DoubleBinaryOperator;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * The bounds of proofs/F6.md, F8.md and F10.md, evaluated with upward
 * rounding ({@link Up}; lower bounds of subtracted terms by negation, {@code down(x) = -Up(-x)}),
 * so that every returned value is at least the real-number value of its formula. A bound whose
 * assumption fails is returned as {@link BoundValue#notApplicable} naming the assumption.
 *
 * <p>Notation: {@code beta} KL weight, {@code B} feature bound, {@code D0 = ||w0 - w*||}, {@code
 * eta} the GA step, {@code T} steps, {@code n} sample size.
 *
 * <p>Thread-safe: stateless.
 */
public final class StabilityBounds {
  /**
   * The default failure probability {@code delta} of every high-probability statement (the
   * library's one place for it).
   */
  public static final @PositiveProbability double DEFAULT_DELTA = 0.05;

  /** {@link #DEFAULT_DELTA} as text, for option defaults ({@code "0.05"}). */
  public static final String DEFAULT_DELTA_TEXT = "" + DEFAULT_DELTA;

  private StabilityBounds() {}

  private static double downMul(double a, double b) {
    return -Up.mul(-a, b);
  }

  /** A lower bound of {@code e^x}: {@code 1 / Up.exp(-x)}, the quotient rounded down. */
  private static double downExp(double x) {
    return -Up.div(-1.0, Up.exp(-x));
  }

  /**
   * The F8 Hoeffding term at the fixed {@code w*}: with probability at least {@code 1 - delta},
   * {@code |F(w*) - F_S(w*)| <= B ||theta*|| sqrt(2 log(2/delta) / n)}.
   *
   * @param bound B
   * @param thetaNorm {@code ||theta*||}
   * @param n the sample size, {@code >= 1}
   * @param delta the failure probability
   * @return the bound
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F8")
  public static BoundValue hoeffdingMiddleTerm(
      @PositiveReal double bound,
      @NonNegativeReal double thetaNorm,
      int n,
      @PositiveProbability double delta) {
    Reals.positive(bound, "bound");
    if (n < 1) {
      Reals.nonNegative(thetaNorm, "thetaNorm");
      Reals.positiveProbability(delta, "delta");
      return BoundValue.notApplicable("sample size n >= 1, got " + n);
    }
    return BoundValue.of(
        hoeffding(bound, thetaNorm, n, delta), "B ||theta*|| sqrt(2 log(2/delta) / n)");
  }

  /**
   * The F8 Hoeffding term as a number, {@code H = B ||theta*|| sqrt(2 ln(2/delta) / n)}, rounded
   * up: with probability at least {@code 1 - delta} over S, {@code |F(w*) - F_S(w*)| <= H}. The
   * one implementation of the term: {@link #hoeffdingMiddleTerm} and the bounds' {@code
   * Constants.hoeffding} (LEMMA-K) call it.
   *
   * @param bound B, the values f(w*;x) lie in [-B||theta*||, B||theta*||]
   * @param thetaNorm {@code ||theta*||}
   * @param n the sample size, {@code >= 1}
   * @param delta the failure probability
   * @return H, rounded up
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its
   *     range, or {@code n < 1}
   */
  @Theorem("F8")
  public static @NonNegativeReal double hoeffding(
      @NonNegativeReal double bound,
      @NonNegativeReal double thetaNorm,
      int n,
      @PositiveProbability double delta) {
    if (n < 1) {
      throw new IllegalArgumentException("n: sample size must be >= 1, got " + n);
    }
    Reals.nonNegative(bound, "bound");
    Reals.nonNegative(thetaNorm, "thetaNorm");
    Reals.positiveProbability(delta, "delta");
    double log = Up.log(Up.div(2.0, delta));
    double v = Up.mul(Up.mul(bound, thetaNorm), Up.sqrt(Up.div(Up.mul(2.0, log), n)));
    return Reals.nonNegative(v, "Hoeffding term");
  }

  /**
   * The F6 per-step contraction factor {@code rho = 1 - eta beta e^{-2 B D0} kappa} of the
   * component of {@code w - w*} outside {@code N_S}, for a covered eigenvalue floor {@code kappa}
   * ({@code kappa_S^+}, or {@code kappa_S} under coverage); requires {@code eta beta B^2 <= 1}.
   *
   * @param eta the step
   * @param beta KL weight
   * @param bound B
   * @param d0 D0
   * @param kappa the eigenvalue floor, {@code >= 0}
   * @return rho, or not applicable
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F6")
  public static BoundValue contraction(
      @PositiveReal double eta,
      @PositiveReal double beta,
      @PositiveReal double bound,
      @NonNegativeReal double d0,
      @NonNegativeReal double kappa) {
    checkGa(eta, beta, bound, d0);
    Reals.nonNegative(kappa, "kappa");
    double c = Up.mul(Up.mul(eta, beta), Up.mul(bound, bound));
    if (!(c <= 1)) {
      return BoundValue.notApplicable("eta beta B^2 <= 1, got about " + c);
    }
    // e^{-2 B D0} from below: exp of minus an upper bound of 2 B D0, rounded down
    double gain =
        downMul(downMul(downMul(eta, beta), downExp(-Up.mul(Up.mul(2.0, bound), d0))), kappa);
    double rho = Up.sub(1.0, Math.max(gain, 0));
    return BoundValue.of(Math.max(rho, 0), "1 - eta beta e^{-2 B D0} kappa");
  }

  /**
   * The F10 argument stability of T GA steps under coverage of both samples: {@code ||A_T(S) -
   * A_T(S')|| <= (rho_S^T + rho_{S'}^T) D0 <= 2 rho^T D0}, with {@code rho_X} the {@link
   * #contraction} of {@code kappa_X = lambda_min(Sigma_X(w*)) > 0}.
   *
   * @param eta the step
   * @param beta KL weight
   * @param bound B
   * @param d0 D0
   * @param kappaS {@code kappa_S}
   * @param kappaS2 {@code kappa_{S'}}
   * @param steps T
   * @return the bound, or not applicable without coverage or with {@code eta beta B^2 > 1}
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F10")
  public static BoundValue argumentStabilityCoverage(
      @PositiveReal double eta,
      @PositiveReal double beta,
      @PositiveReal double bound,
      @NonNegativeReal double d0,
      @NonNegativeReal double kappaS,
      @NonNegativeReal double kappaS2,
      int steps) {
    checkGa(eta, beta, bound, d0);
    Reals.nonNegative(kappaS, "kappaS");
    Reals.nonNegative(kappaS2, "kappaS2");
    if (!(kappaS > 0 && kappaS2 > 0)) {
      return BoundValue.notApplicable(
          "coverage kappa_S > 0 and kappa_S' > 0, got " + kappaS + " and " + kappaS2);
    }
    return capped(
        eta,
        beta,
        bound,
        d0,
        kappaS,
        kappaS2,
        steps,
        (p1, p2) -> Up.mul(Up.add(p1, p2), d0), "(rho_S^T + rho_S'^T) D0");
  }

  /**
   * {@code min(2 D0, combine(rho_S^T, rho_S'^T))} with both contractions and their powers rounded
   * up, or the first contraction that is not applicable.
   */
  private static BoundValue capped(
      @PositiveReal double eta,
      @PositiveReal double beta,
      @PositiveReal double bound,
      @NonNegativeReal double d0,
      @NonNegativeReal double kappa1,
      @NonNegativeReal double kappa2,
      int steps,
      DoubleBinaryOperator combine,
      String formula) {
    BoundValue r1 = contraction(eta, beta, bound, d0, kappa1);
    BoundValue r2 = contraction(eta, beta, bound, d0, kappa2);
    if (!r1.applicable()) {
      return r1;
    }
    if (!r2.applicable()) {
      return r2;
    }
    double v = combine.applyAsDouble(pow(r1.value(), steps), pow(r2.value(), steps));
    return BoundValue.of(Math.min(v, Up.mul(2.0, d0)), formula);
  }

  private static double pow(double x, int t) {
    if (t == 0) {
      return 1.0;
    }
    if (x == 0) {
      return 0.0;
    }
    return Up.pow(x, t);
  }

  /**
   * The F10 argument stability of T GA steps without any coverage assumption: {@code ||A_T(S) -
   * A_T(S')|| <= min(2 D0, ||(P_N - P_N') e0|| + rho_S^T ||P_R e0|| + rho_{S'}^T ||P_{R'} e0||)},
   * {@code e0 = w0 - w*}, {@code N, N'} the kernels of {@code Sigma_S(w*)}, {@code Sigma_{S'}(w*)},
   * {@code R, R'} their orthogonal complements, {@code rho} the {@link #contraction} with {@code
   * kappa^+}. The kernel term is at most {@code ||P_{N_0} e0||}, {@code N_0} the kernel of the
   * {@code n - 1} shared prompts.
   *
   * @param eta the step
   * @param beta KL weight
   * @param bound B
   * @param d0 D0
   * @param steps T
   * @param kernelDifference {@code ||(P_N - P_N') e0||}
   * @param perpS {@code ||P_R e0||}
   * @param kappaPlusS {@code kappa_S^+} (any value when {@code perpS = 0})
   * @param perpS2 {@code ||P_{R'} e0||}
   * @param kappaPlusS2 {@code kappa_{S'}^+}
   * @return the bound, or not applicable with {@code eta beta B^2 > 1}
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F10")
  public static BoundValue argumentStabilityGeneral(
      @PositiveReal double eta,
      @PositiveReal double beta,
      @PositiveReal double bound,
      @NonNegativeReal double d0,
      int steps,
      @NonNegativeReal double kernelDifference,
      @NonNegativeReal double perpS,
      @NonNegativeReal double kappaPlusS,
      @NonNegativeReal double perpS2,
      @NonNegativeReal double kappaPlusS2) {
    checkGa(eta, beta, bound, d0);
    String[] names = {"kernelDifference", "perpS", "kappaPlusS", "perpS2", "kappaPlusS2"};
    double[] values = {kernelDifference, perpS, kappaPlusS, perpS2, kappaPlusS2};
    for (int i = 0; i < values.length && i < names.length; i++) {
      Reals.nonNegative(values[i], names[i]);
    }
    return capped(
        eta,
        beta,
        bound,
        d0,
        kappaPlusS,
        kappaPlusS2,
        steps,
        (p1, p2) -> Up.add(kernelDifference, Up.add(Up.mul(p1, perpS), Up.mul(p2, perpS2))),
        "min(2 D0, ||(P_N - P_N') e0|| + rho_S^T ||P_R e0|| + rho_S'^T ||P_R' e0||)");
  }

  /**
   * The F6 bound on the error of T GA steps: {@code ||w_T - w*|| <= sqrt(||P_N e0||^2 + rho^{2T}
   * ||P_R e0||^2)} (the kernel part is kept, the rest contracts).
   *
   * @param kernelPart {@code ||P_N e0||}
   * @param perp {@code ||P_R e0||}
   * @param rho the contraction factor
   * @param steps T
   * @return the radius
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F6")
  public static @NonNegativeReal double errorRadius(
      @NonNegativeReal double kernelPart,
      @NonNegativeReal double perp,
      @NonNegativeReal double rho,
      int steps) {
    Reals.nonNegative(kernelPart, "kernelPart");
    Reals.nonNegative(perp, "perp");
    Reals.nonNegative(rho, "rho");
    double p = Up.mul(pow(rho, steps), perp);
    return nonNegative(Up.sqrt(Up.add(Up.mul(kernelPart, kernelPart), Up.mul(p, p))));
  }

  /**
   * The F10 loss stability from the output radii: for any prompt {@code x}, {@code |f(A(S);x) -
   * f(A(S');x)| <= min(beta B^2 E Delta, beta B^2 E^2 / 2)}, {@code E >= max(||A(S) - w*||,
   * ||A(S') - w*||)} and {@code Delta >= ||A(S) - A(S')||}.
   *
   * @param beta KL weight
   * @param bound B
   * @param radius E
   * @param argument Delta
   * @return the bound
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F10")
  public static BoundValue lossStability(
      @PositiveReal double beta,
      @PositiveReal double bound,
      @NonNegativeReal double radius,
      @NonNegativeReal double argument) {
    // g = beta B^2 E; each argument is checked as it enters, in the order of the signature
    double g =
        Up.mul(
            Up.mul(Reals.positive(beta, "beta"), Up.mul(Reals.positive(bound, "bound"), bound)),
            Reals.nonNegative(radius, "radius"));
    double lip = Up.mul(g, Reals.nonNegative(argument, "argument"));
    return BoundValue.of(
        Math.min(lip, Up.mul(g, Up.div(radius, 2.0))), "min(beta B^2 E Delta, beta B^2 E^2 / 2)");
  }

  /**
   * The range of the per-prompt objective over the ball {@code ||w - w*|| <= D0} (F1, F4): {@code
   * f(w;x)} lies in {@code [-B ||theta*|| - beta B^2 D0^2 / 2, B ||theta*||]}, an interval of
   * length {@code M = 2 B ||theta*|| + beta B^2 D0^2 / 2}.
   *
   * @param bound B
   * @param thetaNorm {@code ||theta*||}
   * @param beta KL weight
   * @param d0 D0
   * @return M
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F10")
  public static @NonNegativeReal double lossRange(
      @PositiveReal double bound,
      @NonNegativeReal double thetaNorm,
      @PositiveReal double beta,
      @NonNegativeReal double d0) {
    // 2 B ||theta*|| + (beta B^2) (D0^2 / 2); each argument is checked as it enters, in order
    double a =
        Up.mul(2.0, Up.mul(Reals.positive(bound, "bound"), Reals.nonNegative(thetaNorm, "thetaNorm")));
    double curv = Up.mul(Reals.positive(beta, "beta"), Up.mul(bound, bound));
    double half = Up.div(Up.mul(Reals.nonNegative(d0, "d0"), d0), 2.0);
    return nonNegative(Up.add(a, Up.mul(curv, half)));
  }

  /**
   * McDiarmid's inequality for a replace-one stable algorithm, as in Bousquet and Elisseeff (2002),
   * Theorem 12 (doi:10.1162/153244302760200704): if the algorithm is deterministic and {@code
   * gamma}-uniformly stable under replacing one prompt, with losses in an interval of length
   * {@code M}, then with probability at least {@code 1 - delta} over S,
   *
   * <pre>
   *   |gen_S(A(S))| <= gamma + ((2n - 1) gamma + M) sqrt(ln(2/delta) / (2n)),
   * </pre>
   *
   * evaluated with upward rounding (the denominator {@code 2n} rounded down). Infinite or huge
   * inputs give {@code +infinity}; NaN inputs give NaN (callers report either as not
   * representable).
   *
   * @param gamma the uniform replace-one stability, {@code >= 0}
   * @param range M
   * @param n the sample size, {@code >= 1}
   * @param delta the failure probability
   * @return the bound, rounded up
   * @throws IllegalArgumentException if {@code n < 1} or delta is not in (0, 1)
   */
  @Theorem("T-HP")
  public static double bousquetElisseeff(
      double gamma, double range, int n, @PositiveProbability double delta) {
    Reals.positiveProbability(delta, "delta");
    if (n < 1) {
      throw new IllegalArgumentException("n: sample size must be >= 1, got " + n);
    }
    double root = Up.sqrt(Up.div(Up.log(Up.div(2, delta)), Down.mul(2, n)));
    double coef = Up.add(Up.mul(2.0 * n - 1, gamma), range);
    return Up.add(gamma, Up.mul(coef, root));
  }

  private static @NonNegativeReal double nonNegative(double v) {
    return org.rlhfbounds.contracts.Reals.nonNegative(v, "bound");
  }

  /** Checks the arguments every GA bound shares, naming the bad one and its value. */
  private static void checkGa(double eta, double beta, double bound, double d0) {
    Reals.positive(eta, "eta");
    Reals.positive(beta, "beta");
    Reals.positive(bound, "bound");
    Reals.nonNegative(d0, "d0");
  }
}
