package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rlhfbounds.model.io.MemoryTempDir;
import org.rlhfbounds.model.io.VectorFile;
import org.rlhfbounds.testkit.Mutations;

/**
 * Every command on random and mutated input: bad and edge option values (negative, zero, huge,
 * NaN, subnormal, -0.0, not a number), missing, empty, wrong-kind and mutated input files
 * (truncation, bit flips, numbers at the edges of double, NaN and Infinity spelled in JSON,
 * duplicate or missing keys, deep nesting, lying {@code .npy} headers). The only allowed outcomes
 * are exit 0 with a strict JSON document on stdout (for the JSON-printing commands), or exit 2 with
 * exactly one line on stderr and nothing on stdout; never exit 1, a stack trace or a hang.
 *
 * <p>Drivers: {@link #seededCases()} ({@value #CASES} cases in the default run) and the Jazzer
 * target {@link #cli(FuzzedDataProvider)} ({@code JAZZER_FUZZ=1} explores), sharing one case
 * generator.
 */
class CliFuzzTest {
  static final int CASES = 1500;
  private static final long CASE_TIMEOUT_SECONDS = 30;

  private static Path root;
  private static Path fixture;
  private static Path work;
  private static ExecutorService runner;

  /** A source of choices: a seeded generator or Jazzer's data. */
  interface Choices {
    int pick(int n);

    byte[] bytes(byte[] seed, boolean json);
  }

  @BeforeAll
  static void fixtures() throws IOException {
    root = new MemoryTempDir().createTempDirectory(null, null);
    fixture = root.resolve("fixture");
    work = root.resolve("work");
    Files.createDirectories(work);
    int code =
        Main.run(
            new String[] {"generate", "--family", "sphere", "--prompts", "6", "--candidates", "4",
              "--min-candidates", "2", "--dim", "2", "--beta", "0.5", "--seed", "3",
              "--sample-size", "4", "--sample-seed", "5", "--out", fixture.toString()},
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    assertEquals(ExitCode.OK, code);
    VectorFile.write(fixture.resolve("w.json"), new double[] {0.3, -0.2});
    Files.writeString(fixture.resolve("order.json"), "{\"order\": [0, 3, 1, 2, 2]}\n");
    runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "cli-fuzz");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void cleanUp() throws IOException {
    runner.shutdownNow();
    delete(root);
  }

  // ------------------------------------------------------------------------------- drivers

  @Test
  @Timeout(300)
  void seededCases() throws Exception {
    SplittableRandom rnd = new SplittableRandom(0x5eed_c11L);
    Choices c = new Choices() {
      @Override
      public int pick(int n) {
        return rnd.nextInt(n);
      }

      @Override
      public byte[] bytes(byte[] seed, boolean json) {
        return Mutations.mutate(seed, json, rnd, 2);
      }
    };
    long t0 = System.nanoTime();
    OUTCOMES.clear();
    java.util.Map<String, String> failures = new java.util.LinkedHashMap<>();
    List<List<String>> known = knownCases();
    for (int i = 0; i < CASES; i++) {
      try {
        if (i < known.size()) {
          check(known.get(i), "known case " + i);
          continue;
        }
        runCase(c, "case " + i);
      } catch (AssertionError e) {
        String m = String.valueOf(e.getMessage());
        int s = m.indexOf("\nstderr: ");
        String key = (s < 0 ? m : m.substring(s)).replaceAll("[0-9]+", "#");
        failures.putIfAbsent(key.length() > 160 ? key.substring(0, 160) : key, m);
        if (failures.size() >= 30) {
          break;
        }
      }
    }
    System.out.printf(java.util.Locale.ROOT, "CliFuzzTest.seededCases: %d cases in %.1f s, exit codes by command: %s%n",
        CASES, (System.nanoTime() - t0) / 1e9, OUTCOMES);
    if (!failures.isEmpty()) {
      fail(failures.size() + " kinds of failure:\n\n" + String.join("\n\n", failures.values()));
    }
  }

  /** Jazzer target: the same case generator, its choices taken from the fuzzer's data. */
  @FuzzTest(maxDuration = "120s")
  void cli(FuzzedDataProvider data) throws Exception {
    Choices c = new Choices() {
      @Override
      public int pick(int n) {
        return data.consumeInt(0, n - 1);
      }

      @Override
      public byte[] bytes(byte[] seed, boolean json) {
        SplittableRandom r = new SplittableRandom(data.consumeLong());
        return Mutations.mutate(seed, json, r);
      }
    };
    runCase(c, "jazzer case");
  }

  /**
   * The cases found by fuzzing, replayed first: derived quantities out of range (w* overflowing,
   * a subnormal delta, a step that drives the iterates out of range, a generated instance whose
   * w* overflows).
   */
  private static List<List<String>> knownCases() throws IOException {
    Path known = root.resolve("known");
    Files.createDirectories(known);
    String text = Files.readString(fixture.resolve("instance.json"));
    String theta = text.substring(text.indexOf("\"theta\": [") + 10, text.indexOf(']', text.indexOf("\"theta\": [")));
    Path inst = known.resolve("instance.json");
    Files.writeString(inst, text.replace(theta, "0.5, -1e308"));
    Files.copy(fixture.resolve("features.npy"), known.resolve("features.npy"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String good = fixture.resolve("instance.json").toString();
    String smp = fixture.resolve("sample.json").toString();
    List<List<String>> k = new ArrayList<>();
    k.add(List.of("evaluate", "--instance", inst.toString()));
    k.add(List.of("train", "--instance", inst.toString(), "--sample", smp, "--algorithm", "ga",
        "--steps", "3"));
    k.add(List.of("stability", "--instance", good, "--n", "3", "--algorithm", "ga", "--steps", "3",
        "--replicates", "2", "--delta", "4.9e-324"));
    k.add(List.of("bound", "--instance", good, "--sample", smp, "--algorithm", "ga", "--steps",
        "3", "--delta", "1e-310"));
    k.add(List.of("train", "--instance", good, "--sample", smp, "--algorithm", "ga", "--steps",
        "5", "--eta", "1e308"));
    k.add(List.of("stability", "--instance", good, "--n", "3", "--algorithm", "sga", "--steps",
        "3", "--replicates", "2", "--eta", "1e308"));
    k.add(List.of("generate", "--family", "sphere", "--prompts", "3", "--candidates", "2", "--dim",
        "2", "--beta", "0.5", "--seed", "1", "--theta-norm", "1e308", "--out",
        known.resolve("gen").toString()));
    return k;
  }

  // ------------------------------------------------------------------------ case generator

  private static final String[] INTS = {
    "-1", "0", "1", "2", "3", "5", "2147483647", "2147483648", "-2147483648", "abc", "", "1e3",
    "0x10", "007"
  };
  private static final String[] SMALL_INTS = {"1", "2", "3", "4"};
  private static final String[] DOUBLES = {
    "0.5", "1", "2.0", "0", "-0.0", "-1", "1e308", "-1e308", "4.9e-324", "1e-300", "NaN",
    "Infinity", "-Infinity", "abc", "", "1e400", "0x1p3", "0.05", "0.999999"
  };
  private static final String[] LONGS = {"0", "1", "-1", "9223372036854775807", "9223372036854775808", "x"};

  /** Commands and their options, each option with its value kinds. */
  private static final String[] COMMANDS = {"generate", "evaluate", "train", "stability", "bound",
      "reproduce", "bogus", ""};

  /**
   * Whether the current case is near-valid: every usual option present, each value the valid
   * first choice with probability 3/4, files valid or mutated (so that the commands get past
   * option checking and compute on hostile files).
   */
  private static boolean nearValid;

  private static void runCase(Choices c, String label) throws Exception {
    clean(work);
    nearValid = c.pick(2) == 0;
    List<String> args = new ArrayList<>();
    String cmd = COMMANDS[c.pick(COMMANDS.length)];
    args.add(cmd);
    switch (cmd) {
      case "generate":
        generate(c, args);
        break;
      case "evaluate":
        opt(c, args, "--instance", file(c, "instance.json"), 9);
        opt(c, args, "--sample", file(c, "sample.json"), 6);
        opt(c, args, "--w", file(c, "w.json"), 5);
        break;
      case "train":
        training(c, args);
        opt(c, args, "--eta", pick(c, "auto", DOUBLES), 4);
        opt(c, args, "--w0", file(c, "w.json"), 3);
        opt(c, args, "--seed", pick(c, LONGS), 3);
        opt(c, args, "--order", file(c, "order.json"), 3);
        opt(c, args, "--record-every", pick(c, "0", "1", "3", "-1", "2147483647"), 3);
        break;
      case "stability":
        opt(c, args, "--instance", file(c, "instance.json"), 9);
        opt(c, args, "--n", small(c), 9);
        opt(c, args, "--algorithm", pick(c, "ga", "sga", "exact", "GA", "x", ""), 9);
        opt(c, args, "--steps", small(c), 8);
        opt(c, args, "--replicates", pick(c, "2", "3", "1", "0", "-1", "x"), 8);
        opt(c, args, "--seed", pick(c, LONGS), 3);
        opt(c, args, "--eta", pick(c, "auto", DOUBLES), 3);
        opt(c, args, "--w0", file(c, "w.json"), 3);
        opt(c, args, "--selection", pick(c, "last", "best-gradient", "average", "best", "x"), 3);
        opt(c, args, "--replacement", pick(c, "random", "adversarial", "x"), 3);
        opt(c, args, "--candidates", pick(c, "1", "2", "0", "-1"), 3);
        opt(c, args, "--positions", pick(c, "1", "2", "0", "-1", "2147483647"), 3);
        opt(c, args, "--threads", pick(c, "0", "1", "2", "8", "-1", "x"), 3);
        opt(c, args, "--delta", pick(c, DOUBLES), 3);
        break;
      case "bound":
        training(c, args);
        opt(c, args, "--delta", pick(c, DOUBLES), 4);
        opt(c, args, "--w0", file(c, "w.json"), 3);
        opt(c, args, "--seed", pick(c, LONGS), 3);
        opt(c, args, "--stability", pick(c, "0", "1", "2", "-1", "x"), 3);
        break;
      case "reproduce":
        // always at least one bad option: a good run takes far too long for a fuzz case
        switch (c.pick(5)) {
          case 0:
            args.addAll(List.of("--threads", pick(c, "0", "-1", "x", "", "2147483648")));
            break;
          case 1:
            Files.writeString(work.resolve("afile"), "x");
            args.addAll(List.of("--out", work.resolve("afile").toString()));
            break;
          case 2:
            args.addAll(List.of("--seed", pick(c, "x", "1e3", "", "9223372036854775808")));
            break;
          case 3:
            args.add(pick(c, "--bogus", "--quick=3", "-x", "extra"));
            break;
          default:
            args.addAll(List.of("--out", "/proc/rlhf-bounds-cannot-write", "--threads", "0"));
        }
        if (c.pick(2) == 0) {
          args.add("--quick");
        }
        break;
      default:
        break;
    }
    if (c.pick(20) == 0) {
      args.add(pick(c, "--help-me", "--", "-", "--instance", "extra"));
    }
    check(args, label);
  }

  private static void generate(Choices c, List<String> args) {
    boolean valid = c.pick(3) == 0 || nearValid;
    opt(c, args, "--family",
        pick(c, "sphere", "gaussian", "deficient", "near-degenerate", "sparse", "x", "SPHERE", ""), 9);
    opt(c, args, "--prompts", valid ? small(c) : pick(c, INTS), 9);
    opt(c, args, "--candidates", valid ? pick(c, "2", "3", "4") : pick(c, INTS), 9);
    opt(c, args, "--min-candidates", valid ? pick(c, "2", "3") : pick(c, INTS), 2);
    opt(c, args, "--dim", valid ? small(c) : pick(c, INTS), 9);
    opt(c, args, "--beta", pick(c, DOUBLES), 9);
    opt(c, args, "--seed", pick(c, LONGS), 9);
    opt(c, args, "--param", pick(c, DOUBLES), 2);
    opt(c, args, "--feature-bound", pick(c, DOUBLES), 3);
    opt(c, args, "--theta-norm", pick(c, DOUBLES), 3);
    opt(c, args, "--wref-norm", pick(c, DOUBLES), 3);
    boolean sample = c.pick(3) == 0;
    if (sample) {
      opt(c, args, "--sample-size", valid ? small(c) : pick(c, INTS), 9);
      opt(c, args, "--sample-seed", pick(c, LONGS), 9);
    }
    opt(c, args, "--out", pick(c, work.resolve("out").toString(), work.resolve("out").toString(),
        fixture.resolve("instance.json").toString(), "/proc/rlhf-bounds-x"), 9);
    if (c.pick(3) == 0) {
      args.add("--force");
    }
  }

  private static void training(Choices c, List<String> args) throws IOException {
    opt(c, args, "--instance", file(c, "instance.json"), 9);
    opt(c, args, "--sample", file(c, "sample.json"), 9);
    opt(c, args, "--algorithm", pick(c, "ga", "sga", "SGA", "exact", "x", ""), 9);
    opt(c, args, "--steps", pick(c, "1", "5", "20", "0", "-1", "2147483648", "x"), 9);
  }

  /** Adds {@code name value} with probability {@code tenths}/10. */
  private static void opt(Choices c, List<String> args, String name, String value, int tenths) {
    if (c.pick(10) < tenths || (nearValid && tenths >= 8)) {
      args.add(name);
      args.add(value);
    }
  }

  private static String small(Choices c) {
    return pick(c, SMALL_INTS);
  }

  private static String pick(Choices c, String first, String... more) {
    int i = c.pick(more.length + 1);
    if (nearValid && c.pick(4) > 0) {
      return first;
    }
    return i == 0 ? first : more[i - 1];
  }

  private static String pick(Choices c, String[] all) {
    int i = c.pick(all.length);
    if (nearValid && c.pick(4) > 0) {
      return all[0];
    }
    return all[i];
  }

  /**
   * A file for an option: the valid fixture, a mutated copy (with the instance's {@code .npy}
   * possibly mutated too), the wrong kind of file, an empty file, a directory or a missing path.
   */
  private static String file(Choices c, String name) throws IOException {
    int kind = c.pick(8);
    if (nearValid) {
      kind = kind % 5; // the fixture or a mutated copy
    }
    switch (kind) {
      case 0:
      case 1:
        return fixture.resolve(name).toString();
      case 2:
      case 3:
      case 4: {
        Path copy = work.resolve("m-" + name);
        Files.write(copy, c.bytes(Files.readAllBytes(fixture.resolve(name)), true));
        if (name.equals("instance.json")) {
          byte[] npy = Files.readAllBytes(fixture.resolve("features.npy"));
          Files.write(work.resolve("features.npy"), c.pick(3) == 0 ? c.bytes(npy, false) : npy);
        }
        return copy.toString();
      }
      case 5:
        return fixture.resolve(pick(c, "sample.json", "w.json", "order.json", "instance.json",
            "features.npy")).toString();
      case 6: {
        Path empty = work.resolve("empty.json");
        Files.write(empty, new byte[0]);
        return pick(c, empty.toString(), fixture.toString(), "/dev/null");
      }
      default:
        return work.resolve("missing-" + name).toString();
    }
  }

  // -------------------------------------------------------------------------------- oracle

  private static final ObjectMapper STRICT = new ObjectMapper();
  private static final java.util.Map<String, Integer> OUTCOMES = new java.util.TreeMap<>();

  private static void check(List<String> args, String label) throws Exception {
    String[] a = args.toArray(new String[0]);
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    Future<Integer> f =
        runner.submit(() -> Main.run(a, new PrintWriter(o), new PrintWriter(e)));
    int code;
    try {
      code = f.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException t) {
      f.cancel(true);
      fail(label + ": no answer after " + CASE_TIMEOUT_SECONDS + " s: " + show(args));
      return;
    }
    String err = e.toString();
    String out = o.toString();
    OUTCOMES.merge(args.get(0) + "=" + code, 1, Integer::sum);
    String where = label + ": rlhf-bounds " + show(args) + "\nexit " + code + "\nstderr: " + err;
    if (code == ExitCode.BAD_INPUT) {
      if (!err.endsWith("\n") || err.indexOf('\n') != err.length() - 1 || err.isBlank()) {
        fail(where + "\nexpected exactly one line on stderr");
      }
      if (!out.isEmpty()) {
        fail(where + "\nexpected nothing on stdout, got: " + out);
      }
      if (err.contains("Exception") || err.contains("\tat ")) {
        fail(where + "\nan exception leaked into the message");
      }
      return;
    }
    if (code != ExitCode.OK) {
      fail(where);
    }
    if (args.get(0).equals("generate")) {
      // a valid result: what generate wrote reads back
      Path written = Path.of(args.get(args.indexOf("--out") + 1), "instance.json");
      try {
        org.rlhfbounds.model.io.InstanceFile.read(written);
      } catch (IOException ex) {
        fail(where + "\nthe generated instance does not read back: " + ex.getMessage());
      }
    }
    if (!args.get(0).equals("reproduce") && !out.isEmpty()) {
      try {
        STRICT.readTree(out); // rejects NaN and Infinity: a result must be valid JSON
      } catch (IOException ex) {
        fail(where + "\nstdout is not strict JSON (" + ex.getMessage() + "): " + out);
      }
      if (out.startsWith("{")) {
        java.util.Set<String> violations = SchemaAssert.errors(args.get(0), out);
        if (!violations.isEmpty()) {
          fail(where + "\nthe output violates its schema: " + violations + "\n" + out);
        }
      }
    }
  }

  private static String show(List<String> args) {
    StringBuilder sb = new StringBuilder();
    for (String s : args) {
      sb.append(s.isEmpty() || s.contains(" ") ? "'" + s + "'" : s).append(' ');
    }
    return sb.toString().trim();
  }

  private static void clean(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        delete(p);
      }
    }
  }

  private static void delete(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
