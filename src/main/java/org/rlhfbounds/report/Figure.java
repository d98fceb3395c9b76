package org.rlhfbounds.report;

/**
 * A figure of a report: a {@link LogLogPlot} and the id that names its files. The report writer
 * renders it to {@code figures/<id>.png} and {@code figures/<id>.svg} and refers to them by those
 * relative paths; the caption is the plot's.
 *
 * <p>Thread-safe: immutable.
 *
 * @param id the file stem: letters, digits, '-' and '_'
 * @param plot the plot
 */
public record Figure(String id, LogLogPlot plot) implements Block {
  /** The subdirectory of the report directory that holds the figures. */
  public static final String DIRECTORY = "figures";

  /**
   * Creates a figure.
   *
   * @param id the file stem: letters, digits, '-' and '_'
   * @param plot the plot
   * @throws IllegalArgumentException on a bad id
   */
  public Figure {
    Plots.checkId(id);
  }

  /**
   * Creates a figure.
   *
   * @param id the file stem: letters, digits, '-' and '_'
   * @param plot the plot
   * @return the figure
   * @throws IllegalArgumentException on a bad id
   */
  public static Figure of(String id, LogLogPlot plot) {
    return new Figure(id, plot);
  }

  /**
   * Returns the PNG path relative to the report directory.
   *
   * @return {@code figures/<id>.png}
   */
  public String png() {
    return DIRECTORY + "/" + id + ".png";
  }

  /**
   * Returns the SVG path relative to the report directory.
   *
   * @return {@code figures/<id>.svg}
   */
  public String svg() {
    return DIRECTORY + "/" + id + ".svg";
  }
}
