package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.model.io.MemoryTempDir;

/**
 * Atomic outputs under a kill: a child JVM runs {@code generate --force} of a large instance over
 * an existing small one and is killed ({@link Process#destroyForcibly()}) at several moments: before
 * it writes, at fixed delays after its temporary feature file appears (mid-write), and never (it
 * finishes). Each target path must then hold either the old file or the complete new one (the
 * bytes of an uninterrupted run), never a partial file.
 */
class KillAtomicityTest {
  @TempDir(factory = MemoryTempDir.class)
  Path dir;

  private static final String[] FILES = {"features.npy", "instance.json"};

  private static String[] generate(Path out, String prompts, String seed) {
    return new String[] {"generate", "--family", "sphere", "--prompts", prompts, "--candidates",
        "8", "--dim", "16", "--beta", "0.5", "--seed", seed, "--out", out.toString(), "--force"};
  }

  private static String sha(Path p) throws IOException {
    if (!Files.exists(p)) {
      return "absent";
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (var in = Files.newInputStream(p)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean tempFileExists(Path d) throws IOException {
    try (var s = Files.list(d)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Whether the child has started writing: a temporary file, or a target that changed size. */
  private static boolean writing(Path d, long oldSize) throws IOException {
    return tempFileExists(d) || size(d.resolve(FILES[0])) != oldSize;
  }

  /** Whether a write is under way: a temporary file, or a target of neither size. */
  private static boolean midWrite(Path d, long oldSize, long newSize) throws IOException {
    long s = size(d.resolve(FILES[0]));
    return tempFileExists(d) || (s != oldSize && s != newSize);
  }

  @Test
  @Timeout(300)
  void killedGenerateLeavesTheOldOrTheNewFileNeverAPartialOne() throws Exception {
    String bigPrompts = "40000"; // 40000 x 8 x 16 doubles: a 41 MB features.npy
    Path ref = dir.resolve("ref");
    Path old = dir.resolve("old");
    assertEquals(ExitCode.OK, run(generate(ref, bigPrompts, "2")));
    assertEquals(ExitCode.OK, run(generate(old, "30", "1")));
    String[] newSha = {sha(ref.resolve(FILES[0])), sha(ref.resolve(FILES[1]))};
    String[] oldSha = {sha(old.resolve(FILES[0])), sha(old.resolve(FILES[1]))};
    long oldSize = Files.size(old.resolve(FILES[0]));
    long newSize = Files.size(ref.resolve(FILES[0]));

    // kill delays in ms: negative = after the process starts (before any output), else after the
    // child starts writing (its temporary feature file appears, or the target changes size);
    // Long.MAX_VALUE = let it finish
    long[] delays = {-150, 0, 1, 3, 8, 20, 50, 120, 300, Long.MAX_VALUE};
    List<String> seen = new ArrayList<>();
    int midWrite = 0;
    for (long delay : delays) {
      Path target = dir.resolve("target" + seen.size());
      Files.createDirectories(target);
      for (String f : FILES) {
        Files.copy(old.resolve(f), target.resolve(f));
      }
      Process p = child(generate(target, bigPrompts, "2"));
      boolean killedWhileTemp = false;
      if (delay < 0) {
        Thread.sleep(-delay);
        p.destroyForcibly();
      } else if (delay != Long.MAX_VALUE) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && !writing(target, oldSize) && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        if (delay > 0) {
          Thread.sleep(delay);
        }
        killedWhileTemp = midWrite(target, oldSize, newSize);
        p.destroyForcibly();
      }
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not end");
      if (delay == Long.MAX_VALUE) {
        assertEquals(0, p.exitValue(), "the uninterrupted run succeeds");
      }
      StringBuilder state = new StringBuilder("delay " + delay + ":");
      for (int i = 0; i < FILES.length; i++) {
        String s = sha(target.resolve(FILES[i]));
        String which = s.equals(oldSha[i]) ? "old" : s.equals(newSha[i]) ? "new" : null;
        if (which == null) {
          fail(FILES[i] + " is neither the old nor the complete new file after a kill at delay "
              + delay + " ms (size " + Files.size(target.resolve(FILES[i])) + ")");
        }
        state.append(' ').append(FILES[i]).append('=').append(which);
      }
      if (killedWhileTemp) {
        midWrite++;
        state.append(" (killed mid-write)");
      }
      seen.add(state.toString());
      if (delay == Long.MAX_VALUE) {
        assertTrue(state.toString().contains("features.npy=new instance.json=new"), state.toString());
      }
    }
    System.out.println("KillAtomicityTest: " + seen);
    assertTrue(midWrite >= 2, "at least two kills must land while a file is being written: " + seen);
  }

  private static int run(String... args) {
    StringWriter e = new StringWriter();
    int code = Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(e));
    if (code != ExitCode.OK) {
      System.err.println(e);
    }
    return code;
  }

  private static Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

}
