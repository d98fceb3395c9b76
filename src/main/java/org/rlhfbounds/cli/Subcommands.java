package org.rlhfbounds.cli;

import java.util.List;

/**
 * The one list of {@code rlhf-bounds} subcommands. To add a command, write a picocli
 * {@code @Command} class in this package that extends {@link CommandBase}, throw {@link
 * BadInputException} (or an {@link java.io.IOException}, e.g. {@link
 * org.rlhfbounds.model.io.FormatException}) for bad input, reject options that do not apply with
 * {@link CommandBase#rejectIfGiven}, print a JSON result with {@link CommandBase#printJson} next to
 * its schema {@code src/main/resources/schemas/<name>.schema.json}, and add its class below;
 * {@link Main} does the rest (help, exit codes, one-line error messages).
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
          PreferencesCommand.class,
          ReproduceCommand.class,
          AuditCommand.class,
          PlanCommand.class);
}
