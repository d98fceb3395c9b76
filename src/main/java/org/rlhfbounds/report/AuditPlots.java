package org.rlhfbounds.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rlhfbounds.audit.Audit;

/**
 * The figures of an audit: the sorted eigenvalue spectrum of {@code Sigma_S(0)} on a log scale
 * with {@code kappa} and the kernel tolerance marked, the histogram of the per-prompt ranks, and
 * the histogram of the feature norms; each as PNG and SVG.
 *
 * <p>Eigenvalues that are not positive (zero or negative from rounding) cannot be drawn on a log
 * scale; their number is stated in the spectrum's title. The figures are rendered in memory so the
 * caller writes them with the other outputs, or nothing.
 *
 * <p>Determinism: the same audit gives the same SVG bytes (the SVG id prefix is the file stem)
 * and, on the same JVM and fonts, the same PNG bytes (ImageIO writes no time stamp), as {@link
 * Plots}.
 *
 * <p>Thread-safe: stateless.
 */
public final class AuditPlots {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The file stems, in the order they are rendered. */
  public static final String[] STEMS = {"audit-spectrum", "audit-ranks", "audit-norms"};

  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Color BLUE = new Color(0x0072B2);
  private static final Color VERMILLION = new Color(0xD55E00);
  private static final Color GREEN = new Color(0x009E73);

  private AuditPlots() {}

  /**
   * Renders the figures of an audit.
   *
   * @param a the audit
   * @return file name (stem plus {@code .png} or {@code .svg}) to bytes, PNG before SVG, in the
   *     order of {@link #STEMS}
   */
  public static Map<String, byte[]> render(Audit a) {
    JFreeChart[] charts = {spectrum(a), ranks(a), norms(a)};
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (int i = 0; i < charts.length && i < STEMS.length; i++) {
      out.put(STEMS[i] + ".png", Plots.png(charts[i], WIDTH, HEIGHT, "audit figure " + STEMS[i]));
      out.put(STEMS[i] + ".svg", Plots.svg(charts[i], WIDTH, HEIGHT, STEMS[i]).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static JFreeChart spectrum(Audit a) {
    double[] ev = a.coverage().eigenvalues();
    java.util.Arrays.sort(ev);
    XYSeries s = new XYSeries("eigenvalues of Sigma_S(0), ascending");
    int skipped = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (int i = 0; i < ev.length; i++) {
      if (ev[i] > 0) {
        s.add(i + 1, ev[i]);
        lo = Math.min(lo, ev[i]);
        hi = Math.max(hi, ev[i]);
      } else {
        skipped++;
      }
    }
    double kappa = a.coverage().kappa();
    double tol = a.coverage().tolerance();
    for (double m : new double[] {kappa, tol}) {
      if (m > 0) {
        lo = Math.min(lo, m);
        hi = Math.max(hi, m);
      }
    }
    if (!(hi > 0)) {
      lo = 1e-3;
      hi = 1;
    }
    LogAxis y = new LogAxis("eigenvalue");
    y.setRange(lo / 4, hi * 4);
    XYPlot p = plot(new NumberAxis("index"), y);
    p.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    p.getDomainAxis().setRange(0.5, ev.length + 0.5);
    p.setDataset(new XYSeriesCollection(s));
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, BLUE);
    p.setRenderer(r);
    if (kappa > 0) {
      p.addRangeMarker(marker(kappa, "kappa = " + fmt(kappa), GREEN));
    }
    if (tol > 0) {
      p.addRangeMarker(marker(tol, "kernel tolerance = " + fmt(tol), VERMILLION));
    }
    String title = "Spectrum of Sigma_S(0)"
        + (skipped > 0 ? " (" + skipped + " eigenvalues <= 0 not drawn)" : "");
    return chart(title, p);
  }

  private static JFreeChart ranks(Audit a) {
    TreeMap<Integer, Integer> counts = new TreeMap<>();
    for (int r : a.ranks()) {
      counts.merge(r, 1, Integer::sum);
    }
    XYSeries s = new XYSeries("prompts");
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      s.add(e.getKey().doubleValue(), e.getValue().doubleValue());
    }
    NumberAxis x = new NumberAxis("rank of the prompt's candidate features");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    NumberAxis y = new NumberAxis("prompts");
    y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    XYPlot p = plot(x, y);
    XYSeriesCollection d = new XYSeriesCollection(s);
    d.setIntervalWidth(0.8);
    p.setDataset(d);
    p.setRenderer(bars());
    return chart("Per-prompt rank (" + a.rankDeficient().length + " rank deficient)", p);
  }

  private static JFreeChart norms(Audit a) {
    double[] n = a.sortedNorms();
    HistogramDataset d = new HistogramDataset();
    double lo = n.length == 0 ? 0 : n[0];
    double hi = n.length == 0 ? 1 : n[n.length - 1];
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    d.addSeries("rows", n, 40, lo, hi);
    XYPlot p = plot(new NumberAxis("feature norm ||phi||"), new NumberAxis("rows"));
    p.setDataset(d);
    p.setRenderer(bars());
    ValueMarker b = marker(a.featureBound(), "B = " + fmt(a.featureBound()), VERMILLION);
    b.setLabelAnchor(RectangleAnchor.TOP_LEFT); // inside the plot, left of the line
    b.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
    p.addDomainMarker(b);
    return chart("Feature norms", p);
  }

  private static XYBarRenderer bars() {
    XYBarRenderer r = new XYBarRenderer();
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, BLUE);
    return r;
  }

  private static XYPlot plot(org.jfree.chart.axis.ValueAxis x, org.jfree.chart.axis.ValueAxis y) {
    for (org.jfree.chart.axis.ValueAxis ax : new org.jfree.chart.axis.ValueAxis[] {x, y}) {
      ax.setLabelFont(LABEL_FONT);
      ax.setTickLabelFont(TICK_FONT);
    }
    XYPlot p = new XYPlot();
    p.setDomainAxis(x);
    p.setRangeAxis(y);
    p.setBackgroundPaint(Color.WHITE);
    p.setDomainGridlinePaint(new Color(0xDDDDDD));
    p.setRangeGridlinePaint(new Color(0xDDDDDD));
    p.setOutlinePaint(Color.GRAY);
    return p;
  }

  private static ValueMarker marker(double v, String label, Color c) {
    ValueMarker m = new ValueMarker(v, c, new BasicStroke(1.5f));
    m.setLabel(label);
    m.setLabelFont(LABEL_FONT);
    m.setLabelPaint(c);
    m.setLabelBackgroundColor(Color.WHITE);
    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    return m;
  }

  private static JFreeChart chart(String title, XYPlot p) {
    JFreeChart c = new JFreeChart(title, TITLE_FONT, p, false);
    c.setBackgroundPaint(Color.WHITE);
    c.setAntiAlias(true);
    return c;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
