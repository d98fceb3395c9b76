package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.bounds.Bounds;
import org.rlhfbounds.bounds.Measured;
import org.rlhfbounds.bounds.TheoremRegistry;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.ExportFiles;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.model.io.SampleFile;
import org.rlhfbounds.model.io.VectorFile;

/**
 * {@code rlhf-bounds audit} with the reward model: the theorems on a generated instance's sample
 * exported to {@code .npy} are those of the library's one entry point ({@link Bounds#context},
 * population unknown) on the instance itself, never below those of {@code bound} (which knows the
 * population), and every bad model option exits 2 with one line naming it.
 */
class AuditTheoremsTest {
  @TempDir Path dir;

  private Instance inst;
  private Sample sample;
  private Path npy;
  private Path offsets;
  private Path theta;
  private Path wRef;

  private static MainTest.Run run(String... args) {
    return MainTest.run(args);
  }

  @BeforeEach
  void export() throws IOException {
    MainTest.generateSmall(dir, 60, 20);
    inst = InstanceFile.read(dir.resolve("instance.json"));
    FiniteDistribution pop = inst.finiteDistribution();
    assertNotNull(pop);
    sample = SampleFile.read(dir.resolve("sample.json"), pop);
    Features f = sample.prompts();
    npy = dir.resolve("sample-features.npy");
    Files.write(npy, ExportFiles.npy("<f8", false, f.data(), f.rows(), f.dim()));
    int[] off = f.offsets();
    double[] o = new double[off.length];
    for (int i = 0; i < off.length; i++) {
      o[i] = off[i];
    }
    offsets = dir.resolve("sample-offsets.npy");
    Files.write(offsets, ExportFiles.npy("<i8", false, o, o.length));
    theta = dir.resolve("theta.npy");
    Files.write(theta, ExportFiles.npy("<f8", false, inst.theta(), inst.dim()));
    wRef = dir.resolve("wref.json");
    VectorFile.write(wRef, inst.wRef());
  }

  private List<String> modelArgs(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("audit", "--features", npy.toString(), "--offsets",
        offsets.toString(), "--theta", theta.toString(), "--beta", Double.toString(inst.beta()),
        "--w-ref", wRef.toString(), "--feature-bound", Double.toString(inst.featureBound()),
        "--out", out.toString()));
    a.addAll(List.of(more));
    return a;
  }

  private JsonNode audit(Path out, String... more) throws IOException {
    MainTest.Run r = run(modelArgs(out, more).toArray(new String[0]));
    assertEquals(0, r.code, r.err);
    String text = Files.readString(out.resolve("audit.json"));
    SchemaAssert.valid("audit", text);
    return new ObjectMapper().readTree(text);
  }

  private static Map<String, JsonNode> byKey(JsonNode theorems) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (JsonNode t : theorems) {
      m.put(t.has("key") ? t.get("key").asText() : t.get("id").asText() + "(none)", t);
    }
    return m;
  }

  @Test
  void theoremsAreTheLibrarysOnTheSameInputs() throws IOException {
    for (String alg : new String[] {"ga", "sga"}) {
      Path out = dir.resolve("a-" + alg);
      JsonNode a = audit(out, "--steps", "40", "--delta", "0.01", "--algorithm", alg);
      Bounds.Run run =
          alg.equals("ga")
              ? Bounds.Run.ga(40, 0.01, inst.wRef(), null)
              : Bounds.Run.sga(40, 0.01, inst.wRef(), null);
      // through text, as the audit's JSON is read
      JsonNode expected =
          new ObjectMapper().readTree(Json.toText(Json.tree(Bounds.toJson(TheoremRegistry.evaluate(
              Bounds.context(inst, sample, false, run, Measured.none())))))).get("theorems");
      Map<String, JsonNode> got = byKey(a.get("theorems"));
      int applicable = 0;
      for (JsonNode e : expected) {
        assertEquals(e, got.get(e.get("key").asText()), alg + " " + e.get("key"));
        applicable += e.get("applicable").asBoolean() ? 1 : 0;
      }
      assertTrue(applicable >= 2, alg + ": only " + applicable + " applicable");
      // every registered theorem is listed, those without a result with the reason
      List<String> ids = new ArrayList<>();
      for (JsonNode t : a.get("theorems")) {
        if (!ids.contains(t.get("id").asText())) {
          ids.add(t.get("id").asText());
        }
        if (!t.get("applicable").asBoolean()) {
          boolean failed = false;
          for (JsonNode as : t.get("assumptions")) {
            failed |= !as.get("holds").asBoolean();
          }
          assertTrue(failed, "not applicable without a failed assumption: " + t);
        }
      }
      assertEquals(TheoremRegistry.ALL.size(), ids.size(), ids.toString());
      String md = Files.readString(out.resolve("audit.md"));
      assertTrue(md.contains("| theorem | part | kind | applicable | value | failed assumption |"), md);
      assertTrue(md.contains("| Sigma_S(w*) |"), md);
    }
  }

  @Test
  void theAuditNeverBoundsBelowTheBoundCommand() throws IOException {
    JsonNode a = audit(dir.resolve("a"), "--steps", "40");
    MainTest.Run b = run("bound", "--instance", dir.resolve("instance.json").toString(), "--sample",
        dir.resolve("sample.json").toString(), "--algorithm", "ga", "--steps", "40");
    assertEquals(0, b.code, b.err);
    JsonNode bound = new ObjectMapper().readTree(b.out).get("theorems");
    Map<String, JsonNode> got = byKey(a.get("theorems"));
    int compared = 0;
    for (JsonNode e : bound) {
      JsonNode t = got.get(e.get("key").asText());
      if (t == null || !t.get("applicable").asBoolean()) {
        continue;
      }
      // the audit knows less (diam = 2B, no eps_n, kappa_u = 0): never a smaller bound
      assertTrue(e.get("applicable").asBoolean(), "applicable only in the audit: " + t);
      assertTrue(t.get("value").asDouble() >= e.get("value").asDouble(),
          e.get("key") + ": audit " + t.get("value") + " < bound " + e.get("value"));
      compared++;
    }
    assertTrue(compared >= 2, "compared " + compared);
  }

  @Test
  void epsNIsHeldOutAndThreadIndependent() throws IOException {
    JsonNode one = audit(dir.resolve("t1"), "--threads", "1", "--n", "12", "--seed", "3");
    audit(dir.resolve("t3"), "--threads", "3", "--n", "12", "--seed", "3");
    assertEquals(Files.readString(dir.resolve("t1/audit.json")), Files.readString(dir.resolve("t3/audit.json")));
    assertEquals(Files.readString(dir.resolve("t1/audit.md")), Files.readString(dir.resolve("t3/audit.md")));
    JsonNode e = one.get("epsN");
    assertEquals(12, e.get("trainingPrompts").asInt());
    assertEquals(sample.size() - 12, e.get("heldOutPrompts").asInt());
    double est = e.get("estimate").asDouble();
    assertTrue(e.get("low").asDouble() <= est && est <= e.get("high").asDouble(), e.toString());
    assertEquals(0.95, e.get("confidence").asDouble(), 1e-15);
    JsonNode all = audit(dir.resolve("all"));
    assertEquals(sample.size() / 2, all.get("epsN").get("trainingPrompts").asInt());
    assertEquals(sample.size(), all.get("model").get("n").asInt());
  }

  @Test
  void withoutTheModelEveryTheoremSaysWhatIsMissing() throws IOException {
    Path out = dir.resolve("plain");
    MainTest.Run r = run("audit", "--features", npy.toString(), "--offsets", offsets.toString(), "--out", out.toString());
    assertEquals(0, r.code, r.err);
    String text = Files.readString(out.resolve("audit.json"));
    SchemaAssert.valid("audit", text);
    JsonNode j = new ObjectMapper().readTree(text);
    assertTrue(j.get("model").isNull());
    assertTrue(j.get("coverageAt").isNull());
    assertEquals(TheoremRegistry.ALL.size(), j.get("theorems").size());
    for (JsonNode t : j.get("theorems")) {
      assertFalse(t.get("applicable").asBoolean());
      assertTrue(t.get("assumptions").get(0).get("detail").asText().contains("--theta FILE and --beta"), t.toString());
    }
  }

  @Test
  void badModelOptionsExitTwoWithOneLineAndNoReport() throws IOException {
    Path longTheta = dir.resolve("long.npy");
    Files.write(longTheta, ExportFiles.npy("<f8", false, new double[] {1, 2, 3, 4}, 4));
    Path nanTheta = dir.resolve("nan.npy");
    Files.write(nanTheta, ExportFiles.npy("<f8", false, new double[] {1, Double.NaN, 3}, 3));
    Path matrix = dir.resolve("matrix.npy");
    Files.write(matrix, ExportFiles.npy("<f8", false, new double[] {1, 2, 3}, 1, 3));
    Path txt = dir.resolve("theta.txt");
    Files.writeString(txt, "1 2 3");
    Path shortJson = dir.resolve("short.json");
    Files.writeString(shortJson, "{\"w\": [1, 2]}");
    Path rewards = dir.resolve("rewards.npz");
    Map<String, byte[]> z = new LinkedHashMap<>();
    Features f = sample.prompts();
    z.put("features", ExportFiles.npy("<f8", false, f.data(), f.rows(), f.dim()));
    z.put("offsets", Files.readAllBytes(offsets));
    z.put("rewards", ExportFiles.npy("<f8", false, new double[f.rows()], f.rows()));
    ExportFiles.npz(rewards, z);
    String b = Double.toString(inst.beta());
    String m = Integer.toString(sample.size());
    Object[][] cases = {
      {new String[] {"--theta", longTheta.toString(), "--beta", b}, new String[] {"--theta: ", "long.npy", "expected a vector of d = 3", "(4,)"}},
      {new String[] {"--theta", nanTheta.toString(), "--beta", b}, new String[] {"--theta: ", "nan.npy", "entry 1 is NaN"}},
      {new String[] {"--theta", matrix.toString(), "--beta", b}, new String[] {"--theta: ", "matrix.npy", "(1, 3)"}},
      {new String[] {"--theta", txt.toString(), "--beta", b}, new String[] {"--theta: ", "theta.txt", "expected a .npy or .json file"}},
      {new String[] {"--theta", shortJson.toString(), "--beta", b}, new String[] {"--theta: ", "short.json", "w", "got 2"}},
      {new String[] {"--theta", theta.toString()}, new String[] {"--beta: missing; it is required with --theta"}},
      {new String[] {"--theta", theta.toString(), "--beta", "0"}, new String[] {"--beta: must be finite and > 0, got 0.0"}},
      {new String[] {"--theta", theta.toString(), "--beta", "-1"}, new String[] {"--beta: ", "got -1.0"}},
      {new String[] {"--theta", theta.toString(), "--beta", "NaN"}, new String[] {"--beta: ", "got NaN"}},
      {new String[] {"--theta", theta.toString(), "--beta", "Infinity"}, new String[] {"--beta: ", "got Infinity"}},
      {new String[] {"--beta", b}, new String[] {"--beta: does not apply", "--theta FILE"}},
      {new String[] {"--w-ref", wRef.toString()}, new String[] {"--w-ref: does not apply"}},
      {new String[] {"--delta", "0.1"}, new String[] {"--delta: does not apply"}},
      {new String[] {"--steps", "10"}, new String[] {"--steps: does not apply"}},
      {new String[] {"--theta", theta.toString(), "--beta", b, "--n", "0"}, new String[] {"--n: must lie in [1, " + m + "]", "got 0"}},
      {new String[] {"--theta", theta.toString(), "--beta", b, "--n", Integer.toString(sample.size() + 1)}, new String[] {"--n: must lie in [1, " + m + "]"}},
      {new String[] {"--theta", theta.toString(), "--beta", b, "--delta", "1.5"}, new String[] {"--delta: must lie in (0, 1), got 1.5"}},
      {new String[] {"--theta", theta.toString(), "--beta", b, "--steps", "0"}, new String[] {"--steps: must be >= 1, got 0"}},
      {new String[] {"--theta", theta.toString(), "--beta", b, "--algorithm", "newton"}, new String[] {"--algorithm: expected ga or sga, got 'newton'"}},
      {new String[] {"--theta", theta.toString(), "--beta", b, "--feature-bound", "1e-3"}, new String[] {"--feature-bound: must be >= the largest feature norm of", "got 0.001"}},
      {new String[] {"--theta", theta.toString(), "--beta", b, "--w-ref", longTheta.toString()}, new String[] {"--w-ref: ", "long.npy", "expected a vector of d = 3"}},
      {new String[] {"--theta", theta.toString(), "--beta", "1e-310"}, new String[] {"--theta ", "--beta 1.0E-310"}},
    };
    int i = 0;
    for (Object[] c : cases) {
      Path out = dir.resolve("bad" + i++);
      List<String> args = new ArrayList<>(List.of("audit", "--features", npy.toString(), "--offsets", offsets.toString(), "--out", out.toString()));
      args.addAll(List.of((String[]) c[0]));
      MainTest.Run r = run(args.toArray(new String[0]));
      String what = String.join(" ", (String[]) c[0]);
      assertEquals(2, r.code, what + ": " + r.err);
      assertEquals(1, r.err.strip().lines().count(), what + ": " + r.err);
      for (String part : (String[]) c[1]) {
        assertTrue(r.err.contains(part), what + ": expected '" + part + "' in " + r.err);
      }
      assertFalse(Files.exists(out.resolve("audit.json")), what);
      assertFalse(Files.exists(out.resolve("audit.md")), what);
    }
    MainTest.Run conflict = run("audit", "--features", rewards.toString(), "--theta", theta.toString(), "--beta", b, "--out", dir.resolve("c").toString());
    assertEquals(2, conflict.code, conflict.err);
    assertTrue(conflict.err.contains("--theta: conflicts with the rewards of " + rewards), conflict.err);
    assertFalse(Files.exists(dir.resolve("c/audit.json")));
    // rewards give theta: with --beta the theorems are evaluated from the least-squares fit
    Path fitted = dir.resolve("fit");
    MainTest.Run ok = run("audit", "--features", rewards.toString(), "--beta", b, "--out", fitted.toString());
    assertEquals(0, ok.code, ok.err);
    String text = Files.readString(fitted.resolve("audit.json"), StandardCharsets.UTF_8);
    SchemaAssert.valid("audit", text);
    assertTrue(new ObjectMapper().readTree(text).get("model").get("theta").asText().startsWith("least squares"));
  }
}
