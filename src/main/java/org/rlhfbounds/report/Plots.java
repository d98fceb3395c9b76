package org.rlhfbounds.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.ui.VerticalAlignment;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Renders {@link LogLogPlot}s with JFreeChart: to a chart object, PNG bytes, an SVG document, or
 * both files at once.
 *
 * <p>Both axes are base-10 logarithmic. Colours follow the Okabe-Ito palette (distinguishable
 * with the common colour-vision deficiencies), one per series in order, black excluded until the
 * others are used. Tick labels are formatted in {@link Locale#ROOT} whatever the default locale.
 *
 * <p>Determinism: the same plot gives the same SVG bytes (the one random element of JFreeSVG, the
 * prefix of its {@code defs} ids, which defaults to {@code System.nanoTime()}, is set from the
 * caller's id) and, on the same JVM and fonts, the same PNG bytes (ImageIO writes no time stamp;
 * pixels may differ across font installations or Java versions, because text is rasterised by
 * the platform's font engine).
 *
 * <p>Headless: loading this class sets {@code java.awt.headless=true} unless the property is
 * already set, so it runs on machines without a display. Text needs a font installed (fontconfig
 * and e.g. fonts-dejavu-core on Debian).
 *
 * <p>Thread-safe: stateless; each call builds its own chart.
 */
public final class Plots {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Plots() {}

  /** Okabe-Ito: blue, vermillion, bluish green, orange, reddish purple, sky blue, black. */
  private static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xE69F00),
    new Color(0xCC79A7),
    new Color(0x56B4E9),
    new Color(0x000000)
  };

  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  /**
   * Builds the JFreeChart chart of a plot.
   *
   * @param plot the plot
   * @return a new chart
   */
  public static JFreeChart chart(LogLogPlot plot) {
    XYPlot xy = new XYPlot();
    xy.setDomainAxis(axis(plot.xLabel()));
    xy.setRangeAxis(axis(plot.yLabel()));
    xy.setBackgroundPaint(Color.WHITE);
    xy.setDomainGridlinePaint(new Color(0xDDDDDD));
    xy.setRangeGridlinePaint(new Color(0xDDDDDD));
    xy.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    xy.setOutlinePaint(Color.GRAY);
    int index = 0;
    List<PlotSeries> all = plot.series();
    for (int s = 0; s < all.size(); s++) {
      PlotSeries ps = all.get(s);
      Color c = PALETTE[s % PALETTE.length];
      if (ps.style() == PlotSeries.Style.REPLICATES) {
        index = addReplicates(xy, index, ps, c);
      } else {
        index = addLine(xy, index, ps, c);
      }
    }
    JFreeChart chart = new JFreeChart(plot.title(), TITLE_FONT, xy, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(LABEL_FONT);
      legend.setPosition(RectangleEdge.BOTTOM);
    }
    if (!plot.caption().isEmpty()) {
      TextTitle caption =
          new TextTitle(
              plot.caption(),
              CAPTION_FONT,
              Color.DARK_GRAY,
              RectangleEdge.BOTTOM,
              HorizontalAlignment.LEFT,
              VerticalAlignment.CENTER,
              new RectangleInsets(6, 12, 6, 12));
      caption.setTextAlignment(HorizontalAlignment.LEFT);
      chart.addSubtitle(caption);
    }
    return chart;
  }

  /**
   * Renders a plot as PNG bytes.
   *
   * @param plot the plot
   * @return the PNG file contents
   */
  public static byte[] png(LogLogPlot plot) {
    return png(chart(plot), plot.width(), plot.height(), "plot '" + plot.title() + "'");
  }

  /** Renders a chart as PNG bytes; {@code what} names it in an I/O error. */
  static byte[] png(JFreeChart chart, int width, int height, String what) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new IllegalStateException("no PNG writer available in ImageIO");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing PNG of " + what, e);
    }
    return out.toByteArray();
  }

  /**
   * Renders a plot as an SVG document.
   *
   * @param plot the plot
   * @param id a short identifier of the figure, used as the prefix of the SVG's internal ids (so
   *     several figures can be inlined in one page); letters, digits, '-' and '_' only
   * @return the SVG document
   * @throws IllegalArgumentException if {@code id} has other characters or is empty
   */
  public static String svg(LogLogPlot plot, String id) {
    return svg(chart(plot), plot.width(), plot.height(), id);
  }

  /** Renders a chart as an SVG document whose internal ids start with {@code id}. */
  static String svg(JFreeChart chart, int width, int height, String id) {
    checkId(id);
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(id + "-");
    chart.draw(g, new Rectangle(0, 0, width, height));
    return g.getSVGDocument();
  }

  /**
   * Writes {@code dir/stem.png} and {@code dir/stem.svg}, each atomically, creating {@code dir}
   * if needed.
   *
   * @param plot the plot
   * @param dir the directory
   * @param stem the file name without extension (also the SVG id prefix)
   * @return the two paths written, PNG first
   * @throws UncheckedIOException on an I/O error (message names the file)
   */
  public static List<Path> write(LogLogPlot plot, Path dir, String stem) {
    checkId(stem);
    Path pngPath = dir.resolve(stem + ".png");
    Path svgPath = dir.resolve(stem + ".svg");
    ReportWriter.writeFile(pngPath, png(plot));
    ReportWriter.writeFile(svgPath, svg(plot, stem).getBytes(StandardCharsets.UTF_8));
    return List.of(pngPath, svgPath);
  }

  static void checkId(String id) {
    if (!id.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "figure id must be letters, digits, '-' or '_', got '" + id + "'");
    }
  }

  private static LogAxis axis(String label) {
    LogAxis a = new DecadeAxis(label);
    a.setBase(10);
    a.setLabelFont(LABEL_FONT);
    a.setTickLabelFont(TICK_FONT);
    a.setNumberFormatOverride(new CompactFormat());
    a.setMinorTickMarksVisible(true);
    a.setSmallestValue(1e-300);
    return a;
  }

  private static int addReplicates(XYPlot xy, int index, PlotSeries ps, Color c) {
    XYSeries dots = new XYSeries(ps.name() + " (replicates)", true, true);
    YIntervalSeries mean = new YIntervalSeries(ps.name(), true, true);
    double[] x = ps.x();
    for (int k = 0; k < x.length; k++) {
      double[] ys = ps.y(k);
      if (ys.length == 0) {
        continue;
      }
      double lo = Double.POSITIVE_INFINITY;
      double hi = 0;
      double sumLog = 0;
      for (double v : ys) {
        dots.add(x[k], v);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        sumLog += Math.log(v);
      }
      mean.add(x[k], Math.exp(sumLog / ys.length), lo, hi);
    }
    XYLineAndShapeRenderer dr = new XYLineAndShapeRenderer(false, true);
    dr.setSeriesPaint(0, new Color(c.getRed(), c.getGreen(), c.getBlue(), 90));
    dr.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
    dr.setSeriesVisibleInLegend(0, false);
    xy.setDataset(index, new XYSeriesCollection(dots));
    xy.setRenderer(index, dr);
    XYErrorRenderer er = new XYErrorRenderer();
    er.setDefaultLinesVisible(false);
    er.setDefaultShapesVisible(true);
    er.setDrawXError(false);
    er.setDrawYError(true);
    er.setCapLength(8);
    er.setErrorPaint(c);
    er.setErrorStroke(new BasicStroke(1.2f));
    er.setSeriesPaint(0, c);
    er.setSeriesShape(0, new Rectangle2D.Double(-4, -4, 8, 8));
    YIntervalSeriesCollection means = new YIntervalSeriesCollection();
    means.addSeries(mean);
    xy.setDataset(index + 1, means);
    xy.setRenderer(index + 1, er);
    return index + 2;
  }

  private static int addLine(XYPlot xy, int index, PlotSeries ps, Color c) {
    XYSeries line = new XYSeries(ps.name(), true, true);
    double[] x = ps.x();
    for (int k = 0; k < x.length; k++) {
      line.add(x[k], ps.value(k));
    }
    boolean lines = ps.style() != PlotSeries.Style.POINTS;
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(lines, !lines);
    r.setSeriesPaint(0, c);
    @Nullable Stroke stroke = stroke(ps.style());
    if (stroke != null) {
      r.setSeriesStroke(0, stroke);
    }
    if (!lines) {
      r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
    }
    xy.setDataset(index, new XYSeriesCollection(line));
    xy.setRenderer(index, r);
    return index + 1;
  }

  private static @Nullable Stroke stroke(PlotSeries.Style style) {
    switch (style) {
      case SOLID:
        return new BasicStroke(2f);
      case DASHED:
        return new BasicStroke(
            1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
      case DOTTED:
        return new BasicStroke(
            2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1f, 4f}, 0f);
      default:
        return null;
    }
  }

  /**
   * A base-10 log axis with ticks at round values: {@code 1 x 10^k} labelled and {@code 2..9 x
   * 10^k} as minor marks over more than 2.5 decades; {@code 1, 2, 5 x 10^k} labelled over 1 to 2.5
   * decades; {@code 1..9 x 10^k} below; every {@code s}-th power of ten over more than 8 decades.
   * Falls back to JFreeChart's own ticks when fewer than two labelled values fall in the range.
   */
  static final class DecadeAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    DecadeAxis(String label) {
      super(label);
    }

    @Override
    // reason: JFreeChart declares a raw List of ValueTick
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(
        Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
      double lo = getLowerBound();
      double hi = getUpperBound();
      List<Mark> marks = marks(lo, hi);
      int labelled = 0;
      for (Mark m : marks) {
        labelled += m.labelled ? 1 : 0;
      }
      if (labelled < 2) {
        return super.refreshTicks(g2, state, dataArea, edge);
      }
      TextAnchor anchor =
          edge == RectangleEdge.BOTTOM
              ? TextAnchor.TOP_CENTER
              : edge == RectangleEdge.TOP
                  ? TextAnchor.BOTTOM_CENTER
                  : edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
      List<ValueTick> ticks = new ArrayList<>();
      for (Mark m : marks) {
        ticks.add(
            new NumberTick(
                m.labelled ? TickType.MAJOR : TickType.MINOR,
                m.value,
                m.labelled ? CompactFormat.label(m.value) : "",
                anchor,
                anchor,
                0.0));
      }
      return ticks;
    }

    /**
     * The tick values in {@code [lo, hi]}.
     *
     * @param lo the lower bound, {@code > 0}
     * @param hi the upper bound
     * @return the marks, ascending
     */
    static List<Mark> marks(double lo, double hi) {
      List<Mark> out = new ArrayList<>();
      if (!(lo > 0 && hi > lo && Double.isFinite(hi))) {
        return out;
      }
      double decades = Math.log10(hi / lo);
      int k0 = (int) Math.floor(Math.log10(lo));
      int k1 = (int) Math.ceil(Math.log10(hi));
      int step = decades > 8 ? (int) Math.ceil(decades / 8) : 1;
      for (int k = k0; k <= k1; k++) {
        double p = Math.pow(10, k);
        for (int m = 1; m <= 9; m++) {
          double v = m * p;
          if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) {
            continue;
          }
          boolean label;
          if (decades > 8) {
            if (m != 1) {
              continue;
            }
            label = Math.floorMod(k, step) == 0;
          } else if (decades > 2.5) {
            label = m == 1;
          } else if (decades > 1) {
            label = m == 1 || m == 2 || m == 5;
          } else {
            label = true;
          }
          out.add(new Mark(v, label));
        }
      }
      return out;
    }
  }

  /** A tick value and whether it carries a label. */
  static final class Mark {
    final double value;
    final boolean labelled;

    Mark(double value, boolean labelled) {
      this.value = value;
      this.labelled = labelled;
    }
  }

  /**
   * Tick labels in {@link Locale#ROOT}: plain decimals between {@code 1e-3} and {@code 1e5}
   * (e.g. {@code 0.05}, {@code 200}), else {@code 1e-6} style.
   */
  static final class CompactFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
      return to.append(label(v));
    }

    @Override
    public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
      return to.append(label(v));
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("tick labels are not parsed");
    }

    static String label(double v) {
      if (v == 0 || !Double.isFinite(v)) {
        return Double.toString(v);
      }
      return Cells.significant(v, 1e-3, 1e5);
    }
  }
}
