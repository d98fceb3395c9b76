package org.rlhfbounds.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table: caption, column names, rows of cells. A cell is a {@link String}, a {@link Number} or
 * a {@link Boolean}; numbers stay numbers in JSON and are formatted in Markdown by {@link
 * Cells#format}.
 *
 * <p>Thread-safe: immutable.
 */
public final class Table implements Block {
  private final String caption;
  private final List<String> columns;
  private final List<List<Object>> rows;

  private Table(String caption, List<String> columns, List<List<Object>> rows) {
    this.caption = caption;
    this.columns = columns;
    this.rows = rows;
  }

  /**
   * Starts a table.
   *
   * @param caption the caption
   * @param columns the column names (at least one)
   * @return a builder
   * @throws IllegalArgumentException if there is no column
   */
  public static Builder builder(String caption, String... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("table '" + caption + "': no columns");
    }
    return new Builder(caption, List.of(columns));
  }

  /**
   * Returns the caption.
   *
   * @return the caption
   */
  public String caption() {
    return caption;
  }

  /**
   * Returns the column names.
   *
   * @return the columns
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * Returns the rows.
   *
   * @return the rows, each with one cell per column
   */
  public List<List<Object>> rows() {
    return rows;
  }

  /** A builder of {@link Table}; not thread-safe. */
  public static final class Builder {
    private final String caption;
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    private Builder(String caption, List<String> columns) {
      this.caption = caption;
      this.columns = columns;
    }

    /**
     * Adds a row.
     *
     * @param cells one cell per column: String, Number or Boolean
     * @return this
     * @throws IllegalArgumentException on a wrong number of cells or a cell of another type
     */
    public Builder row(Object... cells) {
      if (cells.length != columns.size()) {
        throw new IllegalArgumentException(
            "table '" + caption + "', row " + rows.size() + ": " + cells.length + " cells for "
                + columns.size() + " columns " + columns);
      }
      for (int i = 0; i < cells.length; i++) {
        Cells.check(cells[i], "table '" + caption + "', row " + rows.size() + ", column " + i);
      }
      rows.add(List.copyOf(Arrays.asList(cells)));
      return this;
    }

    /**
     * Builds the table.
     *
     * @return the table
     */
    public Table build() {
      return new Table(caption, columns, List.copyOf(rows));
    }
  }
}
