package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.io.FormatException;

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
        assertThrows(FormatException.class, () -> ReproduceConfig.parse(text, "mine.json"));
    assertTrue(e.getMessage().startsWith("mine.json: "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage() + " should contain " + message);
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    List<String[]> cases =
        List.of(
            new String[] {OK.replace("\"name\"", "\"nmae\""), "nmae: unknown field"},
            new String[] {OK.replace("\"replicates\": 8", "\"replicates\": 8, \"beta\": 1"),
                "gap.beta: unknown field"},
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
}
