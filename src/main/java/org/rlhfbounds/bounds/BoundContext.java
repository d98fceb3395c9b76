package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * Everything the theorems of {@link TheoremRegistry} are applied to for one run, measured once by
 * {@link Bounds#evaluate}: the {@link BoundInputs} (sample quantities and certified constants),
 * the run (GA or SGA, its step and T), the quantities measured at the selected iterate, the
 * floating-point tolerance of the measured gradient norm, and the gap and excess risk measured at
 * the GA limit {@code w* + P_N(w0 - w*)} (exact for a finite population, else null).
 *
 * <p>Thread-safe: immutable.
 */
public final class BoundContext {
  private final BoundInputs inputs;
  private final Algorithm algorithm;
  private final @PositiveReal double step;
  private final int steps;
  private final Measured measured;
  private final @NonNegativeReal double gradientTolerance;
  private final @Nullable Enclosure limitGap;
  private final @Nullable Enclosure limitExcess;

  private BoundContext(
      BoundInputs inputs,
      Algorithm algorithm,
      @PositiveReal double step,
      int steps,
      Measured measured,
      @NonNegativeReal double gradientTolerance,
      @Nullable Enclosure limitGap,
      @Nullable Enclosure limitExcess) {
    this.inputs = inputs;
    this.algorithm = algorithm;
    this.step = step;
    this.steps = steps;
    this.measured = measured;
    this.gradientTolerance = gradientTolerance;
    this.limitGap = limitGap;
    this.limitExcess = limitExcess;
  }

  /**
   * A context.
   *
   * @param inputs the constants
   * @param algorithm GA or SGA
   * @param step eta (GA) or L (SGA)
   * @param steps T, {@code >= 0}
   * @param measured what was measured at the selected iterate
   * @param gradientTolerance the tolerance added to the measured gradient norm (T-OPT)
   * @param limitGap {@code |gen_S|} at the GA limit, or null
   * @param limitExcess {@code F(w*) - F} at the GA limit, or null
   * @return the context
   * @throws IllegalArgumentException if the algorithm is not GA or SGA, or {@code steps < 0}
   */
  public static BoundContext of(
      BoundInputs inputs,
      Algorithm algorithm,
      @PositiveReal double step,
      int steps,
      Measured measured,
      @NonNegativeReal double gradientTolerance,
      @Nullable Enclosure limitGap,
      @Nullable Enclosure limitExcess) {
    StabilityTheorem.requireIterative(algorithm);
    if (steps < 0) {
      throw new IllegalArgumentException("T: number of steps must be >= 0, got " + steps);
    }
    return new BoundContext(
        inputs, algorithm, step, steps, measured, gradientTolerance, limitGap, limitExcess);
  }

  /**
   * Returns the constants.
   *
   * @return the inputs
   */
  public BoundInputs inputs() {
    return inputs;
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
   * Returns the step: eta for GA, L for SGA.
   *
   * @return the step
   */
  public @PositiveReal double step() {
    return step;
  }

  /**
   * Returns T.
   *
   * @return the number of steps
   */
  public int steps() {
    return steps;
  }

  /**
   * Returns what was measured at the selected iterate.
   *
   * @return the measurements
   */
  public Measured measured() {
    return measured;
  }

  /**
   * Returns the tolerance of the measured gradient norm.
   *
   * @return the tolerance
   */
  public @NonNegativeReal double gradientTolerance() {
    return gradientTolerance;
  }

  /**
   * Returns {@code |gen_S|} at the GA limit, or null when the population is not finite.
   *
   * @return the gap
   */
  public @Nullable Enclosure limitGap() {
    return limitGap;
  }

  /**
   * Returns the excess risk at the GA limit, or null when the population is not finite.
   *
   * @return the excess risk
   */
  public @Nullable Enclosure limitExcess() {
    return limitExcess;
  }
}
