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
 * <p>Arithmetic: the kernels with element-wise loops over the rows (the mean offset, the centred
 * rows, the weighted sums) first copy the prompt's K rows into the workspace, one array per row
 * at index 0 ({@link #copyRows}), so that Java's JIT vectorises those loops; the others read the
 * block in place. Every dot product is summed in order of the coordinates, four or twelve
 * independent sums at a time. The results are the bits of the
 * plain loops of the formulas, one row at a time, reading the block in place ({@code
 * PromptKernelsTest} checks this).
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
   * Turns the logits {@code out[0..K)} into log-probabilities, {@code z_a - LSE(z)} with the
   * log-sum-exp shifted by {@code max z}; returns {@code LSE(z)}.
   */
  private static double normalise(double[] out, int k) {
    requireLength(out, k);
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
   * Copies rows {@code row0 .. row0+K} of {@code data} into {@code ws.row[0..K)}, each at index 0.
   * The element-wise loops of the kernels then index their arrays by the loop variable alone, and
   * C2 (Java 17) vectorises them; it does not vectorise a loop whose index carries a loop-invariant
   * offset such as {@code data[base + j]} (measured: an axpy of 128 values takes 0.47 ns a value
   * with the offset, 0.18 without, and the same 0.47 with C2's vectoriser switched off). The copy
   * is exact, so results keep their bits.
   */
  static void copyRows(double[] data, int row0, int k, int d, Workspace ws) {
    ws.require(k, d);
    double[][] rows = ws.row;
    for (int a = 0; a < k; a++) {
      int base = (row0 + a) * d;
      requireRange(data, base, d);
      double[] r = rows[a];
      requireLength(r, d);
      System.arraycopy(data, base, r, 0, d);
    }
  }

  /**
   * The logits {@code <v, phi_a>} of rows {@code row0 .. row0+K} of the block, read in place, into
   * {@code out[0..K)}: the same bits as {@link #rowDots} on the copied rows, four rows at a time.
   * The kernels without an element-wise loop over the rows (the KL, the Gibbs value, the
   * probabilities, with {@link #logits3} the value) read in place: for them the copy would cost
   * more than it saves (measured: 0.59 against 0.67 ns a value for the KL at d = 128).
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
      out[a] = dot(data, (row0 + a) * d, d, v);
    }
  }

  /**
   * The logits of three vectors at once, {@code <u, phi_a>}, {@code <v, phi_a>} and {@code <x,
   * phi_a>} of rows {@code row0 .. row0+K} read in place, into {@code ou}, {@code ov} and {@code
   * ox}, each the same bits as {@link #logits} of that vector alone: four rows at a time, twelve
   * independent sums in flight (the additions, not the loads, limit a dot product here: 0.16
   * against 0.25 ns a value and vector with twelve sums against four, measured at d = 128).
   */
  private static void logits3(
      double[] data, int row0, int k, int d, double[] u, double[] v, double[] x, double[] ou,
      double[] ov, double[] ox) {
    requireLength(ou, k);
    requireLength(ov, k);
    requireLength(ox, k);
    requireLength(u, d);
    requireLength(v, d);
    requireLength(x, d);
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
      double u0 = 0;
      double u1 = 0;
      double u2 = 0;
      double u3 = 0;
      double v0 = 0;
      double v1 = 0;
      double v2 = 0;
      double v3 = 0;
      double x0 = 0;
      double x1 = 0;
      double x2 = 0;
      double x3 = 0;
      for (int j = 0; j < d; j++) {
        double uj = u[j];
        double vj = v[j];
        double xj = x[j];
        double f0 = data[b0 + j];
        double f1 = data[b1 + j];
        double f2 = data[b2 + j];
        double f3 = data[b3 + j];
        u0 += uj * f0;
        u1 += uj * f1;
        u2 += uj * f2;
        u3 += uj * f3;
        v0 += vj * f0;
        v1 += vj * f1;
        v2 += vj * f2;
        v3 += vj * f3;
        x0 += xj * f0;
        x1 += xj * f1;
        x2 += xj * f2;
        x3 += xj * f3;
      }
      store4(ou, a, u0, u1, u2, u3);
      store4(ov, a, v0, v1, v2, v3);
      store4(ox, a, x0, x1, x2, x3);
    }
    for (; a < k; a++) {
      int base = (row0 + a) * d;
      ou[a] = dot(data, base, d, u);
      ov[a] = dot(data, base, d, v);
      ox[a] = dot(data, base, d, x);
    }
  }

  /**
   * The dot products {@code <v, rows[a]>} for {@code a < K} into {@code out[0..K)}, each summed in
   * order of j (the same bits as one row at a time, by {@link #dot}); four rows at
   * a time, so that four independent sums are in flight.
   */
  static void rowDots(double[][] rows, int k, int d, double[] v, double[] out) {
    requireLength(rows, k);
    requireLength(out, k);
    requireLength(v, d);
    int a = 0;
    for (; a + 3 < k; a += 4) {
      int a1 = a + 1;
      int a2 = a + 2;
      int a3 = a + 3;
      requireIndex(rows, a1);
      requireIndex(rows, a2);
      requireIndex(rows, a3);
      double[] r0 = rows[a];
      double[] r1 = rows[a1];
      double[] r2 = rows[a2];
      double[] r3 = rows[a3];
      requireLength(r0, d);
      requireLength(r1, d);
      requireLength(r2, d);
      requireLength(r3, d);
      double z0 = 0;
      double z1 = 0;
      double z2 = 0;
      double z3 = 0;
      for (int j = 0; j < d; j++) {
        double vj = v[j];
        z0 += vj * r0[j];
        z1 += vj * r1[j];
        z2 += vj * r2[j];
        z3 += vj * r3[j];
      }
      store4(out, a, z0, z1, z2, z3);
    }
    for (; a < k; a++) {
      out[a] = dot(rows[a], 0, d, v);
    }
  }

  /** The dot product {@code sum_j v[j] * r[base + j]}, summed in order of j. */
  private static double dot(double[] r, int base, int d, double[] v) {
    requireRange(r, base, d);
    requireLength(v, d);
    double z = 0;
    for (int j = 0; j < d; j++) {
      z += v[j] * r[base + j];
    }
    return z;
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

  /**
   * Copies the prompt's rows into {@code ws.row} ({@link #copyRows}), fills {@code ws.logP} with
   * the log-softmax at w, {@code ws.p} with the probabilities {@code exp(logP)} and {@code ws.mu}
   * with the mean offset ({@link #mean}).
   */
  static void centre(double[] data, int row0, int k, int d, double[] w, Workspace ws) {
    copyRows(data, row0, k, d, ws);
    rowDots(ws.row, k, d, w, ws.logP);
    normalise(ws.logP, k);
    mean(k, d, ws);
  }

  /**
   * Writes the centred rows {@code c_a = (phi_a - phi_0) - mu} of the prompt {@link #centre} has
   * prepared into {@code dst[at + a]}, {@code a < K}: {@code ws.cenRow} for the kernels that use
   * them at once, a block's rows for the {@code Sigma_S} assembly.
   */
  static void writeCentred(int k, int d, Workspace ws, double[][] dst, int at) {
    ws.require(k, d);
    double[] mu = ws.mu;
    double[][] rows = ws.row;
    requireLength(mu, d);
    int first = 0;
    requireIndex(rows, first);
    double[] r0 = rows[first];
    requireLength(r0, d);
    for (int a = 0; a < k; a++) {
      double[] r = rows[a];
      requireLength(r, d);
      int q = at + a;
      requireIndex(dst, q);
      double[] c = dst[q];
      requireLength(c, d);
      for (int j = 0; j < d; j++) {
        c[j] = r[j] - r0[j] - mu[j];
      }
    }
  }

  /** The probabilities {@code exp(logP)} of the log-probabilities in {@code ws.logP} into ws.p. */
  private static void probabilities(int k, Workspace ws) {
    requireLength(ws.logP, k);
    requireLength(ws.p, k);
    for (int a = 0; a < k; a++) {
      ws.p[a] = Math.exp(ws.logP[a]);
    }
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
    logits3(data, row0, k, d, w, wRef, theta, ws.logP, ws.logQ, ws.reward);
    normalise(ws.logP, k);
    normalise(ws.logQ, k);
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
   * Writes the prompt's reference terms into {@code out}: for candidate a, {@code log pi_ref(a)}
   * at {@code out[at + 2a]} and {@code r*(a) = <theta, phi_a>} at {@code out[at + 2a + 1]}, the
   * same bits as {@link #value} computes them. They do not depend on w, so {@link #valueCached}
   * evaluates {@code f(w; x)} from them with one logit per candidate instead of three.
   *
   * @param data features
   * @param row0 first row
   * @param k candidates
   * @param d dimension
   * @param theta reward parameter
   * @param wRef reference parameter
   * @param out output table
   * @param at the prompt's first entry in {@code out}
   * @param ws workspace
   */
  static void referenceTerms(
      double[] data, int row0, int k, int d, double[] theta, double[] wRef, double[] out, int at,
      Workspace ws) {
    ws.require(k, d);
    logits(data, row0, k, d, wRef, ws.logQ);
    normalise(ws.logQ, k);
    logits(data, row0, k, d, theta, ws.reward);
    for (int a = 0; a < k; a++) {
      int q = at + 2 * a;
      int q1 = q + 1;
      requireIndex(out, q);
      requireIndex(out, q1);
      out[q] = ws.logQ[a];
      out[q1] = ws.reward[a];
    }
  }

  /**
   * {@code f(w;x)} from the prompt's reference terms ({@link #referenceTerms} at {@code ref[at
   * ..]}): the same bits as {@link #value}, with the logits at w alone.
   *
   * @param data features
   * @param row0 first row
   * @param k candidates
   * @param d dimension
   * @param beta KL weight
   * @param w policy parameter
   * @param ref the reference terms
   * @param at the prompt's first entry in {@code ref}
   * @param ws workspace
   * @return f(w;x)
   */
  @Theorem("F1")
  static double valueCached(
      double[] data, int row0, int k, int d, double beta, double[] w, double[] ref, int at,
      Workspace ws) {
    ws.require(k, d);
    logits(data, row0, k, d, w, ws.logP);
    normalise(ws.logP, k);
    probabilities(k, ws);
    return valueOfPolicy(k, beta, ref, at, ws);
  }

  /**
   * {@code f(w;x)} from the log-probabilities and probabilities at w already in {@code ws.logP}
   * and {@code ws.p} (left there by {@link #covarianceApply} at the same w and prompt, or by
   * {@link #valueCached}) and the prompt's reference terms at {@code ref[at ..]}: the same bits as
   * {@link #value}.
   *
   * @param k candidates
   * @param beta KL weight
   * @param ref the reference terms
   * @param at the prompt's first entry in {@code ref}
   * @param ws workspace holding the log-probabilities
   * @return f(w;x)
   */
  static double valueOfPolicy(int k, double beta, double[] ref, int at, Workspace ws) {
    requireLength(ws.logP, k);
    requireLength(ws.p, k);
    double er = 0;
    double kl = 0;
    for (int a = 0; a < k; a++) {
      int q = at + 2 * a;
      int q1 = q + 1;
      requireIndex(ref, q);
      requireIndex(ref, q1);
      double p = ws.p[a];
      er += p * ref[q1];
      kl += p * (ws.logP[a] - ref[q]);
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
    logits(data, row0, k, d, w, ws.logP);
    normalise(ws.logP, k);
    logits(data, row0, k, d, v, ws.logQ);
    normalise(ws.logQ, k);
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
    logits(data, row0, k, d, wRef, ws.logQ);
    normalise(ws.logQ, k);
    logits(data, row0, k, d, theta, ws.reward);
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
   * The probabilities {@code exp(logP)} into ws.p, and the mean of the shifted features {@code
   * phi_a - phi_0} (from the copied rows {@code ws.row}) under them into ws.mu. Centring at a candidate keeps the centred features {@code c_a = (phi_a - phi_0) - mu}
   * relatively accurate when the candidates are close to each other: the probabilities sum to one
   * only up to rounding, and that error then multiplies the small differences rather than the
   * features themselves.
   */
  private static void mean(int k, int d, Workspace ws) {
    ws.require(k, d);
    double[] mu = ws.mu;
    double[] p = ws.p;
    double[][] rows = ws.row;
    int first = 0;
    requireIndex(rows, first);
    double[] r0 = rows[first];
    requireLength(r0, d);
    requireLength(mu, d);
    for (int j = 0; j < d; j++) {
      mu[j] = 0;
    }
    probabilities(k, ws);
    for (int a = 1; a < k; a++) {
      double pa = p[a];
      double[] r = rows[a];
      requireLength(r, d);
      for (int j = 0; j < d; j++) {
        mu[j] += pa * (r[j] - r0[j]);
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
    copyRows(data, row0, k, d, ws);
    double[][] rows = ws.row;
    logits3(data, row0, k, d, w, wRef, theta, ws.logP, ws.logQ, ws.reward);
    normalise(ws.logP, k);
    normalise(ws.logQ, k);
    double gbar = 0;
    for (int a = 0; a < k; a++) {
      double g = ws.reward[a] - beta * (ws.logP[a] - ws.logQ[a]);
      ws.s[a] = g;
      gbar += Math.exp(ws.logP[a]) * g;
    }
    for (int a = 0; a < k; a++) {
      double c = weight * Math.exp(ws.logP[a]) * (ws.s[a] - gbar);
      double[] r = rows[a];
      requireLength(r, d);
      for (int j = 0; j < d; j++) {
        out[j] += c * r[j];
      }
    }
  }

  /**
   * Accumulates {@code weight * Sigma_w(x) v} into {@code out}, {@code Sigma_w(x) =
   * Cov_{pi_w} phi}, in two passes over the prompt's rows:
   *
   * <pre>
   *   Sigma_w(x) v = sum_a p_a (t_a - tbar) (phi_a - phi_m),
   *   t_a = &lt;phi_a - phi_m, v&gt;,  tbar = sum_a p_a t_a,  p_a = pi_w(a),
   * </pre>
   *
   * <p>with {@code m} the first most probable candidate. The identity holds for any fixed row in
   * place of {@code phi_m}, since {@code sum_a p_a (t_a - tbar) = 0}; the most probable one makes
   * the rounding error scale with {@code 1 - p_m}, the mass off the mode, as the covariance itself
   * does: the term of {@code m} vanishes exactly, and every other term carries its {@code p_a}.
   * After the rows are copied ({@link #copyRows}), the first pass sums the logits {@code <w,
   * phi_a>} (the same bits as {@link #rowDots} and {@link #logits}) and {@code t'_a = <phi_a -
   * phi_0, v>} together, {@code t_a = t'_a - t'_m}; the second adds {@code c_a (phi_a - phi_m)},
   * {@code c_a = weight p_a (t_a - tbar)}, four rows at a time ({@link #addDifferences}). Leaves
   * the log-probabilities at w in {@code ws.logP} and the probabilities in {@code ws.p}.
   *
   * <p>Rounding: with {@code u} the unit roundoff, {@code P = sum_{a != m} p_a}, {@code Psi =
   * max_a ||phi_a - phi_m||_inf} and {@code T = max_a sum_j |v_j| (|phi_aj - phi_0j| + |phi_mj -
   * phi_0j|)}, each coordinate is within {@code 5 (d + K + 3) u weight P Psi T} (to first order
   * in u) of {@code weight sum_a p_a (t_a - tbar) (phi_a - phi_m)} evaluated exactly with the
   * computed probabilities; {@code PromptKernelsTest} checks it against exact arithmetic. The
   * former form, rows centred at {@code phi_0 + mu}, had no factor P: its mode's centred row
   * carried an error of order {@code u ||phi_m - phi_0||}.
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
    copyRows(data, row0, k, d, ws);
    double[][] rows = ws.row;
    double[] t = ws.s;
    rowDotsAndShifted(rows, k, d, w, v, ws.logP, t);
    normalise(ws.logP, k);
    probabilities(k, ws);
    double[] p = ws.p;
    int m = 0;
    requireLength(p, k);
    requireLength(t, k);
    requireIndex(p, m);
    double pm = p[m];
    for (int a = 1; a < k; a++) {
      if (p[a] > pm) {
        m = a;
        pm = p[a];
      }
    }
    requireIndex(t, m);
    double tm = t[m];
    double tbar = 0;
    for (int a = 0; a < k; a++) {
      double ta = a == m ? 0 : t[a] - tm;
      t[a] = ta;
      tbar += p[a] * ta;
    }
    for (int a = 0; a < k; a++) {
      t[a] = a == m ? 0 : weight * p[a] * (t[a] - tbar);
    }
    addDifferences(rows, k, d, m, t, out);
  }

  /**
   * The logits {@code z_a = <w, rows[a]>} into {@code z} (the same bits as {@link #rowDots}) and
   * {@code t_a = <rows[a] - rows[0], v>} into {@code t}, each summed in order of j, four rows at a
   * time: eight independent sums in flight, one read of the rows for both.
   */
  private static void rowDotsAndShifted(
      double[][] rows, int k, int d, double[] w, double[] v, double[] z, double[] t) {
    requireLength(rows, k);
    requireLength(z, k);
    requireLength(t, k);
    requireLength(w, d);
    requireLength(v, d);
    int first = 0;
    requireIndex(rows, first);
    double[] f = rows[first];
    requireLength(f, d);
    int a = 0;
    for (; a + 3 < k; a += 4) {
      int a1 = a + 1;
      int a2 = a + 2;
      int a3 = a + 3;
      requireIndex(rows, a1);
      requireIndex(rows, a2);
      requireIndex(rows, a3);
      double[] r0 = rows[a];
      double[] r1 = rows[a1];
      double[] r2 = rows[a2];
      double[] r3 = rows[a3];
      requireLength(r0, d);
      requireLength(r1, d);
      requireLength(r2, d);
      requireLength(r3, d);
      double z0 = 0;
      double z1 = 0;
      double z2 = 0;
      double z3 = 0;
      double t0 = 0;
      double t1 = 0;
      double t2 = 0;
      double t3 = 0;
      for (int j = 0; j < d; j++) {
        double wj = w[j];
        double vj = v[j];
        double fj = f[j];
        double x0 = r0[j];
        double x1 = r1[j];
        double x2 = r2[j];
        double x3 = r3[j];
        z0 += wj * x0;
        z1 += wj * x1;
        z2 += wj * x2;
        z3 += wj * x3;
        t0 += vj * (x0 - fj);
        t1 += vj * (x1 - fj);
        t2 += vj * (x2 - fj);
        t3 += vj * (x3 - fj);
      }
      store4(z, a, z0, z1, z2, z3);
      store4(t, a, t0, t1, t2, t3);
    }
    for (; a < k; a++) {
      double[] r = rows[a];
      requireLength(r, d);
      double za = 0;
      double ta = 0;
      for (int j = 0; j < d; j++) {
        double x = r[j];
        za += w[j] * x;
        ta += v[j] * (x - f[j]);
      }
      z[a] = za;
      t[a] = ta;
    }
  }

  /**
   * {@code out[j] += sum_{a != m} c[a] (rows[a][j] - rows[m][j])}, the rows other than m taken in
   * increasing order four at a time, each group's four products summed left to right and then
   * added to {@code out[j]}; a last group of fewer than four is padded with row m and coefficient
   * 0, whose product is an exact zero. Element-wise over j with every array at index j, so that C2
   * vectorises it.
   */
  private static void addDifferences(
      double[][] rows, int k, int d, int m, double[] c, double[] out) {
    requireLength(rows, k);
    requireLength(c, k);
    requireLength(out, d);
    requireIndex(rows, m);
    double[] rm = rows[m];
    requireLength(rm, d);
    int others = k - 1;
    for (int q = 0; q < others; q += 4) {
      int a0 = other(q, m, others);
      int a1 = other(q + 1, m, others);
      int a2 = other(q + 2, m, others);
      int a3 = other(q + 3, m, others);
      requireIndex(rows, a0);
      requireIndex(rows, a1);
      requireIndex(rows, a2);
      requireIndex(rows, a3);
      requireIndex(c, a0);
      requireIndex(c, a1);
      requireIndex(c, a2);
      requireIndex(c, a3);
      double[] r0 = rows[a0];
      double[] r1 = rows[a1];
      double[] r2 = rows[a2];
      double[] r3 = rows[a3];
      requireLength(r0, d);
      requireLength(r1, d);
      requireLength(r2, d);
      requireLength(r3, d);
      double c0 = c[a0];
      double c1 = c[a1];
      double c2 = c[a2];
      double c3 = c[a3];
      for (int j = 0; j < d; j++) {
        double x = rm[j];
        out[j] += c0 * (r0[j] - x) + c1 * (r1[j] - x) + c2 * (r2[j] - x) + c3 * (r3[j] - x);
      }
    }
  }

  /**
   * The {@code q}-th row other than {@code m} in increasing order, or {@code m} itself (with a
   * zero coefficient, {@link #addDifferences}) when {@code q >= others}.
   */
  private static int other(int q, int m, int others) {
    return q >= others ? m : q < m ? q : q + 1;
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
    centre(data, row0, k, d, w, ws);
    requireRange(p, at, k);
    writeCentred(k, d, ws, rows, at);
    for (int a = 0; a < k; a++) {
      p[at + a] = weight * ws.p[a];
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
    logits(data, row0, k, d, w, ws.logP);
    normalise(ws.logP, k);
    for (int a = 0; a < k; a++) {
      out[a] = Math.exp(ws.logP[a]);
    }
  }
}
