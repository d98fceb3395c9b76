package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.SampleFile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every training command shares ({@code train}, {@code bound}): the instance, the
 * sample, the algorithm and the number of steps. A picocli mixin.
 */
final class TrainingInputs {
  @Mixin InstanceOption instance = new InstanceOption();

  @Option(names = "--sample", required = true, paramLabel = "FILE", description = "sample.json")
  Path sampleFile = Path.of("");

  @Option(names = "--algorithm", required = true, paramLabel = "ga|sga", description = "ga or sga")
  String algorithm = "";

  @Option(names = "--steps", paramLabel = "T", description = "number of steps T >= 1 (required, except with train's --order)")
  int steps;

  /** Creates the mixin (picocli instantiates it). */
  TrainingInputs() {}

  /**
   * Parses {@code --algorithm}.
   *
   * @return GA or SGA
   * @throws BadInputException if the value is neither {@code ga} nor {@code sga}
   */
  Algorithm algorithm() {
    return TrainCommand.parseAlgorithm(algorithm);
  }

  /** An instance and a sample of it, as read from the files. */
  record Read(Instance instance, FiniteDistribution population, Sample sample) {}

  /**
   * Reads the instance and the sample.
   *
   * @return what was read
   * @throws IOException if a file cannot be read or is malformed
   */
  Read read() throws IOException {
    Instance inst = instance.read();
    FiniteDistribution dist = InstanceOption.population(inst);
    return new Read(inst, dist, SampleFile.read(sampleFile, dist));
  }
}
