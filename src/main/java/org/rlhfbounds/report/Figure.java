package org.rlhfbounds.report;

/**
 * A figure of a report: a {@link LogLogPlot} and the id that names its files. The report writer
 * renders it to {@code figures/<id>.png} and {@code figures/<id>.svg} and refers to them by those
 * relative paths; the caption is the plot's.
 *
 * <p>Thread-safe: immutable.
 */
public final class Figure implements Block {
  /** The subdirectory of the report directory that holds the figures. */
  public static final String DIRECTORY = "figures";

  private final String id;
  private final LogLogPlot plot;

  private Figure(String id, LogLogPlot plot) {
    this.id = id;
    this.plot = plot;
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
    Plots.checkId(id);
    return new Figure(id, plot);
  }

  /**
   * Returns the id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the plot.
   *
   * @return the plot
   */
  public LogLogPlot plot() {
    return plot;
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
