package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.io.FormatException;
import org.rlhfbounds.model.io.Npy;
import org.rlhfbounds.model.io.NpyArray;
import org.rlhfbounds.model.io.VectorFile;
import picocli.CommandLine.Option;

/**
 * The reward model's vectors of a command that reads features from a file rather than an instance
 * ({@code audit}): {@code --theta FILE} and {@code --w-ref FILE}, each a {@code .npy} vector
 * (float32 or float64, one dimension) or a {@code .json} vector file {@code {"w": [..]}} ({@link
 * VectorFile}), read and checked against the dimension d of the features. A picocli mixin; {@link
 * #read} serves any other option that names such a vector.
 */
final class ModelVectors {
  @Option(
      names = "--theta",
      paramLabel = "FILE",
      description =
          "theta* as a .npy vector of length d or a .json vector file {\"w\": [..]} (default: the"
              + " least-squares fit of the export's rewards, if it has any)")
  @Nullable Path theta;

  @Option(
      names = "--w-ref",
      paramLabel = "FILE",
      description = "w_ref as a .npy vector or a .json vector file (default: 0, the uniform policy)")
  @Nullable Path wRef;

  /** Creates the mixin (picocli instantiates it). */
  ModelVectors() {}

  /**
   * Reads {@code --theta}.
   *
   * @param d the dimension
   * @return theta*, or null when {@code --theta} is absent
   * @throws IOException if the file cannot be read
   * @throws BadInputException naming {@code --theta}, the file and the value when it is malformed
   */
  double @Nullable [] theta(int d) throws IOException {
    Path f = theta;
    return f == null ? null : read(f, d, "--theta");
  }

  /**
   * Reads {@code --w-ref}, 0 (the uniform policy) when it is absent.
   *
   * @param d the dimension
   * @return w_ref
   * @throws IOException if the file cannot be read
   * @throws BadInputException naming {@code --w-ref}, the file and the value when it is malformed
   * @throws IllegalArgumentException if {@code d < 0}
   */
  double[] wRef(int d) throws IOException {
    if (d < 0) {
      throw new IllegalArgumentException("d must be non-negative, got " + d);
    }
    Path f = wRef;
    return f == null ? new double[d] : read(f, d, "--w-ref");
  }

  /**
   * Reads a vector of length d from a {@code .npy} file (one dimension, float32 or float64) or a
   * {@code .json} vector file ({@link VectorFile}); every entry must be finite.
   *
   * @param file the file
   * @param d the dimension the vector must have
   * @param option the option that named the file, for the error
   * @return the vector
   * @throws IOException if the file cannot be read
   * @throws BadInputException naming the option, the file and the value when it is malformed
   */
  static double[] read(Path file, int d, String option) throws IOException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    if (name.endsWith(".json")) {
      try {
        return VectorFile.read(file, d);
      } catch (FormatException ex) {
        throw BadInputException.option(option, String.valueOf(ex.getMessage()));
      }
    }
    if (!name.endsWith(".npy")) {
      throw BadInputException.option(
          option, file + ": expected a .npy or .json file, got '" + name + "'");
    }
    NpyArray a;
    try {
      a = Npy.read(file);
    } catch (FormatException ex) {
      throw BadInputException.option(option, String.valueOf(ex.getMessage()));
    }
    int[] shape = a.shape();
    if (shape.length != 1 || shape[0] != d) {
      throw BadInputException.option(
          option,
          file + ": expected a vector of d = " + d + " numbers (shape (" + d + ",)), got shape "
              + a.shapeString());
    }
    double[] v = a.data();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw BadInputException.option(
            option, file + ": entry " + i + " is " + v[i] + "; expected a finite number");
      }
    }
    return v;
  }
}
