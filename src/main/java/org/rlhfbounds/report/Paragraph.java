package org.rlhfbounds.report;

/**
 * A paragraph of text. In Markdown it is written as given (inline Markdown such as {@code
 * `code`} or {@code *emphasis*} is allowed); in JSON as a string.
 *
 * <p>Thread-safe: immutable.
 */
public final class Paragraph implements Block {
  private final String text;

  private Paragraph(String text) {
    this.text = text;
  }

  /**
   * Creates a paragraph.
   *
   * @param text the text (not blank)
   * @return the paragraph
   * @throws IllegalArgumentException if the text is blank
   */
  public static Paragraph of(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("paragraph text must not be blank");
    }
    return new Paragraph(text.strip());
  }

  /**
   * Returns the text.
   *
   * @return the text
   */
  public String text() {
    return text;
  }
}
