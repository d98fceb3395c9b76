package org.rlhfbounds.bounds;

import java.util.List;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Theorem;

/**
 * T-PREF-STAB (proofs/T-PREF-STAB.md): end-to-end uniform stability of the regularised
 * Bradley-Terry MLE and of the DPO policy it defines, carried to generalisation. With {@code G}
 * an upper bound on the feature differences {@code ||Delta||} of the population's comparisons
 * (the feature diameter), {@code N} comparisons and ridge {@code lambda}:
 *
 * <pre>
 *   alpha   = 2 G / (lambda N)                       argument stability of theta_hat
 *   gamma   = G alpha = 2 G^2 / (lambda N)           uniform stability of the comparison loss
 *   M       = G sqrt(2 ln 2 / lambda) + ln 2         range of the loss at theta_hat
 *   |R(theta) - R_S(theta)| <= gamma + (2 N gamma + M) sqrt(ln(2/delta) / (2N)) + 2 G r   w.p. >= 1 - delta
 *   |E_S gen_S(w_S)| <= (diam^2 / 4) (sqrt(2 ln 2 / lambda) + ||theta*||) alpha
 * </pre>
 *
 * where {@code r} is the certified distance of the learner's output to {@code theta_hat}
 * (proofs/L-DPO-MLE.md) and {@code w_S = w_ref + theta_hat / beta} the exact DPO optimum. Every
 * value is rounded up (divisions by the exact integers N and 2N, by lambda, never by a
 * rounded denominator).
 *
 * <p>A NaN or infinite input gives a non-applicable result. Thread-safe: stateless.
 */
public final class PreferenceStabilityTheorem extends PreferenceTheorem {
  /** The registered instance. */
  public static final PreferenceStabilityTheorem INSTANCE = new PreferenceStabilityTheorem();

  /** The theorem id. */
  public static final String ID = "T-PREF-STAB";

  private static final String TITLE =
      "Uniform stability of the regularised Bradley-Terry MLE / DPO (replace-one, strong convexity)";

  private PreferenceStabilityTheorem() {
    super(ID);
  }

  private static Assumption positive(String name, double v) {
    return Assumption.byMargin(name, name + " > 0 and finite", Double.isFinite(v) ? v : Double.NaN,
        false, name + " = " + v);
  }

  /** {@code sqrt(2 ln 2 / lambda)}, rounded up: the radius of the ball holding theta_hat. */
  static double ridgeRadius(double lambda) {
    return Up.sqrt(Up.div(Up.mul(2, Up.log(2)), lambda));
  }

  /**
   * The argument stability {@code alpha = 2 G / (lambda N)} of {@code theta_hat} (deterministic,
   * for every pair of data sets differing in one comparison); {@code alpha / beta} for {@code w}.
   *
   * @param g the bound G on {@code ||Delta||}
   * @param lambda the ridge weight
   * @param n the number of comparisons N
   * @return the result (part {@code argument})
   */
  @Theorem("T-PREF-STAB")
  public static BoundResult argument(double g, double lambda, int n) {
    BoundResult.Builder b =
        BoundResult.builder(ID, "argument", TITLE,
            "||theta_hat(S) - theta_hat(S')||, S and S' differing in one comparison",
            BoundResult.DETERMINISTIC);
    b.constant("G", g).constant("lambda", lambda).constant("N", (double) n);
    b.assume(positive("lambda", lambda));
    b.assume(Assumption.byMargin("features", "G >= ||Delta|| for every comparison, finite",
        Double.isFinite(g) ? g : Double.NaN, true, "G = " + g));
    b.assume(Assumption.of("N", "N >= 1", n >= 1, (double) n, "N = " + n));
    if (!b.allHold()) {
      return b.finish(null);
    }
    return b.finish(alpha(g, lambda, n));
  }

  static double alpha(double g, double lambda, int n) {
    return Up.div(Up.div(Up.mul(2, g), lambda), n);
  }

  /**
   * The generalisation gap of the comparison loss at the learner's output, with probability
   * {@code >= 1 - delta} over the N iid comparisons (class comment).
   *
   * @param g the bound G on {@code ||Delta||}
   * @param lambda the ridge weight
   * @param n N
   * @param delta the failure probability, in (0, 1)
   * @param radius the certified distance r of the output to theta_hat (0 for the exact optimum)
   * @return the result (part {@code gap})
   */
  @Theorem("T-PREF-STAB")
  public static BoundResult lossGap(double g, double lambda, int n, double delta, double radius) {
    BoundResult.Builder b =
        BoundResult.builder(ID, BoundResult.MAIN, TITLE,
            "|R(theta) - R_S(theta)|, R the expected comparison loss, R_S its mean over S",
            BoundResult.PROB_S);
    b.constant("G", g).constant("lambda", lambda).constant("N", (double) n)
        .constant("delta", delta).constant("r", radius);
    b.assume(positive("lambda", lambda));
    b.assume(Assumption.byMargin("features", "G >= ||Delta|| for every comparison, finite",
        Double.isFinite(g) ? g : Double.NaN, true, "G = " + g));
    b.assume(Assumption.of("N", "N >= 1", n >= 1, (double) n, "N = " + n));
    b.assume(Assumption.of("delta", "0 < delta < 1", delta > 0 && delta < 1, delta,
        "delta = " + delta));
    b.assume(Assumption.byMargin("certificate", "the output is within a finite certified r of theta_hat",
        Double.isFinite(radius) ? radius : Double.NaN, true, "r = " + radius));
    b.assume(Assumption.of("iid", "the N comparisons are iid from the population of comparisons",
        true, null, "by construction of the data"));
    if (!b.allHold()) {
      return b.finish(null);
    }
    double gamma = Up.mul(g, alpha(g, lambda, n));
    double m = Up.add(Up.mul(g, ridgeRadius(lambda)), Up.log(2));
    double spread = Up.sqrt(Up.div(Up.log(Up.div(2, delta)), 2.0 * n));
    double value =
        Up.add(Up.add(gamma, Up.mul(Up.add(Up.mul(2.0 * n, gamma), m), spread)),
            Up.mul(Up.mul(2, g), radius));
    b.constant("gamma", gamma).constant("M", m);
    return b.finish(value);
  }

  /**
   * The expected generalisation gap of the exact MLE/DPO policy {@code w_S = w_ref + theta_hat /
   * beta} in the KL-regularised objective (class comment).
   *
   * @param g the bound G on {@code ||Delta||}
   * @param diameter the feature diameter {@code diam} (of the prompts' candidates)
   * @param lambda the ridge weight
   * @param n N
   * @param thetaNorm an upper bound on {@code ||theta*||}
   * @return the result (part {@code policy})
   */
  @Theorem("T-PREF-STAB")
  public static BoundResult policyGap(
      double g, double diameter, double lambda, int n, double thetaNorm) {
    BoundResult.Builder b =
        BoundResult.builder(ID, "policy", TITLE,
            "|E_S gen_S(w_S)| = |E_S [F(w_S) - F_S(w_S)]|, w_S = w_ref + theta_hat(S) / beta",
            "in expectation over S");
    b.constant("G", g).constant("diam", diameter).constant("lambda", lambda)
        .constant("N", (double) n).constant("||theta*||", thetaNorm);
    b.assume(positive("lambda", lambda));
    b.assume(Assumption.byMargin("features", "G, diam finite, G >= ||Delta||",
        Double.isFinite(g) && Double.isFinite(diameter) ? Math.min(g, diameter) : Double.NaN,
        true, "G = " + g + ", diam = " + diameter));
    b.assume(Assumption.of("N", "N >= 1", n >= 1, (double) n, "N = " + n));
    b.assume(Assumption.byMargin("theta", "||theta*|| finite",
        Double.isFinite(thetaNorm) ? thetaNorm : Double.NaN, true, "||theta*|| <= " + thetaNorm));
    if (!b.allHold()) {
      return b.finish(null);
    }
    double lip = Up.div(Up.mul(Up.mul(diameter, diameter), Up.add(ridgeRadius(lambda), thetaNorm)), 4);
    b.constant("Lip_f / beta", lip);
    return b.finish(Up.mul(lip, alpha(g, lambda, n)));
  }
}
