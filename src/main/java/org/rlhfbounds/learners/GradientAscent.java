package org.rlhfbounds.learners;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * Full-batch Gradient Ascent on the empirical objective {@code F_S} (proofs/F6.md): {@code w_{t+1}
 * = w_t + eta grad F_S(w_t)}, with the gradient in the closed form of F2, {@code grad F_S(w) = beta
 * Sigma_S(w) (w* - w)}, so that the error {@code e_t = w_t - w*} evolves as {@code e_{t+1} = (I -
 * eta beta Sigma_S(w_t)) e_t}.
 *
 * <p>Default step: {@code eta = 1 / L(D0)} with {@code L(D) = beta B^2 (1 + 2 B D)} the smoothness
 * constant of F3 on the ball {@code ||w - w*|| <= D} and {@code D0 = ||w_0 - w*||}. Since {@code
 * eta beta B^2 <= 1}, F6 applies: {@code ||e_t||} never grows, the {@code N_S}-component of
 * {@code e_t} never changes, and the rest contracts at least by {@code 1 - eta beta e^{-2 B D0}
 * kappa_S^+} per step.
 *
 * <p>The loop allocates nothing per step. Exact shortcut (see {@link Recording#shortcuts()}): when
 * an update leaves {@code w} unchanged bit for bit, {@code w} is a fixed point of the
 * floating-point map and the remaining gradients are not recomputed; the output is identical.
 *
 * <p>Seed: Li, Yi, Wang, Cui, Liu, arXiv:2601.16403 (2026): GA with {@code eta = 1/L} and the
 * smallest-gradient iterate. NaN or infinite inputs are rejected with {@link
 * IllegalArgumentException}. Thread-safe: stateless (an {@link Objective} is not: one per thread).
 */
public final class GradientAscent {
  private GradientAscent() {}

  /**
   * The smoothness constant of F3, {@code L(D) = beta B^2 (1 + 2 B D)}.
   *
   * @param beta KL weight
   * @param bound feature bound B
   * @param radius the radius D of the ball around w*
   * @return L(D)
   * @throws IllegalArgumentException if an argument is NaN, infinite or out of range
   */
  @Theorem("F3")
  public static @PositiveReal double smoothness(
      @PositiveReal double beta, @PositiveReal double bound, @NonNegativeReal double radius) {
    Reals.positive(beta, "beta");
    Reals.positive(bound, "bound");
    Reals.nonNegative(radius, "radius");
    return Reals.positive(beta * bound * bound * (1 + 2 * bound * radius), "L(D)");
  }

  /**
   * {@code D0 = ||w0 - w*||}.
   *
   * @param instance the instance
   * @param w0 the start
   * @return D0
   */
  public static @NonNegativeReal double startDistance(Instance instance, double[] w0) {
    double[] ws = instance.wStar();
    if (w0.length != ws.length) {
      throw new IllegalArgumentException(
          "w0: expected length d = " + ws.length + ", got " + w0.length);
    }
    Reals.requireFinite(w0, "w0");
    double s = 0;
    for (int j = 0; j < ws.length; j++) {
      double e = w0[j] - ws[j];
      s += e * e;
    }
    return Reals.nonNegative(Math.sqrt(s), "D0");
  }

  /**
   * The default step {@code 1 / L(D0)}.
   *
   * @param instance the instance
   * @param w0 the start
   * @return eta
   */
  @Theorem({"F3", "F6"})
  public static @PositiveReal double defaultStep(Instance instance, double[] w0) {
    @PositiveReal double l =
        smoothness(instance.beta(), instance.featureBound(), startDistance(instance, w0));
    return Reals.positive(1.0 / l, "eta = 1/L(D0)");
  }

  static void check(double[] v, int d, String what) {
    if (v.length != d) {
      throw new IllegalArgumentException(what + ": expected length d = " + d + ", got " + v.length);
    }
    Reals.requireFinite(v, what);
  }

  /**
   * Runs T steps of Gradient Ascent.
   *
   * @param obj the objective (its instance fixes w*, beta, B)
   * @param sample the sample S
   * @param eta the constant step
   * @param w0 the start (not modified)
   * @param steps T, {@code >= 0}
   * @param rec what to record
   * @return the trajectory
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F6")
  public static Trajectory run(
      Objective obj, Sample sample, @PositiveReal double eta, double[] w0, int steps,
      Recording rec) {
    return run(obj, sample, eta, w0, steps, rec, null);
  }

  /**
   * Runs T steps of Gradient Ascent, reusing a precomputed kernel decision for the distance
   * records.
   *
   * @param obj the objective
   * @param sample the sample S
   * @param eta the constant step
   * @param w0 the start (not modified)
   * @param steps T
   * @param rec what to record
   * @param coverage the kernel decision of S ({@link Kernels#of}), or null to compute it when
   *     needed
   * @return the trajectory
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F6")
  public static Trajectory run(
      Objective obj,
      Sample sample,
      @PositiveReal double eta,
      double[] w0,
      int steps,
      Recording rec,
      @Nullable Kernels coverage) {
    Reals.positive(eta, "eta");
    Instance inst = obj.instance();
    int d = inst.dim();
    check(w0, d, "w0");
    if (steps < 0) {
      throw new IllegalArgumentException("steps: T must be >= 0, got " + steps);
    }
    if (sample.prompts().dim() != d) {
      throw new IllegalArgumentException(
          "sample: dimension " + sample.prompts().dim() + " differs from the instance's d = " + d);
    }
    Recorder r = Recorder.of(steps, rec, obj, sample, coverage);
    double beta = inst.beta();
    double[] wStar = inst.wStar();
    int n = sample.size();
    double[] w = w0.clone();
    if (wStar.length != w.length) {
      throw new IllegalStateException("w* has length " + wStar.length + ", w0 " + w.length);
    }
    double[] u = new double[w.length];
    double[] g = new double[w.length];
    long performed = 0;
    boolean fixed = false;
    int fixedAt = -1;
    double gn = Double.NaN;
    // with an objective trace, each gradient pass also gives F_S(w_t) (one read of the prompts)
    double @Nullable [] value = r.recordsObjective() ? new double[1] : null;
    for (int t = 0; t < steps; t++) {
      if (!fixed) {
        gn = gradient(obj, sample, beta, wStar, w, u, g, value);
        performed += n;
      }
      r.at(t, w, gn, fixed, value == null || fixed ? Double.NaN : value[0]);
      if (!fixed) {
        boolean moved = false;
        for (int j = 0; j < w.length; j++) {
          double nw = w[j] + eta * g[j];
          if (Double.doubleToRawLongBits(nw) != Double.doubleToRawLongBits(w[j])) {
            moved = true;
          }
          w[j] = nw;
        }
        if (!moved && rec.shortcuts()) {
          fixed = true;
          fixedAt = t;
        }
      }
    }
    boolean needFinal = rec.fullGradients();
    boolean fresh = needFinal && !fixed;
    if (fresh) {
      gn = gradient(obj, sample, beta, wStar, w, u, g, value);
      performed += n;
    }
    r.at(steps, w, gn, fixed, value == null || !fresh ? Double.NaN : value[0]);
    long stepCost = (long) n * steps;
    long selectionCost = needFinal ? n : 0;
    return new Trajectory(
        Algorithm.GA,
        "constant " + eta,
        n,
        w0,
        r,
        w,
        stepCost,
        selectionCost,
        performed,
        fixedAt,
        null);
  }

  /**
   * The empirical gradient at w (F6): {@code g = Sigma_S(w) u} with {@code u = beta (w* - w)}.
   *
   * @param obj the objective
   * @param sample the sample S
   * @param beta beta
   * @param wStar w*
   * @param w the iterate
   * @param u scratch, receives {@code beta (w* - w)}
   * @param g output, the gradient
   * @param value when not null, receives {@code F_S(w)} in its entry 0 (computed in the same pass)
   * @return {@code ||g||}
   */
  private static double gradient(
      Objective obj,
      Sample sample,
      double beta,
      double[] wStar,
      double[] w,
      double[] u,
      double[] g,
      double @Nullable [] value) {
    int d = w.length;
    Indices.requireLength(u, d);
    Indices.requireLength(wStar, d);
    for (int j = 0; j < d; j++) {
      u[j] = beta * (wStar[j] - w[j]);
    }
    if (value != null && value.length > 0) {
      value[0] = obj.covarianceApplyAndValue(sample, w, u, g);
    } else {
      obj.covarianceApply(sample, w, u, g);
    }
    return norm(g);
  }

  static double norm(double[] v) {
    double s = 0;
    for (int j = 0; j < v.length; j++) {
      s += v[j] * v[j];
    }
    return Math.sqrt(s);
  }
}
