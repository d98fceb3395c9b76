package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train and stability commands: output fields, determinism, exit codes. */
class TrainStabilityCommandTest {
  @TempDir Path dir;
  private String inst;
  private String sample;

  @BeforeEach
  void generate() {
    MainTest.generateSmall(dir, 60, 20);
    inst = dir.resolve("instance.json").toString();
    sample = dir.resolve("sample.json").toString();
  }

  @Test
  void gaPrintsTheRequiredFieldsAndTheTrajectoryIsMonotone() throws IOException {
    MainTest.Run r =
        MainTest.run("train", "--instance", inst, "--sample", sample, "--algorithm", "ga",
            "--steps", "40", "--record-every", "10");
    assertEquals(ExitCode.OK, r.code, r.err);
    JsonNode j = r.json();
    for (String k : new String[] {"final", "selected", "gradientNorms", "empiricalObjective", "cost"}) {
      assertTrue(j.has(k), k);
    }
    JsonNode sel = j.get("selected");
    for (String k : new String[] {"last", "bestGradient", "average"}) {
      assertTrue(sel.has(k), k);
      assertTrue(sel.get(k).has("generalizationGap"), k);
      assertTrue(sel.get(k).has("excessRisk"), k);
    }
    assertTrue(sel.get("bestGradient").has("index"));
    assertTrue(sel.get("bestGradient").has("w"));
    JsonNode obj = j.get("empiricalObjective");
    assertEquals(41, obj.size());
    for (int t = 1; t < obj.size(); t++) {
      // eta = 1/L: the descent lemma makes F_S non-decreasing along GA
      assertTrue(obj.get(t).asDouble() >= obj.get(t - 1).asDouble() - 1e-12, "step " + t);
    }
  }

  @Test
  void sgaWithAnOrderFileIsDeterministic() throws IOException {
    Path order = dir.resolve("order.json");
    Files.writeString(order, "{\"order\": [0, 3, 3, 19, 7, 2]}");
    String[] args = {"train", "--instance", inst, "--sample", sample, "--algorithm", "sga",
        "--order", order.toString()};
    MainTest.Run a = MainTest.run(args);
    MainTest.Run b = MainTest.run(args);
    assertEquals(ExitCode.OK, a.code, a.err);
    assertEquals(a.out, b.out);
    assertEquals(7, a.json().get("gradientNorms").size());
  }

  @Test
  void badInputIsExitTwoWithOneLine() throws IOException {
    MainTest.badInput(
        MainTest.run("train", "--instance", inst, "--sample", sample, "--algorithm", "newton",
            "--steps", "3"),
        "--algorithm", "newton");
    MainTest.badInput(
        MainTest.run("train", "--instance", inst, "--sample", sample, "--algorithm", "ga",
            "--steps", "3", "--eta", "-1"),
        "--eta");
    Path order = dir.resolve("bad-order.json");
    Files.writeString(order, "{\"order\": [0, 20]}");
    MainTest.badInput(
        MainTest.run("train", "--instance", inst, "--sample", sample, "--algorithm", "sga",
            "--order", order.toString()),
        "bad-order.json", "order[1]", "20");
    MainTest.badInput(
        MainTest.run("stability", "--instance", inst, "--n", "10", "--algorithm", "ga",
            "--replicates", "1"),
        "--replicates");
  }

  @Test
  void stabilityReportsStabilityGapAndCompute() throws IOException {
    String[] args = {"stability", "--instance", inst, "--n", "12", "--algorithm", "ga",
        "--steps", "20", "--replicates", "3", "--positions", "4", "--seed", "3"};
    MainTest.Run r = MainTest.run(args);
    assertEquals(ExitCode.OK, r.code, r.err);
    JsonNode j = r.json();
    assertTrue(j.has("argumentStability"));
    assertTrue(j.has("lossStability"));
    assertTrue(j.has("expectedGeneralizationGap"));
    double measured = j.get("argumentStability").get("max").asDouble();
    JsonNode bound = j.get("argumentStabilityBound");
    assertTrue(bound.get("applicable").asBoolean());
    assertTrue(measured <= bound.get("value").asDouble());
    String again = MainTest.run(args).out;
    assertEquals(r.out, again);
  }

  @Test
  void boundListsEveryTheoremAndDeterministicBoundsHold() throws IOException {
    for (String alg : new String[] {"ga", "sga"}) {
      MainTest.Run r =
          MainTest.run("bound", "--instance", inst, "--sample", sample, "--algorithm", alg,
              "--steps", "30", "--delta", "0.05");
      assertEquals(ExitCode.OK, r.code, r.err);
      JsonNode list = r.json().get("theorems");
      assertTrue(list.size() >= 8, alg);
      for (JsonNode t : list) {
        for (String k : new String[] {"id", "applicable", "measured", "ratio", "assumptions", "constants"}) {
          assertTrue(t.has(k), t.get("id") + " lacks " + k);
        }
        boolean applicable = t.get("applicable").asBoolean();
        assertEquals(applicable, t.has("value"), "value only when applicable: " + t.get("key"));
        for (JsonNode a : t.get("assumptions")) {
          assertTrue(a.has("holds"), t.get("key") + " assumption lacks holds");
          if (!a.get("holds").asBoolean()) {
            assertTrue(!applicable, t.get("key") + " applicable with a failed assumption");
          }
        }
        if (applicable
            && t.get("qualifier").asText().equals("deterministic")
            && t.get("measured").isNumber()) {
          double err = t.has("measuredError") ? t.get("measuredError").asDouble() : 0;
          assertTrue(t.get("value").asDouble() >= t.get("measured").asDouble() - err, t.toString());
        }
      }
    }
    MainTest.badInput(
        MainTest.run("bound", "--instance", inst, "--sample", sample, "--algorithm", "ga",
            "--steps", "3", "--delta", "1.5"),
        "--delta");
  }
}
