package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.SampleFile;
import org.rlhfbounds.model.io.VectorFile;
import picocli.CommandLine.Command;

class MainTest {
  @TempDir Path dir;

  /** The outcome of one in-process run. */
  static final class Run {
    final int code;
    final String out;
    final String err;

    Run(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }

    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }
  }

  static Run run(List<Object> extra, String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(args, new PrintWriter(o), new PrintWriter(e), extra);
    return new Run(code, o.toString(), e.toString());
  }

  static Run run(String... args) {
    return run(List.of(), args);
  }

  /**
   * Arguments of a small generate run; {@code more} holds option/value pairs that replace the
   * defaults or add options, and the flag {@code --force}.
   */
  private String[] generateArgs(Path out, String... more) {
    java.util.Map<String, String> a = new java.util.LinkedHashMap<>();
    String[] defaults = {"--family", "sphere", "--prompts", "30", "--candidates", "4", "--dim", "3",
        "--beta", "0.5", "--seed", "9", "--out", out.toString()};
    for (int i = 0; i < defaults.length; i += 2) {
      a.put(defaults[i], defaults[i + 1]);
    }
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < more.length; i++) {
      if (more[i].equals("--force")) {
        flags.add(more[i]);
      } else {
        a.put(more[i], more[++i]);
      }
    }
    List<String> args = new ArrayList<>(List.of("generate"));
    a.forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    args.addAll(flags);
    return args.toArray(new String[0]);
  }

  /**
   * Generates a small sphere instance (K = 4, d = 3, beta = 0.5, seed 5) and a sample of it (seed
   * 6) into {@code dir}, asserting success.
   */
  static void generateSmall(Path dir, int prompts, int sampleSize) {
    Run g =
        run("generate", "--family", "sphere", "--prompts", Integer.toString(prompts),
            "--candidates", "4", "--dim", "3", "--beta", "0.5", "--seed", "5", "--sample-size",
            Integer.toString(sampleSize), "--sample-seed", "6", "--out", dir.toString());
    assertEquals(ExitCode.OK, g.code, g.err);
    SchemaAssert.valid("generate", g.out);
  }

  /** Expects exit code 2 and exactly one line on stderr holding every part. */
  static void badInput(Run r, String... parts) {
    assertEquals(ExitCode.BAD_INPUT, r.code, r.err);
    assertTrue(r.err.endsWith("\n"), r.err);
    assertEquals(1, r.err.split("\n", -1).length - 1, "one line expected: " + r.err);
    for (String p : parts) {
      assertTrue(r.err.contains(p), "expected '" + p + "' in: " + r.err);
    }
    assertEquals("", r.out);
  }

  // ------------------------------------------------------------------- independent reference

  /** log sum exp of the scores of prompt i. */
  private static double[] logPolicy(Features f, int i, double[] w) {
    int d = f.dim();
    int k = f.candidates(i);
    double[] s = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < k; a++) {
      for (int j = 0; j < d; j++) {
        s[a] += w[j] * f.data()[(f.rowOffset(i) + a) * d + j];
      }
      max = Math.max(max, s[a]);
    }
    double z = 0;
    for (double v : s) {
      z += Math.exp(v - max);
    }
    double lz = max + Math.log(z);
    for (int a = 0; a < k; a++) {
      s[a] -= lz;
    }
    return s;
  }

  /** F(w) = sum_i p_i [E_pi r* - beta KL(pi_w || pi_ref)], straight from the definition. */
  static double naiveF(Instance inst, double[] w) {
    FiniteDistribution dist = inst.finiteDistribution();
    Features f = dist.prompts();
    double[] theta = inst.theta();
    double total = 0;
    for (int i = 0; i < f.size(); i++) {
      double[] lp = logPolicy(f, i, w);
      double[] lr = logPolicy(f, i, inst.wRef());
      double v = 0;
      for (int a = 0; a < lp.length; a++) {
        double r = 0;
        for (int j = 0; j < f.dim(); j++) {
          r += theta[j] * f.data()[(f.rowOffset(i) + a) * f.dim() + j];
        }
        double p = Math.exp(lp[a]);
        v += p * r - inst.beta() * p * (lp[a] - lr[a]);
      }
      total += dist.weights()[i] * v;
    }
    return total;
  }

  private static double[] doubles(JsonNode a) {
    double[] x = new double[a.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = a.get(i).doubleValue();
    }
    return x;
  }

  // --------------------------------------------------------------------------------- success

  @Test
  void generateThenEvaluate() throws IOException {
    Path out = dir.resolve("run");
    Run g = run(generateArgs(out, "--sample-size", "12", "--sample-seed", "4"));
    assertEquals(ExitCode.OK, g.code, g.err);
    assertEquals("", g.err);
    assertTrue(Files.exists(out.resolve("instance.json")));
    assertTrue(Files.exists(out.resolve("features.npy")));
    assertEquals(out.resolve("sample.json").toString(), g.json().get("sample").asText());
    Instance inst = InstanceFile.read(out.resolve("instance.json"));
    assertEquals(30, inst.finiteDistribution().prompts().size());
    assertEquals(12, SampleFile.readIndices(out.resolve("sample.json"), 30).length);

    Run e =
        run("evaluate", "--instance", out.resolve("instance.json").toString(), "--sample",
            out.resolve("sample.json").toString());
    assertEquals(ExitCode.OK, e.code, e.err);
    JsonNode j = e.json();
    for (String k :
        new String[] {
          "instance", "sample", "w", "prompts", "sampleSize", "dim", "beta", "featureBound",
          "wStar", "populationObjective", "empiricalObjective", "populationOptimum",
          "empiricalOptimum", "excessRisk", "empiricalExcess", "generalizationGap",
          "populationGradient", "empiricalGradient", "coverage"
        }) {
      assertTrue(j.has(k), "missing key " + k + " in " + e.out);
    }
    List<String> covKeys = new ArrayList<>();
    for (Iterator<String> it = j.get("coverage").fieldNames(); it.hasNext(); ) {
      covKeys.add(it.next());
    }
    assertEquals(
        List.of("kappa", "kappaPlus", "lambdaMax", "conditionNumber", "kernelDim", "tolerance",
            "eigenvalues"),
        covKeys);
    assertEquals(12, j.get("sampleSize").asInt());
    assertEquals("wRef", j.get("w").asText());
    assertArrayEquals(inst.wStar(), doubles(j.get("wStar")));
    double fPop = j.get("populationObjective").doubleValue();
    double fEmp = j.get("empiricalObjective").doubleValue();
    assertEquals(fPop - fEmp, j.get("generalizationGap").doubleValue());
    assertEquals(naiveF(inst, inst.wRef()), fPop, 1e-13);
    assertEquals(
        naiveF(inst, inst.wStar()) - naiveF(inst, inst.wRef()),
        j.get("excessRisk").doubleValue(),
        1e-13);
    assertEquals(3, j.get("populationGradient").size());
    assertEquals(3, j.get("coverage").get("eigenvalues").size());
  }

  @Test
  void evaluateDefaultsToAllPromptsAndWRef() throws IOException {
    Path out = dir.resolve("run");
    assertEquals(ExitCode.OK, run(generateArgs(out)).code);
    assertFalse(Files.exists(out.resolve("sample.json")));
    Run e = run("evaluate", "--instance", out.resolve("instance.json").toString());
    assertEquals(ExitCode.OK, e.code, e.err);
    JsonNode j = e.json();
    assertEquals("all prompts", j.get("sample").asText());
    assertEquals(30, j.get("sampleSize").asInt());
    // uniform weights and every prompt once: F_S = F exactly (same sum, same order)
    assertEquals(j.get("populationObjective").doubleValue(), j.get("empiricalObjective").doubleValue());
    assertEquals(0.0, j.get("generalizationGap").doubleValue());
  }

  @Test
  void evaluateAtAGivenW() throws IOException {
    Path out = dir.resolve("run");
    assertEquals(ExitCode.OK, run(generateArgs(out)).code);
    double[] w = {0.3, -0.2, 1.1};
    Path wf = dir.resolve("w.json");
    VectorFile.write(wf, w);
    Run e = run("evaluate", "--instance", out.resolve("instance.json").toString(), "--w",
        wf.toString());
    assertEquals(ExitCode.OK, e.code, e.err);
    Instance inst = InstanceFile.read(out.resolve("instance.json"));
    assertEquals(wf.toString(), e.json().get("w").asText());
    assertEquals(naiveF(inst, w), e.json().get("populationObjective").doubleValue(), 1e-13);
  }

  @Test
  void outputIsDeterministic() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    String[] more = {"--min-candidates", "2", "--candidates", "6", "--sample-size", "7",
        "--sample-seed", "1"};
    assertEquals(ExitCode.OK, run(generateArgs(a, more)).code);
    assertEquals(ExitCode.OK, run(generateArgs(b, more)).code);
    for (String f : new String[] {"instance.json", "features.npy", "sample.json"}) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    }
    assertTrue(Files.readString(a.resolve("instance.json")).contains("\"promptOffsets\""));
    String inst = a.resolve("instance.json").toString();
    String smp = a.resolve("sample.json").toString();
    Run e1 = run("evaluate", "--instance", inst, "--sample", smp);
    Run e2 = run("evaluate", "--instance", inst, "--sample", smp);
    assertEquals(ExitCode.OK, e1.code, e1.err);
    assertEquals(e1.out, e2.out);
    assertFalse(e1.out.contains("\r"));
  }

  @Test
  void everyFamilyGenerates() throws IOException {
    String[][] fams = {
      {"sphere"}, {"gaussian"}, {"deficient", "--param", "2"}, {"near-degenerate", "--param", "0.1"},
      {"sparse"}, {"DEFICIENT"}
    };
    for (String[] f : fams) {
      Path out = dir.resolve("fam-" + f[0]);
      List<String> a =
          new ArrayList<>(List.of("generate", "--family", f[0], "--prompts", "5", "--candidates",
              "3", "--dim", "3", "--beta", "1", "--seed", "2", "--out", out.toString()));
      for (int i = 1; i < f.length; i++) {
        a.add(f[i]);
      }
      Run r = run(a.toArray(new String[0]));
      assertEquals(ExitCode.OK, r.code, r.err);
      Run e = run("evaluate", "--instance", out.resolve("instance.json").toString());
      assertEquals(ExitCode.OK, e.code, e.err);
    }
    // the deficient family leaves directions uncovered: Sigma_S(w*) has a kernel
    Run e = run("evaluate", "--instance", dir.resolve("fam-deficient/instance.json").toString());
    assertEquals(1, e.json().get("coverage").get("kernelDim").asInt());
  }

  @Test
  void forceOverwrites() throws IOException {
    Path out = dir.resolve("run");
    assertEquals(ExitCode.OK, run(generateArgs(out)).code);
    badInput(run(generateArgs(out)), "--out: ", "instance.json", "features.npy",
        "already exist; use --force to overwrite");
    Run r = run(generateArgs(out, "--force", "--seed", "10"));
    assertEquals(ExitCode.OK, r.code, r.err);
  }

  @Test
  void helpAndVersion() {
    Run h = run("--help");
    assertEquals(ExitCode.OK, h.code);
    assertTrue(h.out.contains("generate") && h.out.contains("evaluate"), h.out);
    Run gh = run("generate", "--help");
    assertEquals(ExitCode.OK, gh.code);
    assertTrue(gh.out.contains("--feature-bound"), gh.out);
    Run v = run("--version");
    assertEquals(ExitCode.OK, v.code);
    String version = org.rlhfbounds.report.Version.current().release();
    assertTrue(v.out.matches("rlhf-bounds \\Q" + version + "\\E \\(commit ([0-9a-f]{40}|unknown)\\)\n"),
        v.out);
  }

  // ------------------------------------------------------------------------------- bad input

  @Test
  void usageErrors() {
    badInput(run(), "rlhf-bounds: missing command; expected one of generate, evaluate");
    badInput(run("frobnicate"), "Unmatched argument", "frobnicate");
    badInput(run("generate", "--family", "sphere"), "rlhf-bounds generate: Missing required",
        "--out", "see 'rlhf-bounds generate --help'");
    badInput(run(generateArgs(dir.resolve("x"), "--promts", "3")), "--promts");
    badInput(run(generateArgs(dir.resolve("x"), "--prompts", "abc")),
        "Invalid value for option '--prompts'", "abc");
    badInput(run(generateArgs(dir.resolve("x"), "--family", "cube")),
        "--family", "unknown family 'cube'", "near-degenerate");
    badInput(run("evaluate"), "Missing required option", "--instance");
  }

  @Test
  void generateOptionChecks() {
    Path x = dir.resolve("x");
    badInput(run(generateArgs(x, "--beta", "-1")), "--beta: must be finite and > 0, got -1.0");
    badInput(run(generateArgs(x, "--beta", "NaN")), "--beta: must be finite and > 0, got NaN");
    badInput(run(generateArgs(x, "--prompts", "0")), "--prompts: must be >= 1, got 0");
    badInput(run(generateArgs(x, "--candidates", "1")), "--candidates: must be >= 2, got 1");
    badInput(run(generateArgs(x, "--dim", "0")), "--dim: must be >= 1, got 0");
    badInput(run(generateArgs(x, "--min-candidates", "5")),
        "--min-candidates: must be <= --candidates = 4, got 5");
    badInput(run(generateArgs(x, "--param", "0.5")), "--param: the sphere family has no parameter");
    badInput(run(generateArgs(x, "--family", "deficient", "--param", "7")),
        "--param: the deficient family's rank must be an integer in [1, d), got 7.0");
    badInput(run(generateArgs(x, "--sample-size", "5")), "--sample-size: needs --sample-seed");
    badInput(run(generateArgs(x, "--sample-seed", "5")), "--sample-seed: only makes sense");
    badInput(run(generateArgs(x, "--sample-size", "0", "--sample-seed", "1")),
        "--sample-size: must be >= 1, got 0");
    badInput(run(generateArgs(x, "--feature-bound", "0")), "--feature-bound: must be finite and > 0");
    badInput(run(generateArgs(x, "--theta-norm", "-1")), "--theta-norm: must be finite and >= 0");
    badInput(run(generateArgs(x, "--prompts", "100000", "--candidates", "100", "--dim", "1000")),
        "--prompts: M * K * d = 10000000000");
    assertFalse(Files.exists(x), "nothing written on bad input");
  }

  @Test
  void outputDirectoryIsAFile() throws IOException {
    Path f = Files.writeString(dir.resolve("file"), "x");
    badInput(run(generateArgs(f)), "--out: " + f + " exists and is not a directory");
  }

  @Test
  void evaluateInputErrors() throws IOException {
    badInput(run("evaluate", "--instance", dir.resolve("missing.json").toString()),
        "rlhf-bounds evaluate: " + dir.resolve("missing.json") + ": no such file or directory");
    Path out = dir.resolve("run");
    assertEquals(ExitCode.OK, run(generateArgs(out)).code);
    Path inst = out.resolve("instance.json");
    String text = Files.readString(inst);
    Path bad = Files.writeString(dir.resolve("bad.json"), text.replace("\"beta\": 0.5", "\"beta\": -0.5"));
    badInput(run("evaluate", "--instance", bad.toString()), bad + ": beta: must be > 0, got -0.5");
    Path typo = Files.writeString(dir.resolve("typo.json"),
        text.replace("\"beta\": 0.5", "\"beta\": 0.5, \"wref\": [1]"));
    badInput(run("evaluate", "--instance", typo.toString()), "wref: unknown field",
        "did you mean \"wRef\"?");
    Files.delete(out.resolve("features.npy"));
    badInput(run("evaluate", "--instance", inst.toString()), "features.npy: no such file");
    assertEquals(ExitCode.OK, run(generateArgs(out, "--force")).code);
    Path w = Files.writeString(dir.resolve("w.json"), "{\"w\": [1, 2]}");
    badInput(run("evaluate", "--instance", inst.toString(), "--w", w.toString()),
        w + ": w: expected d = 3 entries", "got 2");
    Path s = Files.writeString(dir.resolve("s.json"), "{\"indices\": [0, 30]}");
    badInput(run("evaluate", "--instance", inst.toString(), "--sample", s.toString()),
        s + ": indices[1]: 30 is outside the instance's prompt list [0, 30)");
    badInput(run("evaluate", "--instance", dir.toString()), dir + ": Is a directory");
    Path npy = Files.writeString(dir.resolve("notjson.json"), "\u0093NUMPY");
    badInput(run("evaluate", "--instance", npy.toString()), "notjson.json: invalid JSON");
  }

  // ----------------------------------------------------------------------------- internal error

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("planted failure");
    }
  }

  @Test
  void internalErrorsExitWithOne() {
    Run r = run(List.of(new Boom()), "boom");
    assertEquals(ExitCode.INTERNAL_ERROR, r.code);
    assertTrue(
        r.err.startsWith(
            "rlhf-bounds: internal error (a bug; please report it):"
                + " java.lang.IllegalStateException: planted failure\n"),
        r.err);
    assertTrue(r.err.contains("at org.rlhfbounds.cli.MainTest$Boom.call"), "stack trace expected");
  }

  @Test
  void describeNamesTheFile() {
    assertEquals("a/b: permission denied",
        Main.describe(new java.nio.file.AccessDeniedException("a/b")));
    assertEquals("plain message", Main.describe(new IOException("plain message")));
  }
}
