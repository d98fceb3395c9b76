package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command sections agree with the command line: every example ({@code $
 * rlhf-bounds ...} in a code block) runs, in order, and prints what the README shows (same keys
 * in the same order, same values, arrays elided with {@code ...} compared at both ends, objects
 * elided with a {@code ...} line compared on the keys shown, a value shown as {@code "..."} present
 * but not compared: the version, which changes with every commit); every command's key tables list
 * exactly the fields of its JSON Schema; tolerances and timings are described once.
 */
class ReadmeTest {
  private static final Pattern SECTION = Pattern.compile("(?m)^#### `rlhf-bounds (\\w+)`$");

  private static String readme() throws IOException {
    return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
  }

  /** The text of a command's section: from its heading to the next heading of level <= 4. */
  private static String section(String readme, String command) {
    Matcher m = Pattern.compile("(?m)^#### `rlhf-bounds " + command + "`$").matcher(readme);
    assertTrue(m.find(), "README has no section for " + command);
    Matcher next = Pattern.compile("(?m)^#{1,4} ").matcher(readme);
    int end = next.find(m.end()) ? next.start() : readme.length();
    return readme.substring(m.end(), end);
  }

  /** One documented example: the arguments after {@code rlhf-bounds} and the output shown. */
  private record Example(List<String> args, String output) {}

  private static List<Example> examples(String readme) {
    List<Example> out = new ArrayList<>();
    Matcher block = Pattern.compile("(?ms)^```\\n(\\$ rlhf-bounds .*?)^```$").matcher(readme);
    while (block.find()) {
      String text = block.group(1);
      StringBuilder cmd = new StringBuilder();
      int at = 0;
      for (String line : text.split("\n", -1)) {
        at += line.length() + 1;
        String l = line.strip();
        boolean more = l.endsWith("\\");
        cmd.append(more ? l.substring(0, l.length() - 1) : l).append(' ');
        if (!more) {
          break;
        }
      }
      List<String> args = new ArrayList<>(List.of(cmd.toString().trim().split("\\s+")));
      assertEquals("$", args.remove(0));
      assertEquals("rlhf-bounds", args.remove(0));
      out.add(new Example(args, text.substring(Math.min(at, text.length()))));
    }
    return out;
  }

  @Test
  void everyExampleRunsAndPrintsWhatTheReadmeShows(@TempDir Path dir) throws IOException {
    List<Example> examples = examples(readme());
    Set<String> commands = new LinkedHashSet<>();
    for (Example e : examples) {
      commands.add(e.args().get(0));
      List<String> args = new ArrayList<>();
      for (String a : e.args()) {
        args.add(a.startsWith("runs/") ? dir.resolve(a).toString() : a);
      }
      MainTest.Run r = MainTest.run(args.toArray(new String[0]));
      assertEquals(ExitCode.OK, r.code, e.args() + ": " + r.err);
      String actual = r.out.replace(dir + "/", "");
      JsonNode shown = parseElided(e.output());
      JsonNode got = new ObjectMapper().readTree(actual);
      compare(shown, got, String.join(" ", e.args()) + ": $");
      SchemaAssert.valid(e.args().get(0), r.out);
    }
    assertEquals(
        Set.of("generate", "evaluate", "train", "stability", "bound", "preferences", "plan"),
        commands,
        "the README shows an example of every JSON command");
  }

  /** Documented JSON with elisions: {@code ...} as an array element or as a line of an object. */
  static JsonNode parseElided(String text) throws IOException {
    String[] lines = text.split("\n");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.strip().equals("...")) {
        String next = i + 1 < lines.length ? lines[i + 1].strip() : "}";
        l = l.replace("...", "\"...\": \"...\"" + (next.startsWith("}") ? "" : ","));
      }
      b.append(l).append('\n');
    }
    String json = b.toString().replace(", ...", ", \"...\"").replace("[..., ", "[\"...\", ");
    return new ObjectMapper().readTree(json);
  }

  /** Compares a documented value with the actual one (elisions as in the class comment). */
  static void compare(JsonNode shown, JsonNode got, String path) {
    if (shown.isObject()) {
      assertTrue(got.isObject(), path + ": object expected, got " + got);
      boolean elided = shown.has("...");
      List<String> want = new ArrayList<>();
      shown.fieldNames().forEachRemaining(k -> {
        if (!k.equals("...")) {
          want.add(k);
        }
      });
      List<String> have = new ArrayList<>();
      got.fieldNames().forEachRemaining(have::add);
      if (elided) {
        Iterator<String> it = have.iterator();
        for (String k : want) {
          boolean found = false;
          while (it.hasNext() && !found) {
            found = it.next().equals(k);
          }
          assertTrue(found, path + ": key " + k + " missing or out of order; output has " + have);
        }
      } else {
        assertEquals(want, have, path + ": keys");
      }
      for (String k : want) {
        compare(shown.get(k), got.get(k), path + "." + k);
      }
    } else if (shown.isArray()) {
      assertTrue(got.isArray(), path + ": array expected, got " + got);
      int cut = -1;
      for (int i = 0; i < shown.size(); i++) {
        if (shown.get(i).isTextual() && shown.get(i).asText().equals("...")) {
          cut = i;
        }
      }
      if (cut < 0) {
        assertEquals(shown.size(), got.size(), path + ": array length");
        for (int i = 0; i < shown.size(); i++) {
          compare(shown.get(i), got.get(i), path + "[" + i + "]");
        }
      } else {
        int tail = shown.size() - cut - 1;
        assertTrue(got.size() >= cut + tail, path + ": array too short");
        for (int i = 0; i < cut; i++) {
          compare(shown.get(i), got.get(i), path + "[" + i + "]");
        }
        for (int j = 1; j <= tail; j++) {
          compare(shown.get(shown.size() - j), got.get(got.size() - j), path + "[-" + j + "]");
        }
      }
    } else if (shown.isTextual() && shown.asText().equals("...")) {
      assertTrue(got.isValueNode() && !got.isNull(), path + ": a value expected, got " + got);
    } else if (shown.isNumber()) {
      assertTrue(got.isNumber(), path + ": number expected, got " + got);
      assertEquals(shown.doubleValue(), got.doubleValue(), 0.0, path + ": stale value");
    } else {
      assertEquals(shown, got, path + ": stale value");
    }
  }

  /** The keys named in the first column of a table whose first header cell is {@code header}. */
  private static Set<String> tableKeys(String section, String header) {
    Set<String> keys = new LinkedHashSet<>();
    boolean in = false;
    for (String line : section.split("\n")) {
      if (line.startsWith("| " + header + " |")) {
        in = true;
        continue;
      }
      if (in && !line.startsWith("|")) {
        in = false;
      }
      if (in && !line.startsWith("|---") && !line.startsWith("| ---")) {
        String cell = line.split("\\|")[1];
        Matcher k = Pattern.compile("`([^`]+)`").matcher(cell);
        while (k.find()) {
          keys.add(k.group(1));
        }
      }
    }
    return keys;
  }

  private static Set<String> schemaKeys(JsonNode schema) {
    Set<String> keys = new LinkedHashSet<>();
    schema.get("properties").fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void everyOutputFieldIsDocumentedOnceAndOnlyRealFieldsAre() throws IOException {
    String readme = readme();
    String[][] tables = {
      {"generate", "generate", "key"},
      {"evaluate", "evaluate", "key"},
      {"train", "train", "key"},
      {"stability", "stability", "key"},
      {"bound", "bound", "key"},
      {"preferences", "preferences", "key"},
      {"plan", "plan", "key"},
      {"reproduce", "report", "key"},
    };
    for (String[] t : tables) {
      JsonNode schema = SchemaAssert.document(t[1]);
      assertEquals(schemaKeys(schema), tableKeys(section(readme, t[0]), t[2]),
          t[0] + ": the README's key table and the schema " + t[1] + " disagree");
    }
    JsonNode entry = SchemaAssert.document("bound").get("properties").get("theorems").get("items");
    assertEquals(schemaKeys(entry), tableKeys(section(readme, "bound"), "`theorems[]` key"),
        "bound: the README's theorem-entry table and the schema disagree");
    Matcher parts = Pattern.compile("`#([a-z-]+)`").matcher(section(readme, "bound"));
    Set<String> documented = new LinkedHashSet<>();
    while (parts.find()) {
      documented.add(parts.group(1));
    }
    Set<String> real = new LinkedHashSet<>();
    entry.get("properties").get("part").get("enum").forEach(p -> real.add(p.asText()));
    real.remove("gap");
    assertEquals(real, documented, "bound: the key suffixes the README names");
  }

  @Test
  void theKernelToleranceAndTheQuickTimingAreDescribedOnce() throws IOException {
    String readme = readme();
    Matcher tol = Pattern.compile("(1e-10|10\\^-10|10\\^\\{-10\\}) ?(lambda|diam)").matcher(readme);
    // the kernel tolerance is relative to lambda_max (once stated as diam^2/4); other
    // tolerances (the auditor's per-prompt rank) are distinct decisions
    int n = 0;
    while (tol.find()) {
      n++;
    }
    assertEquals(1, n, "the kernel tolerance is described " + n + " times");
    assertTrue(readme.contains("max(1e-10 lambda_max(Sigma_S(0)), 16 d (K + 2) 2^-52 B^2)"),
        "the tolerance the code uses (Coverage.ofSample)");
    Matcher quick =
        Pattern.compile("--quick[^.]*?(\\d+ ?s\\b|second|minute)")
            .matcher(readme.replace('\n', ' '));
    n = 0;
    while (quick.find()) {
      n++;
    }
    assertEquals(1, n, "the duration of reproduce --quick is stated " + n + " times");
    assertFalse(readme.contains("java -jar target/rlhf-bounds.jar reproduce"),
        "the README runs the commands through the launcher");
  }

  @Test
  void theExampleConfigRunsThroughReproduce(@TempDir Path dir) throws IOException {
    String readme = readme();
    Matcher heading = Pattern.compile("(?m)^#{2,4} .*\\bconfig\\b.*$").matcher(readme);
    assertTrue(heading.find(), "a heading that says config");
    Matcher block = Pattern.compile("(?ms)^```json\\n(.*?)^```$").matcher(readme);
    assertTrue(block.find(heading.end()), "a json block under the config heading");
    String config = block.group(1);
    assertEquals(java.util.Set.of(), SchemaAssert.errors("reproduce-config", config));
    Path file = dir.resolve("small.json");
    Files.writeString(file, config);
    Path out = dir.resolve("small-out");
    MainTest.Run r =
        MainTest.run("reproduce", "--config", file.toString(), "--out", out.toString());
    assertEquals(ExitCode.OK, r.code, r.err);
    String json = Files.readString(out.resolve("report.json"));
    SchemaAssert.valid("report", json);
    JsonNode recorded = new ObjectMapper().readTree(json).get("run").get("configuration");
    assertEquals(java.util.Set.of(),
        SchemaAssert.errors("reproduce-config", recorded.get("config").toString()));
    ReproduceConfigCommandTest.assertGiven(
        new ObjectMapper().readTree(config), recorded.get("config"), "config");
    assertTrue(Files.isRegularFile(out.resolve("report.md")));
  }

  @Test
  void theSetUpPutsTheLauncherOnPath() throws IOException {
    String readme = readme();
    assertTrue(readme.contains("export PATH=\"$PWD/bin:$PATH\""), "set-up line");
    assertTrue(Files.isExecutable(Path.of("bin", "rlhf-bounds")), "bin/rlhf-bounds");
    if (!readme.contains("rlhf-bounds reproduce --out reproduce-out")) {
      fail("the main job runs through the launcher");
    }
  }
}
