package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.io.VectorFile;
import picocli.CommandLine.Option;

/**
 * The start vector option {@code --w0} of the training commands ({@code train}, {@code
 * stability}, {@code bound}). A picocli mixin.
 */
final class StartVector {
  @Option(names = "--w0", paramLabel = "FILE", description = "start vector file {\"w\": [..]} (default: w_ref)")
  @Nullable Path file;

  /** Creates the mixin (picocli instantiates it). */
  StartVector() {}

  /**
   * Reads the start vector named by {@code --w0}.
   *
   * @param inst the instance whose dimension the vector must have
   * @return the vector, or {@code null} when {@code --w0} is absent (the learner starts at w_ref)
   * @throws IOException if the file cannot be read or is malformed
   */
  double @Nullable [] read(Instance inst) throws IOException {
    Path f = file;
    return f != null ? VectorFile.read(f, inst) : null;
  }
}
