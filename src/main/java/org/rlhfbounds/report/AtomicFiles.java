package org.rlhfbounds.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Atomic file writes: the bytes go to a temporary file in the target's directory, which is then
 * moved over the target ({@link StandardCopyOption#ATOMIC_MOVE} where the file system supports
 * it, else a plain replacing move). A reader never sees a half-written file; an interrupted write
 * leaves the old file, or none, and at worst a stray {@code .tmp} file.
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
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null) {
      throw new IllegalArgumentException("cannot write to a root directory: " + target);
    }
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write already failed; the message below names the target
        }
      }
      throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
    }
  }
}
