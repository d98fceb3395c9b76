package org.rlhfbounds.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhfbounds.model.Instance;

/**
 * Reads and writes a parameter-vector file, e.g. a policy parameter {@code w}.
 *
 * <pre>
 * {"format": "rlhf-bounds.vector/1", "w": [0.1, -0.3, ..]}
 * </pre>
 *
 * {@code "format"} is optional on reading and always written. The vector must hold exactly d
 * finite numbers; unknown fields are rejected. Errors name the file, the field, the index and the
 * value. Doubles are written by {@link Double#toString(double)} and read back bit for bit.
 *
 * <p>Thread-safe: stateless.
 */
public final class VectorFile {
  private VectorFile() {}

  /** The format string of vector files. */
  public static final String FORMAT = "rlhf-bounds.vector/1";

  private static final List<String> KEYS = List.of("format", "w");

  /**
   * Reads a vector file.
   *
   * @param file the file
   * @param d the required length
   * @return the vector
   * @throws FormatException naming the file, field, index and value of the first problem
   * @throws IOException if the file cannot be read
   */
  public static double[] read(Path file, int d) throws IOException {
    JsonInput in = new JsonInput(file.toString());
    ObjectNode root = Json.readObject(file);
    SampleFile.checkFormat(in, root, FORMAT);
    in.allowOnly(root, "", KEYS);
    double[] w = in.finiteArray(in.require(root, "", "w"), "w");
    if (w.length != d) {
      throw in.error("w", "expected d = " + d + " entries (the instance's dimension), got " + w.length);
    }
    return w;
  }

  /**
   * Reads a vector file holding a start or evaluation vector for an instance: {@link #read(Path,
   * int)} with d the instance's dimension, and the quantities derived from the vector within the
   * range of {@link Ranges} ({@code B ||w||} and the smoothness constant at {@code ||w - w*||}).
   *
   * @param file the file
   * @param instance the instance
   * @return the vector
   * @throws FormatException naming the file, field, index and value of the first problem, or the
   *     derived quantity that leaves the double range
   * @throws IOException if the file cannot be read
   */
  public static double[] read(Path file, Instance instance) throws IOException {
    double[] w = read(file, instance.dim());
    Ranges.Problem p =
        Ranges.vector(w, instance.beta(), instance.featureBound(), instance.wStar());
    if (p != null) {
      throw new FormatException(file.toString(), p.field(), p.message());
    }
    return w;
  }

  /**
   * Writes a vector file atomically.
   *
   * @param file the file to create or replace
   * @param w the vector (finite entries)
   * @throws IllegalArgumentException naming the first non-finite entry
   * @throws IOException if writing fails (the file is then unchanged)
   */
  public static void write(Path file, double[] w) throws IOException {
    for (int j = 0; j < w.length; j++) {
      if (!Double.isFinite(w[j])) {
        throw new IllegalArgumentException("w[" + j + "] must be finite, got " + w[j]);
      }
    }
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.set("w", Json.array(w));
    Json.write(file, root);
  }
}
