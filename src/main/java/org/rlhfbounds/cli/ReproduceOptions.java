package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.report.Reproduce;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that choose a {@code reproduce} run, {@code --quick}, {@code --config FILE} and
 * {@code --seed S}: a picocli mixin shared by {@code rlhf-bounds reproduce} and {@code
 * rlhf-bounds-spark reproduce}, so both take and check them the same way ({@link
 * ReproduceInputs#of}).
 */
public final class ReproduceOptions {
  @Spec(Spec.Target.MIXEE)
  private @Nullable CommandSpec mixee;

  @Option(names = "--quick", description = "the small configuration, a smoke test (default: the full one)")
  private boolean quick;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "the experiments to run, as a JSON file (format rlhf-bounds.reproduce-config/1; --quick"
              + " is the built-in presets/quick.json, the default the built-in full.json)")
  private @Nullable Path config;

  @Option(names = "--seed", paramLabel = "S", description = "master seed (default: ${DEFAULT-VALUE})")
  private long seed = Reproduce.DEFAULT_SEED;

  /** Creates the mixin (picocli instantiates it). */
  public ReproduceOptions() {}

  /**
   * Returns {@code --config FILE}.
   *
   * @return the file, or null when not given
   */
  public @Nullable Path config() {
    return config;
  }

  /**
   * Reads and checks the options ({@link ReproduceInputs#of}).
   *
   * @return the configuration and master seed
   * @throws BadInputException on conflicting options
   * @throws org.rlhfbounds.model.io.FormatException if the file is not a valid configuration
   * @throws IOException if the file cannot be read
   */
  public ReproduceInputs inputs() throws IOException {
    CommandSpec s = mixee;
    boolean seedGiven = s != null && s.commandLine().getParseResult().hasMatchedOption("--seed");
    return ReproduceInputs.of(config, quick, seedGiven, seed);
  }
}
