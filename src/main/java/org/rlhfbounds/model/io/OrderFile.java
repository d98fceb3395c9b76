package org.rlhfbounds.model.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The SGA prompt-order file {@code {"order": [i_1, i_2, ..]}}: one step per entry, each an index
 * into the sample (not into the instance's prompt list), repeats allowed; optional {@code
 * "format": "rlhf-bounds.order/1"}.
 *
 * <p>Thread-safe: stateless.
 */
public final class OrderFile {
  /** The format string. */
  public static final String FORMAT = "rlhf-bounds.order/1";

  private OrderFile() {}

  /**
   * Reads an order for a sample of {@code n} prompts.
   *
   * @param file the file
   * @param n the sample size
   * @return the order
   * @throws IOException if unreadable or invalid (naming the file, field and value)
   */
  public static int[] read(Path file, int n) throws IOException {
    return SampleFile.readIndexArray(file, n, FORMAT, "order", "an order", "sample");
  }
}
