package org.rlhfbounds.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A log-log figure: title, axis labels, caption, size and series (drawn in order; later series on
 * top). Rendered by {@link Plots}.
 *
 * <p>Thread-safe: immutable.
 */
public final class LogLogPlot {
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final String caption;
  private final int width;
  private final int height;
  private final List<PlotSeries> series;

  private LogLogPlot(Builder b) {
    this.title = b.title;
    this.xLabel = b.xLabel;
    this.yLabel = b.yLabel;
    this.caption = b.caption;
    this.width = b.width;
    this.height = b.height;
    this.series = List.copyOf(b.series);
  }

  /**
   * Starts a plot.
   *
   * @param title the title
   * @return a builder
   */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /**
   * Returns the title.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * Returns the label of the horizontal axis.
   *
   * @return the label
   */
  public String xLabel() {
    return xLabel;
  }

  /**
   * Returns the label of the vertical axis.
   *
   * @return the label
   */
  public String yLabel() {
    return yLabel;
  }

  /**
   * Returns the caption (drawn under the chart and repeated in the report).
   *
   * @return the caption
   */
  public String caption() {
    return caption;
  }

  /**
   * Returns the width in pixels.
   *
   * @return the width
   */
  public int width() {
    return width;
  }

  /**
   * Returns the height in pixels.
   *
   * @return the height
   */
  public int height() {
    return height;
  }

  /**
   * Returns the series, in drawing order.
   *
   * @return the series
   */
  public List<PlotSeries> series() {
    return series;
  }

  /** A builder of {@link LogLogPlot}; not thread-safe. */
  public static final class Builder {
    private final String title;
    private String xLabel = "x";
    private String yLabel = "y";
    private String caption = "";
    private int width = 900;
    private int height = 620;
    private final List<PlotSeries> series = new ArrayList<>();

    private Builder(String title) {
      this.title = title;
    }

    /**
     * Sets the axis labels.
     *
     * @param x the horizontal label
     * @param y the vertical label
     * @return this
     */
    public Builder axes(String x, String y) {
      this.xLabel = x;
      this.yLabel = y;
      return this;
    }

    /**
     * Sets the caption.
     *
     * @param text the caption
     * @return this
     */
    public Builder caption(String text) {
      this.caption = text;
      return this;
    }

    /**
     * Sets the size in pixels (each in {@code [200, 4000]}).
     *
     * @param w the width
     * @param h the height
     * @return this
     * @throws IllegalArgumentException if a size is out of range
     */
    public Builder size(int w, int h) {
      if (w < 200 || w > 4000 || h < 200 || h > 4000) {
        throw new IllegalArgumentException(
            "plot '" + title + "': size must lie in [200, 4000]^2, got " + w + " x " + h);
      }
      this.width = w;
      this.height = h;
      return this;
    }

    /**
     * Adds a series.
     *
     * @param s the series
     * @return this
     */
    public Builder add(PlotSeries s) {
      series.add(s);
      return this;
    }

    /**
     * Builds the plot.
     *
     * @return the plot
     * @throws IllegalArgumentException if there is no series
     */
    public LogLogPlot build() {
      if (series.isEmpty()) {
        throw new IllegalArgumentException("plot '" + title + "': no series");
      }
      return new LogLogPlot(this);
    }
  }
}
