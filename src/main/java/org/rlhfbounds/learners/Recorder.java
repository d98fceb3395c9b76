package org.rlhfbounds.learners;

import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * Records a run iterate by iterate into buffers allocated once, up front: {@link #at} allocates
 * nothing. Package-private: the runners own one each.
 *
 * <p>Not thread-safe.
 */
final class Recorder {
  final int steps;
  final @NonNegative int dim;
  final Recording rec;
  private final Objective obj;
  private final Sample sample;
  private final double[] wStar;
  final @Nullable Kernels coverage;

  final double[] gradNorms;
  final double[] objective;
  final double[] distance;
  final double[] kernelNorm;
  final double[] perpNorm;
  final int[] iterTimes;
  final double[] iterates;
  @NonNegative int iterCount;

  final double[] sum;
  final double[] best;
  int bestIndex = -1;
  double bestNorm = Double.POSITIVE_INFINITY;
  long instrumentation;

  private final double[] e;
  private final double[] pe;
  private final ProgressListener progress;

  /**
   * A recorder whose coverage kernels are the given ones or, when none are given and distances are
   * recorded, those of the sample.
   */
  static Recorder of(
      int steps, Recording rec, Objective obj, Sample sample, @Nullable Kernels coverage) {
    Kernels cov = coverage;
    if (cov == null && rec.distances()) {
      cov = Kernels.of(obj, sample);
    }
    return new Recorder(steps, rec, obj, sample, cov);
  }

  Recorder(
      int steps, Recording rec, Objective obj, Sample sample, @Nullable Kernels coverage) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps: T must be >= 0, got " + steps);
    }
    this.steps = steps;
    this.dim = obj.instance().dim();
    this.rec = rec;
    this.obj = obj;
    this.sample = sample;
    this.wStar = obj.wStar();
    this.coverage = coverage;
    int len = steps + 1;
    this.gradNorms = new double[rec.fullGradients() ? len : 0];
    this.objective = new double[rec.objective() ? len : 0];
    boolean dist = rec.distances();
    this.distance = new double[dist ? len : 0];
    this.kernelNorm = new double[dist ? len : 0];
    this.perpNorm = new double[dist ? len : 0];
    int k = rec.recordEvery();
    int slots = k > 0 ? steps / k + 2 : 0;
    this.iterTimes = new int[slots];
    this.iterates = new double[slots * dim];
    this.sum = new double[dim];
    this.best = new double[dim];
    this.e = new double[dim];
    this.pe = new double[dim];
    this.progress = rec.progress();
    progress.expect(len);
  }

  /**
   * Records iterate {@code t}.
   *
   * @param t the iterate index in [0, T]
   * @param w the iterate
   * @param gradNorm its full gradient norm (ignored unless full gradients are recorded)
   * @param unchanged whether {@code w} is bit-for-bit the previous iterate (then the deterministic
   *     per-iterate quantities are copied rather than recomputed)
   */
  void at(int t, double[] w, double gradNorm, boolean unchanged) {
    at(t, w, gradNorm, unchanged, Double.NaN);
  }

  /**
   * Whether the objective trace is recorded (then a step that evaluates {@code F_S(w_t)} with its
   * gradient hands it to {@link #at(int, double[], double, boolean, double)}).
   *
   * @return whether {@code F_S} is recorded per iterate
   */
  boolean recordsObjective() {
    return objective.length > 0;
  }

  /**
   * Records iterate {@code t} with its objective value when the caller has it.
   *
   * @param t the iterate index in [0, T]
   * @param w the iterate
   * @param gradNorm its full gradient norm (ignored unless full gradients are recorded)
   * @param unchanged whether {@code w} is bit-for-bit the previous iterate
   * @param value {@code F_S(w)} as {@link Objective#value} computes it, or NaN to have it computed
   *     here
   */
  void at(int t, double[] w, double gradNorm, boolean unchanged, double value) {
    progress.advance(1);
    // per-step arrays have T + 1 entries or none; vectors have d
    Indices.requireLength(w, dim);
    Indices.requireLength(wStar, dim);
    Indices.requireLength(best, dim);
    Indices.requireLength(sum, dim);
    Indices.requireLength(e, dim);
    Indices.requireLength(pe, dim);
    if (gradNorms.length > 0) {
      Indices.requireIndex(gradNorms, t);
      gradNorms[t] = gradNorm;
      if (gradNorm < bestNorm) {
        bestNorm = gradNorm;
        bestIndex = t;
        System.arraycopy(w, 0, best, 0, dim);
      }
    }
    if (objective.length > 0) {
      Indices.requireIndex(objective, t);
      if (unchanged && t > 0) {
        objective[t] = objective[t - 1];
      } else {
        objective[t] = Double.isNaN(value) ? obj.value(sample, w) : value;
      }
      instrumentation += sample.size();
    }
    if (distance.length > 0) {
      Indices.requireIndex(distance, t);
      Indices.requireIndex(kernelNorm, t);
      Indices.requireIndex(perpNorm, t);
      if (unchanged && t > 0) {
        distance[t] = distance[t - 1];
        kernelNorm[t] = kernelNorm[t - 1];
        perpNorm[t] = perpNorm[t - 1];
      } else {
        double s = 0;
        for (int j = 0; j < dim; j++) {
          e[j] = w[j] - wStar[j];
          s += e[j] * e[j];
        }
        distance[t] = Math.sqrt(s);
        Kernels c = coverage;
        if (c != null) {
          c.projectOntoKernel(e, pe);
          double kn = 0;
          double pn = 0;
          for (int j = 0; j < dim; j++) {
            kn += pe[j] * pe[j];
            double r = e[j] - pe[j];
            pn += r * r;
          }
          kernelNorm[t] = Math.sqrt(kn);
          perpNorm[t] = Math.sqrt(pn);
        }
      }
    }
    if (t >= 1) {
      for (int j = 0; j < dim; j++) {
        sum[j] += w[j];
      }
    }
    int k = rec.recordEvery();
    if (k > 0 && (t % k == 0 || t == steps)) {
      int slot = iterCount;
      if (slot >= iterTimes.length) {
        throw new IllegalStateException("more stored iterates than " + iterTimes.length + " slots");
      }
      int at = slot * dim;
      Indices.requireRange(iterates, at, dim);
      iterTimes[slot] = t;
      System.arraycopy(w, 0, iterates, at, dim);
      iterCount = slot + 1;
    }
  }

  /**
   * The uniform average of {@code w_1..w_T} ({@code w_0} when {@code T = 0}).
   *
   * @param w0 the start
   * @return a new array
   */
  double[] average(double[] w0) {
    if (steps == 0) {
      return w0.clone();
    }
    double[] a = new double[sum.length];
    for (int j = 0; j < a.length; j++) {
      a[j] = sum[j] / steps;
    }
    return a;
  }
}
