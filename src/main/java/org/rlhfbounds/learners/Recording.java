package org.rlhfbounds.learners;

import org.rlhfbounds.model.ProgressListener;

/**
 * What a run of {@link GradientAscent} or {@link StochasticGradientAscent} records besides its
 * selected iterates, and whether it may take exact shortcuts.
 *
 * <ul>
 *   <li>{@code fullGradients}: the full gradient norm {@code ||grad F_S(w_t)||} at every iterate
 *       (needed by {@link Selection#BEST_GRADIENT}). Free for GA except at {@code w_T} (one full
 *       gradient, {@code n} prompt evaluations); {@code n} prompt evaluations per iterate for SGA,
 *       counted as selection cost.
 *   <li>{@code objective}: {@code F_S(w_t)} at every iterate ({@code n} prompt evaluations each,
 *       counted as instrumentation, not as the algorithm's cost).
 *   <li>{@code distances}: {@code ||w_t - w*||} and the norms of the {@code N_S}- and
 *       range-components of {@code w_t - w*} (the kernel decision of {@link Kernels}, two
 *       {@code d x d} eigen-decompositions per run, then {@code O(d dim N_S)} per iterate).
 *   <li>{@code recordEvery = k > 0}: a copy of {@code w_t} for {@code t} a multiple of {@code k}
 *       and for {@code t = T}.
 *   <li>{@code shortcuts}: GA may stop computing gradients once an update leaves every coordinate
 *       of {@code w} unchanged (a fixed point of the floating-point map: every later iterate is
 *       then the same bits, so the results are identical to computing them). Off for timing the
 *       naive route.
 * </ul>
 *
 * <p>Thread-safe: immutable.
 */
public final class Recording {
  private final boolean fullGradients;
  private final boolean objective;
  private final boolean distances;
  private final int recordEvery;
  private final boolean shortcuts;
  private final ProgressListener progress;

  private Recording(
      boolean fullGradients, boolean objective, boolean distances, int recordEvery,
      boolean shortcuts, ProgressListener progress) {
    if (recordEvery < 0) {
      throw new IllegalArgumentException("recordEvery must be >= 0, got " + recordEvery);
    }
    this.fullGradients = fullGradients;
    this.objective = objective;
    this.distances = distances;
    this.recordEvery = recordEvery;
    this.shortcuts = shortcuts;
    this.progress = progress;
  }

  /**
   * Everything: full gradients, {@code F_S}, distances, and iterates every {@code recordEvery}
   * steps (0: none).
   *
   * @param recordEvery the iterate recording period, {@code >= 0}
   * @return the recording
   */
  public static Recording full(int recordEvery) {
    return new Recording(true, true, true, recordEvery, true, ProgressListener.NONE);
  }

  /**
   * Nothing beyond the selected iterates (full gradients on, as GA gets them for free and SGA
   * needs them only for {@link Selection#BEST_GRADIENT}: see {@link #withFullGradients}).
   *
   * @return the recording
   */
  public static Recording lean() {
    return new Recording(true, false, false, 0, true, ProgressListener.NONE);
  }

  /**
   * Returns this recording reporting to {@code listener}: the run announces its {@code T + 1}
   * iterates and reports each one as it is recorded (the unit is the iterate).
   *
   * @param listener the listener ({@link ProgressListener#NONE}: no one)
   * @return the recording
   */
  public Recording withProgress(ProgressListener listener) {
    return new Recording(fullGradients, objective, distances, recordEvery, shortcuts, listener);
  }

  /**
   * Returns the listener the run reports its iterates to.
   *
   * @return the listener, {@link ProgressListener#NONE} unless set
   */
  public ProgressListener progress() {
    return progress;
  }

  /**
   * Returns this recording with full gradients on or off.
   *
   * @param on whether to evaluate full gradients at every iterate
   * @return the new recording
   */
  public Recording withFullGradients(boolean on) {
    return new Recording(on, objective, distances, recordEvery, shortcuts, progress);
  }

  /**
   * Returns this recording with exact shortcuts allowed or not.
   *
   * @param on whether shortcuts are allowed
   * @return the new recording
   */
  public Recording withShortcuts(boolean on) {
    return new Recording(fullGradients, objective, distances, recordEvery, on, progress);
  }

  /**
   * Returns this recording with {@code F_S} recording on or off.
   *
   * @param on whether to record F_S
   * @return the new recording
   */
  public Recording withObjective(boolean on) {
    return new Recording(fullGradients, on, distances, recordEvery, shortcuts, progress);
  }

  /**
   * Returns this recording with distance recording on or off.
   *
   * @param on whether to record distances
   * @return the new recording
   */
  public Recording withDistances(boolean on) {
    return new Recording(fullGradients, objective, on, recordEvery, shortcuts, progress);
  }

  /**
   * Returns whether full gradients are recorded.
   *
   * @return the flag
   */
  public boolean fullGradients() {
    return fullGradients;
  }

  /**
   * Returns whether F_S is recorded.
   *
   * @return the flag
   */
  public boolean objective() {
    return objective;
  }

  /**
   * Returns whether distances are recorded.
   *
   * @return the flag
   */
  public boolean distances() {
    return distances;
  }

  /**
   * Returns the iterate recording period (0: none).
   *
   * @return k
   */
  public int recordEvery() {
    return recordEvery;
  }

  /**
   * Returns whether exact shortcuts are allowed.
   *
   * @return the flag
   */
  public boolean shortcuts() {
    return shortcuts;
  }
}
