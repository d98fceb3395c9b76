package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report model rendered to Markdown and JSON, and written into a directory. */
class ReportWriterTest {

  /** A strict parser: trailing tokens and duplicate keys are errors. */
  static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static Report sample(boolean withRun) {
    Table t =
        Table.builder("Fitted exponents against the seed's claims", "claim", "n", "slope", "ok")
            .row("SEED-OPT", 6400, -0.4987, true)
            .row("SEED-GA | T", 100, 1.5e-7, false)
            .row("SEED-SGA", 100L, Double.NaN, false)
            .build();
    Section s1 =
        Section.builder("Empirical optimum")
            .paragraph("The gap decays like `n^-1/2`, as claimed.")
            .table(t)
            .figure(Figure.of("gap", Samples.plot(3)))
            .build();
    Section s2 = Section.builder("Gradient ascent").paragraph("Linear rate under coverage.").build();
    Report.Builder b =
        Report.builder("rlhf-bounds reproduce")
            .setting("seed", 42L)
            .setting("replicates", 12)
            .setting("beta", 0.5)
            .setting("family", "gaussian")
            .section(s1)
            .section(s2);
    if (withRun) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("os", "Linux 6");
      m.put("cores", "2");
      m.put("java", "17.0.15");
      b.run(RunInfo.of(m).withTiming("sweep", 12.5).withTiming("fits", 0.25));
    }
    return b.build();
  }

  @Test
  void markdownHasSectionsTablesFiguresAndSettings() {
    String md = ReportWriter.markdown(sample(true));
    for (String s :
        List.of(
            "# rlhf-bounds reproduce\n",
            "## Settings\n",
            "| seed | 42 |",
            "| beta | 0.5 |",
            "## Empirical optimum\n",
            "The gap decays like `n^-1/2`, as claimed.",
            "**Table 1.** Fitted exponents against the seed's claims",
            "| claim | n | slope | ok |\n| --- | --- | --- | --- |\n",
            "| SEED-OPT | 6400 | -0.4987 | yes |",
            "| SEED-GA \\| T | 100 | 1.5e-7 | no |",
            "| SEED-SGA | 100 | NaN | no |",
            "![Figure 1: Generalisation gap of the empirical optimum](figures/gap.png)",
            "*Figure 1.* Squares: geometric mean",
            "([SVG](figures/gap.svg))",
            "## Gradient ascent\n",
            "## Run\n",
            "| cores | 2 |",
            "| sweep | 12.5 |")) {
      assertTrue(md.contains(s), "report.md lacks '" + s + "':\n" + md);
    }
    assertTrue(md.indexOf("## Empirical optimum") < md.indexOf("## Gradient ascent"));
    assertTrue(md.endsWith("|\n"));
  }

  @Test
  void jsonParsesWithTheDocumentedLayoutAndKeyOrder() throws Exception {
    JsonNode root = STRICT.readTree(ReportWriter.json(sample(true)));
    assertEquals(List.of("schema", "title", "settings", "sections", "run"), keys(root));
    assertEquals(List.of("seed", "replicates", "beta", "family"), keys(root.get("settings")));
    assertEquals(42, root.get("settings").get("seed").asLong());
    assertEquals(0.5, root.get("settings").get("beta").asDouble());
    JsonNode blocks = root.get("sections").get(0).get("blocks");
    assertEquals("paragraph", blocks.get(0).get("type").asText());
    JsonNode table = blocks.get(1);
    assertEquals("table", table.get("type").asText());
    assertEquals(3, table.get("rows").size());
    assertEquals(-0.4987, table.get("rows").get(0).get(2).asDouble());
    assertTrue(table.get("rows").get(0).get(3).asBoolean());
    assertEquals("NaN", table.get("rows").get(2).get(2).asText());
    JsonNode fig = blocks.get(2);
    assertEquals("figures/gap.png", fig.get("png").asText());
    assertEquals("figures/gap.svg", fig.get("svg").asText());
    assertEquals(12.5, root.get("run").get("timings").get("sweep").asDouble());
    assertTrue(!STRICT.readTree(ReportWriter.json(sample(false))).has("run"));
  }

  @Test
  void writesEverythingAtomicallyAndReproducibly(@TempDir Path a, @TempDir Path b)
      throws Exception {
    List<Path> written = ReportWriter.write(sample(false), a);
    ReportWriter.write(sample(false), b);
    assertEquals(
        List.of(
            a.resolve("figures/gap.png"),
            a.resolve("figures/gap.svg"),
            a.resolve("report.md"),
            a.resolve("report.json")),
        written);
    for (Path p : written) {
      assertTrue(Files.size(p) > 0, p.toString());
      assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(b.resolve(a.relativize(p))));
    }
    // overwrite in place: still no stray temporary files
    ReportWriter.write(sample(false), a);
    try (var s = Files.walk(a)) {
      assertEquals(0, s.filter(p -> p.toString().endsWith(".tmp")).count());
    }
    STRICT.readTree(Files.readString(a.resolve("report.json")));
    String md = Files.readString(a.resolve("report.md"));
    assertTrue(md.contains("](figures/gap.png)"), "relative figure path");
  }

  /** JSON round trip of arbitrary cells: strings and finite doubles come back exactly. */
  @Test
  void jsonRoundTripsCells() {
    ObjectMapper om = STRICT;
    qt().withExamples(1000)
        .withFixedSeed(20260108L)
        .forAll(
            strings().allPossible().ofLengthBetween(0, 20),
            doubles().any(),
            integers().all())
        .checkAssert(
            (str, d, i) -> {
              Report r =
                  Report.builder("t")
                      .setting("s", str)
                      .section(
                          Section.builder("h")
                              .table(Table.builder("c", "s", "d", "i").row(str, d, i).build())
                              .build())
                      .build();
              try {
                JsonNode row =
                    om.readTree(ReportWriter.json(r))
                        .get("sections").get(0).get("blocks").get(0).get("rows").get(0);
                assertEquals(str, row.get(0).asText());
                if (Double.isFinite(d)) {
                  assertEquals(d, row.get(1).asDouble());
                } else {
                  assertEquals(Double.toString(d), row.get(1).asText());
                }
                assertEquals(i, row.get(2).asInt());
                assertTrue(ReportWriter.markdown(r).contains("| s | "));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Table.builder("c", "a").row(1, 2));
    assertThrows(IllegalArgumentException.class, () -> Table.builder("c", "a").row(new Object()));
    assertThrows(IllegalArgumentException.class, () -> Report.builder("t").setting("k", List.of()));
    assertThrows(IllegalArgumentException.class, () -> Figure.of("../x", Samples.plot(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Report.builder("t")
            .section(Section.builder("a").figure(Figure.of("f", Samples.plot(1))).build())
            .section(Section.builder("b").figure(Figure.of("f", Samples.plot(2))).build())
            .build());
    assertThrows(IllegalArgumentException.class, () -> RunInfo.current().withTiming("x", -1));
  }

  @Test
  void currentRunInfoNamesTheMachine() {
    RunInfo r = RunInfo.current();
    assertEquals(
        List.of("os", "arch", "cores", "java", "java vendor"), new ArrayList<>(r.machine().keySet()));
    assertEquals(
        Integer.toString(Runtime.getRuntime().availableProcessors()), r.machine().get("cores"));
  }

  @Test
  void cellFormats() {
    assertEquals("0.1235", Cells.format(0.123456));
    assertEquals("-0.5", Cells.format(-0.5));
    assertEquals("1.5e-7", Cells.format(1.5e-7));
    assertEquals("1.235e7", Cells.format(12345678.0));
    assertEquals("12345678", Cells.format(12345678L));
    assertEquals("inf", Cells.format(Double.POSITIVE_INFINITY));
    assertEquals("0", Cells.format(0.0));
    assertEquals("yes", Cells.format(true));
  }

  static List<String> keys(JsonNode n) {
    List<String> k = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      k.add(it.next());
    }
    return k;
  }
}
