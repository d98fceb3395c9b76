package org.rlhfbounds.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The version of this build of rlhf-bounds and the commit it was built from, as recorded by Maven
 * at build time in the resource {@code org/rlhfbounds/report/version.properties} (resource
 * filtering of {@code project.version} and of the git-commit-id plugin's {@code git.commit.id}).
 * A build from a tree without {@code .git} (a source archive), or classes compiled without Maven,
 * leave the placeholders unfilled: each missing part reads {@code "unknown"}, never an error.
 *
 * <p>Every JSON output of the command line carries {@link #text()} as its {@code version} field,
 * and every report's run block records it, so a result can be traced to the code that made it.
 *
 * <p>Thread-safe: immutable; {@link #current()} reads the resource once.
 */
public final class Version {
  /** What a part of the version reads when the build did not record it. */
  public static final String UNKNOWN = "unknown";

  private static final String RESOURCE = "version.properties";
  private static final Version CURRENT = load();

  private final String release;
  private final String commit;

  private Version(String release, String commit) {
    this.release = release;
    this.commit = commit;
  }

  /**
   * The version of the running code.
   *
   * @return the version
   */
  public static Version current() {
    return CURRENT;
  }

  /**
   * The version recorded in properties with the keys {@code version} and {@code commit}; a key
   * that is missing, blank or still an unfilled {@code ${...}} placeholder reads {@link #UNKNOWN}.
   *
   * @param p the properties
   * @return the version
   */
  static Version of(Properties p) {
    return new Version(part(p.getProperty("version")), part(p.getProperty("commit")));
  }

  private static String part(@Nullable String v) {
    if (v == null) {
      return UNKNOWN;
    }
    String s = v.strip();
    return s.isEmpty() || s.contains("${") ? UNKNOWN : s;
  }

  private static Version load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the class path resource " + RESOURCE, e);
    }
    return of(p);
  }

  /**
   * Returns the release, the project version of the build (e.g. {@code 0.1.0-SNAPSHOT}).
   *
   * @return the release, or {@link #UNKNOWN}
   */
  public String release() {
    return release;
  }

  /**
   * Returns the full id of the git commit the build was made from.
   *
   * @return the commit, or {@link #UNKNOWN}
   */
  public String commit() {
    return commit;
  }

  /**
   * The version as one line: {@code "<release> (commit <commit>)"}, e.g. {@code "0.1.0-SNAPSHOT
   * (commit 0123abcd...)"}.
   *
   * @return the text
   */
  public String text() {
    return release + " (commit " + commit + ")";
  }

  @Override
  public String toString() {
    return text();
  }
}
