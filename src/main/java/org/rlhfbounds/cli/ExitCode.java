package org.rlhfbounds.cli;

/**
 * The exit codes of every {@code rlhf-bounds} command.
 *
 * <ul>
 *   <li>{@link #OK} (0): success;
 *   <li>{@link #INTERNAL_ERROR} (1): a bug; the message and stack trace go to stderr;
 *   <li>{@link #BAD_INPUT} (2): a usage error, an unreadable or unwritable file, or input that
 *       fails validation; one line on stderr names the file (or option) and the field.
 * </ul>
 */
public final class ExitCode {
  private ExitCode() {}

  /** Success. */
  public static final int OK = 0;

  /** An internal error (a bug). */
  public static final int INTERNAL_ERROR = 1;

  /** Bad input: usage, unreadable/unwritable files, validation failures. */
  public static final int BAD_INPUT = 2;
}
