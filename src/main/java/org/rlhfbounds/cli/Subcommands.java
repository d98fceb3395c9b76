package org.rlhfbounds.cli;

import java.util.List;

/**
 * The one list of {@code rlhf-bounds} subcommands. To add a command, write a picocli
 * {@code @Command} class implementing {@code java.util.concurrent.Callable<Integer>} in this
 * package, throw {@link BadInputException} (or an {@link java.io.IOException}, e.g. {@link
 * org.rlhfbounds.model.io.FormatException}) for bad input, write results to {@code
 * spec.commandLine().getOut()}, and add its class below; {@link Main} does the rest (help, exit
 * codes, one-line error messages).
 */
final class Subcommands {
  private Subcommands() {}

  /** The subcommand classes, in the order {@code --help} lists them. */
  static final List<Class<?>> ALL =
      List.of(
          GenerateCommand.class,
          EvaluateCommand.class,
          TrainCommand.class,
          StabilityCommand.class,
          BoundCommand.class,
          ReproduceCommand.class,
          AuditCommand.class);
}
