package org.rlhfbounds.model.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories in memory ({@code /dev/shm}) where the system has it, else the default
 * temporary directory: the file round-trip properties write thousands of files, and each atomic
 * write flushes to the device ({@link AtomicFiles}), which on a busy disk costs milliseconds.
 */
public final class MemoryTempDir implements TempDirFactory {
  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
      throws IOException {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return Files.createTempDirectory(shm, "rlhf-bounds-test-");
    }
    return Files.createTempDirectory("rlhf-bounds-test-");
  }
}
