package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.model.io.ExportFiles;
import org.xml.sax.SAXException;

/** {@code rlhf-bounds audit} end to end on every format and layout, and on bad input. */
class AuditCommandTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(args, new PrintWriter(o), new PrintWriter(e));
    return new Result(code, o.toString(), e.toString());
  }

  private static double[] values(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private JsonNode audit(Path out, String... args) throws IOException {
    Result r = run(args);
    assertEquals(0, r.code(), r.err());
    String text = Files.readString(out.resolve("audit.json"));
    SchemaAssert.valid("audit", text);
    JsonNode j = new ObjectMapper().readTree(text);
    assertEquals("schema", j.fieldNames().next());
    assertEquals("urn:rlhf-bounds:schema:audit:1", j.get("schema").asText());
    for (String f : new String[] {"kernelDim", "kappa", "kappaPlus", "kappaCertified", "lambdaMax", "conditionNumber"}) {
      assertTrue(j.get("coverage").has(f), f);
    }
    assertTrue(j.get("perPrompt").get("rankDeficient").isArray());
    assertTrue(j.get("checks").size() >= 4);
    assertTrue(j.get("theorems").size() >= 1);
    assertTrue(Files.readString(out.resolve("audit.md")).startsWith("# Audit of "));
    assertTrue(Files.readString(out.resolve("audit.md")).contains("| check | holds | value | margin |"));
    assertEquals(6, j.get("figures").size());
    for (JsonNode f : j.get("figures")) {
      Path p = out.resolve(f.asText());
      byte[] b = Files.readAllBytes(p);
      if (f.asText().endsWith(".png")) {
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertArrayEquals(magic, Arrays.copyOf(b, 8), p.toString());
        assertTrue(Files.readString(out.resolve("audit.md")).contains("](" + f.asText() + ")"), f.asText());
      } else {
        try {
          DocumentBuilderFactory x = DocumentBuilderFactory.newInstance();
          x.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
          assertEquals("svg", x.newDocumentBuilder().parse(p.toFile()).getDocumentElement().getNodeName());
        } catch (ParserConfigurationException | SAXException e) {
          throw new AssertionError(p + " is not XML: " + e.getMessage(), e);
        }
      }
    }
    return j;
  }

  @Test
  void everyFormatAndLayoutIsAudited() throws IOException {
    double[] v = values(30 * 4 * 3, 1);
    Path npy = dir.resolve("f.npy");
    Files.write(npy, ExportFiles.npy("<f4", false, v, 30, 4, 3));
    JsonNode a = audit(dir.resolve("a"), "audit", "--features", npy.toString(), "--out", dir.resolve("a").toString());
    assertEquals(0, a.get("coverage").get("kernelDim").asInt());
    assertTrue(a.get("coverage").get("kappaCertified").asDouble() > 0);
    assertEquals("float32", a.get("dtype").asText());
    // the same numbers as (rows, d) + offsets, Fortran order, float64: the same coverage
    Path rows = dir.resolve("r.npy");
    Files.write(rows, ExportFiles.npy("<f8", true, v, 120, 3));
    double[] off = new double[31];
    for (int i = 0; i <= 30; i++) {
      off[i] = 4 * i;
    }
    Path offs = dir.resolve("o.npy");
    Files.write(offs, ExportFiles.npy("<i8", false, off, 31));
    JsonNode b = audit(dir.resolve("b"), "audit", "--features", rows.toString(), "--offsets", offs.toString(), "--out", dir.resolve("b").toString());
    assertEquals(a.get("coverage"), b.get("coverage"));
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("features", ExportFiles.npy("<f4", false, v, 120, 3));
    m.put("offsets", ExportFiles.npy("<i8", false, off, 31));
    m.put("rewards", ExportFiles.npy("<f8", false, values(120, 2), 120));
    Path npz = dir.resolve("e.npz");
    ExportFiles.npz(npz, m);
    JsonNode c = audit(dir.resolve("c"), "audit", "--features", npz.toString(), "--out", dir.resolve("c").toString(), "--threads", "3");
    assertEquals(a.get("coverage"), c.get("coverage"));
    StringBuilder csv = new StringBuilder("prompt_id,response_id,x,y,z\n");
    for (int r = 0; r < 120; r++) {
      csv.append("p").append(r / 4).append(",r").append(r % 4);
      for (int j = 0; j < 3; j++) {
        csv.append(",").append(v[r * 3 + j]);
      }
      csv.append("\n");
    }
    Path csvFile = dir.resolve("e.csv");
    Files.writeString(csvFile, csv.toString());
    JsonNode d = audit(dir.resolve("d"), "audit", "--features", csvFile.toString(), "--out", dir.resolve("d").toString());
    assertEquals(a.get("coverage"), d.get("coverage"));
    // K = 4 > d = 3 and rank 3 < K: every prompt is rank deficient
    assertEquals(30, a.get("perPrompt").get("rankDeficientCount").asInt());
    assertFalse(a.get("checks").get(2).get("holds").asBoolean());
  }

  @Test
  void uncoveredExportReportsItsKernel() throws IOException {
    double[] v = values(20 * 3 * 4, 3);
    for (int i = 3; i < v.length; i += 4) {
      v[i] = 0.25; // the last coordinate is constant within every prompt: never covered
    }
    Path npy = dir.resolve("u.npy");
    Files.write(npy, ExportFiles.npy("<f8", false, v, 20, 3, 4));
    JsonNode j = audit(dir.resolve("u"), "audit", "--features", npy.toString(), "--out", dir.resolve("u").toString());
    assertEquals(1, j.get("coverage").get("kernelDim").asInt());
    assertEquals(0.0, j.get("coverage").get("kappaCertified").asDouble());
    assertTrue(j.get("verdict").asText().startsWith("NOT COVERED"));
    assertTrue(j.get("recommendations").get(0).asText().contains("coverage fails in 1 directions, spanned mostly by features 3"));
  }

  private JsonNode withRewards(String name, double noise) throws IOException {
    int prompts = 40;
    int k = 3;
    int d = 4;
    double[] x = values(prompts * k * d, 11);
    double[] theta = {0.5, -1.25, 2.0, 0.75};
    double[] noiseValues = values(prompts * k, 12);
    double[] r = new double[prompts * k];
    for (int row = 0; row < r.length; row++) {
      for (int j = 0; j < d; j++) {
        r[row] += x[row * d + j] * theta[j];
      }
      r[row] += noise * noiseValues[row];
    }
    double[] off = new double[prompts + 1];
    for (int i = 0; i <= prompts; i++) {
      off[i] = k * i;
    }
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("features", ExportFiles.npy("<f8", false, x, prompts * k, d));
    m.put("offsets", ExportFiles.npy("<i8", false, off, prompts + 1));
    m.put("rewards", ExportFiles.npy("<f8", false, r, prompts * k));
    Path npz = dir.resolve(name + ".npz");
    ExportFiles.npz(npz, m);
    JsonNode j = audit(dir.resolve(name), "audit", "--features", npz.toString(), "--out", dir.resolve(name).toString());
    JsonNode re = j.get("realizability");
    if (noise == 0) {
      for (int i = 0; i < d; i++) {
        assertEquals(theta[i], re.get("theta").get(i).asDouble(), 1e-9, "theta " + i);
      }
    }
    return j;
  }

  private static JsonNode check(JsonNode audit, String id) {
    for (JsonNode c : audit.get("checks")) {
      if (c.get("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no check " + id);
  }

  @Test
  void linearRewardsAreRealizedAndNoisyOnesAreNot() throws IOException {
    JsonNode exact = withRewards("linear", 0);
    assertEquals(1.0, exact.get("realizability").get("r2").asDouble(), 1e-12);
    assertTrue(exact.get("realizability").get("relativeResidual").asDouble() < 1e-12);
    assertTrue(check(exact, "realizability").get("holds").asBoolean());
    assertTrue(check(exact, "realizability").get("margin").asDouble() > 0);
    JsonNode noisy = withRewards("noisy", 0.5);
    double r2 = noisy.get("realizability").get("r2").asDouble();
    // signal variance |theta|^2 = 6.375 against noise variance 0.25: R^2 near 0.96, far from 1
    assertTrue(r2 > 0.8 && r2 < 0.995, "R^2 = " + r2);
    assertFalse(check(noisy, "realizability").get("holds").asBoolean());
    assertTrue(check(noisy, "realizability").get("margin").asDouble() < 0);
    Path npy = dir.resolve("plain.npy");
    Files.write(npy, ExportFiles.npy("<f8", false, values(10 * 3 * 4, 13), 10, 3, 4));
    JsonNode none = audit(dir.resolve("plain"), "audit", "--features", npy.toString(), "--out", dir.resolve("plain").toString());
    assertTrue(none.get("realizability").isNull());
    assertEquals(4, none.get("checks").size());
  }

  @Test
  void theAuditSchemaIsStrict() throws IOException {
    Path npy = dir.resolve("s.npy");
    Files.write(npy, ExportFiles.npy("<f8", false, values(10 * 3 * 4, 6), 10, 3, 4));
    audit(dir.resolve("s"), "audit", "--features", npy.toString(), "--out", dir.resolve("s").toString());
    String text = Files.readString(dir.resolve("s/audit.json"));
    ObjectMapper m = new ObjectMapper();
    ObjectNode extra = (ObjectNode) m.readTree(text);
    extra.put("unknown", 1);
    assertFalse(SchemaAssert.errors("audit", extra.toString()).isEmpty(), "unknown field passes");
    ObjectNode nested = (ObjectNode) m.readTree(text);
    ((ObjectNode) nested.get("coverage")).put("unknown", 1);
    assertFalse(SchemaAssert.errors("audit", nested.toString()).isEmpty(), "unknown coverage field");
    ObjectNode check = (ObjectNode) m.readTree(text);
    ((ObjectNode) check.get("checks").get(0)).put("unknown", 1);
    assertFalse(SchemaAssert.errors("audit", check.toString()).isEmpty(), "unknown check field");
    ObjectNode missing = (ObjectNode) m.readTree(text);
    missing.remove("verdict");
    assertFalse(SchemaAssert.errors("audit", missing.toString()).isEmpty(), "missing field passes");
    ObjectNode wrongVerdict = (ObjectNode) m.readTree(text);
    wrongVerdict.put("verdict", "MAYBE");
    assertFalse(SchemaAssert.errors("audit", wrongVerdict.toString()).isEmpty(), "other verdict");
  }

  @Test
  void badInputExitsTwoWithOneLineAndNoReport() throws IOException {
    String[][] cases = {
      {"empty.npy", ""},
      {"ragged.csv", "prompt_id,response_id,a,b\np,x,1,2\np,y,3\n"},
      {"text.csv", "prompt_id,response_id,a,b\np,x,1,2\np,y,3,oops\n"},
      {"dup.csv", "prompt_id,response_id,a,b\np,x,1,2\np,x,3,4\n"},
      {"single.csv", "prompt_id,response_id,a,b\np,x,1,2\np,y,3,4\nq,x,1,1\n"},
      {"nan.csv", "prompt_id,response_id,a,b\np,x,1,2\np,y,nan,4\n"},
      {"empty.csv", ""},
      {"bad.npz", "zip?"},
    };
    for (String[] c : cases) {
      Path f = dir.resolve(c[0]);
      Files.write(f, c[1].getBytes(StandardCharsets.UTF_8));
      Path out = dir.resolve("out-" + c[0]);
      Result r = run("audit", "--features", f.toString(), "--out", out.toString());
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains(c[0]), r.err());
      assertFalse(Files.exists(out.resolve("audit.json")), c[0]);
      assertFalse(Files.exists(out.resolve("audit.md")), c[0]);
      assertFalse(Files.exists(out.resolve("audit-spectrum.png")), c[0]);
    }
    double[] nan = values(2 * 2 * 2, 4);
    nan[3] = Double.NaN;
    Path f = dir.resolve("nan.npy");
    Files.write(f, ExportFiles.npy("<f4", false, nan, 2, 2, 2));
    Result r = run("audit", "--features", f.toString(), "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("nan.npy: data: value at byte offset"), r.err());
    Path i8 = dir.resolve("int.npy");
    Files.write(i8, ExportFiles.npy("<i8", false, new double[8], 2, 2, 2));
    Result r2 = run("audit", "--features", i8.toString(), "--out", dir.resolve("o").toString());
    assertEquals(2, r2.code());
    assertTrue(r2.err().contains("dtype '<i8' is not supported"), r2.err());
    Path good = dir.resolve("g.npy");
    Files.write(good, ExportFiles.npy("<f4", false, values(8 * 3, 5), 8, 3));
    Path offs = dir.resolve("off.npy");
    Files.write(offs, ExportFiles.npy("<i8", false, new double[] {0, 3, 7}, 3));
    Result r3 = run("audit", "--features", good.toString(), "--offsets", offs.toString(), "--out", dir.resolve("o").toString());
    assertEquals(2, r3.code());
    assertTrue(r3.err().contains("off.npy: offsets: the last offset is 7; expected the number of feature rows, 8"), r3.err());
  }

  @Test
  void sameInputSameBytesWhateverTheThreads() throws IOException {
    Path npy = dir.resolve("f.npy");
    Files.write(npy, ExportFiles.npy("<f4", false, values(300 * 5 * 6, 9), 300, 5, 6));
    audit(dir.resolve("t1"), "audit", "--features", npy.toString(), "--out", dir.resolve("t1").toString(), "--threads", "1");
    audit(dir.resolve("t3"), "audit", "--features", npy.toString(), "--out", dir.resolve("t3").toString(), "--threads", "3");
    assertEquals(Files.readString(dir.resolve("t1/audit.json")), Files.readString(dir.resolve("t3/audit.json")));
    for (String f : new String[] {"audit.md", "audit-spectrum.png", "audit-spectrum.svg", "audit-ranks.png",
        "audit-ranks.svg", "audit-norms.png", "audit-norms.svg"}) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("t1").resolve(f)), Files.readAllBytes(dir.resolve("t3").resolve(f)), f);
    }
    Result again = run("audit", "--features", npy.toString(), "--out", dir.resolve("t1").toString());
    assertEquals(2, again.code());
    assertTrue(again.err().contains("already exist"), again.err());
  }
}
