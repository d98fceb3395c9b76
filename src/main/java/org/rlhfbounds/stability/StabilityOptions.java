package org.rlhfbounds.stability;

import java.util.OptionalDouble;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.model.ProgressListener;

/**
 * Options of {@link Stability#run}, with defaults: the default step (GA {@code 1/L(D0)}, SGA
 * {@code 1/(2 L sqrt t)}), {@code w0 = w_ref}, output selection LAST, RANDOM replacements at every
 * position, 16 adversarial candidates (ADVERSARIAL mode; all prompts of a finite distribution when
 * {@code candidates <= 0}), the finite population in the loss-stability evaluation set, exact
 * shortcuts on, one thread, 10000 Monte Carlo draws, confidence 0.95, {@code delta = 0.05}.
 *
 * <p>"Not given" is explicit: the step is an {@link OptionalDouble}, empty for the default; a
 * given step is checked when set, so a NaN is rejected, never read as the default.
 *
 * <p>The thread count never changes the results. Thread-safe: immutable.
 */
public final class StabilityOptions {
  final OptionalDouble eta;
  final double @Nullable [] w0;
  final Selection selection;
  final ReplaceOne.Mode mode;
  final int candidates;
  final int positions;
  final boolean includePopulation;
  final boolean shortcuts;
  final int threads;
  final int draws;
  final double confidence;
  final double delta;
  final ProgressListener progress;

  private StabilityOptions(
      OptionalDouble eta,
      double @Nullable [] w0,
      Selection selection,
      ReplaceOne.Mode mode,
      int candidates,
      int positions,
      boolean includePopulation,
      boolean shortcuts,
      int threads,
      int draws,
      double confidence,
      double delta,
      ProgressListener progress) {
    this.eta = eta;
    this.w0 = w0;
    this.selection = selection;
    this.mode = mode;
    this.candidates = candidates;
    this.positions = positions;
    this.includePopulation = includePopulation;
    this.shortcuts = shortcuts;
    this.threads = threads;
    this.draws = draws;
    this.confidence = confidence;
    this.delta = delta;
    this.progress = progress;
  }

  /**
   * The defaults.
   *
   * @return the options
   */
  public static StabilityOptions defaults() {
    return new StabilityOptions(
        OptionalDouble.empty(), null, Selection.LAST, ReplaceOne.Mode.RANDOM, 16,
        Integer.MAX_VALUE, true, true, 1, 10000, 0.95, StabilityBounds.DEFAULT_DELTA,
        ProgressListener.NONE);
  }

  /**
   * Sets a constant step.
   *
   * @param eta the step, finite and {@code > 0}
   * @return new options
   * @throws IllegalArgumentException if {@code eta} is NaN, infinite or not positive
   */
  public StabilityOptions eta(@PositiveReal double eta) {
    return eta(OptionalDouble.of(Reals.positive(eta, "eta")));
  }

  /**
   * Sets a constant step, or the default step when {@code eta} is empty.
   *
   * @param eta the step (finite and {@code > 0}), or empty for the default
   * @return new options
   * @throws IllegalArgumentException if a given {@code eta} is NaN, infinite or not positive
   */
  public StabilityOptions eta(OptionalDouble eta) {
    if (eta.isPresent()) {
      Reals.positive(eta.getAsDouble(), "eta");
    }
    return new StabilityOptions(eta, w0, selection, mode, candidates, positions, includePopulation, shortcuts, threads, draws, confidence, delta, progress);
  }

  /**
   * Sets where the experiment reports its progress: it announces every learner run (the base run
   * and the replace-one retrainings of every replicate) up front and reports each one done.
   *
   * @param listener the listener ({@link ProgressListener#NONE}, the default: no one)
   * @return new options
   */
  public StabilityOptions progress(ProgressListener listener) {
    return new StabilityOptions(eta, w0, selection, mode, candidates, positions, includePopulation, shortcuts, threads, draws, confidence, delta, listener);
  }

  /**
   * Sets the start (null: w_ref).
   *
   * @param w the start (copied)
   * @return new options
   */
  public StabilityOptions start(double @Nullable [] w) {
    return new StabilityOptions(eta, w == null ? null : w.clone(), selection, mode, candidates, positions, includePopulation, shortcuts, threads, draws, confidence, delta, progress);
  }

  /**
   * Sets the output selection of the learner.
   *
   * @param s the selection
   * @return new options
   */
  public StabilityOptions selection(Selection s) {
    return new StabilityOptions(eta, w0, s, mode, candidates, positions, includePopulation, shortcuts, threads, draws, confidence, delta, progress);
  }

  /**
   * Sets the replacement mode and the adversarial candidate count.
   *
   * @param m the mode
   * @param c candidates per position (ADVERSARIAL; {@code <= 0}: the whole finite population)
   * @return new options
   */
  public StabilityOptions replacement(ReplaceOne.Mode m, int c) {
    return new StabilityOptions(eta, w0, selection, m, c, positions, includePopulation, shortcuts, threads, draws, confidence, delta, progress);
  }

  /**
   * Replaces only the first {@code p} positions of each sample.
   *
   * @param p positions per replicate, {@code >= 1}
   * @return new options
   */
  public StabilityOptions positions(int p) {
    return new StabilityOptions(eta, w0, selection, mode, candidates, p, includePopulation, shortcuts, threads, draws, confidence, delta, progress);
  }

  /**
   * Includes the finite population in the loss-stability evaluation set or not.
   *
   * @param on the flag
   * @return new options
   */
  public StabilityOptions includePopulation(boolean on) {
    return new StabilityOptions(eta, w0, selection, mode, candidates, positions, on, shortcuts, threads, draws, confidence, delta, progress);
  }

  /**
   * Allows or forbids the exact shortcuts (forbid to time the naive route).
   *
   * @param on the flag
   * @return new options
   */
  public StabilityOptions shortcuts(boolean on) {
    return new StabilityOptions(eta, w0, selection, mode, candidates, positions, includePopulation, on, threads, draws, confidence, delta, progress);
  }

  /**
   * Sets the number of worker threads.
   *
   * @param t threads, {@code >= 1}
   * @return new options
   */
  public StabilityOptions threads(int t) {
    return new StabilityOptions(eta, w0, selection, mode, candidates, positions, includePopulation, shortcuts, t, draws, confidence, delta, progress);
  }

  /**
   * Sets the Monte Carlo draws for population quantities of generative distributions.
   *
   * @param n draws, {@code >= 2}
   * @return new options
   */
  public StabilityOptions draws(int n) {
    return new StabilityOptions(eta, w0, selection, mode, candidates, positions, includePopulation, shortcuts, threads, n, confidence, delta, progress);
  }

  /**
   * Sets the confidence level of the intervals and the failure probability of the bounds.
   *
   * @param level the confidence, in {@code (0, 1)}
   * @param d delta, in {@code (0, 1)}
   * @return new options
   */
  public StabilityOptions confidence(double level, double d) {
    return new StabilityOptions(eta, w0, selection, mode, candidates, positions, includePopulation, shortcuts, threads, draws, level, d, progress);
  }
}
