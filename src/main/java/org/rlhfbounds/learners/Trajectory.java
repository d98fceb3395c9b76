package org.rlhfbounds.learners;

import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;

/**
 * The record of a run of {@link GradientAscent} or {@link StochasticGradientAscent} for {@code T}
 * steps: iterates {@code w_0 .. w_T} (the step {@code t} maps {@code w_{t-1}} to {@code w_t}).
 *
 * <p>Per-iterate arrays have {@code T + 1} entries indexed by {@code t} and are null when not
 * recorded (see {@link Recording}): full gradient norms {@code ||grad F_S(w_t)||}, {@code
 * F_S(w_t)}, {@code ||w_t - w*||}, and the norms of the components of {@code w_t - w*} in {@code
 * N_S = ker Sigma_S(w*)} and in its orthogonal complement.
 *
 * <p>Selected iterates: {@link #last()}; {@link #bestGradient()} (smallest full gradient norm over
 * {@code t = 0..T}, ties to the smallest {@code t}; needs full gradients); {@link #average()}
 * (uniform average of {@code w_1 .. w_T}).
 *
 * <p>Cost, in per-prompt gradient evaluations (one evaluation = the gradient of {@code f(.;x)} for
 * one prompt): {@link #stepEvaluations()} is the algorithm's own cost ({@code n} per GA step, 1
 * per SGA step); {@link #selectionEvaluations()} the full gradients spent only for the
 * best-gradient rule (GA: {@code n} for {@code w_T}, the others being by-products of the steps;
 * SGA: {@code n} per iterate); {@link #performedEvaluations()} what was actually computed after
 * exact shortcuts (at most the sum of the two). {@link #instrumentationEvaluations()} counts the
 * per-prompt objective evaluations of {@code F_S} recording, which are not part of the algorithm.
 *
 * <p>Thread-safe: immutable (arrays are copied out).
 */
public final class Trajectory {
  private final Algorithm algorithm;
  private final int steps;
  private final int sampleSize;
  private final String schedule;
  private final double[] w0;
  private final double @Nullable [] gradNorms;
  private final double @Nullable [] objective;
  private final double @Nullable [] distance;
  private final double @Nullable [] kernelNorm;
  private final double @Nullable [] perpNorm;
  private final int[] iterTimes;
  private final double[] iterates;
  private final double[] last;
  private final double @Nullable [] best;
  private final int bestIndex;
  private final double bestNorm;
  private final double[] average;
  private final long stepEvaluations;
  private final long selectionEvaluations;
  private final long performedEvaluations;
  private final long instrumentation;
  private final int fixedPointStep;
  private final int @Nullable [] order;
  private final int kernelDim;
  private final double rankTolerance;

  Trajectory(
      Algorithm algorithm,
      String schedule,
      int sampleSize,
      double[] w0,
      Recorder r,
      double[] last,
      long stepEvaluations,
      long selectionEvaluations,
      long performedEvaluations,
      int fixedPointStep,
      int @Nullable [] order) {
    this.algorithm = algorithm;
    this.steps = r.steps;
    this.sampleSize = sampleSize;
    this.schedule = schedule;
    this.w0 = w0.clone();
    this.gradNorms = r.gradNorms.length > 0 ? r.gradNorms : null;
    this.objective = r.objective.length > 0 ? r.objective : null;
    this.distance = r.distance.length > 0 ? r.distance : null;
    this.kernelNorm = r.distance.length > 0 && r.coverage != null ? r.kernelNorm : null;
    this.perpNorm = r.distance.length > 0 && r.coverage != null ? r.perpNorm : null;
    this.iterTimes = Arrays.copyOf(r.iterTimes, r.iterCount);
    this.iterates = Arrays.copyOf(r.iterates, r.iterCount * r.dim);
    this.last = last.clone();
    this.best = r.bestIndex >= 0 ? r.best.clone() : null;
    this.bestIndex = r.bestIndex;
    this.bestNorm = r.bestNorm;
    this.average = r.average(w0);
    this.stepEvaluations = stepEvaluations;
    this.selectionEvaluations = selectionEvaluations;
    this.performedEvaluations = performedEvaluations;
    this.instrumentation = r.instrumentation;
    this.fixedPointStep = fixedPointStep;
    this.order = order == null ? null : order.clone();
    this.kernelDim = r.coverage != null ? r.coverage.kernelDim() : -1;
    this.rankTolerance = r.coverage != null ? r.coverage.tolerance() : Double.NaN;
  }

  private static double @Nullable [] copy(double @Nullable [] a) {
    return a == null ? null : a.clone();
  }

  /**
   * Returns the algorithm.
   *
   * @return GA or SGA
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the number of steps T.
   *
   * @return T
   */
  public int steps() {
    return steps;
  }

  /**
   * Returns the sample size n.
   *
   * @return n
   */
  public int sampleSize() {
    return sampleSize;
  }

  /**
   * Returns a description of the step-size schedule.
   *
   * @return the description
   */
  public String schedule() {
    return schedule;
  }

  /**
   * Returns the start {@code w_0}.
   *
   * @return a copy
   */
  public double[] start() {
    return w0.clone();
  }

  /**
   * Returns {@code ||grad F_S(w_t)||}, {@code t = 0..T}, or null if not recorded.
   *
   * @return a copy, or null
   */
  public double @Nullable [] gradientNorms() {
    return copy(gradNorms);
  }

  /**
   * Returns {@code F_S(w_t)}, {@code t = 0..T}, or null if not recorded.
   *
   * @return a copy, or null
   */
  public double @Nullable [] empiricalObjective() {
    return copy(objective);
  }

  /**
   * Returns {@code ||w_t - w*||}, {@code t = 0..T}, or null if not recorded.
   *
   * @return a copy, or null
   */
  public double @Nullable [] distances() {
    return copy(distance);
  }

  /**
   * Returns {@code ||P_N (w_t - w*)||} with {@code N = ker Sigma_S(w*)}, or null if not recorded.
   *
   * @return a copy, or null
   */
  public double @Nullable [] kernelNorms() {
    return copy(kernelNorm);
  }

  /**
   * Returns {@code ||(I - P_N)(w_t - w*)||}, or null if not recorded.
   *
   * @return a copy, or null
   */
  public double @Nullable [] perpendicularNorms() {
    return copy(perpNorm);
  }

  /**
   * Returns the steps {@code t} at which iterates were stored.
   *
   * @return a copy
   */
  public int[] iterateSteps() {
    return iterTimes.clone();
  }

  /**
   * Returns the {@code k}-th stored iterate (at step {@link #iterateSteps()}{@code [k]}).
   *
   * @param k the position in the store
   * @return a copy
   */
  public double[] iterate(int k) {
    if (k < 0 || k >= iterTimes.length) {
      throw new IllegalArgumentException(
          "iterate: index " + k + " outside [0, " + iterTimes.length + ")");
    }
    int d = last.length;
    int from = k * d;
    if (from < 0 || from > iterates.length) {
      throw new IllegalStateException("iterate " + k + " is not stored"); // rows of d per time
    }
    return Arrays.copyOfRange(iterates, from, from + d);
  }

  /**
   * Returns {@code w_T}.
   *
   * @return a copy
   */
  public double[] last() {
    return last.clone();
  }

  /**
   * Returns the best-gradient index {@code t*}, or -1 if full gradients were not recorded.
   *
   * @return t*
   */
  public int bestGradientIndex() {
    return bestIndex;
  }

  /**
   * Returns {@code w_{t*}}, or null if full gradients were not recorded.
   *
   * @return a copy, or null
   */
  public double @Nullable [] bestGradient() {
    return copy(best);
  }

  /**
   * Returns {@code ||grad F_S(w_{t*})||}, or NaN if full gradients were not recorded.
   *
   * @return the smallest recorded full gradient norm
   */
  public double bestGradientNorm() {
    return bestIndex >= 0 ? bestNorm : Double.NaN;
  }

  /**
   * Returns {@code (1/T) sum_{t=1..T} w_t} ({@code w_0} for {@code T = 0}).
   *
   * @return a copy
   */
  public @Finite double[] average() {
    return Reals.finiteArray(average, "average iterate");
  }

  /**
   * Returns the iterate chosen by a selection rule.
   *
   * @param s the rule
   * @return a copy
   * @throws IllegalStateException for BEST_GRADIENT when full gradients were not recorded
   */
  public double[] selected(Selection s) {
    switch (s) {
      case LAST:
        return last();
      case AVERAGE:
        return average();
      default:
        double[] b = best;
        if (b == null) {
          throw new IllegalStateException(
              "best-gradient selection needs full gradients; run with Recording.withFullGradients(true)");
        }
        return b.clone();
    }
  }

  /**
   * Returns the algorithm's own cost: {@code n T} (GA) or {@code T} (SGA) per-prompt gradient
   * evaluations.
   *
   * @return the step cost
   */
  public long stepEvaluations() {
    return stepEvaluations;
  }

  /**
   * Returns the cost of the full gradients needed only by the best-gradient rule.
   *
   * @return the selection cost
   */
  public long selectionEvaluations() {
    return selectionEvaluations;
  }

  /**
   * Returns step plus selection cost.
   *
   * @return the total nominal cost
   */
  public long totalEvaluations() {
    return stepEvaluations + selectionEvaluations;
  }

  /**
   * Returns the per-prompt gradient evaluations actually computed (after exact shortcuts).
   *
   * @return the performed cost
   */
  public long performedEvaluations() {
    return performedEvaluations;
  }

  /**
   * Returns the per-prompt objective evaluations spent recording {@code F_S}.
   *
   * @return the instrumentation cost
   */
  public long instrumentationEvaluations() {
    return instrumentation;
  }

  /**
   * Returns the first iterate index {@code t} with {@code w_{t+1} = w_t} bit for bit (detected by
   * GA; every later iterate then equals {@code w_t}), or -1 if none was detected.
   *
   * @return the fixed-point step, or -1
   */
  public int fixedPointStep() {
    return fixedPointStep;
  }

  /**
   * Returns the prompt indices drawn by SGA, one per step, or null for GA.
   *
   * @return a copy, or null
   */
  public int @Nullable [] promptOrder() {
    return order == null ? null : order.clone();
  }

  /**
   * Returns {@code dim N_S} used for the kernel norms, or -1 if distances were not recorded.
   *
   * @return the kernel dimension
   */
  public int kernelDim() {
    return kernelDim;
  }

  /**
   * Returns the absolute rank tolerance of the kernel decision, or NaN if none was made.
   *
   * @return the tolerance
   */
  public double rankTolerance() {
    return rankTolerance;
  }

  /**
   * Returns the smallest recorded full gradient norm as a checked non-negative value.
   *
   * @return the norm
   * @throws IllegalStateException if full gradients were not recorded
   */
  public @NonNegativeReal double bestGradientNormChecked() {
    if (bestIndex < 0) {
      throw new IllegalStateException("full gradients were not recorded");
    }
    return Reals.nonNegative(bestNorm, "best gradient norm");
  }
}
