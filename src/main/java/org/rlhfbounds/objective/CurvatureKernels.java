package org.rlhfbounds.objective;

import static org.rlhfbounds.contracts.Indices.requireLength;
import static org.rlhfbounds.contracts.Indices.requireRange;

import org.rlhfbounds.contracts.Theorem;

/**
 * Per-prompt second-order kernels, on one prompt of a flat row-major feature block (rows {@code
 * row0 .. row0+K}, each of {@code d} values): the covariance {@code Sigma_w(x)} accumulated as a
 * matrix, one rank-one update per candidate ({@link #covarianceAccumulate}, the reference that the
 * blocked assembly of {@link Objective} equals in its upper triangle), and the Hessian-vector
 * product of F3 ({@link #hessianVector}). The centring and policy are those of {@link
 * PromptKernels}.
 *
 * <p>Outputs are accumulated with a weight into explicit output arrays; nothing is allocated. NaN
 * or infinite inputs propagate (callers validate inputs at the public API). Index checks as in
 * {@link PromptKernels} ({@link IndexOutOfBoundsException}). Thread-safe when each thread passes
 * its own {@link Workspace}.
 */
public final class CurvatureKernels {
  private CurvatureKernels() {}

  /**
   * Accumulates {@code weight * Sigma_w(x)} into the row-major d x d matrix {@code out}.
   *
   * @param data features
   * @param row0 first row
   * @param k candidates
   * @param d dimension
   * @param w policy parameter
   * @param weight the weight
   * @param out accumulator, d*d row-major
   * @param ws workspace
   */
  @Theorem({"F3", "F5"})
  public static void covarianceAccumulate(
      double[] data, int row0, int k, int d, double[] w, double weight, double[] out,
      Workspace ws) {
    ws.require(k, d);
    int base0 = PromptKernels.centre(data, row0, k, d, w, ws);
    requireRange(data, base0, d);
    for (int a = 0; a < k; a++) {
      int base = (row0 + a) * d;
      requireRange(data, base, d);
      double p = weight * Math.exp(ws.logP[a]);
      for (int r = 0; r < d; r++) {
        double cr = p * (data[base + r] - data[base0 + r] - ws.mu[r]);
        int ro = r * d;
        requireRange(out, ro, d);
        for (int c = 0; c < d; c++) {
          out[ro + c] += cr * (data[base + c] - data[base0 + c] - ws.mu[c]);
        }
      }
    }
  }

  /**
   * Accumulates {@code weight * H v} into {@code out}, with {@code H} the Hessian of f(.;x) at w:
   * {@code H v = beta sum_a pi_w(a) c_a <c_a, v> (<c_a, u> - 1)}, {@code u = w* - w}, {@code c_a =
   * phi_a - E_{pi_w} phi}.
   *
   * @param data features
   * @param row0 first row
   * @param k candidates
   * @param d dimension
   * @param wStar the optimum w*
   * @param beta KL weight
   * @param w policy parameter
   * @param v direction
   * @param weight the weight
   * @param out accumulator, length d
   * @param ws workspace
   */
  @Theorem("F3")
  public static void hessianVector(
      double[] data, int row0, int k, int d, double[] wStar, double beta, double[] w, double[] v,
      double weight, double[] out, Workspace ws) {
    ws.require(k, d);
    requireLength(v, d);
    requireLength(wStar, d);
    requireLength(w, d);
    int base0 = PromptKernels.centre(data, row0, k, d, w, ws);
    requireRange(data, base0, d);
    for (int a = 0; a < k; a++) {
      int base = (row0 + a) * d;
      requireRange(data, base, d);
      double sv = 0;
      double su = 0;
      for (int j = 0; j < d; j++) {
        double c = data[base + j] - data[base0 + j] - ws.mu[j];
        sv += c * v[j];
        su += c * (wStar[j] - w[j]);
      }
      double coef = weight * beta * Math.exp(ws.logP[a]) * sv * (su - 1);
      PromptKernels.addCentred(data, base, base0, d, coef, ws.mu, out);
    }
  }
}
