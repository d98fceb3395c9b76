package org.rlhfbounds.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A downstream project, as a new user would write it, builds and passes against the library jar
 * this build just made: its {@code pom.xml} holds the README's "Test kit" dependency snippet (the
 * first {@code xml} block of that section) next to JUnit, and its only test class is the
 * README's example (the first {@code java} block). Both are read from {@code README.md} itself, so
 * they cannot drift from what the test checks.
 *
 * <p>Runs in the integration-test phase (after the jar is packaged). The downstream build runs
 * offline with a local repository of its own under {@code target/downstream-it/repo}: every entry
 * of the build's local repository is linked into it except {@code org/rlhfbounds}, and the
 * just-built jar and this project's POM are installed there by hand (the layout Maven's install
 * plugin writes). So the downstream build resolves the library from this build, never from an
 * older install, and writes nothing into the build's local repository that it did not already
 * hold. It runs the Maven that runs this build ({@code maven.home}), with the same plugin versions
 * as this build, so it needs nothing that this build did not need.
 */
class DownstreamProjectIT {
  private static final Pattern SECTION = Pattern.compile("(?ms)^## Test kit\\s*$(.*?)(?=^## |\\z)");
  private static final Pattern XML = Pattern.compile("(?s)```xml\\n(.*?)```");
  private static final Pattern JAVA = Pattern.compile("(?s)```java\\n(.*?)```");
  private static final Pattern CLASS = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run through Maven (mvn verify)");
    }
    return v;
  }

  /** The README's snippet and example: the first xml and java blocks of its "Test kit" section. */
  static String[] readmeBlocks(String readme) {
    Matcher s = SECTION.matcher(readme);
    assertTrue(s.find(), "README.md has no \"## Test kit\" section");
    String section = s.group(1);
    Matcher x = XML.matcher(section);
    Matcher j = JAVA.matcher(section);
    assertTrue(x.find(), "the Test kit section has no xml block");
    assertTrue(j.find(), "the Test kit section has no java block");
    return new String[] {x.group(1), j.group(1)};
  }

  @Test
  void theReadmeExampleBuildsAndPassesInAFreshProject() throws Exception {
    String readme = Files.readString(Paths.get("README.md"), StandardCharsets.UTF_8);
    String[] blocks = readmeBlocks(readme);
    String snippet = blocks[0];
    String example = blocks[1];
    long lines = example.lines().count();
    assertTrue(lines < 25, "the README example has " + lines + " lines, promised under 25");

    Path root = Paths.get("target/downstream-it").toAbsolutePath();
    deleteTree(root);
    Path project = root.resolve("project");
    Path repo = root.resolve("repo");
    Files.createDirectories(project);
    linkRepository(Paths.get(property("downstream.localRepository")), repo);
    String version = property("downstream.version");
    Path coords = repo.resolve("org/rlhfbounds/rlhf-bounds/" + version);
    Files.createDirectories(coords);
    Files.copy(Paths.get(property("downstream.jar")), coords.resolve("rlhf-bounds-" + version + ".jar"));
    Files.copy(Paths.get("pom.xml"), coords.resolve("rlhf-bounds-" + version + ".pom"));

    Files.writeString(project.resolve("pom.xml"), pom(snippet), StandardCharsets.UTF_8);
    Matcher c = CLASS.matcher(example);
    assertTrue(c.find(), "the README example declares no class");
    Matcher p = PACKAGE.matcher(example);
    Path dir = project.resolve("src/test/java");
    if (p.find()) {
      dir = dir.resolve(p.group(1).replace('.', '/'));
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(c.group(1) + ".java"), example, StandardCharsets.UTF_8);

    String mvn = Paths.get(property("downstream.mavenHome"), "bin", "mvn").toString();
    List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-o", "-q",
        "-Dmaven.repo.local=" + repo, "-f", project.resolve("pom.xml").toString(), "test"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(root.resolve("build.log").toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("MAVEN_OPTS");
    Process proc = pb.start();
    boolean done = proc.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      proc.destroyForcibly();
    }
    String log = Files.readString(root.resolve("build.log"), StandardCharsets.UTF_8);
    assertTrue(done, "the downstream build did not finish in 10 minutes:\n" + log);
    assertEquals(0, proc.exitValue(), "the downstream build failed:\n" + log);

    Path report = project.resolve("target/surefire-reports/TEST-"
        + (p.reset().find() ? p.group(1) + "." : "") + c.group(1) + ".xml");
    String xml = Files.readString(report, StandardCharsets.UTF_8);
    Matcher tests = Pattern.compile("tests=\"(\\d+)\"").matcher(xml);
    assertTrue(tests.find() && Integer.parseInt(tests.group(1)) >= 1, "no test ran:\n" + xml);
    assertTrue(xml.contains("failures=\"0\"") && xml.contains("errors=\"0\""), xml);
  }

  /** The downstream POM: the README snippet plus JUnit and this build's plugin versions. */
  private static String pom(String snippet) {
    return String.join("\n",
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
        "  <modelVersion>4.0.0</modelVersion>",
        "  <groupId>example.downstream</groupId>",
        "  <artifactId>kit-user</artifactId>",
        "  <version>1</version>",
        "  <properties>",
        "    <maven.compiler.release>17</maven.compiler.release>",
        "    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>",
        "  </properties>",
        "  <dependencies>",
        snippet,
        "    <dependency>",
        "      <groupId>org.junit.jupiter</groupId>",
        "      <artifactId>junit-jupiter</artifactId>",
        "      <version>" + property("downstream.junitVersion") + "</version>",
        "      <scope>test</scope>",
        "    </dependency>",
        "  </dependencies>",
        "  <build>",
        "    <plugins>",
        "      <plugin>",
        "        <artifactId>maven-compiler-plugin</artifactId>",
        "        <version>" + property("downstream.compilerVersion") + "</version>",
        "      </plugin>",
        "      <plugin>",
        "        <artifactId>maven-surefire-plugin</artifactId>",
        "        <version>" + property("downstream.surefireVersion") + "</version>",
        "      </plugin>",
        "    </plugins>",
        "  </build>",
        "</project>",
        "");
  }

  /**
   * Links every entry of {@code from} into {@code to}, except {@code org/rlhfbounds} (one level
   * deeper under {@code org}, so the other {@code org/...} groups stay visible).
   */
  private static void linkRepository(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    if (!Files.isDirectory(from)) {
      return;
    }
    for (Path e : list(from)) {
      String name = e.getFileName().toString();
      if (name.equals("org")) {
        Path org = Files.createDirectories(to.resolve("org"));
        for (Path g : list(e)) {
          if (!g.getFileName().toString().equals("rlhfbounds")) {
            Files.createSymbolicLink(org.resolve(g.getFileName().toString()), g);
          }
        }
      } else {
        Files.createSymbolicLink(to.resolve(name), e);
      }
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().collect(Collectors.toList());
    }
  }

  /** Deletes a directory tree without following its symbolic links. */
  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList());
    }
    for (Path f : all) {
      Files.delete(f);
    }
    assertTrue(!new File(root.toString()).exists(), root.toString());
  }
}
