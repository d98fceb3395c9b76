package org.rlhfbounds.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Atomic writes of report files: creates the parent directories, then writes through {@link
 * org.rlhfbounds.model.io.AtomicFiles} (temporary file in the target's directory, flushed, moved
 * over the target), so a reader never sees a half-written report file and a failed write leaves
 * no temporary file.
 *
 * <p>Thread-safe: stateless (concurrent writes of the same target: the last move wins).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes bytes to a file atomically, creating parent directories.
   *
   * @param target the file
   * @param bytes the contents
   * @throws UncheckedIOException naming the file on an I/O error
   */
  public static void write(Path target, byte[] bytes) {
    try {
      Path dir = target.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      org.rlhfbounds.model.io.AtomicFiles.write(target, out -> out.write(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
    }
  }
}
