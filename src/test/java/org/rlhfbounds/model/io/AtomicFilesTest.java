package org.rlhfbounds.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void failureLeavesNoFileAndNoTemporary() throws IOException {
    Path target = dir.resolve("out.npy");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(new byte[100_000]); // more than the buffer: bytes reach the disk
                      throw new IOException("disk full (simulated)");
                    }));
    assertEquals("disk full (simulated)", e.getMessage());
    assertFalse(Files.exists(target));
    assertEquals(List.of(), names());
  }

  @Test
  void failureKeepsThePreviousContent() throws IOException {
    Path target = dir.resolve("instance.json");
    Files.writeString(target, "old");
    assertThrows(
        IllegalStateException.class,
        () ->
            AtomicFiles.write(
                target,
                out -> {
                  out.write("new, half".getBytes());
                  throw new IllegalStateException("bug in the writer");
                }));
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("instance.json"), names());
  }

  @Test
  void npyWriterFailureMidwayLeavesNothing() {
    // a value that overflows float32 is found before anything is written
    Path target = dir.resolve("f.npy");
    assertThrows(
        IllegalArgumentException.class,
        () -> Npy.write(target, new double[] {1, 2, 1e300}, Npy.DType.F4_LE, 3));
    assertFalse(Files.exists(target));
  }

  @Test
  void successReplacesAndLeavesOnlyTheTarget() throws IOException {
    Path target = dir.resolve("a.bin");
    Files.write(target, new byte[] {9, 9, 9, 9});
    AtomicFiles.write(target, out -> out.write(new byte[] {1, 2}));
    assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(target));
    assertEquals(List.of("a.bin"), names());
  }

  @Test
  void missingDirectoryIsAnIoError() {
    Path target = dir.resolve("no/such/dir/a.bin");
    IOException e =
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
    assertEquals(
        target.toAbsolutePath() + ": cannot write: no such directory " + target.getParent(),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("no")));
  }

  @Test
  void writeCreatingParentsMakesTheMissingDirectories() throws IOException {
    Path target = dir.resolve("a").resolve("b").resolve("report.md");
    byte[] bytes = {10, 20, 30};
    AtomicFiles.writeCreatingParents(target, bytes);
    assertArrayEquals(bytes, Files.readAllBytes(target));
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertEquals(
          List.of("report.md"),
          s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
    }
  }

  @Test
  void writeCreatingParentsFailsWhenAParentIsAFile() throws IOException {
    Files.writeString(dir.resolve("a"), "a file");
    assertThrows(
        IOException.class,
        () -> AtomicFiles.writeCreatingParents(dir.resolve("a").resolve("report.md"), new byte[1]));
    assertEquals(List.of("a"), names());
    assertEquals("a file", Files.readString(dir.resolve("a")));
  }
}
