package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce --config FILE} on the command line: bad files and conflicting options exit 2
 * with one line naming the file and the field or option, and the shipped presets are valid
 * against the configuration's JSON Schema (which rejects what the reader rejects).
 */
class ReproduceConfigCommandTest {
  private static final String OK =
      "{\"format\": \"rlhf-bounds.reproduce-config/1\", \"name\": \"t\", \"seed\": 5,"
          + " \"resamples\": 200, \"tightness\": {\"gaSteps\": 20, \"sgaSteps\": 50}}";

  private static String preset(String name) throws IOException {
    try (InputStream in =
        ReproduceConfigCommandTest.class.getResourceAsStream(
            "/org/rlhfbounds/report/presets/" + name + ".json")) {
      assertTrue(in != null, name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theShippedPresetsFollowTheSchema() throws IOException {
    for (String name : new String[] {"quick", "full"}) {
      assertEquals(java.util.Set.of(), SchemaAssert.errors("reproduce-config", preset(name)));
    }
    assertEquals(java.util.Set.of(), SchemaAssert.errors("reproduce-config", OK));
    assertFalse(SchemaAssert.errors("reproduce-config", OK.replace("\"name\"", "\"nmae\"")).isEmpty());
    assertFalse(SchemaAssert.errors("reproduce-config", OK.replace("\"gaSteps\": 20", "\"gaSteps\": 0")).isEmpty());
    assertFalse(SchemaAssert.errors("reproduce-config", OK.replace("\"gaSteps\": 20", "\"gaSteps\": \"20\"")).isEmpty());
    String gap = OK.replace("\"tightness\"",
        "\"gap\": {\"prompts\": 40, \"dim\": 2, \"n\": [4, 8], \"replicates\": 2}, \"tightness\"");
    assertEquals(java.util.Set.of(), SchemaAssert.errors("reproduce-config", gap));
    assertEquals(java.util.Set.of(), SchemaAssert.errors("reproduce-config",
        gap.replace("\"prompts\": 40, \"dim\": 2,", "\"instance\": \"i.json\",")
            .replace("\"sgaSteps\": 50", "\"sgaSteps\": 50, \"delta\": 0.2, \"seed\": 3")));
    for (String bad : new String[] {
        gap.replace("\"prompts\": 40,", "\"instance\": \"i.json\", \"prompts\": 40,"),
        gap.replace("\"prompts\": 40,", "\"family\": \"CUBE\", \"prompts\": 40,"),
        gap.replace("\"prompts\": 40,", "\"beta\": 0, \"prompts\": 40,"),
        gap.replace("\"prompts\": 40,", "\"delta\": 0.1, \"prompts\": 40,"),
        gap.replace("\"prompts\": 40, \"dim\": 2,", "\"prompts\": 40,"),
        gap.replace("\"sgaSteps\": 50", "\"sgaSteps\": 50, \"delta\": 1"),
        gap.replace("\"resamples\"", "\"sections\": [\"gap\", \"gap\"], \"resamples\""),
        gap.replace("\"resamples\"", "\"sections\": [\"gaps\"], \"resamples\"")}) {
      assertFalse(SchemaAssert.errors("reproduce-config", bad).isEmpty(), bad);
    }
  }

  /**
   * Every field of {@code given} is in {@code recorded} with the same value (numbers compared as
   * numbers); the record may spell out more (the defaults).
   *
   * @param given the configuration as written
   * @param recorded the configuration the report records
   * @param path where in the configuration (for messages)
   */
  static void assertGiven(JsonNode given, JsonNode recorded, String path) {
    assertTrue(recorded != null, path + " is not recorded");
    if (given.isObject()) {
      given.properties().forEach(
          f -> assertGiven(f.getValue(), recorded.get(f.getKey()), path + "." + f.getKey()));
    } else if (given.isNumber()) {
      assertEquals(given.asDouble(), recorded.asDouble(), path);
    } else {
      assertEquals(given, recorded, path);
    }
  }

  @Test
  void badFilesAndConflictingOptionsExitWithOneLine(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, OK.replace("\"gaSteps\": 20", "\"gaSteps\": -3"));
    MainTest.Run r = MainTest.run("reproduce", "--config", bad.toString(), "--out",
        dir.resolve("o1").toString());
    assertEquals(ExitCode.BAD_INPUT, r.code, r.err);
    assertEquals(1, r.err.strip().lines().count(), r.err);
    assertTrue(r.err.contains(bad + ": tightness.gaSteps: must lie in [1, 10000000], got -3"), r.err);
    assertFalse(Files.exists(dir.resolve("o1")), "nothing is written, not even the folder");

    Path good = dir.resolve("good.json");
    Files.writeString(good, OK);
    r = MainTest.run("reproduce", "--config", good.toString(), "--quick", "--out",
        dir.resolve("o2").toString());
    assertEquals(ExitCode.BAD_INPUT, r.code, r.err);
    assertTrue(r.err.contains("--quick"), r.err);
    r = MainTest.run("reproduce", "--config", good.toString(), "--seed", "3", "--out",
        dir.resolve("o3").toString());
    assertEquals(ExitCode.BAD_INPUT, r.code, r.err);
    assertTrue(r.err.contains("--seed") && r.err.contains("\"seed\": 5"), r.err);
    r = MainTest.run("reproduce", "--config", dir.resolve("missing.json").toString(), "--out",
        dir.resolve("o4").toString());
    assertEquals(ExitCode.BAD_INPUT, r.code, r.err);
    assertTrue(r.err.contains("missing.json"), r.err);
  }

  @Test
  void aConfigRunsAndTheReportRecordsIt(@TempDir Path dir) throws IOException {
    Path good = dir.resolve("good.json");
    Files.writeString(good, OK);
    Path out = dir.resolve("out");
    MainTest.Run r = MainTest.run("reproduce", "--config", good.toString(), "--out",
        out.toString(), "--threads", "2");
    assertEquals(ExitCode.OK, r.code, r.err);
    String json = Files.readString(out.resolve("report.json"));
    SchemaAssert.valid("report", json);
    JsonNode report = new ObjectMapper().readTree(json);
    JsonNode recorded = report.get("run").get("configuration");
    assertEquals(good.toString(), recorded.get("source").asText());
    assertGiven(new ObjectMapper().readTree(OK), recorded.get("config"), "config");
    assertEquals(0.05, recorded.get("config").get("tightness").get("delta").asDouble(),
        "the default delta is spelled out");
    assertEquals(java.util.Set.of(),
        SchemaAssert.errors("reproduce-config", recorded.get("config").toString()));
    assertEquals(5, report.get("settings").get("seed").asInt());
    assertEquals("t", report.get("settings").get("configuration").asText());
    String md = Files.readString(out.resolve("report.md"));
    assertTrue(md.contains("Configuration (" + good + "):"), md);
  }
}
