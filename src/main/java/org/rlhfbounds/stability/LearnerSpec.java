package org.rlhfbounds.stability;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.GradientAscent;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.learners.StepSchedule;
import org.rlhfbounds.learners.StochasticGradientAscent;
import org.rlhfbounds.model.Instance;

/**
 * A fully specified learner {@code A}: algorithm, start, steps, step sizes, SGA prompt order and
 * output selection. {@code A(S)} is then a deterministic function of the sample.
 *
 * <p>Thread-safe: immutable (arrays copied in and out).
 */
public final class LearnerSpec {
  private final Algorithm algorithm;
  private final double[] w0;
  private final int steps;
  private final double eta;
  private final @Nullable StepSchedule schedule;
  private final int[] order;
  private final Selection selection;

  private LearnerSpec(
      Algorithm algorithm,
      double[] w0,
      int steps,
      double eta,
      @Nullable StepSchedule schedule,
      int[] order,
      Selection selection) {
    this.algorithm = algorithm;
    this.w0 = w0;
    this.steps = steps;
    this.eta = eta;
    this.schedule = schedule;
    this.order = order;
    this.selection = selection;
  }

  /**
   * Gradient Ascent for T steps with a constant step.
   *
   * @param w0 the start (copied)
   * @param steps T
   * @param eta the step
   * @param selection the output rule
   * @return the spec
   */
  public static LearnerSpec ga(double[] w0, int steps, @PositiveReal double eta, Selection selection) {
    return new LearnerSpec(
        Algorithm.GA, w0.clone(), steps, Reals.positive(eta, "eta"), null, new int[0], selection);
  }

  /**
   * Gradient Ascent with the default step {@code 1/L(D0)}.
   *
   * @param instance the instance
   * @param w0 the start
   * @param steps T
   * @param selection the output rule
   * @return the spec
   */
  public static LearnerSpec ga(Instance instance, double[] w0, int steps, Selection selection) {
    return ga(w0, steps, GradientAscent.defaultStep(instance, w0), selection);
  }

  /**
   * Stochastic Gradient Ascent over an explicit prompt order (T = its length).
   *
   * @param w0 the start (copied)
   * @param schedule the steps
   * @param order the prompt order (copied)
   * @param selection the output rule
   * @return the spec
   */
  public static LearnerSpec sga(
      double[] w0, StepSchedule schedule, int[] order, Selection selection) {
    return new LearnerSpec(
        Algorithm.SGA, w0.clone(), order.length, Double.NaN, schedule, order.clone(), selection);
  }

  /**
   * SGA with the default schedule and a seeded uniform order.
   *
   * @param instance the instance
   * @param w0 the start
   * @param n the sample size
   * @param steps T
   * @param seed the order seed
   * @param selection the output rule
   * @return the spec
   */
  public static LearnerSpec sga(
      Instance instance, double[] w0, int n, int steps, long seed, Selection selection) {
    return sga(
        w0,
        StochasticGradientAscent.defaultSchedule(instance, w0),
        StochasticGradientAscent.uniformOrder(n, steps, seed),
        selection);
  }

  /**
   * The exact empirical optimum reached from {@code w0} (the limit of GA).
   *
   * @param w0 the start (copied)
   * @return the spec
   */
  public static LearnerSpec exact(double[] w0) {
    return new LearnerSpec(
        Algorithm.EXACT, w0.clone(), 0, Double.NaN, null, new int[0], Selection.LAST);
  }

  /**
   * Returns the algorithm.
   *
   * @return the algorithm
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the start.
   *
   * @return a copy
   */
  public double[] w0() {
    return w0.clone();
  }

  /**
   * Returns T.
   *
   * @return the steps
   */
  public int steps() {
    return steps;
  }

  /**
   * Returns the GA step (NaN otherwise).
   *
   * @return eta
   */
  public double eta() {
    return eta;
  }

  /**
   * Returns the SGA schedule, or null.
   *
   * @return the schedule
   */
  public @Nullable StepSchedule schedule() {
    return schedule;
  }

  /**
   * Returns the SGA prompt order.
   *
   * @return a copy
   */
  public int[] order() {
    return order.clone();
  }

  /**
   * Returns the output rule.
   *
   * @return the selection
   */
  public Selection selection() {
    return selection;
  }

  /**
   * Returns the largest {@code eta_t beta B^2} of the run (the F6/F7 condition is {@code <= 1}).
   *
   * @param instance the instance
   * @return the largest step times {@code beta B^2}, 0 for EXACT
   */
  public double maxEtaBetaB2(Instance instance) {
    double b = instance.featureBound();
    double c = instance.beta() * b * b;
    switch (algorithm) {
      case GA:
        return eta * c;
      case SGA:
        StepSchedule s = schedule;
        return s == null || steps == 0 ? 0 : s.max(steps) * c;
      default:
        return 0;
    }
  }
}
