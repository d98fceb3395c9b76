package org.rlhfbounds.learners;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.objective.PreferenceLoss;

/**
 * Learners on pairwise preference data (proofs/L-DPO-MLE.md): the regularised Bradley-Terry MLE
 * {@code theta_hat = argmin L} by Newton's method, and DPO on the log-linear policy by gradient
 * steps on {@code L_DPO(w) = L(beta (w - w_ref))} (full-batch: {@code dpo-ga}; one uniformly drawn
 * comparison per step: {@code dpo-sga}). Every run reports the full gradient norm at its output,
 * from which the bounds package certifies the distance to the exact optimum by strong convexity
 * ({@code ||theta - theta_hat|| <= ||grad L(theta)|| / lambda}, {@code ||w - w_DPO|| <= ||grad
 * L_DPO(w)|| / (beta^2 lambda)}).
 *
 * <p>Newton: from {@code theta = 0}, step {@code -H^{-1} g} (Cholesky of {@code H = Hess L}, which
 * is {@code >= lambda I}), halved until {@code L} decreases enough (Armijo, constant 1e-4) or, at
 * the floating-point floor where L cannot resolve the decrease, until L rises by no more than
 * {@code 2^-44 |L|} while the gradient norm falls; stops when {@code ||g|| <= tol}, after {@code
 * maxIterations}, or when no step is found or a step leaves theta unchanged. DPO-GA: {@code w_0 = w_ref}, {@code w_{t+1} = w_t - grad L_DPO(w_t) / Lip} with {@code Lip
 * = beta^2 (max_i ||Delta_i||^2 / 4 + lambda)} (an upper bound on the Hessian's spectrum).
 * DPO-SGA: the same start, {@code w_{t+1} = w_t - eta_t g_{i_t}(w_t)}, {@code eta_t = 1 / (Lip +
 * beta^2 lambda t)}, {@code i_t} uniform from a {@link SplittableRandom} with the given seed.
 *
 * <p>Deterministic: the same inputs give the same bytes. Thread-safe: stateless.
 */
public final class PreferenceLearner {
  private PreferenceLearner() {}

  /** The learners. */
  public enum Method {
    /** Newton's method on the regularised Bradley-Terry negative log-likelihood. */
    MLE("mle"),
    /** Full-batch gradient steps on the DPO loss. */
    DPO_GA("dpo-ga"),
    /** Single-comparison stochastic gradient steps on the DPO loss. */
    DPO_SGA("dpo-sga");

    private final String label;

    Method(String label) {
      this.label = label;
    }

    /**
     * Returns the command-line name.
     *
     * @return {@code mle}, {@code dpo-ga} or {@code dpo-sga}
     */
    public String label() {
      return label;
    }

    /**
     * Parses a command-line name.
     *
     * @param s the name
     * @return the method
     * @throws IllegalArgumentException naming the value when it is none of the three
     */
    public static Method parse(String s) {
      for (Method m : values()) {
        if (m.label.equals(s.toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "--algorithm: expected mle, dpo-ga or dpo-sga, got \"" + s + "\"");
    }
  }

  /**
   * The output of a preference learner.
   *
   * @param method the learner
   * @param theta the reward parameter ({@code theta_hat} for MLE; {@code beta (w - w_ref)} for DPO)
   * @param w the policy parameter ({@code w_ref + theta / beta})
   * @param gradientNorm {@code ||grad L(theta)||} as computed (for DPO, {@code ||grad L_DPO(w)|| =
   *     beta ||grad L(theta)||} is {@code beta} times this)
   * @param iterations the Newton iterations or gradient steps taken
   */
  public record Fit(
      Method method, double[] theta, double[] w, double gradientNorm, int iterations) {
    /**
     * Copies the vectors.
     *
     * @throws IllegalArgumentException if the gradient norm is NaN or negative
     */
    public Fit {
      theta = theta.clone();
      w = w.clone();
      Reals.nonNegative(gradientNorm, "gradientNorm");
    }

    @Override
    public double[] theta() {
      return theta.clone();
    }

    @Override
    public double[] w() {
      return w.clone();
    }
  }

  /**
   * The regularised MLE by Newton's method (class comment).
   *
   * @param loss the loss
   * @param wRef the reference parameter (for {@code w = w_ref + theta / beta})
   * @param beta the KL weight, {@code > 0}
   * @param tol the gradient-norm target, {@code >= 0}
   * @param maxIterations the iteration cap, {@code >= 1}
   * @return the fit
   * @throws IllegalArgumentException if beta or tol is out of range, maxIterations {@code < 1} or
   *     wRef has the wrong length
   */
  @Theorem("L-DPO-MLE")
  public static Fit mle(
      PreferenceLoss loss, double[] wRef, double beta, double tol, int maxIterations) {
    Reals.positive(beta, "beta");
    Reals.nonNegative(tol, "tol");
    requireLength(wRef, loss.dim());
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
    int d = loss.dim();
    double[] theta = new double[d];
    double[] g = loss.gradient(theta);
    double f = loss.value(theta);
    int it = 0;
    while (it < maxIterations && PreferenceLoss.norm(g) > tol) {
      DMatrixRMaj h = loss.hessian(theta);
      DMatrixRMaj step = new DMatrixRMaj(d, 1);
      if (!CommonOps_DDRM.solve(h, new DMatrixRMaj(d, 1, true, g), step)) {
        break;
      }
      double slope = 0;
      for (int j = 0; j < d && j < g.length; j++) {
        slope += g[j] * step.get(j, 0);
      }
      double t = 1;
      double[] next = new double[d];
      double fn = f;
      boolean moved = false;
      for (int k = 0; k < 60; k++) {
        for (int j = 0; j < d && j < next.length && j < theta.length; j++) {
          next[j] = theta[j] - t * step.get(j, 0);
        }
        fn = loss.value(next);
        // Armijo; near the floating-point floor, where L cannot resolve the decrease, a step
        // that does not raise L beyond its rounding and lowers the gradient norm is taken
        double target = f - 1e-4 * t * slope;
        if ((target < f && fn <= target)
            || (fn <= f + 0x1.0p-44 * Math.abs(f)
                && PreferenceLoss.norm(loss.gradient(next)) < PreferenceLoss.norm(g))) {
          moved = true;
          break;
        }
        t /= 2;
      }
      it++;
      double[] ng = loss.gradient(next);
      if (!moved) {
        // at the floating-point floor the loss cannot decrease: keep the better gradient
        if (PreferenceLoss.norm(ng) < PreferenceLoss.norm(g)) {
          theta = next;
          g = ng;
        }
        break;
      }
      boolean stalled = java.util.Arrays.equals(next, theta);
      theta = next;
      g = ng;
      f = fn;
      if (stalled) {
        break;
      }
    }
    return new Fit(Method.MLE, theta, policy(theta, wRef, beta), PreferenceLoss.norm(g), it);
  }

  /**
   * DPO by full-batch gradient steps ({@code dpo-ga}) or single-comparison stochastic steps
   * ({@code dpo-sga}), from {@code w_ref} (class comment).
   *
   * @param loss the loss
   * @param wRef the reference parameter
   * @param beta the KL weight, {@code > 0}
   * @param method {@link Method#DPO_GA} or {@link Method#DPO_SGA}
   * @param steps the number of steps T, {@code >= 0}
   * @param seed the seed of the comparison order (SGA only)
   * @return the fit, with the full gradient norm at the last iterate
   * @throws IllegalArgumentException if beta is out of range, steps {@code < 0}, the method is MLE
   *     or wRef has the wrong length
   */
  @Theorem("L-DPO-MLE")
  public static Fit dpo(
      PreferenceLoss loss, double[] wRef, double beta, Method method, int steps, long seed) {
    Reals.positive(beta, "beta");
    requireLength(wRef, loss.dim());
    if (steps < 0) {
      throw new IllegalArgumentException("--steps: must be >= 0, got " + steps);
    }
    if (method == Method.MLE) {
      throw new IllegalArgumentException("method: dpo needs dpo-ga or dpo-sga, got mle");
    }
    int d = loss.dim();
    double m = loss.maxDifferenceNorm();
    double lip = beta * beta * (m * m / 4 + loss.lambda());
    double mu = beta * beta * loss.lambda();
    double[] w = wRef.clone();
    double[] g = new double[d];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int t = 0; t < steps; t++) {
      double eta;
      if (method == Method.DPO_GA) {
        loss.dpoGradient(w, wRef, beta, g);
        eta = 1 / lip;
      } else {
        loss.dpoPointGradient(w, wRef, beta, rng.nextInt(loss.size()), g);
        eta = 1 / (lip + mu * t);
      }
      for (int j = 0; j < w.length && j < g.length; j++) {
        w[j] -= eta * g[j];
      }
    }
    double[] theta = PreferenceLoss.implicitReward(w, wRef, beta);
    return new Fit(method, theta, w, PreferenceLoss.norm(loss.gradient(theta)), steps);
  }

  /**
   * The policy of a reward parameter: {@code w = w_ref + theta / beta} (proofs/L-DPO-MLE.md).
   *
   * @param theta the reward parameter
   * @param wRef the reference parameter
   * @param beta the KL weight
   * @return a new array
   */
  @Theorem("L-DPO-MLE")
  public static double[] policy(double[] theta, double[] wRef, double beta) {
    double[] w = new double[theta.length];
    for (int j = 0; j < w.length && j < wRef.length; j++) {
      w[j] = wRef[j] + theta[j] / beta;
    }
    return w;
  }

  private static void requireLength(double[] wRef, int d) {
    if (wRef.length != d) {
      throw new IllegalArgumentException("wRef: expected length d = " + d + ", got " + wRef.length);
    }
  }
}
