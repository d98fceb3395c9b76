package org.rlhfbounds.cli;

/**
 * Input a command cannot accept: an option value out of range, an output file that exists, a
 * combination of options that makes no sense. {@link Main} prints its message on one line and
 * exits with {@link ExitCode#BAD_INPUT}. (Malformed input files raise {@link
 * org.rlhfbounds.model.io.FormatException} instead, which is handled the same way.)
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message one line naming the option or file and the value
   */
  public BadInputException(String message) {
    super(message);
  }

  /**
   * A bad option value: {@code "<option>: <problem>"}.
   *
   * @param option the option, e.g. {@code "--beta"}
   * @param problem what is wrong, naming the value
   * @return the exception
   */
  public static BadInputException option(String option, String problem) {
    return new BadInputException(option + ": " + problem);
  }
}
