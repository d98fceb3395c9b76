package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.model.io.MemoryTempDir;

/**
 * Same seed, same bytes: every command gives byte-identical output (stdout and the files it
 * writes) with 1, 2 and 8 threads where it has {@code --threads} ({@code stability}, {@code
 * reproduce}: report files above the Run block, figures), and on a second run where it has none
 * ({@code generate}, {@code evaluate}, {@code train}, {@code bound}).
 */
class DeterminismTest {
  @TempDir(factory = MemoryTempDir.class)
  Path dir;

  private static final int[] THREADS = {1, 2, 8};

  /** stdout of a run that must succeed. */
  private static String ok(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(args, new PrintWriter(o), new PrintWriter(e));
    assertEquals(ExitCode.OK, code, String.join(" ", args) + ": " + e);
    return o.toString();
  }

  /** Every file under a directory, by relative path. */
  private static Map<String, byte[]> files(Path d) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (var s = Files.walk(d)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          m.put(d.relativize(p).toString(), Files.readAllBytes(p));
        }
      }
    }
    return m;
  }

  private static void assertSameFiles(Map<String, byte[]> a, Map<String, byte[]> b, String what) {
    assertEquals(a.keySet(), b.keySet(), what);
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), what + ": " + k);
    }
  }

  private String[] generateArgs() {
    return new String[] {"generate", "--family", "gaussian", "--prompts", "40", "--candidates",
        "5", "--min-candidates", "2", "--dim", "3", "--beta", "0.7", "--seed", "12",
        "--sample-size", "15", "--sample-seed", "13", "--out", dir.resolve("gen").toString(),
        "--force"};
  }

  @Test
  void fileCommandsRepeatByteForByte() throws IOException {
    String g1 = ok(generateArgs());
    Map<String, byte[]> f1 = files(dir.resolve("gen"));
    String g2 = ok(generateArgs());
    assertEquals(g1, g2, "generate stdout");
    assertSameFiles(f1, files(dir.resolve("gen")), "generate files");
    assertEquals(3, f1.size());

    String inst = dir.resolve("gen/instance.json").toString();
    String smp = dir.resolve("gen/sample.json").toString();
    List<String[]> runs = new ArrayList<>();
    runs.add(new String[] {"evaluate", "--instance", inst, "--sample", smp});
    runs.add(new String[] {"train", "--instance", inst, "--sample", smp, "--algorithm", "ga",
        "--steps", "40", "--record-every", "7"});
    runs.add(new String[] {"train", "--instance", inst, "--sample", smp, "--algorithm", "sga",
        "--steps", "60", "--seed", "99"});
    runs.add(new String[] {"bound", "--instance", inst, "--sample", smp, "--algorithm", "sga",
        "--steps", "30", "--seed", "5", "--stability", "2"});
    for (String[] r : runs) {
      String a = ok(r);
      String b = ok(r);
      assertEquals(a, b, String.join(" ", r));
      assertTrue(a.startsWith("{"), a);
    }
  }

  @Test
  void stabilityIsTheSameWithOneTwoAndEightThreads() throws IOException {
    ok(generateArgs());
    String inst = dir.resolve("gen/instance.json").toString();
    for (String alg : new String[] {"ga", "sga", "exact"}) {
      String first = null;
      for (int t : THREADS) {
        List<String> args = new ArrayList<>(List.of("stability", "--instance", inst,
            "--n", "6", "--algorithm", alg, "--replicates", "3", "--seed", "8", "--threads",
            Integer.toString(t), "--replacement", "adversarial", "--candidates", "3"));
        if (!alg.equals("exact")) {
          args.addAll(List.of("--steps", "15"));
        }
        String out = ok(args.toArray(new String[0]));
        if (first == null) {
          first = out;
        } else {
          assertEquals(first, out, "stability " + alg + " with " + t + " threads");
        }
      }
    }
  }

  @Test
  void reproduceQuickIsTheSameWithOneTwoAndEightThreads() throws IOException {
    Map<String, byte[]> first = null;
    for (int t : THREADS) {
      Path out = dir.resolve("rep" + t);
      ok("reproduce", "--quick", "--seed", "20260127", "--threads", Integer.toString(t), "--out",
          out.toString());
      Map<String, byte[]> f = files(out);
      SchemaAssert.valid("report", new String(f.get("report.json"), StandardCharsets.UTF_8));
      String md = new String(f.get("report.md"), StandardCharsets.UTF_8);
      int run = md.indexOf("\n## Run");
      assertTrue(run > 0, "report.md has a Run block");
      f.put("report.md", md.substring(0, run).getBytes(StandardCharsets.UTF_8));
      f.put("report.json", withoutRun(f.get("report.json")));
      if (first == null) {
        first = f;
        assertTrue(f.keySet().stream().anyMatch(k -> k.endsWith(".png")), "figures written");
      } else {
        assertSameFiles(first, f, "reproduce --quick with " + t + " threads");
      }
    }
  }

  /** report.json without its top-level "run" member (machine and timings). */
  private static byte[] withoutRun(byte[] json) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(json);
    assertTrue(root.has("run"), "report.json has a run member");
    root.remove("run");
    return m.writeValueAsBytes(root);
  }
}
