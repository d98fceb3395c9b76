package org.rlhfbounds.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.report.Figure;
import org.rlhfbounds.report.Report;
import org.rlhfbounds.report.ReportWriter;
import org.rlhfbounds.report.Reproduce;
import org.rlhfbounds.report.RunInfo;

/**
 * The configuration and master seed of a {@code reproduce} run, from its options as {@code
 * rlhf-bounds reproduce} and {@code rlhf-bounds-spark reproduce} take them: {@code --config FILE},
 * else {@code --quick} (the built-in quick file), else the built-in full file; {@code --config}
 * with {@code --quick} is refused, and so is {@code --seed} when the configuration fixes the seed.
 * Everything is read and checked before anything is written.
 *
 * <p>Thread-safe: immutable.
 *
 * @param config the configuration
 * @param seed the master seed: the configuration's, else {@code --seed}
 */
public record ReproduceInputs(Reproduce.Config config, long seed) {

  /**
   * Reads and checks the options.
   *
   * @param file {@code --config FILE}, or null
   * @param quick whether {@code --quick} was given
   * @param seedGiven whether {@code --seed} was given
   * @param seed {@code --seed} (or its default)
   * @return the configuration and master seed
   * @throws BadInputException on conflicting options (one line naming the option)
   * @throws org.rlhfbounds.model.io.FormatException if the file is not a valid configuration
   * @throws IOException if the file cannot be read
   */
  public static ReproduceInputs of(@Nullable Path file, boolean quick, boolean seedGiven, long seed)
      throws IOException {
    if (file != null && quick) {
      throw BadInputException.option(
          "--quick",
          "does not apply: --config FILE names the experiments; --quick is the built-in quick"
              + " file");
    }
    Reproduce.Config c =
        file != null
            ? Reproduce.Config.read(file)
            : quick ? Reproduce.Config.quick() : Reproduce.Config.full();
    OptionalLong fixed = c.seed();
    if (fixed.isPresent() && seedGiven) {
      throw BadInputException.option(
          "--seed",
          "does not apply: " + file + " fixes the master seed (\"seed\": " + fixed.getAsLong()
              + ")");
    }
    return new ReproduceInputs(c, fixed.orElse(seed));
  }

  /**
   * The files a run writes into {@code out}: {@code report.md}, {@code report.json} and the
   * folder {@code figures}.
   *
   * @param out the output directory
   * @return the paths
   */
  public static List<Path> outputs(Path out) {
    return List.of(
        out.resolve(ReportWriter.MARKDOWN), out.resolve(ReportWriter.JSON), out.resolve("figures"));
  }

  /**
   * Prints what a run wrote: one line per file, then the timings of its run block.
   *
   * @param pw where to print
   * @param out the output directory
   * @param r the report written there
   */
  public static void printWritten(PrintWriter pw, Path out, Report r) {
    pw.println("wrote " + out.resolve(ReportWriter.MARKDOWN));
    pw.println("wrote " + out.resolve(ReportWriter.JSON));
    for (Figure f : r.figures()) {
      pw.println("wrote " + out.resolve(f.png()) + ", " + out.resolve(f.svg()));
    }
    RunInfo info = r.run();
    if (info != null) {
      for (Map.Entry<String, Double> e : info.timings().entrySet()) {
        pw.println(String.format(Locale.ROOT, "%s: %.1f s", e.getKey(), e.getValue()));
      }
    }
  }
}
