package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rlhf-bounds plan}: output against its schema, determinism, and bad input. */
class PlanCommandTest {
  private static String instance(Path dir) {
    MainTest.Run g =
        MainTest.run("generate", "--family", "sphere", "--prompts", "40", "--candidates", "5",
            "--dim", "3", "--beta", "0.5", "--seed", "5", "--out", dir.resolve("i").toString());
    assertEquals(ExitCode.OK, g.code, g.err);
    return dir.resolve("i/instance.json").toString();
  }

  @Test
  void everyAlgorithmAndQuantityPrintsValidDeterministicJson(@TempDir Path dir) throws IOException {
    String inst = instance(dir);
    for (String alg : new String[] {"ga", "sga", "optimum"}) {
      for (String q : new String[] {"gap", "excess", "optimisation"}) {
        String[] args = alg.equals("sga")
            ? new String[] {"plan", "--instance", inst, "--epsilon", "0.3", "--algorithm", alg,
                "--quantity", q, "--max-steps", "256"}
            : new String[] {"plan", "--instance", inst, "--epsilon", "0.3", "--algorithm", alg,
                "--quantity", q};
        MainTest.Run r = MainTest.run(args);
        assertEquals(ExitCode.OK, r.code, alg + " " + q + ": " + r.err);
        SchemaAssert.valid("plan", r.out);
        assertEquals(r.out, MainTest.run(args).out, "deterministic");
        JsonNode j = new ObjectMapper().readTree(r.out);
        if (j.get("reachable").asBoolean()) {
          double v = j.get("plan").get("value").asDouble();
          assertTrue(v <= 0.3, r.out);
          for (JsonNode p : j.get("predecessors")) {
            assertTrue(p.get("value").isNull() || p.get("value").asDouble() > 0.3, r.out);
          }
        } else {
          assertTrue(j.get("plan").isNull() && j.get("reason").isTextual(), r.out);
        }
      }
    }
  }

  @Test
  void badInputIsOneLineAndExitTwo(@TempDir Path dir) {
    String inst = instance(dir);
    String[][] bad = {
      {"plan", "--instance", inst, "--epsilon", "0.1", "--algorithm", "adam"},
      {"plan", "--instance", inst, "--epsilon", "0", "--algorithm", "ga"},
      {"plan", "--instance", inst, "--epsilon", "0.1", "--algorithm", "ga", "--quantity", "loss"},
      {"plan", "--instance", inst, "--epsilon", "0.1", "--algorithm", "optimum", "--max-steps", "3"},
      {"plan", "--instance", inst, "--epsilon", "0.1", "--algorithm", "sga", "--max-steps", "99999999"},
      {"plan", "--instance", inst, "--epsilon", "0.1", "--algorithm", "ga", "--delta", "1"},
    };
    for (String[] a : bad) {
      MainTest.Run r = MainTest.run(a);
      assertEquals(ExitCode.BAD_INPUT, r.code, String.join(" ", a) + ": " + r.err);
      assertEquals(1, r.err.strip().split("\n").length, r.err);
      assertFalse(r.out.contains("schema"), r.out);
    }
  }
}
