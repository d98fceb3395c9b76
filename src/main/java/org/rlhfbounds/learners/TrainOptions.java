package org.rlhfbounds.learners;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Options of {@link Learners#train(org.rlhfbounds.model.Instance, org.rlhfbounds.model.Sample,
 * TrainOptions)}, with defaults: GA, {@code T = 1000}, the default step ({@code 1/L(D0)} for GA,
 * {@code 1/(2 L sqrt t)} for SGA), {@code w0 = w_ref}, seed 0, no explicit order, no stored
 * iterates, 10000 Monte Carlo draws (generative distributions) with seed 0, the default Newton
 * tolerance and iteration limit.
 *
 * <p>Thread-safe: immutable (arrays are copied in and out).
 */
public final class TrainOptions {
  private final Algorithm algorithm;
  private final int steps;
  private final double eta;
  private final @Nullable StepSchedule schedule;
  private final double @Nullable [] w0;
  private final long seed;
  private final int @Nullable [] order;
  private final int recordEvery;
  private final int draws;
  private final long mcSeed;
  private final double tolerance;
  private final int maxIterations;

  private TrainOptions(
      Algorithm algorithm,
      int steps,
      double eta,
      @Nullable StepSchedule schedule,
      double @Nullable [] w0,
      long seed,
      int @Nullable [] order,
      int recordEvery,
      int draws,
      long mcSeed,
      double tolerance,
      int maxIterations) {
    this.algorithm = algorithm;
    this.steps = steps;
    this.eta = eta;
    this.schedule = schedule;
    this.w0 = w0;
    this.seed = seed;
    this.order = order;
    this.recordEvery = recordEvery;
    this.draws = draws;
    this.mcSeed = mcSeed;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
  }

  /**
   * The defaults for an algorithm.
   *
   * @param algorithm the algorithm
   * @return the options
   */
  public static TrainOptions of(Algorithm algorithm) {
    return new TrainOptions(
        algorithm, 1000, Double.NaN, null, null, 0L, null, 0, 10000, 0L, Double.NaN,
        EmpiricalOptimum.DEFAULT_MAX_ITERATIONS);
  }

  private TrainOptions with(
      int steps,
      double eta,
      @Nullable StepSchedule schedule,
      double @Nullable [] w0,
      long seed,
      int @Nullable [] order,
      int recordEvery,
      int draws,
      long mcSeed,
      double tolerance,
      int maxIterations) {
    return new TrainOptions(
        algorithm, steps, eta, schedule, w0, seed, order, recordEvery, draws, mcSeed, tolerance,
        maxIterations);
  }

  /**
   * Sets the number of steps T (GA, SGA).
   *
   * @param t T, {@code >= 0}
   * @return new options
   */
  public TrainOptions steps(int t) {
    return with(t, eta, schedule, w0, seed, order, recordEvery, draws, mcSeed, tolerance, maxIterations);
  }

  /**
   * Sets a constant step (NaN: the default).
   *
   * @param e the step
   * @return new options
   */
  public TrainOptions eta(double e) {
    return with(steps, e, schedule, w0, seed, order, recordEvery, draws, mcSeed, tolerance, maxIterations);
  }

  /**
   * Sets an SGA schedule (overrides eta).
   *
   * @param s the schedule, or null for the default
   * @return new options
   */
  public TrainOptions schedule(@Nullable StepSchedule s) {
    return with(steps, eta, s, w0, seed, order, recordEvery, draws, mcSeed, tolerance, maxIterations);
  }

  /**
   * Sets the start (null: w_ref).
   *
   * @param w the start (copied)
   * @return new options
   */
  public TrainOptions start(double @Nullable [] w) {
    return with(steps, eta, schedule, w == null ? null : w.clone(), seed, order, recordEvery, draws, mcSeed, tolerance, maxIterations);
  }

  /**
   * Sets the SGA seed.
   *
   * @param s the seed
   * @return new options
   */
  public TrainOptions seed(long s) {
    return with(steps, eta, schedule, w0, s, order, recordEvery, draws, mcSeed, tolerance, maxIterations);
  }

  /**
   * Sets an explicit SGA prompt order (overrides the seed; T = its length).
   *
   * @param o the order (copied), or null
   * @return new options
   */
  public TrainOptions order(int @Nullable [] o) {
    return with(steps, eta, schedule, w0, seed, o == null ? null : o.clone(), recordEvery, draws, mcSeed, tolerance, maxIterations);
  }

  /**
   * Stores iterates every k steps (0: none).
   *
   * @param k the period
   * @return new options
   */
  public TrainOptions recordEvery(int k) {
    return with(steps, eta, schedule, w0, seed, order, k, draws, mcSeed, tolerance, maxIterations);
  }

  /**
   * Sets the Monte Carlo draws and seed for population quantities of generative distributions.
   *
   * @param n draws, {@code >= 2}
   * @param s seed
   * @return new options
   */
  public TrainOptions monteCarlo(int n, long s) {
    return with(steps, eta, schedule, w0, seed, order, recordEvery, n, s, tolerance, maxIterations);
  }

  /**
   * Sets the Newton tolerance (NaN: default) and iteration limit.
   *
   * @param tol the gradient tolerance
   * @param maxIter the iteration limit
   * @return new options
   */
  public TrainOptions newton(double tol, int maxIter) {
    return with(steps, eta, schedule, w0, seed, order, recordEvery, draws, mcSeed, tol, maxIter);
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

  double eta() {
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

  int recordEvery() {
    return recordEvery;
  }

  int draws() {
    return draws;
  }

  long mcSeed() {
    return mcSeed;
  }

  double tolerance() {
    return tolerance;
  }

  int maxIterations() {
    return maxIterations;
  }
}
