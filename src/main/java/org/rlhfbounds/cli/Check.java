package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Option checks shared by the commands; each failure is a {@link BadInputException} naming the
 * option and the value.
 *
 * <p>Thread-safe: stateless.
 */
public final class Check {
  private Check() {}

  /**
   * Requires {@code value >= min}.
   *
   * @param value the value
   * @param min the smallest allowed value
   * @param option the option name
   * @return the value
   */
  public static int atLeast(int value, int min, String option) {
    if (value < min) {
      throw BadInputException.option(option, "must be >= " + min + ", got " + value);
    }
    return value;
  }

  /**
   * Requires a finite value {@code > 0}.
   *
   * @param value the value
   * @param option the option name
   * @return the value
   */
  public static double positive(double value, String option) {
    if (!(Double.isFinite(value) && value > 0)) {
      throw BadInputException.option(option, "must be finite and > 0, got " + value);
    }
    return value;
  }

  /**
   * Requires a finite value {@code >= 0}.
   *
   * @param value the value
   * @param option the option name
   * @return the value
   */
  public static double nonNegative(double value, String option) {
    if (!(Double.isFinite(value) && value >= 0)) {
      throw BadInputException.option(option, "must be finite and >= 0, got " + value);
    }
    return value;
  }

  /**
   * Requires a failure probability in {@code [2^-1022, 1)}: in {@code (0, 1)}, and normal, so that
   * the {@code ln(2/delta)} of the confidence terms is finite (a subnormal delta makes {@code
   * 2/delta} overflow).
   *
   * @param delta the value
   * @param option the option name
   * @return the value
   */
  public static double delta(double delta, String option) {
    if (!(delta > 0 && delta < 1)) {
      throw BadInputException.option(option, "must lie in (0, 1), got " + delta);
    }
    if (delta < Double.MIN_NORMAL) {
      throw BadInputException.option(
          option,
          "must be at least 2^-1022 (about 2.2e-308) so that ln(2/delta) is finite, got " + delta);
    }
    return delta;
  }

  /**
   * Runs a learner started with an explicit step size, turning an iterate that leaves the double
   * range (the learners refuse non-finite iterates) into an input error naming the step: a step far
   * above {@code 1/L} can make the iterates grow geometrically. Without an explicit step the work
   * runs as is (the default steps keep the iterates bounded, so a failure there is a bug).
   *
   * @param <T> the result type
   * @param step the explicit step, or empty for the default
   * @param option the option that set it
   * @param work the training
   * @return the work's result
   */
  public static <T> T withStep(
      java.util.OptionalDouble step, String option, java.util.function.Supplier<T> work) {
    if (step.isEmpty()) {
      return work.get();
    }
    double eta = step.getAsDouble();
    try {
      return work.get();
    } catch (IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      if (!m.contains("must be finite")) {
        throw e;
      }
      throw BadInputException.option(
          option,
          "the step " + eta + " drives the iterates out of the double range (" + m
              + "); use a smaller step or auto (1/L)");
    }
  }

  /**
   * Requires that a computation's working memory fits in this JVM's heap limit, so that a request
   * too large for the machine is refused as input instead of ending in an {@link OutOfMemoryError}.
   *
   * @param bytes the estimated working memory in bytes
   * @param option the option that sets the size
   * @param what what is held, naming the value
   */
  public static void fitsInMemory(long bytes, String option, String what) {
    long max = Runtime.getRuntime().maxMemory();
    if (bytes > max) {
      throw BadInputException.option(
          option,
          what + " need about " + (bytes >> 20) + " MB, more than this JVM's heap limit of "
              + (max >> 20) + " MB (raise it with java -Xmx)");
    }
  }

  /**
   * Prepares an output directory: creates it if needed and, unless {@code force}, refuses when one
   * of the files to write exists already.
   *
   * @param dir the directory
   * @param files the files that will be written (inside {@code dir})
   * @param force whether existing files may be replaced
   * @param option the option naming the directory, e.g. {@code "--out"}
   * @throws BadInputException if {@code dir} is a file or a file exists without {@code force}
   * @throws IOException if the directory cannot be created
   */
  public static void outputs(Path dir, List<Path> files, boolean force, String option)
      throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw BadInputException.option(option, dir + " exists and is not a directory");
    }
    if (!force) {
      List<String> existing = new ArrayList<>();
      for (Path f : files) {
        if (Files.exists(f)) {
          existing.add(f.toString());
        }
      }
      if (!existing.isEmpty()) {
        throw BadInputException.option(
            option,
            String.join(", ", existing)
                + (existing.size() == 1 ? " already exists" : " already exist")
                + "; use --force to overwrite");
      }
    }
    Files.createDirectories(dir);
  }
}
