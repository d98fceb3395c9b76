package org.rlhfbounds.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;

class InstanceFileTest {
  @TempDir(factory = MemoryTempDir.class) Path dir;

  /** A random finite instance: M in [1, 6], d in [1, 5], K in [2, 5] (uniform or ragged). */
  static Instance randomInstance(SplittableRandom r, boolean ragged, boolean uniformWeights) {
    int m = r.nextInt(1, 7);
    int d = r.nextInt(1, 6);
    int k0 = r.nextInt(2, 6);
    int[] off = new int[m + 1];
    for (int i = 0; i < m; i++) {
      off[i + 1] = off[i] + (ragged ? r.nextInt(2, 6) : k0);
    }
    double[] x = new double[off[m] * d];
    double scale = Math.pow(10, r.nextInt(-3, 4));
    for (int i = 0; i < x.length; i++) {
      x[i] = scale * r.nextGaussian();
    }
    Features f = Features.of(x, off, d, "features");
    double bound = Math.max(f.maxNorm(), 1e-3) * (1 + r.nextDouble());
    double[] theta = new double[d];
    double[] wRef = new double[d];
    for (int j = 0; j < d; j++) {
      theta[j] = r.nextGaussian();
      wRef[j] = r.nextGaussian();
    }
    double[] w = new double[m];
    for (int i = 0; i < m; i++) {
      w[i] = uniformWeights ? 1 : (r.nextInt(4) == 0 ? 0 : r.nextDouble());
    }
    w[r.nextInt(m)] = uniformWeights ? 1 : 0.5 + r.nextDouble();
    return Instance.of(
        Reals.positive(Math.exp(6 * r.nextDouble() - 3), "beta"),
        theta,
        wRef,
        Reals.positive(bound, "B"),
        FiniteDistribution.of(f, w));
  }

  static void assertSameInstance(Instance a, Instance b, boolean exactWeights) {
    assertEquals(a.beta(), b.beta());
    assertEquals(a.featureBound(), b.featureBound());
    assertArrayEquals(a.theta(), b.theta());
    assertArrayEquals(a.wRef(), b.wRef());
    FiniteDistribution da = a.finiteDistribution();
    FiniteDistribution db = b.finiteDistribution();
    assertTrue(da != null && db != null);
    assertEquals(da.prompts(), db.prompts());
    double[] wa = da.weights();
    double[] wb = db.weights();
    assertEquals(wa.length, wb.length);
    for (int i = 0; i < wa.length; i++) {
      if (exactWeights) {
        assertEquals(wa[i], wb[i], "weight " + i);
      } else {
        assertEquals(wa[i], wb[i], 4 * wa.length * 0x1p-52 * wa[i], "weight " + i);
      }
    }
  }

  // Planted bug checked: writing "weights" as 1.0 each even when they differ made this property
  // fail (weights compared) on the first example with non-uniform weights.
  @Test
  void roundTripNpyAndInlineForms() {
    qt().withExamples(1000)
        .withFixedSeed(5L)
        .forAll(booleans().all(), booleans().all(), booleans().all(), longs().all())
        .checkAssert(
            (inline, ragged, uniformW, seed) -> {
              Instance inst = randomInstance(new SplittableRandom(seed), ragged, uniformW);
              Path json = dir.resolve("instance.json");
              try {
                if (inline) {
                  InstanceFile.writeInline(json, inst);
                } else {
                  InstanceFile.write(json, inst, "features.npy");
                }
                assertSameInstance(inst, InstanceFile.read(json), uniformW);
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
  }

  /**
   * The JSON file and its feature file are a pair: a feature file written for another instance
   * (what a process stopped between the two renames of {@link InstanceFile#write} leaves: the new
   * {@code features.npy} next to the old {@code instance.json}) is refused, naming both files.
   */
  // Planted bug checked: with the digest comparison in InstanceFile.read removed, the mismatched
  // pair below (same shape, features halved) was read as an instance without an error.
  @Test
  void aFeatureFileOfAnotherWriteIsRefused() throws Exception {
    Instance a = randomInstance(new SplittableRandom(7), true, false);
    FiniteDistribution da = a.finiteDistribution();
    assertTrue(da != null);
    Features fa = da.prompts();
    double[] half = fa.data().clone();
    for (int i = 0; i < half.length; i++) {
      half[i] *= 0.5;
    }
    Instance b =
        Instance.of(
            a.beta(),
            a.theta(),
            a.wRef(),
            a.featureBound(),
            FiniteDistribution.of(
                Features.of(half, fa.offsets(), fa.dim(), "features"), da.weights()));
    Path json = dir.resolve("a/instance.json");
    Files.createDirectories(json.getParent());
    InstanceFile.write(json, a, "features.npy");
    Path npy = dir.resolve("a/features.npy");
    // the recorded digest is the SHA-256 of the feature file's bytes
    String recorded = Json.readObject(json).get("featuresSha256").textValue();
    String digest =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(npy)));
    assertEquals(digest, recorded);
    assertSameInstance(a, InstanceFile.read(json), false);

    Path other = dir.resolve("b/instance.json");
    Files.createDirectories(other.getParent());
    InstanceFile.write(other, b, "features.npy");
    Files.copy(dir.resolve("b/features.npy"), npy, StandardCopyOption.REPLACE_EXISTING);
    FormatException e = assertThrows(FormatException.class, () -> InstanceFile.read(json));
    String m = e.getMessage();
    for (String part :
        new String[] {json.toString(), "featuresSha256", npy.toString(), "not a pair", recorded}) {
      assertTrue(m.contains(part), "expected '" + part + "' in: " + m);
    }
    assertFalse(m.contains("\n"), m);
    // the array is read while the digest is computed: a mismatch is still what is reported, also
    // when the other file is broken as well (here cut short, which the reader would report alone)
    byte[] bytes = Files.readAllBytes(dir.resolve("b/features.npy"));
    Files.write(npy, java.util.Arrays.copyOf(bytes, bytes.length - 8));
    String cut = assertThrows(FormatException.class, () -> InstanceFile.read(json)).getMessage();
    assertTrue(cut.contains("featuresSha256") && cut.contains("not a pair"), cut);
    Files.copy(dir.resolve("b/features.npy"), npy, StandardCopyOption.REPLACE_EXISTING);

    // the field is optional (files of other tools), must be a digest, and belongs to "features"
    ObjectNode o = Json.readObject(json);
    o.remove("featuresSha256");
    Json.write(json, o);
    assertSameInstance(b, InstanceFile.read(json), false);
    fails(base(), x -> x.put("featuresSha256", "ABC"), "featuresSha256: expected 64 lowercase hex");
    fails(inlineBase(), x -> x.put("featuresSha256", digest),
        "featuresSha256: only allowed with \"features\"");
  }

  @Test
  void npyLayoutFollowsK() throws IOException {
    SplittableRandom r = new SplittableRandom(1);
    Instance uniform = randomInstance(r, false, true);
    Path json = dir.resolve("u.json");
    InstanceFile.write(json, uniform, "u.npy");
    Features f = uniform.finiteDistribution().prompts();
    assertArrayEquals(
        new int[] {f.size(), f.candidates(0), f.dim()}, Npy.read(dir.resolve("u.npy")).shape());
    assertFalse(Files.readString(json).contains("promptOffsets"));
    Instance ragged = null;
    for (long s = 0; ragged == null; s++) {
      Instance c = randomInstance(new SplittableRandom(s), true, true);
      Features g = c.finiteDistribution().prompts();
      if (g.size() > 1 && g.maxCandidates() != g.candidates(0)) {
        ragged = c;
      }
    }
    InstanceFile.write(dir.resolve("r.json"), ragged, "r.npy");
    Features g = ragged.finiteDistribution().prompts();
    assertArrayEquals(new int[] {g.rows(), g.dim()}, Npy.read(dir.resolve("r.npy")).shape());
    assertTrue(Files.readString(dir.resolve("r.json")).contains("\"promptOffsets\": [0, "));
  }

  // ----------------------------------------------------------------- hand-written files

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void inlinePromptsForm() throws IOException {
    Path p =
        write(
            "inline.json",
            "{\"format\": \"rlhf-bounds.instance/1\", \"beta\": 2, \"theta\": [1, 0],"
                + " \"wRef\": [0, 0.5], \"featureBound\": 1.5,"
                + " \"prompts\": [{\"weight\": 1, \"features\": [[1, 0], [0, 1]]},"
                + "               {\"features\": [[0.5, 0.5], [-1, 0], [0, -1]], \"weight\": 3}]}");
    Instance inst = InstanceFile.read(p);
    FiniteDistribution d = inst.finiteDistribution();
    assertEquals(2.0, inst.beta());
    assertEquals(1.5, inst.featureBound());
    assertArrayEquals(new double[] {0.25, 0.75}, d.weights());
    assertArrayEquals(new int[] {0, 2, 5}, d.prompts().offsets());
    assertArrayEquals(
        new double[] {1, 0, 0, 1, 0.5, 0.5, -1, 0, 0, -1}, d.prompts().data());
    assertArrayEquals(new double[] {0.5, 0.5}, inst.wStar());
  }

  @Test
  void raggedPromptOffsetsForm() throws IOException {
    Npy.write(
        dir.resolve("f.npy"),
        new double[] {1, 0, 0, 1, 0.5, 0.5, -1, 0, 0, -1},
        Npy.DType.F4_LE,
        5,
        2);
    Path p =
        write(
            "ragged.json",
            "{\"format\": \"rlhf-bounds.instance/1\", \"beta\": 0.5, \"theta\": [1, 0],"
                + " \"wRef\": [0, 0], \"featureBound\": 1, \"features\": \"f.npy\","
                + " \"promptOffsets\": [0, 3, 5], \"weights\": [1, 1]}");
    FiniteDistribution d = InstanceFile.read(p).finiteDistribution();
    assertArrayEquals(new int[] {0, 3, 5}, d.prompts().offsets());
    assertEquals(3, d.prompts().candidates(0));
    assertEquals(2, d.prompts().candidates(1));
    assertArrayEquals(new double[] {0.5, 0.5}, d.weights());
  }

  @Test
  void featuresPathIsRelativeToTheJsonDirectory() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("a/b"));
    Npy.write(sub.resolve("x.npy"), new double[] {1, 0, 0, 1}, Npy.DType.F8_LE, 1, 2, 2);
    Files.writeString(
        sub.resolve("i.json"),
        "{\"format\": \"rlhf-bounds.instance/1\", \"beta\": 1, \"theta\": [1, 0],"
            + " \"wRef\": [0, 0], \"featureBound\": 1, \"features\": \"x.npy\", \"weights\": [1]}");
    assertEquals(2, InstanceFile.read(sub.resolve("i.json")).dim());
  }

  // ------------------------------------------------------------------------- validation

  /** The base file: M = 3 prompts, K = 2, d = 2, features.npy of shape (3, 2, 2). */
  private ObjectNode base() throws IOException {
    Npy.write(
        dir.resolve("features.npy"),
        new double[] {1, 0, 0, 1, 0.6, 0.8, -1, 0, 0, -1, 0.5, 0.5},
        Npy.DType.F8_LE,
        3,
        2,
        2);
    ObjectNode o = Json.object();
    o.put("format", InstanceFile.FORMAT);
    o.put("beta", 0.5);
    o.set("theta", Json.array(new double[] {1, -1}));
    o.set("wRef", Json.array(new double[] {0.25, 0}));
    o.put("featureBound", 1.0);
    o.put("features", "features.npy");
    o.set("weights", Json.array(new double[] {1, 2, 3}));
    return o;
  }

  private ObjectNode inlineBase() {
    ObjectNode o = Json.object();
    o.put("format", InstanceFile.FORMAT);
    o.put("beta", 0.5);
    o.set("theta", Json.array(new double[] {1, -1}));
    o.set("wRef", Json.array(new double[] {0.25, 0}));
    o.put("featureBound", 1.0);
    ArrayNode ps = o.putArray("prompts");
    for (int i = 0; i < 2; i++) {
      ObjectNode p = ps.addObject();
      p.put("weight", 1.0);
      ArrayNode f = p.putArray("features");
      f.add(Json.array(new double[] {1, 0}));
      f.add(Json.array(new double[] {0, 1}));
    }
    return o;
  }

  /** Applies a change to a valid file and expects a FormatException naming these parts. */
  private FormatException fails(ObjectNode o, Consumer<ObjectNode> change, String... parts)
      throws IOException {
    change.accept(o);
    Path p = dir.resolve("bad.json");
    Json.write(p, o);
    FormatException e = assertThrows(FormatException.class, () -> InstanceFile.read(p));
    String m = e.getMessage();
    assertFalse(m.contains("\n"), m);
    for (String part : parts) {
      assertTrue(m.contains(part), "expected '" + part + "' in: " + m);
    }
    return e;
  }

  @Test
  void validBasesRead() throws IOException {
    Json.write(dir.resolve("ok.json"), base());
    assertEquals(3, InstanceFile.read(dir.resolve("ok.json")).finiteDistribution().prompts().size());
    Json.write(dir.resolve("ok2.json"), inlineBase());
    assertEquals(2, InstanceFile.read(dir.resolve("ok2.json")).finiteDistribution().prompts().size());
  }

  @Test
  void formatString() throws IOException {
    FormatException e =
        fails(base(), o -> o.put("format", "rlhf-bounds.instance/2"), "bad.json: format: ",
            "expected \"rlhf-bounds.instance/1\"", "\"rlhf-bounds.instance/2\"");
    assertEquals("format", e.field());
    fails(base(), o -> o.remove("format"), "bad.json: format: missing field");
    fails(base(), o -> o.put("format", 1), "format: expected a string, got 1");
  }

  @Test
  void missingFields() throws IOException {
    for (String k : new String[] {"beta", "theta", "wRef", "featureBound", "weights"}) {
      fails(base(), o -> o.remove(k), "bad.json: " + k + ": missing field");
    }
    fails(base(), o -> o.remove("features"), "features: missing field", "\"prompts\"");
  }

  @Test
  void unknownFieldsAreRejectedWithSuggestions() throws IOException {
    fails(base(), o -> o.put("thetta", 1), "bad.json: thetta: unknown field",
        "did you mean \"theta\"?");
    fails(base(), o -> o.put("comment", "x"), "comment: unknown field; expected format, beta");
    fails(inlineBase(), o -> ((ObjectNode) o.get("prompts").get(1)).put("wieght", 1),
        "prompts[1].wieght: unknown field", "did you mean \"weight\"?");
  }

  @Test
  void wrongTypes() throws IOException {
    fails(base(), o -> o.put("beta", "0.5"), "beta: expected a number, got string \"0.5\"");
    fails(base(), o -> o.put("theta", 1.0), "theta: expected an array, got 1.0");
    fails(base(), o -> ((ArrayNode) o.get("wRef")).set(1, Json.object()),
        "wRef[1]: expected a number, got an object");
    fails(base(), o -> o.put("features", 3), "features: expected a string, got 3");
    fails(base(), o -> o.set("weights", Json.object()), "weights: expected an array");
  }

  @Test
  void nanAndInfinity() throws IOException {
    String text = Files.readString(writeBase());
    assertTrue(text.contains("\"theta\": [1.0, -1.0]"), text);
    failsText(text.replace("\"theta\": [1.0, -1.0]", "\"theta\": [1.0, NaN]"),
        "bad.json: theta[1]: must be a finite number, got NaN");
    failsText(text.replace("\"featureBound\": 1.0", "\"featureBound\": Infinity"),
        "featureBound: must be a finite number, got Infinity");
    failsText(text.replace("\"beta\": 0.5", "\"beta\": 1e400"),
        "beta: must be a finite number");
    failsText(text.replace("\"weights\": [1.0, 2.0, 3.0]", "\"weights\": [1.0, -Infinity, 3.0]"),
        "weights[1]: must be a finite number, got -Infinity");
  }

  private void failsText(String text, String... parts) throws IOException {
    Path p = write("bad.json", text);
    FormatException e = assertThrows(FormatException.class, () -> InstanceFile.read(p));
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  private Path writeBase() throws IOException {
    Path p = dir.resolve("base.json");
    Json.write(p, base());
    return p;
  }

  @Test
  void betaAndBoundMustBePositive() throws IOException {
    fails(base(), o -> o.put("beta", 0), "bad.json: beta: must be > 0, got 0");
    fails(base(), o -> o.put("beta", -0.5), "beta: must be > 0, got -0.5");
    fails(base(), o -> o.put("featureBound", 0.0), "featureBound: must be > 0, got 0.0");
  }

  @Test
  void dimensionMismatches() throws IOException {
    fails(base(), o -> o.set("theta", Json.array(new double[] {1, 2, 3})),
        "bad.json: theta: has length 3", "features.npy has shape (3, 2, 2), so d = 2");
    fails(base(), o -> o.set("wRef", Json.array(new double[] {1})),
        "wRef: has length 1", "d = 2");
    fails(inlineBase(), o -> o.set("wRef", Json.array(new double[] {1})),
        "wRef: has length 1, but theta has d = 2");
    fails(inlineBase(),
        o -> ((ArrayNode) o.get("prompts").get(1).get("features")).set(0,
            Json.array(new double[] {1, 0, 0})),
        "prompts[1].features[0]: expected d = 2 numbers", "got 3");
    fails(base(), o -> o.set("theta", Json.array(new double[0])), "theta: must have d >= 1");
  }

  @Test
  void featuresAboveTheBound() throws IOException {
    FormatException e =
        fails(base(), o -> o.put("featureBound", 0.9), "features.npy: prompt 0, candidate 0:",
            "feature norm 1.0 exceeds the declared featureBound 0.9");
    assertTrue(e.file().endsWith("features.npy"));
    fails(inlineBase(), o -> o.put("featureBound", 0.5),
        "bad.json: prompts[0].features[0]: feature norm 1.0 exceeds the declared featureBound 0.5");
  }

  @Test
  void weights() throws IOException {
    fails(base(), o -> o.set("weights", Json.array(new double[] {1, 1})),
        "bad.json: weights: expected M = 3 entries", "got 2");
    fails(base(), o -> ((ArrayNode) o.get("weights")).set(2, Json.nodes().numberNode(-1.0)),
        "weights[2]: must be >= 0, got -1.0");
    fails(base(), o -> o.set("weights", Json.array(new double[] {0, 0, 0})),
        "weights: the weights sum to 0.0");
    fails(inlineBase(), o -> ((ObjectNode) o.get("prompts").get(0)).remove("weight"),
        "prompts[0].weight: missing field");
    fails(inlineBase(), o -> o.set("weights", Json.array(new double[] {1, 1})),
        "weights: only allowed with \"features\"");
  }

  @Test
  void candidatesPerPrompt() throws IOException {
    fails(inlineBase(), o -> ((ArrayNode) o.get("prompts").get(1).get("features")).remove(1),
        "bad.json: prompts[1].features: has K = 1 candidates", "K >= 2");
    ObjectNode o = base();
    Npy.write(dir.resolve("k1.npy"), new double[] {1, 0, 0, 1}, Npy.DType.F8_LE, 2, 1, 2);
    fails(o, x -> x.put("features", "k1.npy"), "k1.npy: shape: (2, 1, 2) has K = 1",
        "K >= 2");
    Npy.write(dir.resolve("m0.npy"), new double[0], Npy.DType.F8_LE, 0, 2, 2);
    fails(base(), x -> x.put("features", "m0.npy"), "m0.npy: shape: (0, 2, 2) has M = 0");
    Npy.write(dir.resolve("v.npy"), new double[4], Npy.DType.F8_LE, 4);
    fails(base(), x -> x.put("features", "v.npy"), "v.npy: shape: (4,) has 1 dimensions");
  }

  @Test
  void promptOffsets() throws IOException {
    Npy.write(dir.resolve("flat.npy"), new double[] {1, 0, 0, 1, 0.6, 0.8, -1, 0, 0, -1, 0.5, 0.5},
        Npy.DType.F8_LE, 6, 2);
    Consumer<ObjectNode> flat = o -> o.put("features", "flat.npy");
    fails(base(), flat, "bad.json: promptOffsets: missing field", "(total, d) = (6, 2)");
    fails(base(), flat.andThen(o -> o.set("promptOffsets", Json.array(new int[] {1, 3, 6}))),
        "promptOffsets[0]: must be 0, got 1");
    fails(base(), flat.andThen(o -> o.set("promptOffsets", Json.array(new int[] {0, 1, 6}))),
        "promptOffsets[1]: is 1 after promptOffsets[0] = 0: prompt 0 would have K = 1");
    fails(base(), flat.andThen(o -> o.set("promptOffsets", Json.array(new int[] {0, 2, 5}))),
        "promptOffsets[2]: must equal the number of rows", "(6), got 5");
    fails(base(),
        flat.andThen(o -> {
          o.set("promptOffsets", Json.array(new int[] {0, 3, 6}));
        }),
        "weights: expected M = 2 entries");
    fails(base(), o -> o.set("promptOffsets", Json.array(new int[] {0, 2, 4, 6})),
        "promptOffsets: only allowed when", "(M, K, d) = (3, 2, 2)");
    fails(base(), flat.andThen(o -> o.putArray("promptOffsets").add(0).add(2.5)),
        "promptOffsets[1]: expected an integer, got 2.5");
  }

  @Test
  void featureFileProblems() throws IOException {
    ObjectNode o = base();
    o.put("features", "missing.npy");
    Path p = dir.resolve("bad.json");
    Json.write(p, o);
    IOException e = assertThrows(IOException.class, () -> InstanceFile.read(p));
    assertTrue(e instanceof NoSuchFileException, e.toString());
    assertTrue(e.getMessage().contains("missing.npy"), e.getMessage());
    Files.write(dir.resolve("i8.npy"), NpyTest.withHeader(
        "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2, 2), }", 1, new byte[32]));
    fails(base(), x -> x.put("features", "i8.npy"),
        "i8.npy: descr: dtype '<i8' is not supported; expected '<f8' or '<f4'");
    double[] nan = {1, 0, 0, Double.NaN};
    Npy.write(dir.resolve("nan.npy"), nan, Npy.DType.F8_LE, 1, 2, 2);
    fails(base(), x -> x.put("features", "nan.npy").set("weights", Json.array(new double[] {1})),
        "nan.npy: prompt 0, candidate 1, coordinate 1 is NaN");
    fails(base(), x -> x.put("features", ""), "features: expected a file name");
  }

  @Test
  void formsCannotBeMixed() throws IOException {
    fails(base(), o -> o.set("prompts", inlineBase().get("prompts")),
        "bad.json: prompts: cannot be combined with \"features\"");
    fails(inlineBase(), o -> o.set("prompts", Json.nodes().arrayNode()),
        "prompts: must hold at least one prompt");
  }

  @Test
  void jsonSyntaxErrors() throws IOException {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> InstanceFile.read(write("s.json", "{\n  \"format\": \"x\",\n  \"beta\": ,\n}")));
    assertTrue(
        e.getMessage().startsWith(dir.resolve("s.json") + ": beta: invalid JSON at line 3, column"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    e = assertThrows(FormatException.class,
        () -> InstanceFile.read(write("d.json", "{\"beta\": 1, \"beta\": 2}")));
    assertTrue(e.getMessage().contains("beta: invalid JSON")
        && e.getMessage().contains("duplicate field"), e.getMessage());
    e = assertThrows(FormatException.class, () -> InstanceFile.read(write("t.json", "{} []")));
    assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
    e = assertThrows(FormatException.class, () -> InstanceFile.read(write("a.json", "[1, 2]")));
    assertTrue(e.getMessage().contains("expected a JSON object at the top level, got an array"));
    e = assertThrows(FormatException.class, () -> InstanceFile.read(write("e.json", "  ")));
    assertTrue(e.getMessage().contains("file is empty"), e.getMessage());
  }

  @Test
  void writingAGenerativeInstanceIsRefused() {
    Instance g =
        org.rlhfbounds.model.InstanceSpec.of(org.rlhfbounds.model.Family.SPHERE, 3, 2, 2, 1, 1)
            .generative();
    assertThrows(IllegalArgumentException.class,
        () -> InstanceFile.write(dir.resolve("g.json"), g, "g.npy"));
  }
}
