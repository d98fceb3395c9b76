package org.rlhfbounds.cli;

import java.util.OptionalDouble;
import picocli.CommandLine.Option;

/**
 * The step size option {@code --eta} of the commands that run GA or SGA ({@code train}, {@code
 * stability}). A picocli mixin.
 */
final class StepSize {
  @Option(names = "--eta", paramLabel = "auto|X", defaultValue = "auto", description = "step size: auto (GA 1/L(D0), SGA 1/(2 L sqrt t)) or a constant X > 0 (default: ${DEFAULT-VALUE})")
  String eta = "auto";

  /** Creates the mixin (picocli instantiates it). */
  StepSize() {}

  /**
   * The step: empty for {@code auto} (the default schedule), else a positive finite constant.
   *
   * @return the step
   * @throws BadInputException if the value is neither {@code auto} nor a number {@code > 0}
   */
  OptionalDouble value() {
    if (eta.trim().equalsIgnoreCase("auto")) {
      return OptionalDouble.empty();
    }
    double x;
    try {
      x = Double.parseDouble(eta.trim());
    } catch (NumberFormatException ex) {
      throw BadInputException.option("--eta", "expected auto or a number, got '" + eta + "'");
    }
    return OptionalDouble.of(Check.positive(x, "--eta"));
  }
}
