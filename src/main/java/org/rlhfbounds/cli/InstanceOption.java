package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.io.InstanceFile;
import picocli.CommandLine.Option;

/** The instance file option {@code --instance} of the commands that read one. A picocli mixin. */
final class InstanceOption {
  @Option(names = "--instance", required = true, paramLabel = "FILE", description = "instance.json")
  Path file = Path.of("");

  /** Creates the mixin (picocli instantiates it). */
  InstanceOption() {}

  /**
   * Reads the instance.
   *
   * @return the instance (finite: its population is {@link #population})
   * @throws IOException if the file cannot be read or is malformed
   */
  Instance read() throws IOException {
    return InstanceFile.read(file);
  }

  /**
   * The finite population of an instance this option read.
   *
   * @param inst the instance
   * @return its distribution
   * @throws IllegalStateException if the reader returned a generative instance (a bug)
   */
  static FiniteDistribution population(Instance inst) {
    FiniteDistribution dist = inst.finiteDistribution();
    if (dist == null) {
      throw new IllegalStateException("InstanceFile.read returned a generative instance");
    }
    return dist;
  }
}
