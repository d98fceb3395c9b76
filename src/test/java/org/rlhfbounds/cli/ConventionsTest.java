package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One set of conventions across the commands: the same selection default, every default shown
 * in {@code --help}, options that do not apply rejected (never ignored or clamped), one
 * overwrite policy, and errors in the user's words (a mistyped required option, malformed JSON).
 */
class ConventionsTest {
  @TempDir static Path dir;
  private static String inst = "";
  private static String sample = "";

  @BeforeAll
  static void generate() {
    MainTest.generateSmall(dir, 40, 12);
    inst = dir.resolve("instance.json").toString();
    sample = dir.resolve("sample.json").toString();
  }

  private String[] train(String... more) {
    List<String> a =
        new ArrayList<>(List.of("train", "--instance", inst, "--sample", sample));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private String[] stability(String... more) {
    List<String> a =
        new ArrayList<>(List.of("stability", "--instance", inst, "--n", "5", "--replicates", "2"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private Path order() throws IOException {
    return Files.writeString(dir.resolve("order.json"), "{\"order\": [0, 3, 3, 1]}");
  }

  // --------------------------------------------------------------------- defaults, selection

  @Test
  void everyOptionalOptionShowsItsDefaultInHelp() {
    CommandLine cl =
        Main.commandLine(
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(new java.io.StringWriter()),
            List.of());
    for (CommandLine sub : cl.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      String help = sub.getUsageMessage(CommandLine.Help.Ansi.OFF);
      for (OptionSpec o : spec.options()) {
        if (o.required() || o.usageHelp() || o.versionHelp()) {
          continue;
        }
        String line = optionHelp(help, o.longestName());
        assertTrue(line.contains("default: ") || line.contains("(required"),
            spec.qualifiedName() + " " + o.longestName() + " does not show its default:\n" + line);
      }
    }
  }

  /** The help text of one option: from its name to the next option's line. */
  private static String optionHelp(String help, String name) {
    int at = help.indexOf(name);
    assertTrue(at >= 0, name + " not in help");
    int next = help.indexOf("\n  -", at);
    return help.substring(at, next < 0 ? help.length() : next).replaceAll("\\s+", " ");
  }

  @Test
  void stabilitySelectsTheBestGradientIterateByDefaultAsTrainAndBoundDo() throws IOException {
    MainTest.Run r = MainTest.run(stability("--algorithm", "sga", "--steps", "5"));
    assertEquals(ExitCode.OK, r.code, r.err);
    assertEquals("bestGradient", r.json().get("settings").get("selection").asText());
    assertEquals("bestGradient", r.json().get("expectedGeneralizationGap").get("selection").asText());
    MainTest.Run b =
        MainTest.run("bound", "--instance", inst, "--sample", sample, "--algorithm", "sga",
            "--steps", "5");
    assertEquals("bestGradient", b.json().get("measured").get("selection").asText());
  }

  // ----------------------------------------------------------- rejected, never ignored

  @Test
  void trainOrderFixesTheStepsAndTheSeed() throws IOException {
    String o = order().toString();
    MainTest.Run ok = MainTest.run(train("--algorithm", "sga", "--order", o));
    assertEquals(ExitCode.OK, ok.code, ok.err);
    assertEquals(4, ok.json().get("settings").get("steps").asInt());
    MainTest.badInput(MainTest.run(train("--algorithm", "sga", "--order", o, "--steps", "9")),
        "--steps: does not apply", "--order");
    MainTest.badInput(MainTest.run(train("--algorithm", "sga", "--order", o, "--seed", "3")),
        "--seed: does not apply", "--order");
    MainTest.badInput(MainTest.run(train("--algorithm", "sga")), "--steps");
  }

  @Test
  void gaHasNoSeedAndNoOrder() throws IOException {
    MainTest.badInput(MainTest.run(train("--algorithm", "ga", "--steps", "3", "--seed", "4")),
        "--seed: does not apply", "GA");
    MainTest.badInput(
        MainTest.run(train("--algorithm", "ga", "--order", order().toString())),
        "--order: does not apply", "GA");
    MainTest.badInput(
        MainTest.run("bound", "--instance", inst, "--sample", sample, "--algorithm", "ga",
            "--steps", "3", "--seed", "4"),
        "--seed: does not apply", "GA");
  }

  @Test
  void stabilityRejectsWhatDoesNotApply() {
    for (String[] o : new String[][] {
        {"--steps", "5"}, {"--eta", "0.1"}, {"--selection", "last"}}) {
      MainTest.badInput(MainTest.run(stability("--algorithm", "exact", o[0], o[1])),
          o[0] + ": does not apply", "exact");
    }
    MainTest.badInput(MainTest.run(stability("--algorithm", "ga", "--positions", "9")),
        "--positions: must be <= --n = 5, got 9");
    MainTest.badInput(MainTest.run(stability("--algorithm", "ga", "--selection", "best")),
        "--selection", "'best'");
    MainTest.badInput(MainTest.run(stability("--algorithm", "ga", "--candidates", "3")),
        "--candidates: does not apply", "adversarial");
  }

  // --------------------------------------------------------------------------- overwrite

  @Test
  void reproduceRefusesToOverwriteWithoutForce() throws IOException {
    Path out = Files.createDirectories(dir.resolve("rep"));
    Path md = Files.writeString(out.resolve("report.md"), "mine");
    MainTest.badInput(MainTest.run("reproduce", "--quick", "--out", out.toString()),
        "--out: ", "report.md already exists; use --force to overwrite");
    assertEquals("mine", Files.readString(md));
  }

  // ------------------------------------------------------------------ the user's language

  @Test
  void aMistypedRequiredOptionGetsDidYouMean() {
    MainTest.badInput(MainTest.run("evaluate", "--instanc", inst),
        "'--instanc'", "did you mean --instance?");
    MainTest.badInput(
        MainTest.run("train", "--instance", inst, "--sampel", sample, "--algorithm", "ga",
            "--steps", "2"),
        "'--sampel'", "did you mean --sample?");
  }

  @Test
  void jsonSyntaxErrorsNameFileFieldAndExpectation() throws IOException {
    String good = Files.readString(Path.of(inst));
    assertTrue(good.contains("\"beta\": 0.5"), good);
    String[][] cases = {
      {"\"beta\": +0.5", "beta: invalid JSON", "cannot start with '+'"},
      {"\"beta\": 00.5", "beta: invalid JSON", "leading zeros"},
      {"\"beta\": .5", "beta: invalid JSON", "digit before its decimal point"},
      {"\"beta\": 1.", "beta: invalid JSON", "followed by a digit"},
      {"\"beta\": 'x'", "beta: invalid JSON", "double quotes"},
      {"\"beta\": 0.5 // half", "invalid JSON", "comments are not allowed"},
      {"\"beta\": nan", "beta: invalid JSON", "unrecognized word 'nan'"},
      {"\"beta\": 0.5 \"x\": 1", "beta: invalid JSON", "expected ',' or '}'"},
      {"\"beta\": 0.5, 'wRef': 1", "invalid JSON", "double quotes"},
      {"\"beta\": 0.5, \"beta\": 0.5", "beta: invalid JSON", "duplicate field"},
    };
    for (String[] c : cases) {
      Path bad = Files.writeString(dir.resolve("bad.json"), good.replace("\"beta\": 0.5", c[0]));
      MainTest.Run r = MainTest.run("evaluate", "--instance", bad.toString());
      MainTest.badInput(r, bad + ": ", c[1], c[2], "line ");
      for (String leak : new String[] {"Feature", "`", "enable", "(code ", "Jackson"}) {
        assertFalse(r.err.contains(leak), "library wording '" + leak + "' in: " + r.err);
      }
    }
    Path arr = Files.writeString(dir.resolve("arr.json"),
        good.replaceFirst("\"theta\": \\[([^,]*), ", "\"theta\": [$1, +"));
    MainTest.badInput(MainTest.run("evaluate", "--instance", arr.toString()),
        "theta[1]: invalid JSON", "cannot start with '+'");
    Path cut = Files.writeString(dir.resolve("cut.json"), good.substring(0, good.length() / 2));
    MainTest.badInput(MainTest.run("evaluate", "--instance", cut.toString()),
        "invalid JSON", "ends before the JSON text is complete");
    Path two = Files.writeString(dir.resolve("two.json"), good + "{}");
    MainTest.Run r = MainTest.run("evaluate", "--instance", two.toString());
    MainTest.badInput(r, "unexpected content after the top-level object");
    assertFalse(r.err.contains("Feature") || r.err.contains("`"), r.err);
  }
}
