package org.rlhfbounds.objective;

import static org.rlhfbounds.contracts.Indices.requireIndex;
import static org.rlhfbounds.contracts.Indices.requireLength;
import static org.rlhfbounds.contracts.Indices.requireRange;

import org.rlhfbounds.contracts.Theorem;

/**
 * Per-prompt kernels of the KL-regularised objective, on one prompt of a flat row-major feature
 * block (rows {@code row0 .. row0+K}, each of {@code d} values, at {@code data[(row0+a)*d + j]}).
 *
 * <p>With logits {@code z_a = <w, phi_a>}, the policy is {@code pi_w(a) = exp(z_a - LSE(z))},
 * computed as log-probabilities with the log-sum-exp shift by {@code max z}, so logits of any
 * finite magnitude (1e6 and beyond) give finite, correct results. The quantities (proofs/MODEL.md#model):
 *
 * <ul>
 *   <li>{@code f(w;x) = sum_a pi_w(a) r*(a) - beta KL(pi_w || pi_ref)} ({@link #value});
 *   <li>the gradient as the covariance {@code Cov_{pi_w}(phi, g)} with {@code g_a = r*(a) -
 *       beta (log pi_w(a) - log pi_ref(a))} ({@link #gradient}), which equals the closed form
 *       {@code beta Sigma_w(x) (w* - w)} of F2 ({@link #covarianceApply});
 *   <li>the Hessian-vector product {@code H v = beta sum_a pi_w(a) c_a <c_a, v> (<c_a, w* - w> -
 *       1)}, {@code c_a = phi_a - E phi}, i.e. {@code -beta (Sigma_w v + T_w[w - w*] v)} of F3
 *       ({@link CurvatureKernels#hessianVector});
 *   <li>{@code KL(pi_w || pi_w')} ({@link #kl}) and the Gibbs value {@code f(w*;x) = beta log
 *       E_{pi_ref} exp(r* / beta)} ({@link #gibbsValue}).
 * </ul>
 *
 * <p>Outputs are accumulated with a weight into explicit output arrays; nothing is allocated. NaN
 * or infinite inputs propagate (callers validate inputs at the public API). Each kernel checks,
 * once per call and once per row, that the rows, vectors and workspace it indexes are large enough
 * ({@link org.rlhfbounds.contracts.Indices}; {@link IndexOutOfBoundsException} otherwise). Thread-safe
 * when each thread passes its own {@link Workspace}.
 */
public final class PromptKernels {
  private PromptKernels() {}

  /**
   * Log-softmax of the logits {@code <w, phi_a>} into {@code out[0..K)}; returns the
   * log-partition {@code LSE(z)}.
   */
  static double logSoftmax(double[] data, int row0, int k, int d, double[] w, double[] out) {
    requireLength(out, k);
    logits(data, row0, k, d, w, out);
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < k; a++) {
      double z = out[a];
      if (z > max) {
        max = z;
      }
    }
    double sum = 0;
    for (int a = 0; a < k; a++) {
      sum += Math.exp(out[a] - max);
    }
    double lse = max + Math.log(sum);
    for (int a = 0; a < k; a++) {
      out[a] -= lse;
    }
    return lse;
  }

  /**
   * The logits {@code <v, phi_a>} of rows {@code row0 .. row0+K} into {@code out[0..K)}, each
   * summed in order of j exactly as {@link #rowDot}; four rows at a time, so that four independent
   * sums are in flight (the same bits as one row at a time, about four times the throughput).
   */
  static void logits(double[] data, int row0, int k, int d, double[] v, double[] out) {
    requireLength(out, k);
    requireLength(v, d);
    int a = 0;
    for (; a + 3 < k; a += 4) {
      int b0 = (row0 + a) * d;
      int b1 = b0 + d;
      int b2 = b1 + d;
      int b3 = b2 + d;
      requireRange(data, b0, d);
      requireRange(data, b1, d);
      requireRange(data, b2, d);
      requireRange(data, b3, d);
      double z0 = 0;
      double z1 = 0;
      double z2 = 0;
      double z3 = 0;
      for (int j = 0; j < d; j++) {
        double vj = v[j];
        z0 += vj * data[b0 + j];
        z1 += vj * data[b1 + j];
        z2 += vj * data[b2 + j];
        z3 += vj * data[b3 + j];
      }
      store4(out, a, z0, z1, z2, z3);
    }
    for (; a < k; a++) {
      out[a] = rowDot(data, (row0 + a) * d, d, v);
    }
  }

  /** {@code out[a..a+4) = (x0, x1, x2, x3)}. */
  private static void store4(double[] out, int a, double x0, double x1, double x2, double x3) {
    int a1 = a + 1;
    int a2 = a + 2;
    int a3 = a + 3;
    requireIndex(out, a);
    requireIndex(out, a1);
    requireIndex(out, a2);
    requireIndex(out, a3);
    out[a] = x0;
    out[a1] = x1;
    out[a2] = x2;
    out[a3] = x3;
  }

  /** The dot product {@code sum_j v[j] * data[base + j]}, summed in order of j. */
  private static double rowDot(double[] data, int base, int d, double[] v) {
    requireRange(data, base, d);
    requireLength(v, d);
    double z = 0;
    for (int j = 0; j < d; j++) {
      z += v[j] * data[base + j];
    }
    return z;
  }

  /**
   * Fills {@code ws.logP} with the log-softmax at w and {@code ws.mu} with the mean offset, and
   * returns the offset {@code row0 * d} of the first candidate's row.
   */
  static int centre(double[] data, int row0, int k, int d, double[] w, Workspace ws) {
    logSoftmax(data, row0, k, d, w, ws.logP);
    mean(data, row0, k, d, ws);
    return row0 * d;
  }

  /** {@code out[j] += c * (data[base + j] - data[base0 + j] - mu[j])} for every j. */
  static void addCentred(
      double[] data, int base, int base0, int d, double c, double[] mu, double[] out) {
    requireRange(data, base, d);
    requireRange(data, base0, d);
    requireLength(mu, d);
    requireLength(out, d);
    for (int j = 0; j < d; j++) {
      out[j] += c * (data[base + j] - data[base0 + j] - mu[j]);
    }
  }

  /** Rewards r*(a) = <theta, phi_a> into out[0..K). */
  static void rewards(double[] data, int row0, int k, int d, double[] theta, double[] out) {
    logits(data, row0, k, d, theta, out);
  }

  /**
   * {@code f(w;x) = E_{pi_w} r* - beta KL(pi_w || pi_ref)}.
   *
   * @param data features
   * @param row0 first row of the prompt
   * @param k candidates
   * @param d dimension
   * @param theta reward parameter
   * @param wRef reference parameter
   * @param beta KL weight
   * @param w policy parameter
   * @param ws workspace
   * @return f(w;x)
   */
  @Theorem("F1")
  public static double value(
      double[] data, int row0, int k, int d, double[] theta, double[] wRef, double beta,
      double[] w, Workspace ws) {
    ws.require(k, d);
    logSoftmax(data, row0, k, d, w, ws.logP);
    logSoftmax(data, row0, k, d, wRef, ws.logQ);
    rewards(data, row0, k, d, theta, ws.reward);
    double er = 0;
    double kl = 0;
    for (int a = 0; a < k; a++) {
      double p = Math.exp(ws.logP[a]);
      er += p * ws.reward[a];
      kl += p * (ws.logP[a] - ws.logQ[a]);
    }
    return er - beta * Math.max(kl, 0);
  }

  /**
   * {@code KL(pi_w(.|x) || pi_v(.|x))}, clamped at 0 against rounding.
   *
   * @param data features
   * @param row0 first row
   * @param k candidates
   * @param d dimension
   * @param w first parameter
   * @param v second parameter
   * @param ws workspace
   * @return the KL divergence
   */
  @Theorem({"F1", "F4"})
  public static double kl(double[] data, int row0, int k, int d, double[] w, double[] v, Workspace ws) {
    ws.require(k, d);
    logSoftmax(data, row0, k, d, w, ws.logP);
    logSoftmax(data, row0, k, d, v, ws.logQ);
    double kl = 0;
    for (int a = 0; a < k; a++) {
      kl += Math.exp(ws.logP[a]) * (ws.logP[a] - ws.logQ[a]);
    }
    return Math.max(kl, 0);
  }

  /**
   * The Gibbs value {@code f(w*;x) = beta log sum_a pi_ref(a) exp(r*(a)/beta)}, by log-sum-exp.
   *
   * @param data features
   * @param row0 first row
   * @param k candidates
   * @param d dimension
   * @param theta reward parameter
   * @param wRef reference parameter
   * @param beta KL weight
   * @param ws workspace
   * @return f(w*;x)
   */
  @Theorem("F1")
  public static double gibbsValue(
      double[] data, int row0, int k, int d, double[] theta, double[] wRef, double beta,
      Workspace ws) {
    ws.require(k, d);
    logSoftmax(data, row0, k, d, wRef, ws.logQ);
    rewards(data, row0, k, d, theta, ws.reward);
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < k; a++) {
      ws.s[a] = ws.logQ[a] + ws.reward[a] / beta;
      max = Math.max(max, ws.s[a]);
    }
    double sum = 0;
    for (int a = 0; a < k; a++) {
      sum += Math.exp(ws.s[a] - max);
    }
    return beta * (max + Math.log(sum));
  }

  /**
   * Mean of the shifted features {@code phi_a - phi_0} under the probabilities exp(logP) into
   * ws.mu. Centring at a candidate keeps the centred features {@code c_a = (phi_a - phi_0) - mu}
   * relatively accurate when the candidates are close to each other: the probabilities sum to one
   * only up to rounding, and that error then multiplies the small differences rather than the
   * features themselves.
   */
  private static void mean(double[] data, int row0, int k, int d, Workspace ws) {
    ws.require(k, d);
    double[] mu = ws.mu;
    int base0 = row0 * d;
    requireRange(data, base0, d);
    requireLength(mu, d);
    for (int j = 0; j < d; j++) {
      mu[j] = 0;
    }
    for (int a = 1; a < k; a++) {
      double p = Math.exp(ws.logP[a]);
      int base = (row0 + a) * d;
      requireRange(data, base, d);
      for (int j = 0; j < d; j++) {
        mu[j] += p * (data[base + j] - data[base0 + j]);
      }
    }
  }

  /**
   * Accumulates {@code weight * grad f(w;x)} into {@code out}, computed as {@code Cov_{pi_w}(phi,
   * g)} with {@code g_a = r*(a) - beta (log pi_w(a) - log pi_ref(a))} (the general formula, not
   * the closed form).
   *
   * @param data features
   * @param row0 first row
   * @param k candidates
   * @param d dimension
   * @param theta reward parameter
   * @param wRef reference parameter
   * @param beta KL weight
   * @param w policy parameter
   * @param weight the prompt's weight
   * @param out accumulator, length d
   * @param ws workspace
   */
  @Theorem("F2")
  public static void gradient(
      double[] data, int row0, int k, int d, double[] theta, double[] wRef, double beta,
      double[] w, double weight, double[] out, Workspace ws) {
    ws.require(k, d);
    requireLength(out, d);
    logSoftmax(data, row0, k, d, w, ws.logP);
    logSoftmax(data, row0, k, d, wRef, ws.logQ);
    rewards(data, row0, k, d, theta, ws.reward);
    double gbar = 0;
    for (int a = 0; a < k; a++) {
      double g = ws.reward[a] - beta * (ws.logP[a] - ws.logQ[a]);
      ws.s[a] = g;
      gbar += Math.exp(ws.logP[a]) * g;
    }
    for (int a = 0; a < k; a++) {
      double c = weight * Math.exp(ws.logP[a]) * (ws.s[a] - gbar);
      int base = (row0 + a) * d;
      requireRange(data, base, d);
      for (int j = 0; j < d; j++) {
        out[j] += c * data[base + j];
      }
    }
  }

  /**
   * Accumulates {@code weight * Sigma_w(x) v} into {@code out}, {@code Sigma_w(x) =
   * Cov_{pi_w} phi}.
   *
   * @param data features
   * @param row0 first row
   * @param k candidates
   * @param d dimension
   * @param w policy parameter
   * @param v the vector
   * @param weight the weight
   * @param out accumulator, length d
   * @param ws workspace
   */
  @Theorem("F2")
  public static void covarianceApply(
      double[] data, int row0, int k, int d, double[] w, double[] v, double weight, double[] out,
      Workspace ws) {
    ws.require(k, d);
    requireLength(v, d);
    requireLength(out, d);
    int base0 = centre(data, row0, k, d, w, ws);
    requireRange(data, base0, d);
    double[] cen = ws.cen;
    double[] mu = ws.mu;
    double[] sv = ws.s;
    int a = 0;
    for (; a + 3 < k; a += 4) {
      int b0 = (row0 + a) * d;
      int b1 = b0 + d;
      int b2 = b1 + d;
      int b3 = b2 + d;
      requireRange(data, b0, d);
      requireRange(data, b1, d);
      requireRange(data, b2, d);
      requireRange(data, b3, d);
      int o0 = a * d;
      int o1 = o0 + d;
      int o2 = o1 + d;
      int o3 = o2 + d;
      requireRange(cen, o0, d);
      requireRange(cen, o1, d);
      requireRange(cen, o2, d);
      requireRange(cen, o3, d);
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int j = 0; j < d; j++) {
        double x0 = data[base0 + j];
        double m = mu[j];
        double vj = v[j];
        double c0 = data[b0 + j] - x0 - m;
        double c1 = data[b1 + j] - x0 - m;
        double c2 = data[b2 + j] - x0 - m;
        double c3 = data[b3 + j] - x0 - m;
        cen[o0 + j] = c0;
        cen[o1 + j] = c1;
        cen[o2 + j] = c2;
        cen[o3 + j] = c3;
        s0 += c0 * vj;
        s1 += c1 * vj;
        s2 += c2 * vj;
        s3 += c3 * vj;
      }
      store4(sv, a, s0, s1, s2, s3);
    }
    for (; a < k; a++) {
      int base = (row0 + a) * d;
      int o = a * d;
      requireRange(data, base, d);
      requireRange(cen, o, d);
      double s0 = 0;
      for (int j = 0; j < d; j++) {
        double c0 = data[base + j] - data[base0 + j] - mu[j];
        cen[o + j] = c0;
        s0 += c0 * v[j];
      }
      sv[a] = s0;
    }
    for (int b = 0; b < k; b++) {
      double c = weight * Math.exp(ws.logP[b]) * sv[b];
      int o = b * d;
      requireRange(cen, o, d);
      for (int j = 0; j < d; j++) {
        out[j] += c * cen[o + j];
      }
    }
  }

  /**
   * Writes the centred rows {@code c_a = (phi_a - phi_0) - mu} of one prompt into rows {@code at
   * .. at+K} of {@code rows} (d values each) and their weights {@code weight pi_w(a)} into {@code
   * p[at .. at+K)}: the factors of the prompt's term {@code weight Sigma_w(x) = sum_a (p_a c_a)
   * c_a^T}.
   *
   * @param data features
   * @param row0 first row of the prompt
   * @param k candidates
   * @param d dimension
   * @param w policy parameter
   * @param weight the prompt's weight
   * @param rows output rows
   * @param p output weights
   * @param at the first output row
   * @param ws workspace
   */
  static void centredRows(
      double[] data, int row0, int k, int d, double[] w, double weight, double[][] rows,
      double[] p, int at, Workspace ws) {
    ws.require(k, d);
    int base0 = centre(data, row0, k, d, w, ws);
    requireRange(data, base0, d);
    requireRange(p, at, k);
    requireLength(ws.mu, d);
    for (int a = 0; a < k; a++) {
      int base = (row0 + a) * d;
      requireRange(data, base, d);
      int q = at + a;
      requireIndex(rows, q);
      double[] row = rows[q];
      requireLength(row, d);
      for (int j = 0; j < d; j++) {
        row[j] = data[base + j] - data[base0 + j] - ws.mu[j];
      }
      p[at + a] = weight * Math.exp(ws.logP[a]);
    }
  }

  /**
   * Writes the policy probabilities {@code pi_w(a|x)} into {@code out[0..K)}.
   *
   * @param data features
   * @param row0 first row
   * @param k candidates
   * @param d dimension
   * @param w policy parameter
   * @param out output, length at least K
   * @param ws workspace
   */
  @Theorem("F5")
  public static void probabilities(
      double[] data, int row0, int k, int d, double[] w, double[] out, Workspace ws) {
    ws.require(k, d);
    requireLength(out, k);
    logSoftmax(data, row0, k, d, w, ws.logP);
    for (int a = 0; a < k; a++) {
      out[a] = Math.exp(ws.logP[a]);
    }
  }
}
