package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The version of the build: the release is the project version of pom.xml, the commit is the one
 * the checkout is at (read with {@code git rev-parse HEAD}, independently of the build's plugin),
 * and a build that could not record them says {@code unknown}.
 */
class VersionTest {
  @Test
  void theReleaseIsThePomVersion() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher m = Pattern.compile("<version>([^<]+)</version>")
        .matcher(pom.substring(0, pom.indexOf("<properties>")));
    assertEquals(true, m.find());
    assertEquals(m.group(1), Version.current().release());
  }

  @Test
  void theCommitIsTheCheckoutsHead() throws Exception {
    assumeTrue(Files.isDirectory(Path.of(".git")),
        "not a plain clone (no .git directory; a linked git worktree has a .git file, and the"
            + " build plugin then reads the main working tree's commit)");
    String head;
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      boolean done = p.waitFor(30, TimeUnit.SECONDS);
      head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assumeTrue(done && p.exitValue() == 0, "not a git checkout (or no git): " + head);
    } catch (IOException e) {
      assumeTrue(false, "git is not installed: " + e.getMessage());
      return;
    }
    assertEquals(head, Version.current().commit());
    assertEquals(Version.current().release() + " (commit " + head + ")", Version.current().text());
  }

  @Test
  void anUnrecordedPartIsUnknown() {
    Properties p = new Properties();
    p.setProperty("version", "${project.version}");
    p.setProperty("commit", "${git.commit.id}");
    assertEquals("unknown (commit unknown)", Version.of(p).text());
    p.setProperty("version", "1.2.3");
    p.setProperty("commit", " ");
    assertEquals("1.2.3 (commit unknown)", Version.of(p).text());
    assertEquals("unknown (commit unknown)", Version.of(new Properties()).text());
    p.setProperty("commit", "abc");
    assertEquals("1.2.3 (commit abc)", Version.of(p).text());
  }
}
