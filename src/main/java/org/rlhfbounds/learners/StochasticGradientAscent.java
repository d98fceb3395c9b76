package org.rlhfbounds.learners;

import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.objective.CurvatureKernels;
import org.rlhfbounds.objective.Workspace;

/**
 * Stochastic Gradient Ascent on {@code F_S} (proofs/F7.md): at step {@code t = 1, 2, ...} one
 * prompt {@code x_{i_t}} of the sample, {@code w_t = w_{t-1} + eta_t grad f(w_{t-1}; x_{i_t})},
 * with the per-prompt gradient in the closed form of F2, {@code beta Sigma_w(x) (w* - w)}; so
 * {@code e_t = (I - eta_t beta Sigma_{w_{t-1}}(x_{i_t})) e_{t-1}}.
 *
 * <p>Default schedule: the seed's {@code eta_t = 1 / (2 L sqrt t)} with {@code L = L(D0)} of F3.
 * The indices {@code i_t} are drawn uniformly from {@code 0..n-1} by a {@link SplittableRandom}
 * seeded by the caller ({@link #uniformOrder}), or given explicitly.
 *
 * <p>The seed selects the iterate with the smallest FULL gradient, which costs {@code n} prompt
 * evaluations per candidate iterate: enable {@link Recording#fullGradients()} for it; that cost is
 * reported as selection cost. The loop allocates nothing per step.
 *
 * <p>Seed: Li, Yi, Wang, Cui, Liu, arXiv:2601.16403 (2026). NaN or infinite inputs are rejected
 * with {@link IllegalArgumentException}. Thread-safe: stateless (an {@link Objective} is not: one
 * per thread).
 */
public final class StochasticGradientAscent {
  private StochasticGradientAscent() {}

  /**
   * Draws {@code steps} prompt indices uniformly from {@code 0..n-1} with {@code new
   * SplittableRandom(seed).nextInt(n)}, in order.
   *
   * @param n the sample size
   * @param steps T
   * @param seed the seed
   * @return the order, length T
   */
  public static int[] uniformOrder(int n, int steps, long seed) {
    if (n < 1 || steps < 0) {
      throw new IllegalArgumentException("need n >= 1 and steps >= 0, got n = " + n + ", steps = " + steps);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int[] order = new int[steps];
    for (int t = 0; t < steps; t++) {
      order[t] = rng.nextInt(n);
    }
    return order;
  }

  /**
   * The seed's default schedule {@code eta_t = 1 / (2 L(D0) sqrt t)}.
   *
   * @param instance the instance
   * @param w0 the start
   * @return the schedule
   */
  @Theorem({"F3", "F7"})
  public static StepSchedule defaultSchedule(Instance instance, double[] w0) {
    return StepSchedule.inverseSqrt(
        GradientAscent.smoothness(
            instance.beta(), instance.featureBound(), GradientAscent.startDistance(instance, w0)));
  }

  /**
   * Runs T steps of SGA with prompts drawn by a seeded generator.
   *
   * @param obj the objective
   * @param sample the sample
   * @param schedule the steps eta_t
   * @param w0 the start (not modified)
   * @param steps T
   * @param seed the seed of the prompt order ({@link #uniformOrder})
   * @param rec what to record
   * @return the trajectory (its {@link Trajectory#promptOrder()} holds the drawn indices)
   */
  @Theorem("F7")
  public static Trajectory run(
      Objective obj, Sample sample, StepSchedule schedule, double[] w0, int steps, long seed,
      Recording rec) {
    return run(obj, sample, schedule, w0, uniformOrder(sample.size(), steps, seed), rec, null);
  }

  /**
   * Runs SGA over an explicit prompt order, one step per entry.
   *
   * @param obj the objective
   * @param sample the sample
   * @param schedule the steps eta_t
   * @param w0 the start (not modified)
   * @param order the prompt index of each step, entries in {@code [0, n)}; T = its length
   * @param rec what to record
   * @param coverage the kernel decision of S ({@link Kernels#of}) for the distance records, or
   *     null
   * @return the trajectory
   */
  @Theorem("F7")
  public static Trajectory run(
      Objective obj,
      Sample sample,
      StepSchedule schedule,
      double[] w0,
      int[] order,
      Recording rec,
      @Nullable Kernels coverage) {
    Instance inst = obj.instance();
    int d = inst.dim();
    GradientAscent.check(w0, d, "w0");
    int n = sample.size();
    checkOrder(order, n);
    int steps = order.length;
    schedule.requireSteps(steps);
    Recorder r = Recorder.of(steps, rec, obj, sample, coverage);
    double beta = inst.beta();
    double[] wStar = inst.wStar();
    Features f = sample.prompts();
    Workspace ws = new Workspace(f.maxCandidates(), d);
    double[] w = w0.clone();
    double[] u = new double[d];
    double[] g = new double[d];
    double[] full = new double[d];
    boolean fullGrad = rec.fullGradients();
    long performed = 0;
    for (int t = 1; t <= steps; t++) {
      double gn = Double.NaN;
      if (fullGrad) {
        gn = fullGradientNorm(obj, sample, w, wStar, beta, u, full);
        performed += n;
      }
      r.at(t - 1, w, gn, false);
      double eta = schedule.eta(t);
      step(f, order[t - 1], w, wStar, beta, eta, u, g, ws);
      performed += 1;
    }
    double gn = Double.NaN;
    if (fullGrad) {
      gn = fullGradientNorm(obj, sample, w, wStar, beta, u, full);
      performed += n;
    }
    r.at(steps, w, gn, false);
    long selection = fullGrad ? (long) n * (steps + 1) : 0;
    return new Trajectory(
        Algorithm.SGA, schedule.describe(), n, w0, r, w, steps, selection, performed, -1, order);
  }

  static void checkOrder(int[] order, int n) {
    for (int t = 0; t < order.length; t++) {
      if (order[t] < 0 || order[t] >= n) {
        throw new IllegalArgumentException(
            "order[" + t + "] = " + order[t] + " is outside the sample [0, " + n + ")");
      }
    }
  }

  /**
   * One SGA step in place: {@code w += eta beta Sigma_w(x_i) (w* - w)}. Allocates nothing.
   *
   * @param f the prompts
   * @param i the prompt
   * @param w the iterate, updated
   * @param wStar w*
   * @param beta beta
   * @param eta the step
   * @param u scratch, length d
   * @param g scratch, length d
   * @param ws workspace
   */
  static void step(
      Features f, int i, double[] w, double[] wStar, double beta, double eta, double[] u,
      double[] g, Workspace ws) {
    int d = w.length;
    if (wStar.length != d || u.length != d || g.length != d) {
      throw new IllegalArgumentException("w*, u and g must have the length d = " + d + " of w");
    }
    for (int j = 0; j < d; j++) {
      u[j] = beta * (wStar[j] - w[j]);
      g[j] = 0;
    }
    CurvatureKernels.covarianceApply(f, i, w, u, 1.0, g, ws);
    for (int j = 0; j < d; j++) {
      w[j] += eta * g[j];
    }
  }

  static double fullGradientNorm(
      Objective obj, Sample s, double[] w, double[] wStar, double beta, double[] u,
      double[] out) {
    if (wStar.length != w.length || u.length != w.length) {
      throw new IllegalArgumentException("w* and u must have the length of w, " + w.length);
    }
    for (int j = 0; j < w.length; j++) {
      u[j] = beta * (wStar[j] - w[j]);
    }
    obj.covarianceApply(s, w, u, out);
    return GradientAscent.norm(out);
  }

  /**
   * Checks the theorem condition of F7 for non-expansion, {@code max_t eta_t beta B^2 <= 1}.
   *
   * @param instance the instance
   * @param schedule the schedule
   * @param steps T
   * @return whether it holds (in floating point)
   */
  public static boolean nonExpansive(Instance instance, StepSchedule schedule, int steps) {
    if (steps == 0) {
      return true;
    }
    double b = instance.featureBound();
    return Reals.finite(schedule.max(steps) * instance.beta() * b * b, "eta beta B^2") <= 1;
  }
}
