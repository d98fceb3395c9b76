package org.rlhfbounds.learners;

import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * A step-size schedule {@code eta_t}, {@code t = 1, 2, ...}: the step that maps {@code w_{t-1}} to
 * {@code w_t}. Three kinds: constant, the seed's SGA schedule {@code eta_t = 1/(2 L sqrt t)}, and
 * an explicit list.
 *
 * <p>Every step is finite and positive (checked at construction, with the index and value of a bad
 * entry in the error). Thread-safe: immutable.
 */
public final class StepSchedule {
  private enum Kind {
    CONSTANT,
    INVERSE_SQRT,
    LIST
  }

  private final Kind kind;
  private final double value;
  private final double[] list;

  private StepSchedule(Kind kind, double value, double[] list) {
    this.kind = kind;
    this.value = value;
    this.list = list;
  }

  /**
   * The constant schedule {@code eta_t = eta}.
   *
   * @param eta the step
   * @return the schedule
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  public static StepSchedule constant(@PositiveReal double eta) {
    return new StepSchedule(Kind.CONSTANT, Reals.positive(eta, "eta"), new double[0]);
  }

  /**
   * The seed's SGA schedule {@code eta_t = 1 / (2 L sqrt t)}.
   *
   * @param smoothness the smoothness constant L
   * @return the schedule
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  public static StepSchedule inverseSqrt(@PositiveReal double smoothness) {
    return new StepSchedule(
        Kind.INVERSE_SQRT, Reals.positive(smoothness, "smoothness L"), new double[0]);
  }

  /**
   * The explicit schedule {@code eta_t = etas[t-1]}, defined for {@code t <= etas.length}.
   *
   * @param etas the steps (copied), each finite and positive
   * @return the schedule
   * @throws IllegalArgumentException naming the first bad entry
   */
  public static StepSchedule of(double[] etas) {
    if (etas.length == 0) {
      throw new IllegalArgumentException("schedule: at least one step is required");
    }
    for (int t = 0; t < etas.length; t++) {
      Reals.positive(etas[t], "schedule[" + t + "]");
    }
    return new StepSchedule(Kind.LIST, Double.NaN, etas.clone());
  }

  /**
   * Returns {@code eta_t}.
   *
   * @param t the step number, {@code >= 1} (and at most the length of a list schedule)
   * @return the step
   * @throws IllegalArgumentException if {@code t} is out of range
   */
  public @PositiveReal double eta(int t) {
    if (t < 1) {
      throw new IllegalArgumentException("step number t must be >= 1, got " + t);
    }
    switch (kind) {
      case CONSTANT:
        return Reals.positive(value, "eta");
      case INVERSE_SQRT:
        return Reals.positive(1.0 / (2.0 * value * Math.sqrt(t)), "eta_t");
      default:
        if (t > list.length) {
          throw new IllegalArgumentException(
              "schedule: step " + t + " requested but the schedule has " + list.length + " steps");
        }
        return Reals.positive(list[t - 1], "eta_t");
    }
  }

  /**
   * Returns the largest step over {@code t = 1..steps} (every kind here is non-increasing except a
   * list, which is scanned).
   *
   * @param steps the number of steps, {@code >= 1}
   * @return {@code max_t eta_t}
   */
  public @PositiveReal double max(int steps) {
    if (kind != Kind.LIST) {
      return eta(1);
    }
    double m = eta(1);
    for (int t = 1; t < Math.min(steps, list.length); t++) {
      m = Math.max(m, list[t]);
    }
    return Reals.positive(m, "max eta");
  }

  /**
   * Checks that the schedule defines {@code steps} steps.
   *
   * @param steps the number of steps
   * @throws IllegalArgumentException if a list schedule is shorter
   */
  public void requireSteps(int steps) {
    if (kind == Kind.LIST && steps > list.length) {
      throw new IllegalArgumentException(
          "schedule: " + steps + " steps requested but the schedule has " + list.length);
    }
  }

  /**
   * Returns whether the schedule is constant.
   *
   * @return true for a constant schedule
   */
  public boolean isConstant() {
    return kind == Kind.CONSTANT;
  }

  /**
   * A one-line description, e.g. {@code "constant 0.25"} or {@code "1/(2 L sqrt t), L = 3.0"}.
   *
   * @return the description
   */
  public String describe() {
    switch (kind) {
      case CONSTANT:
        return "constant " + value;
      case INVERSE_SQRT:
        return "1/(2 L sqrt t), L = " + value;
      default:
        return "explicit list of " + list.length + " steps";
    }
  }
}
