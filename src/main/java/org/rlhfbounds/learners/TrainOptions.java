package org.rlhfbounds.learners;

import java.util.OptionalDouble;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.ProgressListener;

/**
 * Options of {@link Learners#train(org.rlhfbounds.model.Instance, org.rlhfbounds.model.Sample,
 * TrainOptions)}, with defaults: GA, {@code T = 1000}, the default step ({@code 1/L(D0)} for GA,
 * {@code 1/(2 L sqrt t)} for SGA), {@code w0 = w_ref}, seed 0, no explicit order, no stored
 * iterates, 10000 Monte Carlo draws (generative distributions) with seed 0, the default Newton
 * tolerance and iteration limit.
 *
 * <p>"Not given" is explicit: the step and the Newton tolerance are {@link OptionalDouble}s, empty
 * for the default. A given value is checked when it is set, so a NaN (or any value out of range)
 * from a caller's bug is rejected with {@link IllegalArgumentException}, never read as "use the
 * default".
 *
 * <p>Thread-safe: immutable (arrays are copied in and out).
 */
public final class TrainOptions {
  private final Algorithm algorithm;
  private final int steps;
  private final OptionalDouble eta;
  private final @Nullable StepSchedule schedule;
  private final double @Nullable [] w0;
  private final long seed;
  private final int @Nullable [] order;
  private final int recordEvery;
  private final boolean trace;
  private final int draws;
  private final long mcSeed;
  private final OptionalDouble tolerance;
  private final int maxIterations;
  private final ProgressListener progress;

  private TrainOptions(
      Algorithm algorithm,
      int steps,
      OptionalDouble eta,
      @Nullable StepSchedule schedule,
      double @Nullable [] w0,
      long seed,
      int @Nullable [] order,
      int recordEvery,
      boolean trace,
      int draws,
      long mcSeed,
      OptionalDouble tolerance,
      int maxIterations,
      ProgressListener progress) {
    this.algorithm = algorithm;
    this.steps = steps;
    this.eta = eta;
    this.schedule = schedule;
    this.w0 = w0;
    this.seed = seed;
    this.order = order;
    this.recordEvery = recordEvery;
    this.trace = trace;
    this.draws = draws;
    this.mcSeed = mcSeed;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
    this.progress = progress;
  }

  /**
   * The defaults for an algorithm.
   *
   * @param algorithm the algorithm
   * @return the options
   */
  public static TrainOptions of(Algorithm algorithm) {
    return new TrainOptions(
        algorithm, 1000, OptionalDouble.empty(), null, null, 0L, null, 0, true, 10000, 0L,
        OptionalDouble.empty(),
        EmpiricalOptimum.DEFAULT_MAX_ITERATIONS,
        ProgressListener.NONE);
  }

  /**
   * Sets the number of steps T (GA, SGA).
   *
   * @param t T, {@code >= 0}
   * @return new options
   */
  public TrainOptions steps(int t) {
    return new TrainOptions(algorithm, t, eta, schedule, w0, seed, order, recordEvery, trace, draws, mcSeed, tolerance, maxIterations, progress);
  }

  /**
   * Sets a constant step.
   *
   * @param eta the step, finite and {@code > 0}
   * @return new options
   * @throws IllegalArgumentException if {@code eta} is NaN, infinite or not positive
   */
  public TrainOptions eta(@PositiveReal double eta) {
    return eta(OptionalDouble.of(Reals.positive(eta, "eta")));
  }

  /**
   * Sets a constant step, or the default step when {@code eta} is empty.
   *
   * @param eta the step (finite and {@code > 0}), or empty for the default
   * @return new options
   * @throws IllegalArgumentException if a given {@code eta} is NaN, infinite or not positive
   */
  public TrainOptions eta(OptionalDouble eta) {
    if (eta.isPresent()) {
      Reals.positive(eta.getAsDouble(), "eta");
    }
    return new TrainOptions(algorithm, steps, eta, schedule, w0, seed, order, recordEvery, trace, draws, mcSeed, tolerance, maxIterations, progress);
  }

  /**
   * Sets an SGA schedule (overrides eta).
   *
   * @param s the schedule, or null for the default
   * @return new options
   */
  public TrainOptions schedule(@Nullable StepSchedule s) {
    return new TrainOptions(algorithm, steps, eta, s, w0, seed, order, recordEvery, trace, draws, mcSeed, tolerance, maxIterations, progress);
  }

  /**
   * Sets the start (null: w_ref).
   *
   * @param w the start (copied)
   * @return new options
   */
  public TrainOptions start(double @Nullable [] w) {
    return new TrainOptions(algorithm, steps, eta, schedule, w == null ? null : w.clone(), seed, order, recordEvery, trace, draws, mcSeed, tolerance, maxIterations, progress);
  }

  /**
   * Sets the SGA seed.
   *
   * @param s the seed
   * @return new options
   */
  public TrainOptions seed(long s) {
    return new TrainOptions(algorithm, steps, eta, schedule, w0, s, order, recordEvery, trace, draws, mcSeed, tolerance, maxIterations, progress);
  }

  /**
   * Sets an explicit SGA prompt order (overrides the seed; T = its length).
   *
   * @param o the order (copied), or null
   * @return new options
   */
  public TrainOptions order(int @Nullable [] o) {
    return new TrainOptions(algorithm, steps, eta, schedule, w0, seed, o == null ? null : o.clone(), recordEvery, trace, draws, mcSeed, tolerance, maxIterations, progress);
  }

  /**
   * Stores iterates every k steps (0: none).
   *
   * @param k the period
   * @return new options
   */
  public TrainOptions recordEvery(int k) {
    return new TrainOptions(algorithm, steps, eta, schedule, w0, seed, order, k, trace, draws, mcSeed, tolerance, maxIterations, progress);
  }

  /**
   * Whether GA and SGA record their per-step trace: {@code F_S(w_t)}, {@code ||w_t - w*||} and its
   * kernel and perpendicular parts at every step, and the iterates of {@link #recordEvery} (default
   * true). Without it a run records only what its selection rules need (the full gradient norms),
   * which saves one pass over the sample a step; the selected iterates, the final point and the
   * measurements are the same bits.
   *
   * @param on true to record the trace
   * @return new options
   */
  public TrainOptions trace(boolean on) {
    return new TrainOptions(algorithm, steps, eta, schedule, w0, seed, order, recordEvery, on, draws, mcSeed, tolerance, maxIterations, progress);
  }

  /**
   * Sets the Monte Carlo draws and seed for population quantities of generative distributions.
   *
   * @param n draws, {@code >= 2}
   * @param s seed
   * @return new options
   */
  public TrainOptions monteCarlo(int n, long s) {
    return new TrainOptions(algorithm, steps, eta, schedule, w0, seed, order, recordEvery, trace, n, s, tolerance, maxIterations, progress);
  }

  /**
   * Sets where GA and SGA report their progress: they announce their {@code T + 1} iterates and
   * report each one as it is recorded ({@link Recording#withProgress}).
   *
   * @param listener the listener ({@link ProgressListener#NONE}, the default: no one)
   * @return new options
   */
  public TrainOptions progress(ProgressListener listener) {
    return new TrainOptions(algorithm, steps, eta, schedule, w0, seed, order, recordEvery, trace, draws, mcSeed, tolerance, maxIterations, listener);
  }

  /**
   * Sets the Newton tolerance and iteration limit.
   *
   * @param tol the gradient tolerance, finite and {@code >= 0}
   * @param maxIter the iteration limit
   * @return new options
   * @throws IllegalArgumentException if {@code tol} is NaN, infinite or negative
   */
  public TrainOptions newton(@NonNegativeReal double tol, int maxIter) {
    return newton(OptionalDouble.of(Reals.nonNegative(tol, "tol")), maxIter);
  }

  /**
   * Sets the Newton tolerance (empty: the default) and iteration limit.
   *
   * @param tol the gradient tolerance (finite and {@code >= 0}), or empty for the default
   * @param maxIter the iteration limit
   * @return new options
   * @throws IllegalArgumentException if a given {@code tol} is NaN, infinite or negative
   */
  public TrainOptions newton(OptionalDouble tol, int maxIter) {
    if (tol.isPresent()) {
      Reals.nonNegative(tol.getAsDouble(), "tol");
    }
    return new TrainOptions(algorithm, steps, eta, schedule, w0, seed, order, recordEvery, trace, draws, mcSeed, tol, maxIter, progress);
  }

  /**
   * Returns the algorithm.
   *
   * @return the algorithm
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  int steps() {
    return steps;
  }

  OptionalDouble eta() {
    return eta;
  }

  @Nullable StepSchedule schedule() {
    return schedule;
  }

  double @Nullable [] w0() {
    return w0;
  }

  long seed() {
    return seed;
  }

  int @Nullable [] order() {
    return order;
  }

  boolean trace() {
    return trace;
  }

  int recordEvery() {
    return recordEvery;
  }

  int draws() {
    return draws;
  }

  long mcSeed() {
    return mcSeed;
  }

  OptionalDouble tolerance() {
    return tolerance;
  }

  int maxIterations() {
    return maxIterations;
  }

  ProgressListener progress() {
    return progress;
  }
}
