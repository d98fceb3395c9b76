package org.rlhfbounds.testkit;

import org.rlhfbounds.model.Instance;

/**
 * The rounding tolerances of the properties, derived from the magnitudes that enter each
 * computation.
 *
 * <p>Every kernel computes logits {@code z_a = <w, phi_a>} (d products), a log-sum-exp over K
 * candidates and sums of K terms. With {@code u = 2^-53} and {@code Z_w = B ||w||}, a computed
 * log-probability carries an absolute error of about {@code (d + K + 2) u (1 + log K + Z_w)}, so a
 * probability a relative error of that size. The tolerances below use {@link #rounding} {@code =
 * 16 (d + K + 4) u} ({@code 16} is a safety factor for the few operations not counted and for the
 * accumulation over prompts) and
 *
 * <ul>
 *   <li>{@code eps_w = rounding (1 + log K + Z_w)}: log-probabilities at w ({@link
 *       #logProbability});
 *   <li>a sum {@code sum_a p_a X_a} is off by {@code eps_w sum_a p_a |X_a|} plus the errors of
 *       the {@code X_a}; for {@code X_a = log p_a - log q_a} the sum {@code sum_a p_a |X_a| <=
 *       KL(p || q) + 2} (since {@code sum_{p<q} p log(q/p) <= sum (q - p) <= 1}).
 * </ul>
 *
 * <p>At logits of size {@code 1e6} these give relative accuracies of about {@code 1e-8} on
 * probabilities and {@code 1e-8 (1 + KL)} on values: the inherent accuracy of logits rounded before
 * they are subtracted. Every planted bug moves the checked quantities by far more.
 */
public final class Scales {
  /** Safety factor on the first-order rounding bounds. */
  public static final double FACTOR = 16;

  private Scales() {}

  /** {@code FACTOR (d + K + 4) u}. */
  public static double rounding(int d, int k) {
    return FACTOR * (d + k + 4) * Linalg.U;
  }

  /** Logit scale {@code B ||w||}. */
  public static double logit(Instance inst, double[] w) {
    return inst.featureBound() * Linalg.norm(w);
  }

  /** Reward scale {@code R = B ||theta*||}. */
  public static double reward(Instance inst) {
    return inst.featureBound() * Linalg.norm(inst.theta());
  }

  /** {@code eps_w = rounding(d, K) (1 + log K + B ||w||)}. */
  public static double logProbability(Instance inst, int k, double[] w) {
    return rounding(inst.dim(), k) * (1 + Math.log(k) + logit(inst, w));
  }

  /**
   * Tolerance of {@code f(w;x)} and of {@code f(w*;x) - beta KL(pi_w || pi_w*)}: {@code eps_w (R +
   * beta (3 + klRef + klStar)) + beta (eps_ref + eps_w*) + rounding R}, with {@code klRef =
   * KL(pi_w || pi_ref)} and {@code klStar = KL(pi_w || pi_w*)} (averages when the values are
   * averages over prompts: every term is linear in them).
   */
  public static double value(Instance inst, int k, double[] w, double klRef, double klStar) {
    double r = reward(inst);
    return logProbability(inst, k, w) * (r + inst.beta() * (3 + klRef + klStar))
        + inst.beta()
            * (logProbability(inst, k, inst.wRef()) + logProbability(inst, k, inst.wStar()))
        + rounding(inst.dim(), k) * r;
  }

  /**
   * Tolerance of {@code KL(pi_w || pi_v)}: {@code eps_w (3 + kl) + eps_v}.
   */
  public static double kl(Instance inst, int k, double[] w, double[] v, double kl) {
    return logProbability(inst, k, w) * (3 + kl) + logProbability(inst, k, v);
  }

  /**
   * Tolerance of the general gradient formula {@code sum_a p_a (g_a - gbar) phi_a}, {@code g_a =
   * r*(a) - beta (log p_a - log pi_ref(a))}: {@code B (2 eps_w (R + beta (2 + klRef)) + 2 beta
   * (eps_w + eps_ref) + rounding R)}.
   */
  public static double gradient(Instance inst, int k, double[] w, double klRef) {
    double r = reward(inst);
    double ew = logProbability(inst, k, w);
    return inst.featureBound()
        * (2 * ew * (r + inst.beta() * (2 + klRef))
            + 2 * inst.beta() * (ew + logProbability(inst, k, inst.wRef()))
            + rounding(inst.dim(), k) * r);
  }

  /**
   * Error of the computed mean feature {@code sum_a p_a phi_a}: {@code delta = 2 (eps_w +
   * rounding) B}.
   */
  public static double mean(Instance inst, int k, double[] w) {
    return 2 * (logProbability(inst, k, w) + rounding(inst.dim(), k)) * inst.featureBound();
  }

  /**
   * Tolerance of the computed covariance of a prompt of diameter {@code diam} (entrywise and in
   * spectral norm): {@code eps_w diam^2 + 2 delta diam + delta^2 + rounding (diam + delta)^2} with
   * {@code delta} the error of the mean ({@link #mean}): the computed matrix is {@code sum_a p~_a
   * (c_a + delta')(c_a + delta')^T} with {@code |p~_a - p_a| <= eps_w p_a}, {@code ||c_a|| <=
   * diam}, {@code ||delta'|| <= delta}.
   */
  public static double covariance(Instance inst, int k, double[] w, double diam) {
    double delta = mean(inst, k, w);
    double rnd = rounding(inst.dim(), k);
    double s = diam + delta;
    return logProbability(inst, k, w) * diam * diam
        + 2 * delta * diam
        + delta * delta
        + rnd * s * s;
  }
}
