package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
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
 *
 * @param inputs the constants
 * @param algorithm GA or SGA
 * @param step eta (GA) or L (SGA)
 * @param steps T, {@code >= 0}
 * @param measured what was measured at the selected iterate
 * @param gradientTolerance the tolerance added to the measured gradient norm (T-OPT)
 * @param limitGap {@code |gen_S|} at the GA limit, or null
 * @param limitExcess {@code F(w*) - F} at the GA limit, or null
 */
public record BoundContext(
    BoundInputs inputs,
    Algorithm algorithm,
    @PositiveReal double step,
    int steps,
    Measured measured,
    @NonNegativeReal double gradientTolerance,
    @Nullable Enclosure limitGap,
    @Nullable Enclosure limitExcess) {
  /**
   * Checks the run.
   *
   * @throws IllegalArgumentException if {@code step} or {@code gradientTolerance} is NaN, infinite
   *     or out of its range, the algorithm is not GA or SGA, or {@code steps < 0}
   */
  public BoundContext {
    Reals.positive(step, "step");
    Reals.nonNegative(gradientTolerance, "gradientTolerance");
    StabilityTheorem.requireIterative(algorithm);
    if (steps < 0) {
      throw new IllegalArgumentException("T: number of steps must be >= 0, got " + steps);
    }
  }
}
