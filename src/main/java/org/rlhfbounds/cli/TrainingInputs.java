package org.rlhfbounds.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every training command shares ({@code train}, {@code bound}): the instance, the
 * sample, the algorithm and the number of steps. A picocli mixin.
 */
final class TrainingInputs {
  @Option(names = "--instance", required = true, paramLabel = "FILE", description = "instance.json")
  Path instanceFile = Path.of("");

  @Option(names = "--sample", required = true, paramLabel = "FILE", description = "sample.json")
  Path sampleFile = Path.of("");

  @Option(names = "--algorithm", required = true, paramLabel = "ga|sga", description = "ga or sga")
  String algorithm = "";

  @Option(names = "--steps", required = true, paramLabel = "T", description = "number of steps T")
  int steps;

  /** Creates the mixin (picocli instantiates it). */
  TrainingInputs() {}
}
