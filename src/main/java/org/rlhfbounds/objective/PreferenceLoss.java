package org.rlhfbounds.objective;

import org.checkerframework.checker.index.qual.NonNegative;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Preferences;

/**
 * The regularised Bradley-Terry negative log-likelihood of pairwise preference data and the DPO
 * loss of the log-linear policy (proofs/L-DPO-MLE.md). With {@code Delta_i = phi(x_i, a_i) -
 * phi(x_i, b_i)} and {@code u_i = <theta, Delta_i>},
 *
 * <pre>
 *   L(theta) = (1/N) sum_i -[y_i log sigmoid(u_i) + (1 - y_i) log sigmoid(-u_i)] + (lambda/2) ||theta||^2
 *            = (1/N) sum_i [softplus(u_i) - y_i u_i] + (lambda/2) ||theta||^2,
 *   grad L(theta) = (1/N) sum_i (sigmoid(u_i) - y_i) Delta_i + lambda theta,
 *   Hess L(theta) = (1/N) sum_i sigmoid(u_i) (1 - sigmoid(u_i)) Delta_i Delta_i^T + lambda I,
 * </pre>
 *
 * (R. A. Bradley and M. E. Terry, Biometrika 39 (1952) 324-345, doi:10.2307/2334029), so L is
 * {@code lambda}-strongly convex. The DPO loss of {@code pi_w(a|x) ∝ exp(<w, phi(x,a)>)} against
 * {@code pi_ref = pi_{w_ref}} (R. Rafailov et al., "Direct Preference Optimization", NeurIPS 2023,
 * arXiv:2305.18290), with the same ridge on the implicit reward parameter, is
 *
 * <pre>
 *   L_DPO(w) = L(beta (w - w_ref)),   grad L_DPO(w) = beta grad L(beta (w - w_ref)),
 * </pre>
 *
 * since {@code beta log(pi_w(a|x)/pi_ref(a|x)) - beta log(pi_w(b|x)/pi_ref(b|x)) = <beta (w - w_ref),
 * Delta>}. {@code softplus(u) = max(u, 0) + log1p(e^{-|u|})} never overflows.
 *
 * <p>A NaN or infinite parameter gives NaN or infinite values (no exception). Thread-safe:
 * immutable (the differences are copied in).
 */
public final class PreferenceLoss {
  private final double[][] diff;
  private final double[] y;
  private final double lambda;
  private final @NonNegative int dim;

  private PreferenceLoss(double[][] diff, double[] y, double lambda, @NonNegative int dim) {
    this.diff = diff;
    this.y = y;
    this.lambda = lambda;
    this.dim = dim;
  }

  /**
   * Creates the loss of preference data over a block of prompts.
   *
   * @param data the comparisons
   * @param prompts the prompts they refer to
   * @param lambda the ridge weight, {@code > 0}
   * @return the loss
   * @throws IllegalArgumentException if {@code lambda} is not a finite positive number or the
   *     data does not fit the prompts
   */
  public static PreferenceLoss of(Preferences data, Features prompts, double lambda) {
    Reals.positive(lambda, "lambda");
    return new PreferenceLoss(data.differences(prompts), data.labelValues(), lambda, prompts.dim());
  }

  /**
   * Returns lambda.
   *
   * @return the ridge weight
   */
  public double lambda() {
    return lambda;
  }

  /**
   * Returns the dimension d.
   *
   * @return d
   */
  public @NonNegative int dim() {
    return dim;
  }

  /**
   * Returns the number of comparisons N.
   *
   * @return N
   */
  public int size() {
    return diff.length;
  }

  /**
   * Returns a copy of the feature difference of comparison {@code i}.
   *
   * @param i the comparison
   * @return {@code Delta_i}
   * @throws IllegalArgumentException if {@code i} is outside {@code [0, N)}
   */
  public double[] difference(int i) {
    if (i < 0 || i >= diff.length) {
      throw new IllegalArgumentException("comparison " + i + " is outside [0, " + diff.length + ")");
    }
    return diff[i].clone();
  }

  /**
   * Returns the label of comparison {@code i}.
   *
   * @param i the comparison
   * @return 0 or 1
   * @throws IllegalArgumentException if {@code i} is outside {@code [0, N)}
   */
  public double label(int i) {
    if (i < 0 || i >= y.length) {
      throw new IllegalArgumentException("comparison " + i + " is outside [0, " + y.length + ")");
    }
    return y[i];
  }

  /**
   * {@code softplus(u) = log(1 + e^u)}, without overflow.
   *
   * @param u the argument
   * @return {@code log(1 + e^u)}
   */
  public static double softplus(double u) {
    return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
  }

  static double dot(double[] u, double[] v) {
    double s = 0;
    for (int j = 0; j < u.length && j < v.length; j++) {
      s += u[j] * v[j];
    }
    return s;
  }

  /**
   * The loss of one comparison at theta, {@code softplus(u) - y u}.
   *
   * @param theta the reward parameter
   * @param i the comparison
   * @return its negative log-likelihood
   * @throws IllegalArgumentException if {@code i} is outside {@code [0, N)}
   */
  public double pointLoss(double[] theta, int i) {
    if (i < 0 || i >= diff.length || i >= y.length) {
      throw new IllegalArgumentException("comparison " + i + " is outside [0, " + diff.length + ")");
    }
    double u = dot(theta, diff[i]);
    return softplus(u) - y[i] * u;
  }

  /**
   * {@code L(theta)}, the regularised negative log-likelihood.
   *
   * @param theta the reward parameter (length d)
   * @return the loss
   */
  @Theorem("L-DPO-MLE")
  public double value(double[] theta) {
    return empiricalRisk(theta) + 0.5 * lambda * dot(theta, theta);
  }

  /**
   * {@code R_S(theta) = (1/N) sum_i [softplus(u_i) - y_i u_i]}, the mean comparison loss without
   * the ridge.
   *
   * @param theta the reward parameter (length d)
   * @return the empirical risk
   */
  public double empiricalRisk(double[] theta) {
    double s = 0;
    for (int i = 0; i < diff.length && i < y.length; i++) {
      double u = dot(theta, diff[i]);
      s += softplus(u) - y[i] * u;
    }
    return s / diff.length;
  }

  /**
   * Writes {@code grad L(theta)} into {@code out}.
   *
   * @param theta the reward parameter (length d)
   * @param out the gradient (length d, overwritten)
   */
  @Theorem("L-DPO-MLE")
  public void gradient(double[] theta, double[] out) {
    java.util.Arrays.fill(out, 0.0);
    for (int i = 0; i < diff.length && i < y.length; i++) {
      double[] v = diff[i];
      double c = Preferences.sigmoid(dot(theta, v)) - y[i];
      for (int j = 0; j < out.length && j < v.length; j++) {
        out[j] += c * v[j];
      }
    }
    for (int j = 0; j < out.length && j < theta.length; j++) {
      out[j] = out[j] / diff.length + lambda * theta[j];
    }
  }

  /**
   * Returns {@code grad L(theta)}.
   *
   * @param theta the reward parameter (length d)
   * @return a new array
   */
  public double[] gradient(double[] theta) {
    double[] g = new double[dim];
    gradient(theta, g);
    return g;
  }

  /**
   * Returns {@code Hess L(theta)}.
   *
   * @param theta the reward parameter (length d)
   * @return a new {@code d x d} matrix
   */
  public DMatrixRMaj hessian(double[] theta) {
    DMatrixRMaj h = new DMatrixRMaj(dim, dim);
    for (int i = 0; i < diff.length; i++) {
      double[] v = diff[i];
      double s = Preferences.sigmoid(dot(theta, v));
      addOuter(h, v, s * (1 - s) / diff.length);
    }
    for (int j = 0; j < dim; j++) {
      h.add(j, j, lambda);
    }
    return h;
  }

  private static void addOuter(DMatrixRMaj h, double[] v, double c) {
    for (int j = 0; j < v.length && j < h.numRows; j++) {
      for (int k = 0; k < v.length && k < h.numCols; k++) {
        h.add(j, k, c * v[j] * v[k]);
      }
    }
  }

  /**
   * Returns {@code Sigma_D = (1/N) sum_i Delta_i Delta_i^T}, the design matrix of the compared
   * pairs' feature differences.
   *
   * @return a new {@code d x d} matrix
   */
  public DMatrixRMaj sigmaD() {
    DMatrixRMaj h = new DMatrixRMaj(dim, dim);
    for (double[] v : diff) {
      addOuter(h, v, 1.0 / diff.length);
    }
    return h;
  }

  /**
   * Returns {@code max_i ||Delta_i||}.
   *
   * @return the largest difference norm
   */
  public double maxDifferenceNorm() {
    double m = 0;
    for (double[] v : diff) {
      m = Math.max(m, Math.sqrt(dot(v, v)));
    }
    return m;
  }

  /**
   * The implicit reward parameter of a policy parameter: {@code beta (w - w_ref)}.
   *
   * @param w the policy parameter
   * @param wRef the reference parameter
   * @param beta the KL weight
   * @return a new array
   */
  public static double[] implicitReward(double[] w, double[] wRef, double beta) {
    double[] t = new double[w.length];
    for (int j = 0; j < t.length && j < wRef.length; j++) {
      t[j] = beta * (w[j] - wRef[j]);
    }
    return t;
  }

  /**
   * {@code L_DPO(w) = L(beta (w - w_ref))}.
   *
   * @param w the policy parameter
   * @param wRef the reference parameter
   * @param beta the KL weight
   * @return the DPO loss
   */
  @Theorem("L-DPO-MLE")
  public double dpoValue(double[] w, double[] wRef, double beta) {
    return value(implicitReward(w, wRef, beta));
  }

  /**
   * Writes {@code grad L_DPO(w) = beta grad L(beta (w - w_ref))} into {@code out}.
   *
   * @param w the policy parameter
   * @param wRef the reference parameter
   * @param beta the KL weight
   * @param out the gradient (length d, overwritten)
   */
  @Theorem("L-DPO-MLE")
  public void dpoGradient(double[] w, double[] wRef, double beta, double[] out) {
    gradient(implicitReward(w, wRef, beta), out);
    for (int j = 0; j < out.length; j++) {
      out[j] *= beta;
    }
  }

  /**
   * Writes the stochastic DPO gradient of comparison {@code i} into {@code out}: {@code beta
   * [(sigmoid(u_i) - y_i) Delta_i + lambda theta]} at {@code theta = beta (w - w_ref)}, an unbiased
   * estimate of {@code grad L_DPO(w)} when {@code i} is uniform.
   *
   * @param w the policy parameter
   * @param wRef the reference parameter
   * @param beta the KL weight
   * @param i the comparison
   * @param out the gradient (length d, overwritten)
   * @throws IllegalArgumentException if {@code i} is outside {@code [0, N)}
   */
  public void dpoPointGradient(double[] w, double[] wRef, double beta, int i, double[] out) {
    if (i < 0 || i >= diff.length || i >= y.length) {
      throw new IllegalArgumentException("comparison " + i + " is outside [0, " + diff.length + ")");
    }
    double[] theta = implicitReward(w, wRef, beta);
    double[] v = diff[i];
    double c = Preferences.sigmoid(dot(theta, v)) - y[i];
    for (int j = 0; j < out.length && j < v.length && j < theta.length; j++) {
      out[j] = beta * (c * v[j] + lambda * theta[j]);
    }
  }

  /**
   * The Euclidean norm.
   *
   * @param v a vector
   * @return {@code ||v||}
   */
  public static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }
}
