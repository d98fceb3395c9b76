package org.rlhfbounds.model.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes files all-or-nothing: the content goes to a temporary file in the target's own directory
 * (same file system, so the final rename cannot turn into a copy), is flushed to the device, and
 * is then moved over the target with {@link StandardCopyOption#ATOMIC_MOVE}; where the file
 * system cannot move atomically the move falls back to {@link StandardCopyOption#REPLACE_EXISTING}.
 * Whatever fails (the content writer, the disk, the move), the temporary file is deleted and the
 * target is left as it was: never half-written.
 *
 * <p>The temporary file is created with the default permissions of a new file (the umask
 * applies), so the target ends up with the permissions {@link Files#newOutputStream} would have
 * given it. Its name is {@code .<target name>.<random hex>.tmp}.
 *
 * <p>Thread-safe: stateless. Two concurrent writes of the same target each land atomically; the
 * last move wins.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the content.
     *
     * @param out the stream (buffered; do not close it)
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes a file atomically (see the class description).
   *
   * @param target the file to create or replace
   * @param content writes the file's bytes
   * @throws IOException if the directory is not writable, writing fails or the move fails; the
   *     target is then unchanged and no temporary file is left behind
   */
  public static void write(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path name = abs.getFileName();
    if (dir == null || name == null) {
      throw new IOException(target + ": not a file path");
    }
    Path tmp = createTemp(dir, name.toString());
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
          OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (!done) {
        deleteQuietly(tmp);
      }
    }
  }

  /**
   * Writes bytes to a file atomically (see the class description), first creating the missing
   * parent directories of the target (those stay if the write then fails).
   *
   * @param target the file to create or replace
   * @param bytes the file's bytes
   * @throws IOException if a directory cannot be created, writing fails or the move fails; the
   *     target is then unchanged and no temporary file is left behind
   */
  public static void writeCreatingParents(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    write(target, out -> out.write(bytes));
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    @Nullable FileAlreadyExistsException last = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
      Path tmp = dir.resolve("." + name + "." + hex + ".tmp");
      try {
        Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        last = e;
      } catch (NoSuchFileException e) {
        throw new IOException(dir.resolve(name) + ": cannot write: no such directory " + dir, e);
      } catch (AccessDeniedException e) {
        throw new IOException(dir.resolve(name) + ": cannot write: permission denied in " + dir, e);
      }
    }
    throw new IOException(dir + ": cannot create a temporary file for " + name, last);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // the original failure matters more; a stray temporary file is named .<target>.*.tmp
    }
  }
}
