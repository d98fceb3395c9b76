package org.rlhfbounds.model.io;

import java.io.IOException;

/**
 * A file that was read but is not valid input: a bad header, a missing or mistyped field, a value
 * out of range, a dimension mismatch. The message is one line of the form {@code "<file>: <field>:
 * <problem>; got <value>"}, so a command-line tool can print it as is.
 *
 * <p>A subclass of {@link IOException} (like {@link java.util.zip.ZipException}): a caller that
 * treats "cannot read the input" and "the input is malformed" alike catches one type.
 *
 * <p>Thread-safe: immutable.
 */
public final class FormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String field;

  /**
   * Creates the exception.
   *
   * @param file the file, as the user named it
   * @param field the field (JSON key with index, npy header key, ...), or empty when the whole file
   *     is at fault
   * @param problem what is wrong, naming the offending value
   */
  public FormatException(String file, String field, String problem) {
    super(oneLine(file + ": " + (field.isEmpty() ? "" : field + ": ") + problem));
    this.file = file;
    this.field = field;
  }

  /**
   * Returns the file at fault.
   *
   * @return the file, as the user named it
   */
  public String file() {
    return file;
  }

  /**
   * Returns the field at fault, or the empty string when the whole file is.
   *
   * @return the field
   */
  public String field() {
    return field;
  }

  /**
   * Collapses line breaks and tabs to single spaces, so a message stays on one line.
   *
   * @param s the text
   * @return the text on one line
   */
  static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ").trim();
  }
}
