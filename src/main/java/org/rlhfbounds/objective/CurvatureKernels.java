package org.rlhfbounds.objective;

import static org.rlhfbounds.contracts.Indices.requireLength;

import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.model.Features;

/**
 * The per-prompt second-order kernel, on one prompt of a flat row-major feature block (rows
 * {@code row0 .. row0+K}, each of {@code d} values): the Hessian-vector product of F3 ({@link
 * #hessianVector}). The centring and policy are those of {@link PromptKernels}; the covariance
 * {@code Sigma_w(x)} as a matrix is assembled in blocks by {@link Objective#covariance}.
 *
 * <p>{@link #covarianceApply(Features, int, double[], double[], double, double[], Workspace)} is the
 * one-prompt form of {@link Objective#covarianceApply} on a block, for learners that step on one
 * prompt at a time: it reads prompt {@code i} as the objective's sums do (a view's rows in place, a
 * float32 prompt widened into the workspace).
 *
 * <p>Outputs are accumulated with a weight into explicit output arrays; nothing is allocated. NaN
 * or infinite inputs propagate (callers validate inputs at the public API). Index checks as in
 * {@link PromptKernels} ({@link IndexOutOfBoundsException}). Thread-safe when each thread passes
 * its own {@link Workspace}.
 */
public final class CurvatureKernels {
  private CurvatureKernels() {}

  /**
   * Accumulates {@code weight * Sigma_w(x_i) v} of prompt {@code i} of {@code f} into {@code out}
   * ({@link PromptKernels#covarianceApply} on that prompt's rows).
   *
   * @param f the prompts
   * @param i the prompt
   * @param w policy parameter
   * @param v the vector
   * @param weight the weight
   * @param out accumulator, length d
   * @param ws workspace, large enough for the prompts of {@code f}
   */
  public static void covarianceApply(
      Features f, int i, double[] w, double[] v, double weight, double[] out, Workspace ws) {
    PromptKernels.covarianceApply(
        f.promptRows(i, ws.rows), f.firstRow(i), f.candidates(i), f.dim(), w, v, weight,
        out, ws);
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
    PromptKernels.centre(data, row0, k, d, w, ws);
    double[][] cen = ws.cenRow;
    PromptKernels.writeCentred(k, d, ws, cen, 0);
    requireLength(out, d);
    for (int a = 0; a < k; a++) {
      double[] c = cen[a];
      requireLength(c, d);
      double sv = 0;
      double su = 0;
      for (int j = 0; j < d; j++) {
        sv += c[j] * v[j];
        su += c[j] * (wStar[j] - w[j]);
      }
      double coef = weight * beta * ws.p[a] * sv * (su - 1);
      for (int j = 0; j < d; j++) {
        out[j] += coef * c[j];
      }
    }
  }
}
