package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar of a long command, tried as a user runs it: {@code stability ... > out.json}
 * in a fresh JVM whose standard error is a pseudo-terminal (made by {@code script -qfec CMD
 * /dev/null}, which records what the terminal shows) draws a bar with the fraction done, the count,
 * the elapsed time and the time left, and the rate, while standard output (the JSON) stays clean;
 * with standard error redirected to a file, or with {@code CI} set, nothing is drawn.
 */
class ProgressBarTest {
  @TempDir static Path dir;

  private static String instance = "";

  @BeforeAll
  static void instance() {
    Path out = dir.resolve("inst");
    MainTest.Run g = MainTest.run("generate", "--family", "sphere", "--prompts", "300",
        "--candidates", "6", "--dim", "10", "--beta", "0.5", "--seed", "7", "--out", out.toString());
    assertEquals(ExitCode.OK, g.code, g.err);
    instance = out.resolve("instance.json").toString();
  }

  /** The command line of a stability run in a fresh JVM on the test class path. */
  private static List<String> stability() {
    return command("stability", "--instance", instance, "--n", "150", "--algorithm", "ga",
        "--steps", "300", "--replicates", "3", "--positions", "12", "--threads", "1");
  }

  /** The command line of a command of the CLI in a fresh JVM on the test class path. */
  private static List<String> command(String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> c = new ArrayList<>(
        List.of(java, "-cp", System.getProperty("java.class.path"), "org.rlhfbounds.cli.Main"));
    c.addAll(List.of(args));
    return c;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static boolean hasScript() {
    for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, "script"))) {
        return true;
      }
    }
    return false;
  }

  /** Runs the stability command under a pseudo-terminal; returns what the terminal showed. */
  private static String underTerminal(Path json, Map<String, String> env) throws Exception {
    return underTerminal(stability(), json, env);
  }

  /** Runs a command under a pseudo-terminal; returns what the terminal showed. */
  private static String underTerminal(List<String> command, Path json, Map<String, String> env)
      throws Exception {
    assumeTrue(hasScript(), "the util-linux command 'script' is not installed: no pseudo-terminal");
    StringBuilder cmd = new StringBuilder();
    for (String a : command) {
      cmd.append(quote(a)).append(' ');
    }
    cmd.append("> ").append(quote(json.toString()));
    Path shown = dir.resolve("terminal-" + System.nanoTime() + ".txt");
    ProcessBuilder pb =
        new ProcessBuilder("script", "-qfec", cmd.toString(), "/dev/null")
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(shown.toFile())
            .redirectErrorStream(true);
    pb.environment().remove("CI");
    pb.environment().put("TERM", "xterm");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the run did not finish in 300 s");
    assertEquals(0, p.exitValue(), Files.readString(shown));
    return Files.readString(shown, StandardCharsets.UTF_8);
  }

  @Test
  void aBarIsDrawnWhenStandardErrorIsATerminalAndStandardOutputAFile() throws Exception {
    Path json = dir.resolve("bar.json");
    String shown = underTerminal(json, Map.of());
    // "stability  33% │███   │ 21/63 (0:00:02 / 0:00:04) 10.5/s": fraction, count, elapsed /
    // time left, rate (the bar shows "?/s" until a whole second has passed, which a fast machine
    // may never reach in this short run)
    assertTrue(Pattern.compile("stability +\\d{1,3}%").matcher(shown).find(), shown);
    assertTrue(Pattern.compile("\\d+/39 \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\) ([0-9.]+|\\?)/s")
        .matcher(shown).find(), "count of the 3 x (1 + 12) runs, times and rate: " + shown);
    String out = Files.readString(json);
    SchemaAssert.valid("stability", out);
    assertFalse(out.contains("%"), "standard output holds the JSON only");
  }

  /**
   * {@code reproduce} draws a bar whose total is the cells of its sweeps: here one gap sweep of 5
   * sample sizes x 24 replicates = 120 cells.
   */
  @Test
  void reproduceCountsTheCellsOfItsSweeps() throws Exception {
    Path config = dir.resolve("bar-config.json");
    Files.writeString(config,
        "{\"format\": \"rlhf-bounds.reproduce-config/1\", \"name\": \"bar\", \"resamples\": 100,"
            + " \"gap\": {\"prompts\": 2000, \"dim\": 8, \"n\": [32, 64, 128, 256, 512],"
            + " \"replicates\": 24}}");
    Path out = dir.resolve("bar-report");
    String shown =
        underTerminal(
            command("reproduce", "--config", config.toString(), "--out", out.toString(),
                "--threads", "1"),
            dir.resolve("reproduce-stdout.txt"), Map.of());
    assertTrue(Pattern.compile("reproduce +\\d{1,3}%").matcher(shown).find(), shown);
    assertTrue(Pattern.compile("\\d+/120 \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)")
        .matcher(shown).find(), "count of the 5 x 24 cells and the times: " + shown);
    SchemaAssert.valid("report", Files.readString(out.resolve("report.json")));
  }

  @Test
  void nothingIsDrawnInCi() throws Exception {
    String shown = underTerminal(dir.resolve("ci.json"), Map.of("CI", "true"));
    assertFalse(shown.contains("stability"), shown);
  }

  @Test
  void nothingIsDrawnWhenStandardErrorIsRedirected() throws Exception {
    Path err = dir.resolve("err.txt");
    Path json = dir.resolve("redirected.json");
    ProcessBuilder pb =
        new ProcessBuilder(new ArrayList<>(stability()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(json.toFile())
            .redirectError(err.toFile());
    pb.environment().remove("CI");
    pb.environment().put("TERM", "xterm");
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(err));
    assertEquals("", Files.readString(err), "standard error stays empty");
    SchemaAssert.valid("stability", Files.readString(json));
  }
}
