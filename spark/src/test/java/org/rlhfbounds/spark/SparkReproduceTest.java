package org.rlhfbounds.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rlhf-bounds-spark reproduce} against {@code rlhf-bounds reproduce}: the quick
 * configuration on {@code local[2]} (every replicate and grid point a Spark task) must write the
 * local report byte for byte, less the run block. The run block is removed in one documented way
 * from both: in {@code report.md}, everything from the line {@code ## Run} on; in {@code
 * report.json}, the last top-level member {@code "run"} (the text from {@code ,\n  "run" : {} to
 * the end, replaced by {@code \n}\n}). The figures must be equal whole. The Spark report.json
 * validates against the library's report schema. Also: the options are checked as the local
 * command checks them, before Spark starts.
 */
class SparkReproduceTest {
  @TempDir static Path dir;

  private static String[] local(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = org.rlhfbounds.cli.Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  private static String[] spark(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  /** report.md up to its run block (the line "## Run" and all after it removed). */
  static String markdownLessRun(Path out) throws IOException {
    String md = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
    int i = md.indexOf("\n## Run\n");
    assertTrue(i > 0, out + "/report.md has a run block");
    return md.substring(0, i + 1);
  }

  /** report.json without its run block (the last top-level member, "run"). */
  static String jsonLessRun(Path out) throws IOException {
    String js = Files.readString(out.resolve("report.json"), StandardCharsets.UTF_8);
    int i = js.indexOf(",\n  \"run\" : {");
    assertTrue(i > 0, out + "/report.json has a run block");
    return js.substring(0, i) + "\n}\n";
  }

  private static List<String> figures(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out.resolve("figures"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void quickOnLocal2EqualsTheLocalQuickReportLessItsRunBlock() throws IOException {
    Path l = dir.resolve("quick-local");
    Path s = dir.resolve("quick-spark");
    String[] lr = local("reproduce", "--quick", "--threads", "2", "--out", l.toString());
    assertEquals("0", lr[0], lr[2]);
    String[] sr = spark("reproduce", "--quick", "--master", "local[2]", "--out", s.toString());
    assertEquals("0", sr[0], sr[2]);
    assertEquals(markdownLessRun(l), markdownLessRun(s));
    assertEquals(jsonLessRun(l), jsonLessRun(s));
    List<String> figs = figures(l);
    assertEquals(16, figs.size(), "eight figures, PNG and SVG: " + figs);
    assertEquals(figs, figures(s));
    for (String f : figs) {
      assertArrayEquals(
          Files.readAllBytes(l.resolve("figures").resolve(f)),
          Files.readAllBytes(s.resolve("figures").resolve(f)),
          f);
    }
    String md = Files.readString(s.resolve("report.md"), StandardCharsets.UTF_8);
    assertTrue(md.contains("| spark master | local[2] |"), "the run block names the master");
    assertTrue(sr[1].contains("wrote " + s.resolve("report.json")), sr[1]);
    assertValid(s.resolve("report.json"));
  }

  private static void assertValid(Path json) throws IOException {
    ObjectMapper m = new ObjectMapper();
    JsonNode schema;
    try (InputStream in = SparkReproduceTest.class.getResourceAsStream(
        "/schemas/report.schema.json")) {
      schema = m.readTree(in);
    }
    assertEquals("urn:rlhf-bounds:schema:report:1", schema.path("$id").asText());
    Set<ValidationMessage> errors =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(schema)
            .validate(m.readTree(json.toFile()));
    assertTrue(errors.isEmpty(), json + ": " + errors);
  }

  /** A configuration of a few seconds: one small gap sweep. */
  private static Path smallConfig(String name, String seed) throws IOException {
    Path f = dir.resolve(name + ".json");
    Files.writeString(
        f,
        "{\"format\": \"rlhf-bounds.reproduce-config/1\", \"name\": \"" + name + "\","
            + seed + " \"resamples\": 100,"
            + " \"gap\": {\"prompts\": 100, \"dim\": 3, \"n\": [8, 16], \"replicates\": 3}}");
    return f;
  }

  @Test
  void conflictingOptionsAreRefusedAsByTheLocalCommand() throws IOException {
    Path seeded = smallConfig("seeded", " \"seed\": 5,");
    String[][] cases = {
      {"--quick", "--config", seeded.toString()},
      {"--config", seeded.toString(), "--seed", "3"},
    };
    for (String[] c : cases) {
      Path ls = dir.resolve("conflict-local");
      Path ss = dir.resolve("conflict-spark");
      String[] lr = local(concat(new String[] {"reproduce", "--out", ls.toString()}, c));
      String[] sr =
          spark(concat(new String[] {"reproduce", "--master", "local[1]", "--out", ss.toString()}, c));
      assertEquals("2", lr[0], lr[2]);
      assertEquals("2", sr[0], sr[2]);
      assertEquals(lr[2].replace("rlhf-bounds reproduce:", "rlhf-bounds-spark:"), sr[2]);
      assertTrue(Files.notExists(ss.resolve("report.md")), "nothing written");
    }
  }

  @Test
  void anExistingReportIsReplacedOnlyWithForce() throws IOException {
    Path cfg = smallConfig("small", "");
    Path s = dir.resolve("force");
    String[] first = spark("reproduce", "--config", cfg.toString(), "--master", "local[1]", "--out",
        s.toString());
    assertEquals("0", first[0], first[2]);
    byte[] md = Files.readAllBytes(s.resolve("report.md"));
    String[] again = spark("reproduce", "--config", cfg.toString(), "--master", "local[1]",
        "--seed", "9", "--out", s.toString());
    assertEquals("2", again[0], again[2]);
    assertTrue(again[2].startsWith("rlhf-bounds-spark: --out: "), again[2]);
    assertTrue(again[2].contains("use --force to overwrite"), again[2]);
    assertArrayEquals(md, Files.readAllBytes(s.resolve("report.md")), "left as it was");
    String[] forced = spark("reproduce", "--config", cfg.toString(), "--master", "local[1]",
        "--seed", "9", "--out", s.toString(), "--force");
    assertEquals("0", forced[0], forced[2]);
    assertTrue(Files.readString(s.resolve("report.md")).contains("| seed | 9 |"), "replaced");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
