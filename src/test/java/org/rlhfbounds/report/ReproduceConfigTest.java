package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.io.FormatException;
import org.rlhfbounds.model.io.InstanceFile;

/**
 * The configuration files of {@code reproduce}: the shipped presets say exactly what the typed
 * presets of the experiments say (so {@code --quick} and the default run what they ran before
 * they became files), a configuration reads back from its own JSON, and every kind of bad input is
 * refused naming the file and the field.
 */
class ReproduceConfigTest {
  private static final String OK =
      "{\"format\": \"rlhf-bounds.reproduce-config/1\", \"name\": \"t\", \"resamples\": 200,"
          + " \"gap\": {\"prompts\": 400, \"dim\": 4, \"n\": [16, 32], \"replicates\": 8},"
          + " \"tightness\": {\"gaSteps\": 20, \"sgaSteps\": 50}}";

  @Test
  void theShippedPresetsAreTheTypedOnes() {
    for (boolean full : new boolean[] {false, true}) {
      Reproduce.Config file = full ? Reproduce.Config.full() : Reproduce.Config.quick();
      Reproduce.Config code = Reproduce.Config.typedPreset(full);
      assertEquals(ReproduceConfig.toJson(code), ReproduceConfig.toJson(file), file.source());
      assertEquals(code.name(), file.name());
      assertEquals(5, file.experiments().size());
      assertTrue(file.source().startsWith("built-in " + code.name()), file.source());
    }
  }

  /** {@code --quick} is {@code --config} of the shipped file: the same reader, the same result. */
  @Test
  void theQuickPresetIsTheShippedFileReadAsAnyConfig(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("quick.json");
    try (java.io.InputStream in =
        ReproduceConfig.class.getResourceAsStream("presets/quick.json")) {
      assertTrue(in != null);
      Files.write(copy, in.readAllBytes());
    }
    assertEquals(ReproduceConfig.toJson(Reproduce.Config.quick()),
        ReproduceConfig.toJson(ReproduceConfig.read(copy)));
  }

  @Test
  void aConfigurationReadsBackFromItsJson() throws FormatException {
    Reproduce.Config c = ReproduceConfig.parse(OK, "t.json");
    assertEquals(2, c.experiments().size());
    Reproduce.Config again =
        ReproduceConfig.parse(ReproduceConfig.toJson(c).toString(), "again.json");
    assertEquals(ReproduceConfig.toJson(c), ReproduceConfig.toJson(again));
    assertTrue(c.seed().isEmpty());
    assertEquals(
        9L,
        ReproduceConfig.parse(OK.replace("\"resamples\"", "\"seed\": 9, \"resamples\""), "s")
            .seed()
            .getAsLong());
  }

  private static void refused(String text, String message) {
    FormatException e =
        assertThrows(FormatException.class, () -> ReproduceConfig.parse(text, "mine.json"),
            () -> "accepted: " + text);
    assertTrue(e.getMessage().startsWith("mine.json: "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage() + " should contain " + message);
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    List<String[]> cases =
        List.of(
            new String[] {OK.replace("\"name\"", "\"nmae\""), "nmae: unknown field"},
            new String[] {OK.replace("\"replicates\": 8", "\"replicates\": 8, \"lambda\": 1"),
                "gap.lambda: unknown field"},
            new String[] {OK.replace("\"dim\": 4", "\"dim\": \"4\""), "gap.dim: expected an integer"},
            new String[] {OK.replace("\"dim\": 4", "\"dim\": 4.5"), "gap.dim: expected an integer"},
            new String[] {OK.replace("\"dim\": 4", "\"dim\": 0"), "gap.dim: must lie in [1, 1024], got 0"},
            new String[] {OK.replace("[16, 32]", "[32, 16]"), "gap.n[1]: must be larger"},
            new String[] {OK.replace("[16, 32]", "[16]"), "gap.n: needs at least 2 values"},
            new String[] {OK.replace("[16, 32]", "16"), "gap.n: expected an array"},
            new String[] {OK.replace("\"replicates\": 8", "\"replicates\": 1"), "gap.replicates: must lie in"},
            new String[] {OK.replace("\"resamples\": 200,", ""), "resamples: missing field"},
            new String[] {OK.replace("\"sgaSteps\": 50", "\"sgaSteps\": 5e10"), "tightness.sgaSteps: expected an integer"},
            new String[] {OK.replace("\"sgaSteps\": 50", "\"sgaSteps\": 50, \"families\": [\"SPHERE\", \"CUBE\"]"),
                "tightness.families[1]: expected one of"},
            new String[] {OK.replace("\"sgaSteps\": 50", "\"sgaSteps\": 50, \"families\": [\"SPARSE\", \"SPARSE\"]"),
                "tightness.families[1]: repeats a family"},
            new String[] {OK.replace("\"sgaSteps\": 50", "\"sgaSteps\": 50, \"families\": []"),
                "tightness.families: expected a non-empty array"},
            new String[] {OK.replace("\"sgaSteps\": 50", "\"sgaSteps\": 50, \"steps\": [200, 50]"),
                "tightness.steps[1]: must be larger"},
            new String[] {OK.replace("reproduce-config/1", "reproduce-config/2"), "format: expected"},
            new String[] {OK.replace("\"gap\"", "\"gap2\""), "gap2: unknown field"},
            new String[] {
              "{\"format\": \"rlhf-bounds.reproduce-config/1\", \"name\": \"t\", \"resamples\": 200}",
              "no section to run"
            },
            new String[] {OK.replace("\"name\": \"t\"", "\"name\": 3"), "name: expected a non-empty string"},
            new String[] {OK.replace("\"resamples\"", "\"seed\": 1.5, \"resamples\""), "seed: expected an integer"},
            new String[] {OK.replace("}}", "}, \"preferences\": {\"prompts\": 40, \"dim\": 3,"
                + " \"candidates\": 4, \"lambda\": 0, \"n\": [8, 16], \"replicates\": 2}}"),
                "preferences.lambda: must be positive and finite, got 0"},
            new String[] {OK.replace("}}", "}, \"preferences\": {\"prompts\": 40, \"dim\": 3,"
                + " \"candidates\": 4, \"lambda\": \"0.1\", \"n\": [8, 16], \"replicates\": 2}}"),
                "preferences.lambda: expected a number"},
            new String[] {"[1]", "expected a JSON object"},
            new String[] {"{", "invalid JSON"});
    for (String[] c : cases) {
      refused(c[0], c[1]);
    }
  }

  /** Every per-section field, none at its default. */
  private static final String ALL =
      "{\"format\": \"rlhf-bounds.reproduce-config/1\", \"name\": \"all\", \"resamples\": 100,"
          + " \"sections\": [\"optimisation\", \"gap\", \"coverage\", \"preferences\"],"
          + " \"gap\": {\"family\": \"GAUSSIAN\", \"prompts\": 300, \"dim\": 3, \"candidates\": 5,"
          + " \"beta\": 0.5, \"featureBound\": 2, \"n\": [8, 16], \"replicates\": 3, \"seed\": 11},"
          + " \"optimisation\": {\"family\": \"DEFICIENT\", \"prompts\": 100, \"dim\": 4,"
          + " \"candidates\": 3, \"beta\": 2, \"featureBound\": 0.5, \"n\": 20,"
          + " \"algorithms\": [\"GA\"], \"gaSteps\": [2, 4], \"replicates\": 2,"
          + " \"gaStepRule\": 0.25, \"seed\": -3, \"delta\": 0.1},"
          + " \"coverage\": {\"family\": \"NEAR_DEGENERATE\", \"prompts\": 50, \"dims\": [2, 5],"
          + " \"candidates\": 6, \"beta\": 3, \"featureBound\": 1.5, \"n\": [4, 8],"
          + " \"replicates\": 2, \"seed\": 4},"
          + " \"tightness\": {\"gaSteps\": 20, \"sgaSteps\": 50, \"seed\": 5, \"delta\": 0.2},"
          + " \"preferences\": {\"family\": \"SPARSE\", \"prompts\": 30, \"dim\": 2,"
          + " \"candidates\": 3, \"beta\": 0.7, \"featureBound\": 3, \"lambda\": 0.2,"
          + " \"n\": [8, 16], \"replicates\": 2, \"seed\": 6, \"delta\": 0.01}}";

  @Test
  void everyFieldIsReadAndRecorded() throws Exception {
    Reproduce.Config c = ReproduceConfig.parse(ALL, "all.json");
    // the tightness block is valid but not listed in "sections": it does not run
    assertEquals(4, c.experiments().size());
    ObjectNode json = ReproduceConfig.toJson(c);
    assertFalse(json.has("tightness"), json.toString());
    assertEquals("[\"gap\",\"optimisation\",\"coverage\",\"preferences\"]",
        json.get("sections").toString(), "the sections that ran, in run order");
    JsonNode given = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ALL);
    for (String sec : List.of("gap", "optimisation", "coverage", "preferences")) {
      given.get(sec).properties().forEach(f -> {
        JsonNode got = json.get(sec).get(f.getKey());
        String what = sec + "." + f.getKey() + " is recorded as given: " + json;
        if (f.getValue().isNumber()) {
          assertEquals(f.getValue().asDouble(), got.asDouble(), what);
        } else {
          assertEquals(f.getValue(), got, what);
        }
      });
    }
    assertEquals("GAUSSIAN", json.get("gap").get("family").asText());
    assertEquals("[\"GA\"]", json.get("optimisation").get("algorithms").toString());
    assertFalse(json.get("optimisation").has("sgaSteps"), "SGA does not run");
    assertEquals("[2,5]", json.get("coverage").get("dims").toString());
    Reproduce.Config again = ReproduceConfig.parse(json.toString(), "again.json");
    assertEquals(json, ReproduceConfig.toJson(again), "the record reads back to itself");
  }

  @Test
  void leftOutFieldsTakeThePresetValuesAndAreSpelledOut() throws FormatException {
    ObjectNode json = ReproduceConfig.toJson(ReproduceConfig.parse(OK, "t.json"));
    JsonNode gap = json.get("gap");
    assertEquals("SPHERE", gap.get("family").asText());
    assertEquals(4, gap.get("candidates").asInt());
    assertEquals(1.0, gap.get("beta").asDouble());
    assertEquals(1.0, gap.get("featureBound").asDouble());
    assertFalse(gap.has("seed"), "no seed of its own: the master seed");
    assertEquals(0.05, json.get("tightness").get("delta").asDouble());
    assertEquals("[\"gap\",\"tightness\"]", json.get("sections").toString());
  }

  @Test
  void aSectionRunsOnAnInstanceFile(@TempDir Path dir) throws IOException {
    InstanceFile.writeInline(
        dir.resolve("inst.json"), InstanceSpec.of(Family.GAUSSIAN, 40, 3, 2, 0.5, 9L).finite());
    Path cfg = dir.resolve("c.json");
    Files.writeString(cfg, OK.replace("\"prompts\": 400, \"dim\": 4,", "\"instance\": \"inst.json\","));
    Reproduce.Config c = ReproduceConfig.read(cfg);
    JsonNode gap = ReproduceConfig.toJson(c).get("gap");
    assertEquals("inst.json", gap.get("instance").asText(), "resolved against the file's folder");
    assertFalse(gap.has("family") || gap.has("prompts") || gap.has("dim"), gap.toString());
    GapExperiment.Config g = c.gap();
    assertTrue(g != null && !g.population().isGenerated() && g.population().dim() == 2
        && g.population().prompts() == 40);
    Files.writeString(cfg, OK.replace("\"prompts\": 400,", "\"instance\": \"inst.json\","));
    FormatException e = assertThrows(FormatException.class, () -> ReproduceConfig.read(cfg));
    assertTrue(e.getMessage().contains("gap.dim: not with gap.instance"), e.getMessage());
    Files.writeString(cfg, OK.replace("\"prompts\": 400, \"dim\": 4,", "\"instance\": \"no.json\","));
    e = assertThrows(FormatException.class, () -> ReproduceConfig.read(cfg));
    assertTrue(e.getMessage().contains("gap.instance: no such file"), e.getMessage());
  }

  @Test
  void badPerSectionFieldsAreRefusedNamingTheFieldAndValue() {
    String gap = "\"replicates\": 8";
    String opt =
        OK.replace("}}", "}, \"optimisation\": {\"prompts\": 50, \"dim\": 2, \"n\": 8,"
            + " \"gaSteps\": [1, 2], \"sgaSteps\": [2, 4], \"replicates\": 2}}");
    String[][] cases = {
      {OK.replace(gap, gap + ", \"family\": \"CUBE\""), "gap.family: expected one of SPHERE"},
      {OK.replace(gap, gap + ", \"family\": 3"), "gap.family: expected one of"},
      {OK.replace(gap, gap + ", \"instance\": \"x.json\""), "gap.prompts: not with gap.instance"},
      {OK.replace(gap, gap + ", \"beta\": 0"), "gap.beta: must be positive and finite, got 0"},
      {OK.replace(gap, gap + ", \"beta\": -1"), "gap.beta: must be positive"},
      {OK.replace(gap, gap + ", \"featureBound\": \"1\""), "gap.featureBound: expected a number"},
      {OK.replace(gap, gap + ", \"candidates\": 1"), "gap.candidates: must lie in [2, 1024], got 1"},
      {OK.replace(gap, gap + ", \"seed\": 1.5"), "gap.seed: expected an integer (64-bit), got 1.5"},
      {OK.replace(gap, gap + ", \"delta\": 0.1"), "gap.delta: unknown field"},
      {OK.replace("\"sgaSteps\": 50", "\"sgaSteps\": 50, \"delta\": 0"),
          "tightness.delta: must lie strictly between 0 and 1, got 0"},
      {OK.replace("\"sgaSteps\": 50", "\"sgaSteps\": 50, \"delta\": 1"),
          "tightness.delta: must lie strictly between 0 and 1, got 1"},
      {OK.replace("\"sgaSteps\": 50", "\"sgaSteps\": 50, \"delta\": \"0.1\""),
          "tightness.delta: expected a number"},
      {OK.replace("\"resamples\": 200", "\"resamples\": 50"),
          "resamples: must lie in [100, 100000], got 50"},
      {OK.replace("\"prompts\": 400", "\"prompts\": -4"), "gap.prompts: must lie in [2, 1000000], got -4"},
      {OK.replace("[16, 32]", "[]"), "gap.n: needs at least 2 values, got 0"},
      {OK.replace("[16, 32]", "[16, 16]"), "gap.n[1]: must be larger than the value before it (16), got 16"},
      {OK.replace("\"resamples\"", "\"sections\": [\"gap\", \"gap\"], \"resamples\""),
          "sections[1]: \"gap\" is listed twice"},
      {OK.replace("\"resamples\"", "\"sections\": [\"coverage\"], \"resamples\""),
          "sections[0]: \"coverage\" has no block"},
      {OK.replace("\"resamples\"", "\"sections\": [\"gaps\"], \"resamples\""),
          "sections[0]: expected one of gap, optimisation"},
      {OK.replace("\"resamples\"", "\"sections\": [], \"resamples\""), "sections: expected a non-empty array"},
      {opt.replace("\"n\": 8,", "\"n\": 8, \"algorithms\": [\"GA\", \"GA\"],"),
          "optimisation.algorithms[1]: GA is listed twice"},
      {opt.replace("\"n\": 8,", "\"n\": 8, \"algorithms\": [\"ADAM\"],"),
          "optimisation.algorithms[0]: expected \"GA\" or \"SGA\", got \"ADAM\""},
      {opt.replace("\"n\": 8,", "\"n\": 8, \"algorithms\": [\"GA\"],"),
          "optimisation.sgaSteps: not used: SGA does not run"},
      {opt.replace("\"n\": 8,", "\"n\": 8, \"gaStepRule\": \"fast\","),
          "optimisation.gaStepRule: expected \"auto\" or a number > 0, got \"fast\""},
      {opt.replace("\"n\": 8,", "\"n\": 8, \"gaStepRule\": 0,"),
          "optimisation.gaStepRule: must be positive and finite, got 0"},
      {opt.replace("\"n\": 8,", "\"n\": 8, \"algorithms\": [\"SGA\"], \"gaStepRule\": 0.1,")
          .replace("\"gaSteps\": [1, 2], ", ""),
          "optimisation.gaStepRule: not used: GA does not run"},
      {opt.replace("\"n\": 8,", "\"n\": 8, \"selection\": \"LAST\","), "optimisation.selection: unknown field"},
      {OK.replace("}}", "}, \"coverage\": {\"prompts\": 50, \"dim\": 2, \"dims\": [2],"
          + " \"n\": [4, 8], \"replicates\": 2}}"), "coverage.dim: unknown field"},
    };
    for (String[] c : cases) {
      refused(c[0], c[1]);
    }
  }
}
