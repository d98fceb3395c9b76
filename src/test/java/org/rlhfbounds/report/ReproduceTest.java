package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.cli.ExitCode;
import org.rlhfbounds.cli.Main;

/**
 * End-to-end tests of {@code rlhf-bounds reproduce}: the quick run writes a complete report
 * (sections, parseable JSON, PNG and SVG figures), and the report does not depend on the thread
 * count. Default run: about 30-60 s on two loaded cores (one quick run, two tiny runs).
 */
class ReproduceTest {
  private static final String[] HEADINGS = {
    "Seed claims",
    "Generalization gap of the empirical optimum vs n",
    "Gradient ascent and stochastic gradient ascent vs T",
    "Coverage and the residual eps_n",
    "Tightness of the bounds",
    "Preference data: the MLE/DPO policy, MLE consistency and stability"
  };

  private static final String[] FIGURES = {
    "gap-vs-n", "ga-opt-vs-T", "ga-gap-vs-T", "sga-opt-vs-T", "sga-gap-vs-T", "eps-vs-n",
    "residual-excess-vs-n", "preference-gap-vs-n"
  };

  @Test
  void quickRunWritesTheReport(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code =
        Main.run(
            new String[] {"reproduce", "--quick", "--out", out.toString(), "--threads", "2"},
            new PrintWriter(o),
            new PrintWriter(e));
    assertEquals(ExitCode.OK, code, "stderr: " + e);
    String md = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
    for (String h : HEADINGS) {
      assertTrue(md.contains("\n## " + h + "\n"), "report.md lacks section '" + h + "'");
    }
    for (String claim : new String[] {"SEED-OPT", "SEED-GA", "SEED-SGA", "SEED-RES"}) {
      assertTrue(md.contains("| " + claim + " |"), "claims table lacks " + claim);
    }
    assertTrue(md.contains("| claim | statement | setting | quantity fitted | claimed exponent"));
    assertTrue(md.matches("(?s).*\\| (CONSISTENT|FASTER|SLOWER) \\|.*"), "no verdict in table");
    assertTrue(md.contains("seed | 20260127"), "the seed is stated");
    assertTrue(md.contains("## Run"), "the machine is stated");
    assertTrue(md.contains("T-GA-SEED") && md.contains("T-SGA-SHARP") && md.contains("T-RES"));
    assertTrue(md.contains("| GA | ") && md.contains("best gradient"), "cost table");

    ObjectMapper mapper =
        new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    JsonNode root = mapper.readTree(out.resolve("report.json").toFile());
    assertEquals(20260127L, root.get("settings").get("seed").asLong());
    List<String> headings = new ArrayList<>();
    for (JsonNode s : root.get("sections")) {
      headings.add(s.get("heading").asText());
    }
    assertEquals(List.of(HEADINGS), headings);
    assertTrue(root.get("run").get("timings").has("total"));

    for (String f : FIGURES) {
      Path png = out.resolve("figures").resolve(f + ".png");
      Path svg = out.resolve("figures").resolve(f + ".svg");
      byte[] p = Files.readAllBytes(png);
      assertTrue(p.length > 1000 && (p[0] & 0xff) == 0x89 && p[1] == 'P' && p[2] == 'N'
          && p[3] == 'G', png + " is not a PNG");
      String s = Files.readString(svg, StandardCharsets.UTF_8);
      assertTrue(s.contains("<svg"), svg + " is not an SVG");
      assertTrue(md.contains("(figures/" + f + ".png)"), "report.md links " + f);
    }
    assertTrue(o.toString().contains("report.md"));
  }

  @Test
  void sameSeedSameReportWhateverTheThreads() {
    Report a = Reproduce.run(11, Reproduce.Config.tiny(), 1);
    Report b = Reproduce.run(11, Reproduce.Config.tiny(), 3);
    assertEquals(ReportWriter.json(withoutRun(a)), ReportWriter.json(withoutRun(b)));
    assertEquals(ReportWriter.markdown(withoutRun(a)), ReportWriter.markdown(withoutRun(b)));
    Report c = Reproduce.run(12, Reproduce.Config.tiny(), 2);
    assertNotEquals(ReportWriter.json(withoutRun(a)), ReportWriter.json(withoutRun(c)));
  }

  /** The sections of a report alone (no settings, no run block). */
  private static String sections(Report r) {
    Report.Builder b = Report.builder(r.title());
    r.sections().forEach(b::section);
    return ReportWriter.json(b.build());
  }

  @Test
  void aSectionRunsOnItsOwnSeedAndPopulation() throws Exception {
    String base =
        "{\"format\": \"rlhf-bounds.reproduce-config/1\", \"name\": \"s\", \"resamples\": 100,"
            + " \"gap\": {\"prompts\": 200, \"dim\": 3, \"n\": [8, 16, 32], \"replicates\": 4%s}}";
    String onMaster5 = sections(Reproduce.run(5, ReproduceConfig.parse(String.format(base, ""), "a"), 2));
    String own5 = sections(Reproduce.run(9, ReproduceConfig.parse(String.format(base, ", \"seed\": 5"), "b"), 2));
    String onMaster9 = sections(Reproduce.run(9, ReproduceConfig.parse(String.format(base, ""), "c"), 2));
    assertEquals(onMaster5, own5, "the section's seed stands for the master seed");
    assertNotEquals(onMaster9, own5);
    String other =
        sections(Reproduce.run(5, ReproduceConfig.parse(String.format(base,
            ", \"family\": \"GAUSSIAN\", \"candidates\": 3, \"beta\": 0.5, \"featureBound\": 2"),
            "d"), 2));
    assertTrue(other.contains("GAUSSIAN, M = 200, K = 3, d = 3, beta = 0.5, B = 2, ||theta*|| = 1, n = 8..32"), other);
    assertNotEquals(onMaster5.replace("SPHERE", "GAUSSIAN"), other, "another population, other values");
  }

  @Test
  void badThreadCountIsBadInput(@TempDir Path dir) {
    StringWriter e = new StringWriter();
    int code =
        Main.run(
            new String[] {"reproduce", "--quick", "--threads", "0", "--out", dir.toString()},
            new PrintWriter(new StringWriter()),
            new PrintWriter(e));
    assertEquals(ExitCode.BAD_INPUT, code);
    assertTrue(e.toString().contains("--threads"), e.toString());
  }

  private static Report withoutRun(Report r) {
    Report.Builder b = Report.builder(r.title());
    r.settings().forEach(b::setting);
    r.sections().forEach(b::section);
    return b.build();
  }
}
