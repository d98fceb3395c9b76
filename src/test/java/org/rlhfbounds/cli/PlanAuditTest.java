package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.bounds.PlanConstants;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.io.ExportFiles;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.VectorFile;

/**
 * {@code plan --audit}: an audit of every prompt of a generated instance whose prompt distribution
 * is uniform over its prompts records the population's planning constants, so planning from the
 * audit gives byte for byte the plan of {@code plan --instance}; the audit's planning table is that
 * plan; an audit without the reward model plans nothing and names why; bad files and a wrong
 * choice of source are one-line errors.
 */
class PlanAuditTest {
  @TempDir Path dir;

  private Instance inst;
  private Path npy;
  private Path offsets;
  private Path theta;
  private Path wRef;

  /**
   * Exports a generated instance of the deficient family (features of rank 2 in dimension 3): its
   * population leaves a direction uncovered in which the start {@code w_ref - w*} has a part, so
   * the start constants {@code D0 = ||w_ref - w*||} and {@code D_perp = ||P_R(w_ref - w*)||}
   * differ and a swap of the two between the audit's record and the plan shows (on a fully covered
   * population they are equal and no comparison could see it).
   */
  @BeforeEach
  void exportThePopulation() throws IOException {
    MainTest.Run g =
        MainTest.run("generate", "--family", "deficient", "--param", "2", "--prompts", "30",
            "--candidates", "4", "--dim", "3", "--beta", "0.5", "--seed", "5", "--out",
            dir.toString());
    assertEquals(ExitCode.OK, g.code, g.err);
    SchemaAssert.valid("generate", g.out);
    inst = InstanceFile.read(dir.resolve("instance.json"));
    FiniteDistribution pop = inst.finiteDistribution();
    assertNotNull(pop);
    for (int i = 0; i < pop.prompts().size(); i++) {
      assertEquals(pop.weight(0), pop.weight(i), "the generated distribution is uniform");
    }
    Features f = pop.prompts();
    npy = dir.resolve("export-features.npy");
    Files.write(npy, ExportFiles.npy("<f8", false, f.data(), f.rows(), f.dim()));
    int[] off = f.offsets();
    double[] o = new double[off.length];
    for (int i = 0; i < off.length; i++) {
      o[i] = off[i];
    }
    offsets = dir.resolve("export-offsets.npy");
    Files.write(offsets, ExportFiles.npy("<i8", false, o, o.length));
    theta = dir.resolve("theta.npy");
    Files.write(theta, ExportFiles.npy("<f8", false, inst.theta(), inst.dim()));
    wRef = dir.resolve("wref.json");
    VectorFile.write(wRef, inst.wRef());
  }

  private Path audit(String name, boolean model) throws IOException {
    Path out = dir.resolve(name);
    MainTest.Run r =
        model
            ? MainTest.run("audit", "--features", npy.toString(), "--offsets", offsets.toString(),
                "--theta", theta.toString(), "--beta", Double.toString(inst.beta()), "--w-ref",
                wRef.toString(), "--feature-bound", Double.toString(inst.featureBound()),
                "--out", out.toString())
            : MainTest.run("audit", "--features", npy.toString(), "--offsets", offsets.toString(),
                "--out", out.toString());
    assertEquals(ExitCode.OK, r.code, r.err);
    SchemaAssert.valid("audit", Files.readString(out.resolve("audit.json")));
    return out.resolve("audit.json");
  }

  private static ObjectNode plan(String... args) throws IOException {
    MainTest.Run r = MainTest.run(args);
    assertEquals(ExitCode.OK, r.code, r.err);
    SchemaAssert.valid("plan", r.out);
    return (ObjectNode) new ObjectMapper().readTree(r.out);
  }

  @Test
  void planFromTheAuditIsThePlanOfTheInstance() throws IOException {
    String a = audit("a", true).toString();
    String i = dir.resolve("instance.json").toString();
    // the start constants are recorded under their own names, and they differ on this population
    JsonNode c = new ObjectMapper().readTree(Files.readString(Path.of(a))).get("planning")
        .get("constants");
    PlanConstants.Values v = PlanConstants.of(inst).values();
    assertEquals(v.d0(), c.get("d0").asDouble(), 0, c.toString());
    assertEquals(v.dPerp(), c.get("dPerp").asDouble(), 0, c.toString());
    assertEquals(v.pKernel(), c.get("pKernel").asDouble(), 0, c.toString());
    assertTrue(v.dPerp() < v.d0() && v.pKernel() > 0,
        () -> "D_perp = D0: a swap of the two would not show " + c);
    for (String alg : new String[] {"ga", "optimum", "sga"}) {
      for (String q : new String[] {"gap", "excess"}) {
        String[] tail = alg.equals("sga")
            ? new String[] {"--epsilon", "0.3", "--algorithm", alg, "--quantity", q, "--max-steps", "256"}
            : new String[] {"--epsilon", "0.3", "--algorithm", alg, "--quantity", q};
        ObjectNode fromAudit = plan(concat(new String[] {"plan", "--audit", a}, tail));
        ObjectNode fromInstance = plan(concat(new String[] {"plan", "--instance", i}, tail));
        assertEquals(a, fromAudit.remove("audit").asText());
        assertEquals(i, fromInstance.remove("instance").asText());
        assertEquals(fromInstance, fromAudit, alg + " " + q);
      }
    }
  }

  @Test
  void theAuditsPlanningTableIsThePlanOfItsConstants() throws IOException {
    Path a = audit("a", true);
    JsonNode planning = new ObjectMapper().readTree(Files.readString(a)).get("planning");
    assertEquals(6, planning.get("table").size());
    for (JsonNode row : planning.get("table")) {
      ObjectNode p = plan("plan", "--audit", a.toString(), "--epsilon",
          row.get("epsilon").asText(), "--algorithm", row.get("algorithm").asText(), "--delta",
          planning.get("delta").asText());
      assertEquals(p.get("reachable"), row.get("reachable"), row.toString());
      if (row.get("reachable").asBoolean()) {
        assertEquals(p.get("plan").get("n"), row.get("n"), row.toString());
        assertEquals(p.get("plan").get("steps"), row.get("steps"), row.toString());
        assertEquals(p.get("plan").get("theorem"), row.get("theorem"), row.toString());
      } else {
        assertEquals(p.get("reason"), row.get("reason"), row.toString());
        assertTrue(row.get("n").isNull() && row.get("value").isNull(), row.toString());
      }
    }
    String md = Files.readString(a.resolveSibling("audit.md"));
    assertTrue(md.contains("## Planning"), md);
  }

  @Test
  void anAuditWithoutTheModelPlansNothingAndSaysWhy() throws IOException {
    Path a = audit("plain", false);
    assertTrue(new ObjectMapper().readTree(Files.readString(a)).get("planning").isNull());
    ObjectNode p = plan("plan", "--audit", a.toString(), "--epsilon", "0.1", "--algorithm", "ga");
    assertFalse(p.get("reachable").asBoolean());
    assertTrue(p.get("plan").isNull() && p.get("population").isNull(), p.toString());
    assertTrue(p.get("reason").asText().contains("theta*"), p.toString());
  }

  @Test
  void badSourcesAreOneLineErrors() throws IOException {
    Path a = audit("a", true);
    String i = dir.resolve("instance.json").toString();
    MainTest.badInput(
        MainTest.run("plan", "--epsilon", "0.1", "--algorithm", "ga"),
        "exactly one of --instance FILE and --audit FILE", "neither");
    MainTest.badInput(
        MainTest.run("plan", "--instance", i, "--audit", a.toString(), "--epsilon", "0.1",
            "--algorithm", "ga"),
        "exactly one of --instance FILE and --audit FILE", "both");
    String text = Files.readString(a);
    Path wrongSchema = dir.resolve("wrong-schema.json");
    Files.writeString(wrongSchema, text.replace("urn:rlhf-bounds:schema:audit:1", "urn:x"));
    Path noVersion = dir.resolve("no-version.json");
    Files.writeString(noVersion, text.replaceFirst("\"version\" *: *\"[^\"]*\"", "\"version\": 3"));
    Path badConstant = dir.resolve("bad-constant.json");
    Files.writeString(badConstant, text.replaceFirst("\"promptCeiling\" *: *[0-9.eE+-]+", "\"promptCeiling\": -1.5"));
    Path missing = dir.resolve("missing.json");
    Files.writeString(missing, text.replace("\"smoothness\"", "\"smooth\""));
    Path notJson = dir.resolve("not.json");
    Files.writeString(notJson, "{");
    Object[][] cases = {
      {wrongSchema, new String[] {"--audit", "wrong-schema.json", "schema", "urn:x"}},
      {noVersion, new String[] {"--audit", "no-version.json", "version", "3"}},
      {badConstant, new String[] {"--audit", "bad-constant.json", "promptCeiling", "-1.5"}},
      {missing, new String[] {"--audit", "missing.json", "smoothness", "null"}},
      {notJson, new String[] {"--audit", "not.json"}},
    };
    for (Object[] c : cases) {
      MainTest.badInput(
          MainTest.run("plan", "--audit", c[0].toString(), "--epsilon", "0.1", "--algorithm", "ga"),
          (String[]) c[1]);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
