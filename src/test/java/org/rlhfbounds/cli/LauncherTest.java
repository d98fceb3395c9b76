package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code bin/rlhf-bounds}, run by {@code /bin/sh} in a copy of the checkout's layout
 * with stand-ins for {@code java} (prints its arguments) and {@code mvn} (creates the jar): it
 * finds the jar relative to its own location (also through a symbolic link), passes the arguments
 * unchanged, and builds the jar once when it is missing, saying so.
 */
class LauncherTest {
  /**
   * The launcher's own JVM options, one per line as the stand-in prints them: huge pages only where
   * the kernel offers them (bin/jvm-options).
   */
  private static final String OWN =
      "<-XX:MaxNewSize=32m>\n<-XX:InitialRAMPercentage=4>\n"
          + (Files.exists(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"))
              ? "<-XX:+UseTransparentHugePages>\n"
              : "");

  @TempDir Path tmp;
  private Path root;
  private Path tools;

  @BeforeEach
  void layout() throws IOException {
    root = Files.createDirectories(tmp.resolve("checkout"));
    Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of("bin", "rlhf-bounds"), root.resolve("bin/rlhf-bounds"));
    Files.copy(Path.of("bin", "jvm-options"), root.resolve("bin/jvm-options"));
    tools = Files.createDirectories(tmp.resolve("tools"));
    script(tools.resolve("java"), "for a in \"$@\"; do printf '<%s>\\n' \"$a\"; done\n");
    script(
        tools.resolve("mvn"),
        "echo \"mvn $*\" >> \"" + tmp.resolve("mvn.log") + "\"\n"
            + "mkdir -p target && echo jar > target/rlhf-bounds.jar\n");
  }

  private static void script(Path p, String body) throws IOException {
    Files.writeString(p, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    assertTrue(p.toFile().setExecutable(true));
  }

  private record Result(int code, String out, String err) {}

  private Result launch(Path launcher, String... args) throws Exception {
    return launchWith(null, launcher, args);
  }

  /** Runs the launcher with {@code JAVA_OPTS} set to {@code javaOpts} (unset when null). */
  private Result launchWith(String javaOpts, Path launcher, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    Map<String, String> env = pb.environment();
    env.remove("JAVA_HOME");
    env.remove("JAVA_OPTS");
    if (javaOpts != null) {
      env.put("JAVA_OPTS", javaOpts);
    }
    env.put("PATH", tools + ":/usr/bin:/bin");
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    int code = p.waitFor();
    return new Result(code, Files.readString(out), Files.readString(err));
  }

  @Test
  void findsTheJarNextToItselfAndPassesTheArgumentsUnchanged() throws Exception {
    Path jar = Files.createDirectories(root.resolve("target")).resolve("rlhf-bounds.jar");
    Files.writeString(jar, "jar");
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(elsewhere.resolve("rlhf-bounds"), root.resolve("bin/rlhf-bounds"));
    for (Path launcher : List.of(root.resolve("bin/rlhf-bounds"), link)) {
      Result r = launch(launcher, "evaluate", "--instance", "a file.json");
      assertEquals(0, r.code(), r.err());
      assertEquals(OWN + "<-jar>\n<" + jar.toRealPath()
          + ">\n<evaluate>\n<--instance>\n<a file.json>\n", r.out());
      assertEquals("", r.err());
    }
    assertFalse(Files.exists(tmp.resolve("mvn.log")), "no build when the jar exists");
  }

  @Test
  void javaOptsComeAfterTheLaunchersOwnOptionAndOverrideIt() throws Exception {
    Path jar = Files.createDirectories(root.resolve("target")).resolve("rlhf-bounds.jar");
    Files.writeString(jar, "jar");
    Result r = launchWith("-XX:MaxNewSize=1g -Xmx2g", root.resolve("bin/rlhf-bounds"), "train");
    assertEquals(0, r.code(), r.err());
    assertEquals(OWN + "<-XX:MaxNewSize=1g>\n<-Xmx2g>\n<-jar>\n<"
        + jar.toRealPath() + ">\n<train>\n", r.out());
  }

  @Test
  void buildsAMissingJarOnceWithAClearMessage() throws Exception {
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Result first = launch(root.resolve("bin/rlhf-bounds"), "--version");
    assertEquals(0, first.code(), first.err());
    assertTrue(first.err().contains("is missing; building it once"), first.err());
    assertTrue(first.out().endsWith("<--version>\n"), first.out());
    Result second = launch(root.resolve("bin/rlhf-bounds"), "--version");
    assertEquals("", second.err());
    assertEquals(
        List.of("mvn -B -q package -DskipTests"),
        Files.readAllLines(tmp.resolve("mvn.log")));
  }

  @Test
  void withoutMavenItSaysHowToBuild() throws Exception {
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.delete(tools.resolve("mvn"));
    Result r = launch(root.resolve("bin/rlhf-bounds"), "--version");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("mvn -B -q package -DskipTests"), r.err());
    assertEquals("", r.out());
  }
}
