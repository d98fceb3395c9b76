package org.rlhfbounds.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A section of a report: a heading and blocks (paragraphs, tables, figures) in order.
 *
 * <p>Thread-safe: immutable.
 */
public final class Section {
  private final String heading;
  private final List<Block> blocks;

  private Section(String heading, List<Block> blocks) {
    this.heading = heading;
    this.blocks = blocks;
  }

  /**
   * Starts a section.
   *
   * @param heading the heading (not blank, one line)
   * @return a builder
   * @throws IllegalArgumentException on a blank heading or one with a line break
   */
  public static Builder builder(String heading) {
    if (heading.isBlank() || heading.contains("\n")) {
      throw new IllegalArgumentException(
          "section heading must be one non-blank line, got '" + heading + "'");
    }
    return new Builder(heading);
  }

  /**
   * Returns the heading.
   *
   * @return the heading
   */
  public String heading() {
    return heading;
  }

  /**
   * Returns the blocks, in order.
   *
   * @return the blocks
   */
  public List<Block> blocks() {
    return blocks;
  }

  /** A builder of {@link Section}; not thread-safe. */
  public static final class Builder {
    private final String heading;
    private final List<Block> blocks = new ArrayList<>();

    private Builder(String heading) {
      this.heading = heading;
    }

    /**
     * Adds a paragraph.
     *
     * @param text the text
     * @return this
     */
    public Builder paragraph(String text) {
      blocks.add(Paragraph.of(text));
      return this;
    }

    /**
     * Adds a table.
     *
     * @param t the table
     * @return this
     */
    public Builder table(Table t) {
      blocks.add(t);
      return this;
    }

    /**
     * Adds a figure.
     *
     * @param f the figure
     * @return this
     */
    public Builder figure(Figure f) {
      blocks.add(f);
      return this;
    }

    /**
     * Builds the section.
     *
     * @return the section
     */
    public Section build() {
      return new Section(heading, List.copyOf(blocks));
    }
  }
}
