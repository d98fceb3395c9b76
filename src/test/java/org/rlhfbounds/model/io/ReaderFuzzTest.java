package org.rlhfbounds.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.testkit.Mutations;

/**
 * Hostile input never crashes a reader: every {@code .npy}, instance, sample, vector and order
 * input either reads (and the instance's derived quantities, w* first, are then finite) or is
 * refused with a {@link FormatException} (one line, naming the file), or with an {@link
 * IOException} naming the file; never another exception, an {@link OutOfMemoryError} from a lying
 * header, or a hang.
 *
 * <p>Two drivers share the targets: the {@code @FuzzTest} methods (Jazzer; the normal test run
 * replays their corpus under {@code src/test/resources/.../ReaderFuzzTestInputs}, {@code
 * JAZZER_FUZZ=1 mvn test -Dtest=ReaderFuzzTest#npy} explores coverage-guided) and the seeded
 * mutation loops (the {@code *Mutations} tests, {@value #NPY_CASES} + {@value #INSTANCE_CASES} +
 * 3 x {@value #SMALL_CASES} cases from valid seeds, in the default run).
 */
class ReaderFuzzTest {
  static final int NPY_CASES = 4000;
  static final int INSTANCE_CASES = 3000;
  static final int SMALL_CASES = 1000;

  /** Slowest tolerated single case, in nanoseconds (a hang guard; cases take microseconds). */
  private static final long SLOW_NANOS = 5_000_000_000L;

  private static Path dir;

  @BeforeAll
  static void makeDir() throws IOException {
    dir = new MemoryTempDir().createTempDirectory(null, null);
  }

  @AfterAll
  static void removeDir() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  // -------------------------------------------------------------------------------- targets

  /** The {@code .npy} reader on arbitrary bytes. */
  @FuzzTest(maxDuration = "60s")
  void npy(byte[] input) {
    outcome("f.npy", () -> {
      NpyArray a = Npy.read(new ByteArrayInputStream(input), "f.npy");
      assertEquals(Npy.elementCount(a.shape()), a.data().length, "shape and data agree");
    });
  }

  /**
   * The instance reader: the input is a 2-byte big-endian length, that many bytes of {@code
   * features.npy}, then {@code instance.json}.
   */
  @FuzzTest(maxDuration = "60s")
  void instance(byte[] input) throws IOException {
    int n = input.length < 2 ? 0 : Math.min(input.length - 2, ((input[0] & 0xff) << 8) | (input[1] & 0xff));
    int start = input.length < 2 ? input.length : 2;
    Files.write(dir.resolve("features.npy"), java.util.Arrays.copyOfRange(input, start, start + n));
    Path json = dir.resolve("instance.json");
    Files.write(json, java.util.Arrays.copyOfRange(input, start + n, input.length));
    outcome(json.toString(), () -> {
      Instance inst = InstanceFile.read(json);
      FiniteDistribution dist = inst.finiteDistribution();
      assertTrue(dist != null);
      // derived quantities the commands use: accepted input keeps them finite
      inst.wStar();
      assertTrue(Double.isFinite(inst.beta()) && Double.isFinite(inst.featureBound()));
      double s = 0;
      for (double w : dist.weights()) {
        assertTrue(Double.isFinite(w) && w >= 0);
        s += w;
      }
      assertTrue(Math.abs(s - 1) < 1e-9, "weights normalised");
    });
  }

  /** The sample reader (M = 5 prompts). */
  @FuzzTest(maxDuration = "30s")
  void sample(byte[] input) throws IOException {
    readFile("sample.json", input, f -> {
      for (int i : SampleFile.readIndices(f, 5)) {
        assertTrue(i >= 0 && i < 5);
      }
    });
  }

  /** The vector reader (d = 3). */
  @FuzzTest(maxDuration = "30s")
  void vector(byte[] input) throws IOException {
    readFile("w.json", input, f -> {
      double[] w = VectorFile.read(f, 3);
      assertEquals(3, w.length);
      for (double v : w) {
        assertTrue(Double.isFinite(v));
      }
    });
  }

  /** The order reader (n = 4). */
  @FuzzTest(maxDuration = "30s")
  void order(byte[] input) throws IOException {
    readFile("order.json", input, f -> {
      for (int i : OrderFile.read(f, 4)) {
        assertTrue(i >= 0 && i < 4);
      }
    });
  }

  /** A reading step on a file. */
  @FunctionalInterface
  interface FileStep {
    void run(Path f) throws Exception;
  }

  /** Writes the input to {@code name} in the test directory and reads it under the oracle. */
  private static void readFile(String name, byte[] input, FileStep read) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, input);
    outcome(f.toString(), () -> read.run(f));
  }

  // ------------------------------------------------------------------------ seeded drivers

  @Test
  @Timeout(120)
  void npyMutations() throws IOException {
    List<byte[]> seeds = npySeeds();
    SplittableRandom rnd = new SplittableRandom(0x5eed_0001L);
    for (int c = 0; c < NPY_CASES; c++) {
      byte[] in = c < seeds.size() ? seeds.get(c) : npyMutation(seeds, rnd);
      timed(in, () -> npy(in));
    }
    summary("npyMutations");
  }

  @Test
  @Timeout(120)
  void instanceMutations() throws IOException {
    List<byte[]> npys = npySeeds();
    List<byte[]> jsons = instanceJsonSeeds();
    SplittableRandom rnd = new SplittableRandom(0x5eed_0002L);
    for (int c = 0; c < INSTANCE_CASES; c++) {
      byte[] npy = rnd.nextInt(4) == 0 ? npyMutation(npys, rnd) : npys.get(rnd.nextInt(3));
      byte[] json = jsons.get(rnd.nextInt(jsons.size()));
      if (c >= jsons.size()) {
        json = Mutations.mutate(json, true, rnd);
      }
      byte[] in = instanceInput(npy, json);
      timed(in, () -> instance(in));
    }
    summary("instanceMutations");
  }

  @Test
  @Timeout(60)
  void smallFileMutations() throws IOException {
    SplittableRandom rnd = new SplittableRandom(0x5eed_0003L);
    byte[][] samples = utf8(smallSeeds("indices"));
    byte[][] vectors = utf8(smallSeeds("w"));
    byte[][] orders = utf8(smallSeeds("order"));
    for (int c = 0; c < SMALL_CASES; c++) {
      byte[] s = mutateUnlessSeed(samples, c, rnd);
      timed(s, () -> sample(s));
      byte[] v = mutateUnlessSeed(vectors, c, rnd);
      timed(v, () -> vector(v));
      byte[] o = mutateUnlessSeed(orders, c, rnd);
      timed(o, () -> order(o));
    }
    summary("smallFileMutations");
  }

  /** A header that claims more data than the file holds is refused without allocating it. */
  @Test
  @Timeout(30)
  void lyingHeadersDoNotAllocate() {
    for (String shape : new String[] {"(2147483639,)", "(1073741824, 2)", "(46340, 46340)",
        "(100000000,)", "(2147483639, 0)", "(0, 2147483639)"}) {
      byte[] in = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }",
          1, new byte[64]);
      timed(in, () -> npy(in));
    }
    // a header nested deep enough to overflow a recursive parser's stack
    byte[] deep = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': " + "(".repeat(200_000)
        + "}", 2, new byte[0]);
    timed(deep, () -> npy(deep));
  }

  // ---------------------------------------------------------------------------------- seeds

  /** Valid {@code .npy} files: every dtype, versions 1 to 3, several shapes and spellings. */
  static List<byte[]> npySeeds() throws IOException {
    List<byte[]> s = new ArrayList<>();
    double[] x = new double[12];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 5 - 2) * 0.15;
    }
    s.add(npyData(x, Npy.DType.F8_LE, 3, 2, 2)); // (M, K, d) instance features
    s.add(npyData(java.util.Arrays.copyOf(x, 10), Npy.DType.F8_LE, 5, 2)); // ragged (total, d)
    s.add(npyData(x, Npy.DType.F4_LE, 3, 2, 2));
    s.add(npyData(x, Npy.DType.F8_BE, 2, 3, 2));
    s.add(npyData(x, Npy.DType.F4_BE, 12));
    s.add(npyData(new double[] {1e308, -0.0, 4.9e-324, Double.NaN}, Npy.DType.F8_LE, 4));
    s.add(npyData(new double[0], Npy.DType.F8_LE, 0, 2));
    s.add(npyData(new double[] {2.5}, Npy.DType.F8_LE));
    byte[] body = new byte[48];
    s.add(npyBytes("{\"shape\": (3L, 2L), \"fortran_order\": False, \"descr\": \"<f8\"}", 2, body));
    s.add(npyBytes("{'descr':'<f8','fortran_order':False,'shape':(6,)}", 3, body));
    s.add(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", 1, body));
    return s;
  }

  private static byte[] npyData(double[] x, Npy.DType t, int... shape) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(out, x, t, shape);
    return out.toByteArray();
  }

  /** A {@code .npy} file with a hand-written header. */
  static byte[] npyBytes(String header, int major, byte[] body) {
    byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
    int pre = major == 1 ? 10 : 12;
    byte[] out = new byte[pre + h.length + body.length];
    byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0};
    System.arraycopy(magic, 0, out, 0, 8);
    for (int k = 0; k < pre - 8; k++) {
      out[8 + k] = (byte) (h.length >>> (8 * k));
    }
    System.arraycopy(h, 0, out, pre, h.length);
    System.arraycopy(body, 0, out, pre + h.length, body.length);
    return out;
  }

  private static final String[] SHAPES = {
    "(2147483639,)", "(-1, 2)", "(2147483648,)", "(99999999999999999999,)", "(1073741824, 2)",
    "(3, 2, 0)", "(0, 0, 0)", "(2147483639, 2147483639, 0)", "(1, 2, 3, 4)", "(3,2,2)", "()",
    "(5, 2)", "(0, 5)", "(1, 1)", "(3, 1, 4)", "[3, 2, 2]", "(3.0, 2)", "(True, 2)", "('3', 2)",
    "(1e3,)", "(3 2)", "(,)", "(3,,)", "(x,)", "(3, 2, 2", "None"
  };
  private static final String[] DESCRS = {
    "'<f8'", "'<f4'", "'>f8'", "'>f4'", "'<i8'", "'|u1'", "'<c16'", "'<f2'", "'=f8'", "'f8'",
    "[('a', '<f8')]", "'<f8\\'", "'\\x00'", "None", "8", "'<F8'"
  };

  /** A header-aware or byte-level mutation of a random seed. */
  private static byte[] npyMutation(List<byte[]> seeds, SplittableRandom rnd) {
    byte[] base = seeds.get(rnd.nextInt(seeds.size()));
    if (rnd.nextInt(3) == 0) {
      String shape = SHAPES[rnd.nextInt(SHAPES.length)];
      String descr = DESCRS[rnd.nextInt(DESCRS.length)];
      String fortran = rnd.nextInt(5) == 0 ? (rnd.nextBoolean() ? "True" : "0") : "False";
      String h;
      switch (rnd.nextInt(4)) {
        case 0:
          h = "{'descr': " + descr + ", 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
          break;
        case 1:
          h = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", 'shape': (3,), }";
          break;
        case 2:
          h = "{'descr': " + descr + ", 'shape': " + shape + "}";
          break;
        default:
          h = "{'descr': '<f8', 'fortran_order': " + fortran + ", 'shape': " + shape
              + ", 'extra': {'a': [(" + "(".repeat(rnd.nextInt(50)) + ")]}}";
      }
      byte[] body = new byte[rnd.nextInt(4) == 0 ? 0 : 8 * rnd.nextInt(20)];
      rnd.nextBytes(body);
      return npyBytes(h, 1 + rnd.nextInt(3), body);
    }
    return Mutations.mutate(base, false, rnd);
  }

  /** Valid instance files: (M, K, d) features, ragged features, inline prompts. */
  static List<byte[]> instanceJsonSeeds() {
    String head = "{\n  \"format\": \"rlhf-bounds.instance/1\",\n  \"beta\": 0.5,\n"
        + "  \"theta\": [0.6, -0.8],\n  \"wRef\": [0.1, 0.2],\n  \"featureBound\": 1.0,\n";
    List<String> s = new ArrayList<>();
    s.add(head + "  \"features\": \"features.npy\",\n  \"weights\": [1.0, 1.0, 2.0]\n}\n");
    s.add(head + "  \"features\": \"features.npy\",\n  \"promptOffsets\": [0, 2, 5],\n"
        + "  \"weights\": [1.0, 3.0]\n}\n");
    s.add(head + "  \"prompts\": [\n    {\"weight\": 1.0, \"features\": [[1.0, 0.0], [0.0, 1.0]]},\n"
        + "    {\"weight\": 3.0, \"features\": [[0.5, 0.5], [-1.0, 0.0], [0.0, -1.0]]}\n  ]\n}\n");
    List<byte[]> b = new ArrayList<>();
    for (String t : s) {
      b.add(t.getBytes(StandardCharsets.UTF_8));
    }
    return b;
  }

  /** The input of {@link #instance}: 2-byte length, the {@code .npy} bytes, the JSON bytes. */
  static byte[] instanceInput(byte[] npy, byte[] json) {
    int n = Math.min(npy.length, 0xffff);
    byte[] in = new byte[2 + n + json.length];
    in[0] = (byte) (n >>> 8);
    in[1] = (byte) n;
    System.arraycopy(npy, 0, in, 2, n);
    System.arraycopy(json, 0, in, 2 + n, json.length);
    return in;
  }

  static String[] smallSeeds(String key) {
    String fmt = key.equals("indices") ? "rlhf-bounds.sample/1"
        : key.equals("w") ? "rlhf-bounds.vector/1" : "rlhf-bounds.order/1";
    String values = key.equals("w") ? "[0.3, -0.2, 1.1]" : "[0, 3, 3, 1]";
    return new String[] {
      "{\"format\": \"" + fmt + "\", \"" + key + "\": " + values + "}\n",
      "{\"" + key + "\": " + values + "}",
      "{\n  \"" + key + "\": " + values + ",\n  \"format\": \"" + fmt + "\"\n}\n"
    };
  }

  private static byte[][] utf8(String[] s) {
    byte[][] b = new byte[s.length][];
    for (int i = 0; i < s.length; i++) {
      b[i] = s[i].getBytes(StandardCharsets.UTF_8);
    }
    return b;
  }

  private static byte[] mutateUnlessSeed(byte[][] seeds, int c, SplittableRandom rnd) {
    return c < seeds.length ? seeds[c] : Mutations.mutate(seeds[rnd.nextInt(seeds.length)], true, rnd);
  }

  // -------------------------------------------------------------------------------- oracle

  /** A reading step that may throw. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /**
   * The allowed outcomes: normal return, a one-line {@link FormatException} naming {@code file},
   * or an {@link IOException} naming a file of the test directory.
   */
  static void outcome(String file, Step step) {
    try {
      step.run();
      READ.incrementAndGet();
    } catch (FormatException e) {
      REFUSED.incrementAndGet();
      String m = String.valueOf(e.getMessage());
      assertTrue(m.startsWith(file + ": ") || m.startsWith(dir + "/"), "names the file: " + m);
      assertTrue(!m.contains("\n") && !m.contains("\r"), "one line: " + m);
    } catch (IOException e) {
      REFUSED.incrementAndGet();
      String m = String.valueOf(e.getMessage());
      assertTrue(m.contains(file) || m.contains(dir.toString()), "names the file: " + e);
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError("unexpected " + e, e);
    }
  }

  /**
   * Runs one case; a failure or a case slower than {@link #SLOW_NANOS} is recorded with its input
   * (the first of each kind), and {@link #assertNoFailures} reports them all at the end.
   */
  static void timed(byte[] input, Step r) {
    long t0 = System.nanoTime();
    try {
      r.run();
    } catch (Throwable e) {
      record(e.toString(), "input " + show(input) + ": " + e);
    }
    long t = System.nanoTime() - t0;
    if (t > SLOW_NANOS) {
      record("slow", "input " + show(input) + " took " + t / 1e9 + " s");
    }
  }

  private static final java.util.concurrent.atomic.AtomicLong READ =
      new java.util.concurrent.atomic.AtomicLong();
  private static final java.util.concurrent.atomic.AtomicLong REFUSED =
      new java.util.concurrent.atomic.AtomicLong();
  private long startNanos;

  @org.junit.jupiter.api.BeforeEach
  void startCounting() {
    READ.set(0);
    REFUSED.set(0);
    startNanos = System.nanoTime();
  }

  /** Prints the case counts of a driver (read, refused) and its time. */
  private void summary(String driver) {
    System.out.printf(java.util.Locale.ROOT, "ReaderFuzzTest.%s: %d cases (%d read, %d refused) in %.1f s%n",
        driver, READ.get() + REFUSED.get(), READ.get(), REFUSED.get(),
        (System.nanoTime() - startNanos) / 1e9);
  }

  private static final java.util.Map<String, String> FAILURES = new java.util.LinkedHashMap<>();

  private static synchronized void record(String kind, String message) {
    String key = kind.replaceAll("[0-9]+", "#");
    key = key.length() > 120 ? key.substring(0, 120) : key;
    if (FAILURES.size() < 30) {
      FAILURES.putIfAbsent(key, message);
    }
  }

  @org.junit.jupiter.api.AfterEach
  void assertNoFailures() {
    synchronized (ReaderFuzzTest.class) {
      if (!FAILURES.isEmpty()) {
        String all = String.join("\n\n", FAILURES.values());
        FAILURES.clear();
        fail(all);
      }
    }
  }

  private static String show(byte[] in) {
    String s = new String(in, StandardCharsets.ISO_8859_1);
    boolean text = s.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f || ch == '\n');
    String body = text ? '"' + s + '"' : HexFormat.of().formatHex(in);
    return body.length() > 600 ? body.substring(0, 600) + "..." : body;
  }
}
