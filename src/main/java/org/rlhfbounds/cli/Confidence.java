package org.rlhfbounds.cli;

import org.rlhfbounds.stability.StabilityBounds;
import picocli.CommandLine.Option;

/**
 * The failure probability option {@code --delta} of the commands that state high-probability
 * bounds ({@code stability}, {@code bound}). A picocli mixin.
 */
final class Confidence {
  @Option(names = "--delta", defaultValue = StabilityBounds.DEFAULT_DELTA_TEXT, paramLabel = "D", description = "failure probability in (0, 1) (default: ${DEFAULT-VALUE})")
  double delta;

  /** Creates the mixin (picocli instantiates it). */
  Confidence() {}

  /**
   * The checked failure probability.
   *
   * @return delta, in {@code [2^-1022, 1)}
   * @throws BadInputException if it is out of range
   */
  double value() {
    return Check.delta(delta, "--delta");
  }
}
