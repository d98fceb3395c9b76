package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rlhf-bounds generate --preferences} and {@code rlhf-bounds preferences}: outputs validate
 * against their schemas, wDpo is w_ref + thetaHat / beta, the runs are deterministic, and bad input
 * is one line naming the option or the file's field.
 */
class PreferencesCommandTest {
  @TempDir static Path dir;
  private static String inst;
  private static String prefs;

  @BeforeAll
  static void generate() {
    MainTest.Run g =
        MainTest.run("generate", "--family", "sphere", "--prompts", "30", "--candidates", "4",
            "--dim", "3", "--beta", "0.5", "--seed", "5", "--preferences", "300",
            "--preferences-seed", "8", "--out", dir.resolve("a").toString());
    assertEquals(ExitCode.OK, g.code, g.err);
    SchemaAssert.valid("generate", g.out);
    inst = dir.resolve("a/instance.json").toString();
    prefs = dir.resolve("a/preferences.json").toString();
    assertTrue(Files.isRegularFile(Path.of(prefs)));
  }

  private static MainTest.Run ok(String... args) {
    MainTest.Run r = MainTest.run(args);
    assertEquals(ExitCode.OK, r.code, String.join(" ", args) + ": " + r.err);
    return r;
  }

  @Test
  void everyAlgorithmValidatesAndWDpoIsTheBoltzmannPolicyOfThetaHat() throws IOException {
    JsonNode instance = new ObjectMapper().readTree(Files.readString(Path.of(inst)));
    double beta = instance.get("beta").asDouble();
    for (String[] more : new String[][] {
        {"--algorithm", "mle"},
        {"--algorithm", "dpo-ga", "--steps", "200"},
        {"--algorithm", "dpo-sga", "--steps", "500", "--seed", "3", "--delta", "0.1"}}) {
      java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(
          "preferences", "--instance", inst, "--preferences", prefs, "--lambda", "0.1"));
      a.addAll(java.util.List.of(more));
      String out = ok(a.toArray(new String[0])).out;
      SchemaAssert.valid("preferences", out);
      JsonNode r = new ObjectMapper().readTree(out);
      JsonNode th = r.get("thetaHat");
      JsonNode w = r.get("wDpo");
      JsonNode ref = instance.get("wRef");
      for (int j = 0; j < th.size(); j++) {
        assertEquals(ref.get(j).asDouble() + th.get(j).asDouble() / beta, w.get(j).asDouble(),
            1e-12, "wDpo[" + j + "]");
      }
      boolean stab = false;
      for (JsonNode t : r.get("theorems")) {
        if (t.get("id").asText().equals("T-PREF-STAB")) {
          assertTrue(t.get("applicable").asBoolean(), t.toString());
          stab = true;
        } else {
          assertFalse(t.get("applicable").asBoolean(), t.toString());
        }
      }
      assertTrue(stab);
      if (more[1].equals("mle")) {
        assertTrue(r.get("certificate").get("thetaRadius").asDouble() < 1e-10, out);
      }
    }
  }

  @Test
  void sameInputsSameBytes() {
    String[] args = {"preferences", "--instance", inst, "--preferences", prefs, "--lambda", "0.3",
        "--algorithm", "dpo-sga", "--steps", "300", "--seed", "9"};
    assertEquals(ok(args).out, ok(args).out);
  }

  @Test
  void schemaIsStrict() throws IOException {
    String out = ok("preferences", "--instance", inst, "--preferences", prefs, "--lambda", "1").out;
    ObjectMapper m = new ObjectMapper();
    ObjectNode extra = (ObjectNode) m.readTree(out);
    extra.put("unknown", 1);
    assertFalse(SchemaAssert.errors("preferences", extra.toString()).isEmpty());
    ObjectNode missing = (ObjectNode) m.readTree(out);
    missing.remove("certificate");
    assertFalse(SchemaAssert.errors("preferences", missing.toString()).isEmpty());
  }

  @Test
  void badInputIsOneLine() throws IOException {
    MainTest.badInput(
        MainTest.run("preferences", "--instance", inst, "--preferences", prefs, "--lambda", "0"),
        "--lambda");
    MainTest.badInput(
        MainTest.run("preferences", "--instance", inst, "--preferences", prefs, "--lambda", "1",
            "--algorithm", "newton"),
        "--algorithm", "newton");
    MainTest.badInput(
        MainTest.run("preferences", "--instance", inst, "--preferences", prefs, "--lambda", "1",
            "--steps", "5"),
        "--steps", "does not apply");
    MainTest.badInput(
        MainTest.run("preferences", "--instance", inst, "--preferences", prefs, "--lambda", "1",
            "--algorithm", "dpo-ga"),
        "--steps", "missing");
    Path bad = Files.writeString(dir.resolve("bad.json"),
        "{\"format\": \"rlhf-bounds.preferences/1\", \"prompt\": [0, 1], \"first\": [0, 9],"
            + " \"second\": [1, 0], \"label\": [1, 0]}");
    MainTest.badInput(
        MainTest.run("preferences", "--instance", inst, "--preferences", bad.toString(),
            "--lambda", "1"),
        bad.toString(), "first[1]", "9");
    MainTest.badInput(
        MainTest.run("generate", "--family", "sphere", "--prompts", "3", "--candidates", "3",
            "--dim", "2", "--beta", "1", "--seed", "1", "--preferences", "5", "--out",
            dir.resolve("c").toString()),
        "--preferences", "--preferences-seed");
  }
}
