package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.rates.RateData;
import org.w3c.dom.Document;

/** Figures: files written, readable, deterministic, carrying title, legend and caption. */
class PlotsTest {

  @Test
  void writesReadablePngAndSvg(@TempDir Path dir) throws Exception {
    LogLogPlot p = Samples.plot(1);
    List<Path> files = Plots.write(p, dir, "gap");
    assertEquals(List.of(dir.resolve("gap.png"), dir.resolve("gap.svg")), files);
    byte[] png = Files.readAllBytes(files.get(0));
    assertTrue(png.length > 1000);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(p.width(), img.getWidth());
    assertEquals(p.height(), img.getHeight());
    String svg = Files.readString(files.get(1));
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc =
        dbf.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getNodeName());
    for (String text :
        List.of(
            "Generalisation gap of the empirical optimum",
            "sample size n",
            "claimed n^-1/2",
            "bound 4 n^-1/2",
            "Squares: geometric mean")) {
      assertTrue(svg.contains(text), "SVG lacks '" + text + "'");
    }
    try (var s = Files.list(dir)) {
      assertEquals(2, s.count(), "no temporary files left");
    }
  }

  @Test
  void sameDataSameBytes() {
    LogLogPlot a = Samples.plot(7);
    LogLogPlot b = Samples.plot(7);
    assertEquals(Plots.svg(a, "fig"), Plots.svg(b, "fig"));
    assertArrayEquals(Plots.png(a), Plots.png(b));
    assertNotEquals(Plots.svg(a, "fig"), Plots.svg(Samples.plot(8), "fig"));
  }

  @Test
  void svgIdsCarryTheFigureId() {
    String svg = Plots.svg(Samples.plot(7), "fig-3");
    assertTrue(svg.contains("fig-3-"), "clip ids use the figure id");
    assertFalse(svg.matches("(?s).*id=\"_\\d{6,}.*"), "no time-based ids");
  }

  /** Writes the sample figure under target/ for a look (not a temporary directory). */
  @Test
  void sampleFigureForInspection() throws IOException {
    Path dir = Paths.get("target", "report-sample", "figures");
    List<Path> files = Plots.write(Samples.plot(1), dir, "sample-gap");
    assertTrue(Files.size(files.get(0)) > 0 && Files.size(files.get(1)) > 0);
  }

  @Test
  void nonPositiveReplicatesAreLeftOutAndCounted() {
    RateData d =
        RateData.of("g", new double[] {1, 10}, new double[][] {{1, 0, 2}, {0.1, -1, 0.2}});
    PlotSeries s = PlotSeries.measured("g", d);
    assertEquals("g (2 non-positive values not shown)", s.name());
    assertEquals(2, s.y(0).length);
    assertTrue(Plots.png(LogLogPlot.builder("t").add(s).build()).length > 0);
  }

  @Test
  void badSeriesAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlotSeries.line("fit", new double[] {1, 2}, new double[] {1, 0}));
    assertTrue(e.getMessage().contains("series 'fit': y[1] must be finite and > 0"));
    assertThrows(IllegalArgumentException.class, () -> LogLogPlot.builder("t").build());
    assertThrows(IllegalArgumentException.class, () -> Plots.svg(Samples.plot(1), "a b"));
    assertThrows(
        IllegalArgumentException.class,
        () -> PlotSeries.referenceSlope("r", -0.5, 1, 1, 10, 10));
  }

  @Test
  void ticksAreRoundValues() {
    List<String> labels = new java.util.ArrayList<>();
    for (Plots.Mark m : Plots.DecadeAxis.marks(90, 7000)) {
      if (m.labelled) {
        labels.add(Plots.CompactFormat.label(m.value));
      }
    }
    assertEquals(List.of("100", "200", "500", "1000", "2000", "5000"), labels);
    long labelled =
        Plots.DecadeAxis.marks(1e-3, 10).stream().filter(m -> m.labelled).count();
    assertEquals(5, labelled);
    assertEquals(4 * 9 + 1, Plots.DecadeAxis.marks(1e-3, 10).size());
  }

  @Test
  void tickLabelsAreCompactAndLocaleFree() {
    assertEquals("100", Plots.CompactFormat.label(100));
    assertEquals("0.05", Plots.CompactFormat.label(0.05));
    assertEquals("2000", Plots.CompactFormat.label(2000));
    assertEquals("1e-5", Plots.CompactFormat.label(1e-5));
    assertEquals("2.5e6", Plots.CompactFormat.label(2.5e6));
  }
}
